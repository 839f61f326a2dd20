"""DTLS: what tlsdiag read from each flow against Wireshark's own DTLS dissection,
and what the report says of a DTLS connection.

The differential part compares, frame by frame, the handshake messages and alerts
in clear (epoch 0) that tlsdiag read (`-q -z tlsdiag,messages`, its DTLS lines)
with those Wireshark's DTLS dissector shows (plain tshark, `-T json -J dtls`,
read with object_pairs_hook so that repeated keys stay). A message counts where it
becomes whole: a handshake object that holds the whole message in one fragment,
or the one whose record completed a reassembly (`dtls.fragments`). A message
that repeats one already whole from the same sender (same message_seq: a
retransmitted flight) is not counted again: tlsdiag passes it over.
"""
import json
import subprocess
from collections import defaultdict

import pytest

from conftest import TESTDATA
from differential import CORPUS, as_int, leaves, pairs

CORPUS_DTLS = ["wireshark/captures/dtls12-aes128ccm8-dsb.pcapng",
               "wireshark/captures/dtls12-aes128ccm8.pcap",
               "wireshark/captures/snakeoil-dtls.pcap",
               "wireshark/captures/udt-dtls.pcapng.gz",
               "zeek/tls/dtls13-cid.pcap", "zeek/tls/dtls13-wolfssl.pcap",
               "zeek/tls/dtls1_0.pcap", "zeek/tls/dtls1_2.pcap", "zeek/tls/webrtc-stun.pcap"]
TESTDATA_DTLS = sorted(p.name for p in TESTDATA.glob("dtls_*.pcapng"))
CASES = [pytest.param(TESTDATA / n, id=f"testdata/{n}") for n in TESTDATA_DTLS] + [
    pytest.param(CORPUS / f, id=f"corpus/{f}",
                 marks=pytest.mark.skipif(not (CORPUS / f).is_file(), reason="no shared corpus"))
    for f in CORPUS_DTLS]


def values(obj, key):
    return [v for k, v in pairs(obj) if k == key]


def wireshark_messages(path):
    """frame -> [message] as Wireshark's DTLS dissector shows them whole."""
    proc = subprocess.run(["tshark", "-n", "-r", str(path), "-T", "json", "-J", "frame udp dtls"],
                          capture_output=True, text=True, errors="replace")
    packets = json.loads(proc.stdout, object_pairs_hook=list)
    out, seen = defaultdict(list), set()
    for packet in packets:
        layers = values(values(packet, "_source")[0], "layers")[0]
        frame = as_int(values(values(layers, "frame")[0], "frame.number")[0])
        udp = values(layers, "udp")
        sender = (values(udp[-1], "udp.stream")[0], values(udp[-1], "udp.srcport")[0]) if udp else ()
        for dtls in values(layers, "dtls"):
            for record in values(dtls, "dtls.record"):
                if values(record, "dtls.record.epoch") != ["0"]:
                    continue
                # A record that completes a reassembly shows the whole message
                # in the handshake object of its last fragment.
                handshakes = [hs for hs in values(record, "dtls.handshake")
                              if values(hs, "dtls.handshake.type")]
                pieces = [hs for hs in handshakes if not whole(hs)]
                completed = pieces[-1] if pieces and values(record, "dtls.fragments") else None
                for hs in handshakes:
                    types = values(hs, "dtls.handshake.type")
                    if not whole(hs) and hs is not completed:
                        continue
                    key = (sender, values(hs, "dtls.handshake.message_seq")[0])
                    if key in seen:
                        continue
                    seen.add(key)
                    out[frame].append(describe_ws(hs, as_int(types[0])))
                for alert in values(record, "dtls.alert_message"):
                    out[frame].append(("alert", as_int(values(alert, "dtls.alert_message.level")[0]),
                                       as_int(values(alert, "dtls.alert_message.desc")[0])))
    return dict(out)


def whole(hs):
    """A handshake object that holds its whole message in one fragment."""
    length = as_int(values(hs, "dtls.handshake.length")[0])
    return (values(hs, "dtls.handshake.fragment_offset") == ["0"] and
            as_int(values(hs, "dtls.handshake.fragment_length")[0]) == length)


def describe_ws(hs, t):
    fields = defaultdict(list)
    for k, v in leaves(hs):
        fields[k].append(v)
    if t == 1:
        names = fields.get("dtls.handshake.extensions_server_name", [])
        return ("client_hello", as_int(fields["dtls.handshake.version"][0]),
                tuple(as_int(s) for s in fields.get("dtls.handshake.ciphersuite", [])),
                names[0] if names else None)
    if t == 2:
        return ("server_hello", as_int(fields["dtls.handshake.version"][0]),
                as_int(fields["dtls.handshake.ciphersuite"][0]))
    return ("handshake", t)


