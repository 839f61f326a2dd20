"""tlsdiag's own QUIC reading (capture/quic_reader.cpp) against Wireshark's.

For each QUIC capture Wireshark 4.0 decodes (testdata/quic_*, the corpus's QUIC v1 and
draft-29 captures), the ClientHellos and ServerHellos tlsdiag decrypted from the Initial
packets are compared with what Wireshark's QUIC dissector shows: the same frames, the same SNI and suites; with a key log, the
messages of the Handshake packets too.
QUIC v2 (RFC 9369), which 4.0 does not decode, is checked by test_corpus.py against Zeek.
"""
import json
import subprocess
from collections import defaultdict

import pytest

from conftest import TESTDATA
from differential import CORPUS

CORPUS_QUIC = ["wireshark/captures/quic-fragmented-handshakes.pcapng.gz",
               "wireshark/captures/quic-with-secrets.pcapng",
               "wireshark/captures/quic_follow_multistream.pcapng",
               "zeek/quic/chromium-115.0.5790.110-api-cirrus-com.pcap",
               "zeek/quic/chromium-115.0.5790.110-google-de-fragmented.pcap",
               "zeek/quic/curl-8.1.2-dev-http3-www-google-de.pcap",
               "zeek/quic/firefox-102.13.0esr-blog-cloudflare-com.pcap",
               "zeek/quic/interop/quic-go_quic-go/handshake.pcap",
               "zeek/quic/interop/quic-go_quic-go/retry.pcap",
               "zeek/quic/interop/quic-go_quic-go/zerortt.pcap",
               "zeek/quic/merlinc2_Zeek_example.pcapng",
               "zeek/quic/quic-39264-rand.pcap",
               "zeek/quic/quic-decrypt-fail-google-de-51833.pcap",
               "zeek/quic/quic-multiple-initial-fragmented-crypto-only-initial.pcap",
               "zeek/quic/quic-multiple-initial-fragmented-crypto.pcap",
               "zeek/quic/quic_win11_firefox_google.pcap"]
TESTDATA_QUIC = sorted(p.name for p in TESTDATA.glob("quic_*.pcapng"))
CASES = [pytest.param(TESTDATA / n, id=f"testdata/{n}") for n in TESTDATA_QUIC] + [
    pytest.param(CORPUS / f, id=f"corpus/{f}",
                 marks=pytest.mark.skipif(not (CORPUS / f).is_file(), reason="no shared corpus"))
    for f in CORPUS_QUIC]


def wireshark_hellos(path):
    """frame -> sorted hellos of the QUIC Initial packets, as Wireshark shows them (no key log:
    only the Initial packets are decrypted)."""
    proc = subprocess.run(
        ["tshark", "-n", "-r", str(path), "-o", "tls.keylog_file:", "-Y",
         "quic && (tls.handshake.type == 1 || tls.handshake.type == 2)", "-T", "fields",
         "-E", "occurrence=a", "-E", "aggregator=|", "-e", "frame.number", "-e",
         "tls.handshake.type", "-e", "tls.handshake.extensions_server_name", "-e",
         "tls.handshake.ciphersuite"],
        capture_output=True, text=True, errors="replace")
    out = defaultdict(list)
    for line in proc.stdout.splitlines():
        frame, types, sni, suites = (line.split("\t") + ["", "", ""])[:4]
        suites = [int(s, 16) if s.startswith("0x") else int(s) for s in suites.split("|") if s]
        for t in types.split("|"):
            if t == "1":
                out[int(frame)].append(("client_hello", sni or None, tuple(suites)))
            elif t == "2":
                out[int(frame)].append(("server_hello", suites[-1] if suites else None))
    return {f: sorted(v, key=str) for f, v in out.items()}


def tlsdiag_hellos(tshark, path):
    proc = tshark.run("-q", "-o", "tls.keylog_file:", "-z", "tlsdiag,messages", capture=path)
    assert proc.returncode == 0, proc.stderr
    out = defaultdict(list)
    restarted = set()  # streams whose client starts again after a Retry or Version Negotiation
    for line in proc.stdout.splitlines():
        if not line.startswith("{"):
            continue
        doc = json.loads(line)
        if doc.get("transport") != "QUIC":
            continue
        if doc["message"] == "quic_packet":
            restarted.add(doc["stream"])
        elif doc["message"] == "client_hello" and doc["stream"] in restarted:
            # tlsdiag passes the ClientHello sent again after a Retry on as a new
            # hello (the model's event); Wireshark marks it a retransmission.
            restarted.discard(doc["stream"])
        elif doc["message"] == "client_hello":
            out[doc["frame"]].append(("client_hello", doc["sni"], tuple(doc["cipher_suites"])))
        elif doc["message"] == "server_hello":
            out[doc["frame"]].append(("server_hello", doc["cipher_suite"]))
    return {f: sorted(v, key=str) for f, v in out.items()}


