"""Every capture in testdata/manifest*.json shows exactly its findings (with
the key log or trust store its entry names)."""
import pytest

from conftest import TESTDATA, capture_options, manifest

CAPTURES = manifest()


def expected(entry, single_pass=False):
    """A finding judged at the capture's end ("at_capture_end") sits on a
    frame that single-pass tshark printed before the end was known."""
    return sorted((f["frame"], f["rule"]) for f in entry["findings"]
                  if not (single_pass and f.get("at_capture_end")))


@pytest.mark.parametrize("entry", CAPTURES, ids=[c["file"] for c in CAPTURES])
def test_exact_findings_single_pass(tshark, entry):
    assert tshark.findings(TESTDATA / entry["file"], *capture_options(tshark, entry)) == \
        expected(entry, single_pass=True)


def test_a_capture_end_finding_is_shown_by_the_report_of_a_single_pass(tshark):
    """The report is drawn at the end of the one pass: it has what the
    frames printed before the end could not show."""
    import json
    [entry] = [c for c in CAPTURES if c["file"] == "no_reply_silent_drop.pcapng"]
    proc = tshark.run("-q", "-z", "tlsdiag,json", capture=TESTDATA / entry["file"])
    assert proc.returncode == 0, proc.stderr
    [d] = json.loads(proc.stdout)["diagnoses"]
    assert [(f["frame"], f["rule"], f["related_frame"]) for f in d["findings"]] == \
        [(4, "tls.no_reply_to_client_hello", 10)]
    assert "sent again 6 times; the server never acknowledged it" in d["findings"][0]["summary"]


@pytest.mark.parametrize("entry", CAPTURES, ids=[c["file"] for c in CAPTURES])
def test_exact_findings_two_pass(tshark, entry):
    options = capture_options(tshark, entry)
    assert tshark.findings(TESTDATA / entry["file"], "-2", *options) == expected(entry)


def test_every_rule_is_shown_on_a_real_capture():
    """Each core rule fires on at least one capture made by real software."""
    core = {"ats.tls_version", "ats.cipher_suite", "h2.blacklisted_cipher",
            "tcp.rst_after_client_hello", "tcp.fin_after_client_hello", "tls.no_sni",
            "tls.legacy_client_version", "alert.bad_certificate", "alert.handshake_failure",
            "alert.protocol_version", "alert.unknown_ca", "tls.no_reply_to_client_hello",
            "tls.split_client_hello_dropped"}
    shown = {f["rule"] for c in CAPTURES if not c.get("crafted") for f in c["findings"]}
    assert core <= shown, f"not shown on a real capture: {sorted(core - shown)}"


def test_healthy_captures_exist_and_are_clean():
    healthy = [c for c in CAPTURES if c["file"].startswith("healthy")]
    assert len(healthy) >= 2
    assert all(not c["findings"] for c in healthy)
