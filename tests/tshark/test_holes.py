"""A hole the capture never fills is said, not guessed over.

cert_expired.tcp_loss (testdata/carriers) lost one segment of the server's
certificate flight on the way; its retransmission is frame 12. Cut before
it, the capture lacks those 348 bytes for good and nothing acknowledges
them: at the capture's end tlsdiag says the bytes are missing, reads what
came after them, and judges no certificate it could not read, in a single
pass and with -2 alike.
"""
import json
import subprocess

import pytest

from conftest import TESTDATA

SOURCE = TESTDATA / "carriers" / "cert_expired.tcp_loss.pcapng"


@pytest.fixture(scope="module")
def cut(tmp_path_factory):
    out = tmp_path_factory.mktemp("holes") / "cert_expired_hole.pcapng"
    subprocess.run(["editcap", "-r", str(SOURCE), str(out), "1-11"], check=True, capture_output=True)
    return out


def test_the_bytes_the_capture_lacks_are_said(tshark, cut):
    proc = tshark.run("-q", "-z", "tlsdiag,messages", capture=cut)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(l) for l in proc.stdout.splitlines()]
    missing = [l for l in lines if l.get("message") == "missing"]
    assert [(m["frame"], m["bytes"]) for m in missing] == [(11, 348)]
    # No Certificate is read: its record lies across the hole.
    assert not [l for l in lines if l.get("message") == "handshake" and l["type"] == 11]


def test_the_report_shows_them_and_judges_nothing_unread(tshark, cut):
    proc = tshark.run("-q", "-z", "tlsdiag,json", capture=cut)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["connections"] == 1
    assert doc["with_missing_bytes"] == 1
    assert doc["findings_by_rule"] == {}
    assert tshark.findings(cut) == []
    assert tshark.findings(cut, "-2") == []


def test_the_whole_capture_reads_the_certificate(tshark):
    assert tshark.findings(SOURCE) == [(12, "cert.expired"), (14, "alert.certificate_expired")]