def tlsdiag_messages(tshark, path):
    proc = tshark.run("-q", "-z", "tlsdiag,messages", capture=path)
    assert proc.returncode == 0, proc.stderr
    out = defaultdict(list)
    for line in proc.stdout.splitlines():
        if not line.startswith("{"):
            continue
        doc = json.loads(line)
        if doc.get("transport") != "DTLS":
            continue
        m = doc["message"]
        if m == "client_hello":
            out[doc["frame"]].append(("client_hello", doc["version"], tuple(doc["cipher_suites"]),
                                      doc["sni"]))
        elif m == "server_hello":
            out[doc["frame"]].append(("server_hello", doc["version"], doc["cipher_suite"]))
        elif m == "handshake":
            out[doc["frame"]].append(("handshake", doc["type"]))
        elif m == "alert":
            out[doc["frame"]].append(("alert", doc["level"], doc["description"]))
    return dict(out)


@pytest.mark.parametrize("path", CASES)
def test_dtls_messages_match_wireshark(tshark, path):
    expected = wireshark_messages(path)
    assert expected, "Wireshark shows no DTLS handshake here: not a DTLS case"
    assert tlsdiag_messages(tshark, path) == expected


def test_cookie_exchange_is_one_connection_and_the_report_names_dtls(tshark):
    proc = tshark.run("-q", "-z", "tlsdiag,json", capture=TESTDATA / "dtls_client_cert_missing.pcapng")
    assert proc.returncode == 0, proc.stderr
    [d] = json.loads(proc.stdout)["diagnoses"]
    assert (d["stream"], d["transport"], d["version"]) == (0, "DTLS 1.2", "DTLS 1.2")
    assert [(f["frame"], f["rule"]) for f in d["findings"]] == \
        [(6, "tls.client_cert_missing"), (6, "alert.handshake_failure")]
    assert [line["frame"] for line in d["timeline"]][:3] == [1, 2, 4]
    assert "HelloVerifyRequest" in d["timeline"][1]["text"]
    text = tshark.run("-q", "-z", "tlsdiag,report",
                      capture=TESTDATA / "dtls_client_cert_missing.pcapng").stdout
    assert "Connection 1 (DTLS 1.2, UDP stream 0): 127.0.0.1:" in text


def test_no_reply_over_dtls_counts_the_resent_hellos(tshark):
    proc = tshark.run("-q", "-z", "tlsdiag,json", capture=TESTDATA / "dtls_no_reply.pcapng")
    assert proc.returncode == 0, proc.stderr
    [d] = json.loads(proc.stdout)["diagnoses"]
    [f] = d["findings"]
    assert (f["frame"], f["rule"], f["related_frame"]) == (1, "tls.no_reply_to_client_hello", 5)
    assert "came in 1 UDP datagram, sent again 4 times" in f["summary"]
    assert "TCP" not in f["summary"]


@pytest.mark.skipif(not (CORPUS / "zeek/tls/dtls13-cid.pcap").is_file(), reason="no shared corpus")
def test_dtls13_clients_never_answered_at_the_end_of_the_capture(tshark):
    """Zeek's ssl.log: of five DTLS 1.3 connections, three got no answer; two of them
    waited longer than the 10 s answer window before the capture ended."""
    found = tshark.findings(CORPUS / "zeek/tls/dtls13-cid.pcap", "-2")
    assert [(f, r) for f, r in found if r != "tls.no_sni"] == \
        [(1, "tls.no_reply_to_client_hello"), (19, "tls.no_reply_to_client_hello")]
    assert [f for f, r in found if r == "tls.no_sni"] == [1, 4, 19, 23, 26]


def test_a_tcp_flow_that_looks_like_dtls_is_not_read_as_dtls(tshark):
    """Only UDP is read as DTLS: TLS captures keep their TCP streams, and no DTLS line."""
    proc = tshark.run("-q", "-z", "tlsdiag,messages", capture=TESTDATA / "healthy_tls13.pcapng")
    assert proc.returncode == 0, proc.stderr
    transports = {json.loads(line)["transport"] for line in proc.stdout.splitlines()
                  if line.startswith("{") and "transport" in line}
    assert transports == {"TCP"}


def test_the_report_names_no_https_client_for_a_dtls_alert(tshark):
    """URLSession and curl speak no DTLS: a DTLS alert's client report is OpenSSL's
    error queue, as s_client -dtls1_2 printed it for this capture."""
    proc = tshark.run("-q", "-z", "tlsdiag,json", capture=TESTDATA / "dtls_no_shared_cipher.pcapng")
    assert proc.returncode == 0, proc.stderr
    [d] = json.loads(proc.stdout)["diagnoses"]
    assert [(f["frame"], f["rule"]) for f in d["findings"]] == [(4, "alert.handshake_failure")]
    assert d["client_reports"] == [{
        "client": "a DTLS client with OpenSSL 3 (openssl s_client -dtls)",
        "report": "error:0A000410:SSL routines:dtls1_read_bytes:sslv3 alert handshake failure"}]
