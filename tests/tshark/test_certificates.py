"""Certificate diagnoses seen through tshark: findings that need a key log or
a trust store appear only with it, the tlsdiag.cert.* fields on every pass,
and damaged certificates yield nothing."""
import re

import pytest

from conftest import TESTDATA, capture_options, manifest
from tshark_runner import wireshark_abi

CERT_CAPTURES = [c for c in manifest() if c["file"].startswith("cert_")]
WITH_OPTIONS = [c for c in CERT_CAPTURES if "findings_without_options" in c]
CERT_RULES = {"ats.cert_signature_hash", "ats.cert_key_size", "ats.cert_no_san",
              "ats.cert_validity_too_long", "ats.cert_no_server_auth", "cert.expired",
              "cert.not_yet_valid", "cert.name_mismatch", "cert.self_signed",
              "cert.unknown_issuer", "cert.chain_incomplete", "cert.expires_soon"}


def entry(name):
    [e] = [c for c in CERT_CAPTURES if c["file"] == name + ".pcapng"]
    return e


@pytest.mark.parametrize("e", WITH_OPTIONS, ids=[c["file"] for c in WITH_OPTIONS])
def test_without_key_log_or_trust_store_only_what_the_clear_packets_show(tshark, e):
    expected = sorted((f["frame"], f["rule"]) for f in e["findings_without_options"])
    assert tshark.findings(TESTDATA / e["file"]) == expected


def test_every_certificate_rule_is_shown_on_a_real_capture():
    shown = {f["rule"] for c in CERT_CAPTURES if not c["crafted"] for f in c["findings"]}
    assert CERT_RULES <= shown, sorted(CERT_RULES - shown)


def test_tls13_certificate_finding_needs_the_key_log(tshark):
    e = entry("cert_tls13_expired")
    rules = lambda args: {r for _, r in tshark.findings(TESTDATA / e["file"], *args)}
    assert "cert.expired" in rules(capture_options(tshark, e))
    assert "cert.expired" not in rules([])


def test_summary_names_the_certificate_and_the_days(tshark):
    summaries = tshark.summaries(TESTDATA / "cert_expired.pcapng")
    assert re.fullmatch(r"leaf CN=api\.example\.com expired \d{4}-\d\d-\d\d, 35 days before "
                        r"this capture", summaries[(6, "cert.expired")])
    client = tshark.summaries(TESTDATA / "cert_mtls_expired_client.pcapng")
    assert client[(8, "cert.expired")].startswith("client's leaf CN=alice.example.com expired")
    assert "client's leaf CN=alice.example.com expired" in client[(9, "alert.certificate_expired")]


def test_unknown_issuer_names_the_root_the_store_lacks(tshark):
    e = entry("cert_self_signed")
    summary = tshark.summaries(TESTDATA / e["file"], *capture_options(tshark, e))[(6, "cert.unknown_issuer")]
    assert summary == ("the server's chain ends at the self-signed root CN=api.example.com, which "
                       "the trust store does not hold")


def cert_rows(tshark, capture, fields, *args):
    """Frames with certificate facts: one dict per frame, field -> values."""
    extra = []
    for f in fields:
        extra += ["-e", f]
    out = tshark.run("-T", "fields", "-E", "aggregator=|", "-Y", "tlsdiag.cert", *extra, *args,
                     capture=capture).stdout
    return [{f: v.split("|") for f, v in zip(fields, line.split("\t"))} for line in out.splitlines()]


def test_cert_fields_on_every_pass(tshark):
    capture = TESTDATA / "cert_healthy_chain.pcapng"
    fields = ("frame.number", "tlsdiag.cert.position", "tlsdiag.cert.subject", "tlsdiag.cert.san",
              "tlsdiag.cert.sig_hash", "tlsdiag.cert.key", "tlsdiag.cert.sender")
    for extra in ([], ["-2"]):
        [row] = cert_rows(tshark, capture, fields, *extra)
        assert row["frame.number"] == ["6"]
        assert row["tlsdiag.cert.position"] == ["1", "2"]
        assert row["tlsdiag.cert.subject"][0].startswith("CN=api.example.com")
        assert row["tlsdiag.cert.subject"][1].startswith("CN=tlsdiag test intermediate")
        assert row["tlsdiag.cert.san"] == ["api.example.com"]
        assert row["tlsdiag.cert.sig_hash"] == ["SHA-256", "SHA-256"]
        assert row["tlsdiag.cert.key"] == ["RSA 2048", "RSA 2048"]
        assert row["tlsdiag.cert.sender"] == ["server", "server"]


def test_decrypted_tls13_certificate_has_fields_only_with_the_key_log(tshark):
    e = entry("cert_tls13_expired")
    fields = ("frame.number", "tlsdiag.cert.sender", "tlsdiag.cert.subject")
    [row] = cert_rows(tshark, TESTDATA / e["file"], fields, *capture_options(tshark, e))
    assert row["tlsdiag.cert.sender"] == ["server"]
    assert cert_rows(tshark, TESTDATA / e["file"], fields) == []


