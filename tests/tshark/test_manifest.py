"""Every capture in testdata/manifest*.json shows exactly its findings (with
the key log or trust store its entry names)."""
import pytest

from conftest import TESTDATA, capture_options, manifest

CAPTURES = manifest()


def expected(entry):
    return sorted((f["frame"], f["rule"]) for f in entry["findings"])


@pytest.mark.parametrize("entry", CAPTURES, ids=[c["file"] for c in CAPTURES])
def test_exact_findings_single_pass(tshark, entry):
    assert tshark.findings(TESTDATA / entry["file"], *capture_options(tshark, entry)) == expected(entry)


@pytest.mark.parametrize("entry", CAPTURES, ids=[c["file"] for c in CAPTURES])
def test_exact_findings_two_pass(tshark, entry):
    options = capture_options(tshark, entry)
    assert tshark.findings(TESTDATA / entry["file"], "-2", *options) == expected(entry)


def test_every_rule_is_shown_on_a_real_capture():
    """Each core rule fires on at least one capture made by real software."""
    core = {"ats.tls_version", "ats.cipher_suite", "h2.blacklisted_cipher",
            "tcp.rst_after_client_hello", "tcp.fin_after_client_hello", "tls.no_sni",
            "tls.legacy_client_version", "alert.bad_certificate", "alert.handshake_failure",
            "alert.protocol_version", "alert.unknown_ca"}
    shown = {f["rule"] for c in CAPTURES if not c.get("crafted") for f in c["findings"]}
    assert core <= shown, f"not shown on a real capture: {sorted(core - shown)}"


def test_healthy_captures_exist_and_are_clean():
    healthy = [c for c in CAPTURES if c["file"].startswith("healthy")]
    assert len(healthy) >= 2
    assert all(not c["findings"] for c in healthy)
