"""capture.clock_implausible through tshark: on testdata's capture whose clock
was moved to 1970, on a corpus capture found that way (read in place, staged
outside the repo), and the report's header repeating the note, never its own
judgement."""
import json

import pytest

from conftest import CORPUS, TESTDATA

SHIFTED = TESTDATA / "capture_clock_implausible.pcapng"
CORPUS_1970 = CORPUS / "wireshark/captures/tls-fragmented-over-tcp-segmented.pcapng.gz"
NOTE_1970 = ("this capture's clock says 1970-01-01 (before 2000), while the certificates of this "
             "chain are valid from 2026-11-26 on: its timestamps were rewritten or the capturing "
             "machine's clock was wrong; time-based certificate findings (cert.expired, "
             "cert.not_yet_valid, cert.expires_soon) were judged against this clock")


def test_note_sits_with_the_finding_it_explains(tshark):
    summaries = tshark.summaries(SHIFTED)
    assert sorted(summaries) == [(6, "capture.clock_implausible"), (6, "cert.not_yet_valid")]
    assert summaries[(6, "capture.clock_implausible")] == NOTE_1970
    assert summaries[(6, "cert.not_yet_valid")].startswith(
        "leaf CN=api.example.com is not valid before 2026-11-26, ")
    assert tshark.findings(SHIFTED, "-2") == sorted(summaries)


def test_report_header_repeats_the_note(tshark):
    text = tshark.run("-q", "-z", "tlsdiag,report", capture=SHIFTED).stdout
    header = text.split("\nConnection 1")[0]
    assert "  capture.clock_implausible: this capture's clock says 1970-01-01 (before 2000)" in header
    doc = json.loads(tshark.run("-q", "-z", "tlsdiag,json", capture=SHIFTED).stdout)
    assert doc["clock_implausible"] == NOTE_1970


def test_a_true_clock_gets_no_note(tshark):
    healthy = TESTDATA / "cert_healthy_chain.pcapng"
    assert tshark.findings(healthy) == []
    doc = json.loads(tshark.run("-q", "-z", "tlsdiag,json", capture=healthy).stdout)
    assert doc["clock_implausible"] is None


@pytest.mark.skipif(not CORPUS_1970.is_file(), reason="shared corpus not present")
def test_corpus_capture_dated_1970(tshark):
    summaries = tshark.summaries(CORPUS_1970)
    assert sorted(summaries) == [(6, "capture.clock_implausible"), (6, "cert.not_yet_valid")]
    assert summaries[(6, "capture.clock_implausible")].startswith(
        "this capture's clock says 1970-01-19 (before 2000), while the certificates of this "
        "chain are valid from 2019-10-06 on")
    assert summaries[(6, "cert.not_yet_valid")] == (
        "leaf CN=*.crashlytics.com is not valid before 2019-10-06, 18157 days after this capture")