def test_cert_fields_filter_and_column(tshark):
    capture = TESTDATA / "cert_rsa1024.pcapng"
    for extra in ([], ["-2"]):
        out = tshark.run("-Y", "tlsdiag.cert.key_bits < 2048", "-T", "fields", "-e", "frame.number",
                         *extra, capture=capture).stdout
        assert out.split() == ["6"]
    out = tshark.run("-o", 'gui.column.format:"No.","%m","Not after","%Cus:tlsdiag.cert.not_after"',
                     "-Y", "tlsdiag.cert", capture=capture).stdout
    # Wireshark's own column text for an absolute time: 4.6 writes ISO 8601
    # in UTC, earlier releases "Feb 24, 2027 09:53:52...".
    if tuple(map(int, wireshark_abi().split("."))) >= (4, 6):
        assert re.fullmatch(r"6\s+2027-02-24T09:53:52\.000000000Z", out.strip()), out
    else:
        assert re.match(r"6\s+\w{3} +\d+, \d{4} \d\d:\d\d:\d\d", out.strip()), out
    expired = tshark.run("-Y", 'tlsdiag.cert.not_after < "2000-01-01"', capture=capture).stdout
    assert expired.strip() == ""


def test_trust_verdict_field(tshark):
    e = entry("cert_healthy_chain")
    out = tshark.run("-T", "fields", "-e", "tlsdiag.cert.trust", "-Y", "tlsdiag.cert.trust",
                     *capture_options(tshark, e), capture=TESTDATA / e["file"]).stdout
    assert out.split() == ["trusted"]


def test_unreadable_certificate_is_shown_as_such(tshark):
    e = entry("cert_bad_validity")
    out = tshark.run("-V", "-Y", "tlsdiag", *capture_options(tshark, e), capture=TESTDATA / e["file"]).stdout
    assert "Certificate 2 of 2 (server's intermediate 2): not readable as a certificate" in out
    assert "Rule:" not in out


def test_cert_family_preference_switches_rules_off(tshark):
    findings = tshark.findings(TESTDATA / "cert_expired.pcapng", "-o", "tlsdiag.enable_cert:FALSE")
    assert [r for _, r in findings] == ["alert.certificate_expired"]


def test_fields_are_registered(tshark):
    fields = {l.split("\t")[2]: l.split("\t")[3] for l in tshark.run("-G", "fields").stdout.splitlines()
              if l.startswith("F\t") and "\ttlsdiag.cert" in l}
    assert fields["tlsdiag.cert.subject"] == "FT_STRING"
    assert fields["tlsdiag.cert.key_bits"] == "FT_UINT32"
    assert fields["tlsdiag.cert.not_after"] == "FT_ABSOLUTE_TIME"
    assert fields["tlsdiag.cert.is_self_signed"] == "FT_BOOLEAN"
    assert fields["tlsdiag.cert.is_ca"] == "FT_BOOLEAN"
    # The rules' expert infos share the namespace and stay FT_NONE.
    assert fields["tlsdiag.cert.self_signed"] == "FT_NONE"
    assert fields["tlsdiag.cert.expired"] == "FT_NONE"
    assert {"tlsdiag.cert", "tlsdiag.cert.san", "tlsdiag.cert.issuer", "tlsdiag.cert.sig_hash", "tlsdiag.cert.key",
            "tlsdiag.cert.not_before", "tlsdiag.cert.position", "tlsdiag.cert.eku",
            "tlsdiag.cert.sct", "tlsdiag.cert.fingerprint", "tlsdiag.cert.trust"} <= set(fields)


def test_missing_trust_store_file_checks_nothing(tshark):
    findings = tshark.findings(TESTDATA / "cert_missing_intermediate.pcapng", "-o",
                               "tlsdiag.trust_store:/nonexistent/ca.pem")
    assert [r for _, r in findings] == ["alert.unknown_ca"]


CHAIN_INCOMPLETE = ("the server's only certificate, leaf CN=api.example.com, issued by CN=tlsdiag "
                    "test intermediate, which is {}{}: browsers that fetch or cache intermediates "
                    "often connect; Android, Java, curl/OpenSSL, Python and Go clients fail")
AIA = " (AIA caIssuers http://ca.example.com/intermediate.crt)"


def test_chain_incomplete_names_the_issuer_and_its_url_with_or_without_store(tshark):
    e = entry("cert_chain_incomplete")
    without = tshark.summaries(TESTDATA / e["file"])
    with_store = tshark.summaries(TESTDATA / e["file"], *capture_options(tshark, e))
    assert without[(6, "cert.chain_incomplete")] == CHAIN_INCOMPLETE.format(
        "not among the 1 certificate sent", AIA)
    assert with_store[(6, "cert.chain_incomplete")] == CHAIN_INCOMPLETE.format(
        "neither sent nor in the trust store", AIA)


def test_missing_intermediate_without_aia_is_named_with_the_store_only(tshark):
    e = entry("cert_missing_intermediate")
    with_store = tshark.summaries(TESTDATA / e["file"], *capture_options(tshark, e))
    assert with_store[(6, "cert.chain_incomplete")] == CHAIN_INCOMPLETE.format(
        "neither sent nor in the trust store", "")


def test_expires_soon_says_when_and_follows_its_preference(tshark):
    capture = TESTDATA / entry("cert_expires_soon")["file"]
    summary = tshark.summaries(capture)[(6, "cert.expires_soon")]
    assert re.fullmatch(r"leaf CN=api\.example\.com expires \d{4}-\d\d-\d\d, 9 days after this "
                        r"capture: clients fail from then on unless it is renewed", summary), summary
    assert tshark.findings(capture, "-o", "tlsdiag.expiry_warning_days:9") == []
    assert tshark.findings(capture, "-o", "tlsdiag.expiry_warning_days:0") == []
    assert tshark.findings(capture, "-o", "tlsdiag.expiry_warning_days:10") == [
        (6, "cert.expires_soon")]
