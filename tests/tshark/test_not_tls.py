"""Plain TCP that only looks like TLS here and there is not TLS.

testdata/make/random_payload.py makes three captures of 500 plain TCP
connections each (random bytes, gzip/zlib-compressed data, media-like random
bytes with planted TLS record headers; both directions sending; ports 80,
443, 8443 and random high ports) with the kernel's TCP on a private loopback,
Python sockets and dumpcap. Hundreds of their segments begin with bytes that
look like the start of an SSLv2 ClientHello (`(d[0] & 0x80) && d[2] == 1 &&
d[3] <= 3`) or of a TLS handshake record (`16 03 0X` and a length); none is
TLS. tlsdiag must find no TLS connection and no finding in them.

The captures are made once (as root: network namespace, dumpcap; about 4 s)
into build/not-tls-captures/<fingerprint of the script>/ and reused while
the script stays the same; without root and without that cache the tests are
skipped. See testdata/README.md.
"""
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ROOT, TESTDATA

sys.path.insert(0, str(TESTDATA / "make"))
import random_payload  # noqa: E402  (testdata/make/random_payload.py)

CACHE = ROOT / "build" / "not-tls-captures"
KINDS = random_payload.KINDS
# The real TLS capture of the positive controls and what it shows.
CONTROL = TESTDATA / "two_connections.pcapng"
CONTROL_FINDINGS = [(21, "tcp.rst_after_client_hello")]
FIELDS = ("frame.number", "tcp.stream", "tls.handshake.type", "_ws.malformed", "tlsdiag.rule")


@pytest.fixture(scope="module")
def captures():
    """{kind: path} of the generated captures, and their plan statistics."""
    folder = CACHE / random_payload.fingerprint()
    if os.geteuid() != 0 and not (folder / "stats.json").exists():
        pytest.skip(f"the not-TLS captures are made as root (network namespace, dumpcap) and are "
                    f"not cached in {folder}: run as root once (CI does)")
    folder, stats = random_payload.cached(CACHE)
    return {k: folder / random_payload.capture_name(k) for k in KINDS}, stats


def json_report(tshark, capture):
    proc = tshark.run("-q", "-z", "tlsdiag,json", capture=capture)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def field_rows(tshark, capture):
    """Frames with a TLS handshake type (Wireshark's own reading) or a
    tlsdiag finding: {field: value} each."""
    args = []
    for f in FIELDS:
        args += ["-e", f]
    proc = tshark.run("-Y", "tls.handshake.type || tlsdiag.rule", "-T", "fields", *args,
                      "-E", "occurrence=a", "-E", "aggregator=,", capture=capture)
    assert proc.returncode == 0, proc.stderr
    return [dict(zip(FIELDS, line.split("\t"))) for line in proc.stdout.splitlines()]


@pytest.fixture(scope="module")
def appended(captures, tmp_path_factory):
    """The random capture with the real TLS capture appended after it."""
    paths, _ = captures
    out = tmp_path_factory.mktemp("not_tls") / "not_tls_random_then_tls.pcapng"
    subprocess.run(["mergecap", "-a", "-w", str(out), str(paths["random"]), str(CONTROL)],
                   check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def results(tshark, captures, appended):
    """Every tshark run of this file, in parallel: each start costs a second."""
    paths, _ = captures
    jobs = {}
    for kind, path in paths.items():
        jobs[("json", kind)] = (json_report, path)
        jobs[("fields", kind)] = (field_rows, path)
    jobs[("json", "control")] = (json_report, CONTROL)
    jobs[("json", "appended")] = (json_report, appended)
    jobs[("fields", "appended")] = (field_rows, appended)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {key: pool.submit(fn, tshark, path) for key, (fn, path) in jobs.items()}
        return {key: f.result() for key, f in futures.items()}


@pytest.mark.parametrize("kind", KINDS)
def test_segments_begin_like_tls(captures, kind):
    """The premise: the capture really holds segment starts that a reader
    taking too little for TLS would take for a ClientHello or a handshake
    record (read from the pcapng here, independently of Wireshark)."""
    paths, stats = captures
    segments = random_payload.tcp_segments(paths[kind])
    sslv2 = sum(1 for _, _, p in segments if random_payload.sslv2_starts(p[:5]) == [0])
    records = sum(1 for _, _, p in segments if random_payload.looks_like_record(p))
    hellos = sum(1 for _, _, p in segments if random_payload.looks_like_hello_record(p))
    assert len(segments) == stats[kind]["writes"], "each write should be one TCP segment"
    assert sslv2 == stats[kind]["sslv2_looking_segment_starts"] >= random_payload.LURES
    if kind == "media":
        assert records == stats[kind]["record_header_segment_starts"] >= 100
        assert hellos == stats[kind]["hello_header_segment_starts"] >= random_payload.HELLO_LURES
    ports = {min(a, b) for a, b, _ in segments}
    assert {80, 443, 8443} <= ports and any(p >= 10000 for p in ports)


@pytest.mark.parametrize("kind", KINDS)
def test_wireshark_sees_no_tls_handshake(results, kind):
    """The premise: Wireshark itself decodes no TLS handshake message in the
    capture, except ones it flags as malformed (on port 443 it sometimes reads
    an SSLv2-looking segment start as a 'Client Hello' and then reports it
    malformed, e.g. 'Session ID length (7816) must be less than 16')."""
    handshakes = [r for r in results[("fields", kind)] if r["tls.handshake.type"]]
    assert [r for r in handshakes if not r["_ws.malformed"]] == []


@pytest.mark.parametrize("kind", KINDS)
def test_tlsdiag_finds_no_tls_connection(results, kind):
    doc = results[("json", kind)]
    false = [(d["stream"], d["client"], d["server"], d["versions_offered"]) for d in doc["diagnoses"]]
    assert (doc["connections"], doc["findings_by_rule"]) == (0, {}), (
        f"{doc['connections']} TLS connections in plain TCP, findings {doc['findings_by_rule']}; "
        f"first ones (stream, client, server, versions): {false[:5]}")
    assert doc["diagnoses"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_tlsdiag_reports_no_finding(results, kind):
    findings = [(r["frame.number"], r["tlsdiag.rule"]) for r in results[("fields", kind)]
                if r["tlsdiag.rule"]]
    assert findings == [], f"{len(findings)} frames with findings, first ones: {findings[:10]}"


def test_positive_control_real_tls_capture(results):
    """tlsdiag is loaded and reads TLS: the real capture gives its connections."""
    doc = results[("json", "control")]
    assert (doc["connections"], doc["findings_by_rule"]) == (2, {"tcp.rst_after_client_hello": 1})


def test_positive_control_tls_after_the_noise(results):
    """The same real TLS capture appended after 500 connections of random
    bytes still gives its connections and exactly its findings, at its own
    frames: tlsdiag keeps reading TLS after all that."""
    offset = results[("json", "random")]["frames"]
    doc = results[("json", "appended")]
    assert doc["connections"] >= 2
    assert doc["frames"] == offset + results[("json", "control")]["frames"]
    found = sorted((int(r["frame.number"]) - offset, rule) for r in results[("fields", "appended")]
                   if int(r["frame.number"]) > offset
                   for rule in r["tlsdiag.rule"].split(",") if rule)
    assert found == CONTROL_FINDINGS