# Wireshark 4.0 decrypts an Initial of a version it does not know with QUIC v1's keys, as
# ngtcp2's client protects it (4.6 does not); tlsdiag reads only the versions whose keys
# RFCs define.
UNKNOWN_VERSION_INITIALS = {"quic_version_negotiation.pcapng": {1},
                            "quic_version_negotiation_ok.pcapng": {1}}


@pytest.mark.parametrize("path", CASES)
def test_quic_hellos_are_wiresharks(tshark, path):
    ours, theirs = tlsdiag_hellos(tshark, path), wireshark_hellos(path)
    for frame in UNKNOWN_VERSION_INITIALS.get(path.name, ()):
        theirs.pop(frame, None)  # Wireshark 4.6 does not decrypt it either
    # The Version Negotiation capture's only hello is the unreadable one.
    assert theirs or path.name == "quic_version_negotiation.pcapng", "nothing to compare"
    assert ours == theirs


def test_tcp_fallback_is_named(tshark):
    proc = tshark.run("-q", "-z", "tlsdiag,json", capture=TESTDATA / "quic_no_reply_tcp_fallback.pcapng")
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    quic = [c for c in report["diagnoses"] if c["transport"] == "QUIC v1"]
    # The TCP connection is healthy: the report diagnoses only the QUIC one.
    assert [c["transport"] for c in report["diagnoses"]] == ["QUIC v1"]
    (finding,) = quic[0]["findings"]
    assert finding["rule"] == "quic.no_reply"
    assert "the client reached the same server over TCP instead: TLS ClientHello in frame 6" \
        in finding["summary"]
    assert "the fallback worked" in finding["summary"]
    assert report["connections"] == 2


KEYED = sorted(p.name for p in TESTDATA.glob("quic_*.pcapng") if p.with_suffix(".keys").is_file()
               and p.name != "quic_no_reply_tcp_fallback.pcapng")  # its keys are curl's, for TCP


def wireshark_handshake_types(path, keys):
    proc = subprocess.run(
        ["tshark", "-n", "-r", str(path), "-o", f"tls.keylog_file:{keys}", "-Y",
         "quic && tls.handshake.type", "-T", "fields", "-E", "occurrence=a", "-E",
         "aggregator=|", "-e", "frame.number", "-e", "tls.handshake.type"],
        capture_output=True, text=True, errors="replace")
    out = {}
    for line in proc.stdout.splitlines():
        frame, types = line.split("\t")
        # A NewSessionTicket comes in 1-RTT packets, which tlsdiag does not open.
        kept = sorted(int(t) for t in types.split("|") if t != "4")
        if kept:
            out[int(frame)] = kept
    return out


def tlsdiag_handshake_types(tshark, path, keys):
    proc = tshark.run("-q", "-o", f"tls.keylog_file:{tshark.stage(keys)}", "-z",
                      "tlsdiag,messages", capture=path)
    out, restarted = defaultdict(list), set()
    for line in proc.stdout.splitlines():
        if not line.startswith("{"):
            continue
        doc = json.loads(line)
        if doc.get("transport") != "QUIC":
            continue
        kind = doc["message"]
        if kind == "quic_packet":
            restarted.add(doc["stream"])
        elif kind == "client_hello" and doc["stream"] in restarted:
            restarted.discard(doc["stream"])  # see tlsdiag_hellos
        elif kind in ("client_hello", "server_hello", "handshake"):
            out[doc["frame"]].append({"client_hello": 1, "server_hello": 2}.get(kind) or doc["type"])
    return {f: sorted(v) for f, v in out.items()}


@pytest.mark.parametrize("name", KEYED)
def test_with_the_key_log_the_handshake_packets_are_read_as_wireshark_reads_them(tshark, name):
    """The Handshake packets' messages (EncryptedExtensions, Certificate, CertificateRequest,
    CertificateVerify, Finished) in the frames Wireshark shows them, decrypted by tlsdiag with
    the key log Wireshark uses."""
    path, keys = TESTDATA / name, TESTDATA / name.replace(".pcapng", ".keys")
    theirs = wireshark_handshake_types(path, keys)
    for frame in UNKNOWN_VERSION_INITIALS.get(name, ()):
        theirs.pop(frame, None)
    assert any(11 in types for types in theirs.values()), "no decrypted Certificate to compare"
    assert tlsdiag_handshake_types(tshark, path, keys) == theirs


def test_the_handshake_packets_need_the_key_log(tshark):
    path = TESTDATA / "quic_client_cert_required.pcapng"
    assert tshark.findings(path) == []
    keys = tshark.stage(TESTDATA / "quic_client_cert_required.keys")
    assert tshark.findings(path, "-o", f"tls.keylog_file:{keys}") == [
        (5, "alert.certificate_required"), (5, "tls.client_cert_missing")]
