"""-z tlsdiag,report and -z tlsdiag,json: what the report must say for each
testdata capture, its app-error lines and likely causes, and that it is the
same every time."""
import json
from pathlib import Path

import pytest

from conftest import TESTDATA, capture_options, manifest

# Per failing capture: words that must appear in the client-report lines and
# the start of the most likely cause of its first finding.
EXPECTED = {
    "rst_after_client_hello.pcapng": (
        ["curl: (35) Recv failure: Connection reset by peer", "-9816 errSSLClosedNoNotify",
         "ERR_CONNECTION_RESET"],
        "The server found no cipher suite or version it accepts"),
    "fin_after_client_hello.pcapng": (
        ["curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL", "-9816 errSSLClosedNoNotify"],
        "An SNI-routing proxy has no route for this server name"),
    "ats_tls_version.pcapng": (
        ["-9881 errSSLATSMinimumVersionViolation"],
        "The server (or its load balancer policy) is limited to TLS 1.0/1.1"),
    "ats_cipher_suite_rsa.pcapng": (
        ["-9882 errSSLATSCiphersuiteViolation"], "The server prefers (or only has) suites"),
    "h2_blacklisted_cipher_cbc.pcapng": (
        ["ERR_HTTP2_INADEQUATE_TRANSPORT_SECURITY"], "The server's cipher order puts an HTTP/2"),
    "no_sni.pcapng": (["the default certificate"], "The client connects by IP address"),
    "legacy_client_version.pcapng": (
        ["error:0A00042E:SSL routines::tlsv1 alert protocol version",
         "-9836 errSSLPeerProtocolVersion"],
        "An old client or TLS library"),
    "alert_handshake_failure.pcapng": (
        ["error:0A000410:SSL routines::sslv3 alert handshake failure", "-9824 errSSLPeerHandshakeFail"],
        "No cipher suite, group or signature algorithm in common"),
    "alert_bad_certificate.pcapng": (
        ["error:0A000412:SSL routines::sslv3 alert bad certificate", "-9825 errSSLPeerBadCert"],
        "The server rejected the client certificate"),
    "cert_chain_incomplete.pcapng": (
        ["curl: (60) SSL certificate problem: unable to get local issuer certificate",
         "Trust anchor for certification path not found", "unable to find valid certification path",
         "x509: certificate signed by unknown authority"],
        "The server is configured with the leaf certificate alone"),
    "cert_expires_soon.pcapng": ([], "Automatic renewal stopped working"),
    "alert_unknown_ca.pcapng": (
        ["curl: (60) SSL certificate problem", "-1202 (NSURLErrorServerCertificateUntrusted)"],
        "The client does not trust the server certificate's issuer"),
    "alert_unrecognized_name_warning.pcapng": (
        ["no alternative certificate subject name matches", "handshake alert: unrecognized_name"],
        "The server has no virtual host or certificate for this SNI name"),
    "alert_unrecognized_name_fatal.pcapng": (
        ["error:0A000458:SSL routines::tlsv1 unrecognized name"],
        "No virtual host or certificate is configured for this SNI"),
    "alert_unknown_ca_client.pcapng": (
        ["error:0A000418:SSL routines::tlsv1 alert unknown ca", "-9831 errSSLPeerUnknownCA"],
        "The server does not trust the issuer of the client certificate"),
    "h2_tls_requirements_tls11.pcapng": (
        ["GOAWAY INADEQUATE_SECURITY (\"TLS version too low\")"],
        "An old client or TLS library"),
    "h2_tls_requirements_secp192r1.pcapng": (
        ["Firefox: closes the HTTP/2 session with INADEQUATE_SECURITY"],
        "The server's ephemeral key exchange is configured with a small group"),
    "h2_tls_requirements_renegotiation.pcapng": (
        ["ssl3_read_bytes:no renegotiation", "HTTP_1_1_REQUIRED"],
        "The server wants a client certificate (or other TLS settings) for some paths only"),
}

CAPTURES = {c["file"]: c for c in manifest()}


def report(tshark, capture, kind="report", *extra):
    proc = tshark.run("-q", "-z", f"tlsdiag,{kind}", *extra, capture=TESTDATA / capture)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("capture", sorted(EXPECTED))
def test_report_names_app_errors_and_likely_cause(tshark, capture):
    reports, first_cause = EXPECTED[capture]
    doc = json.loads(report(tshark, capture, "json"))
    [diagnosis] = doc["diagnoses"]
    lines = [r["client"] + ": " + r["report"] for r in diagnosis["client_reports"]]
    for words in reports:
        assert any(words in line for line in lines), (words, lines)
    assert diagnosis["likely_causes"][0]["cause"].startswith(first_cause)
    assert diagnosis["changes"] and all(diagnosis["changes"])


@pytest.mark.parametrize("capture, absent", [
    ("h2_tls_requirements_secp192r1.pcapng", "TLS version too low"),
    ("h2_tls_requirements_tls11.pcapng", "INADEQUATE_SECURITY (Http2Session"),
    ("h2_tls_requirements_renegotiation.pcapng", "INADEQUATE_SECURITY"),
    ("h2_tls_requirements_dhe1024.pcapng", "no renegotiation"),
])
def test_h2_requirement_reports_only_match_the_requirement_broken(tshark, capture, absent):
    doc = json.loads(report(tshark, capture, "json"))
    [diagnosis] = doc["diagnoses"]
    lines = [r["client"] + ": " + r["report"] for r in diagnosis["client_reports"]]
    causes = [c["cause"] for c in diagnosis["likely_causes"]]
    assert lines and not any(absent in line for line in lines), lines
    small_key_cause = "The server's ephemeral key exchange is configured with a small group"
    small_key = "secp192r1" in capture or "dhe1024" in capture
    assert any(c.startswith(small_key_cause) for c in causes) == small_key, causes
    renegotiation_cause = "The server wants a client certificate (or other TLS settings)"
    assert any(c.startswith(renegotiation_cause) for c in causes) == ("renegotiation" in capture), causes


@pytest.mark.parametrize("capture", sorted(CAPTURES))
def test_json_report_matches_the_findings(tshark, capture):
    entry = CAPTURES[capture]
    doc = json.loads(report(tshark, capture, "json", *capture_options(tshark, entry)))
    assert doc["capture"] == Path(capture).name
    found = sorted((f["frame"], f["rule"]) for d in doc["diagnoses"] for f in d["findings"])
    # capture.* notes are about the capture: the header carries them, not a connection.
    assert found == sorted((f["frame"], f["rule"]) for f in entry["findings"]
                           if not f["rule"].startswith("capture."))
    clock_noted = any(f["rule"] == "capture.clock_implausible" for f in entry["findings"])
    assert (doc["clock_implausible"] is not None) == clock_noted
    assert doc["connections"] == doc["failed"] + doc["warnings"] + doc["healthy"]
    assert len(doc["diagnoses"]) == doc["failed"] + doc["warnings"]
    for d in doc["diagnoses"]:
        timeline_frames = {line["frame"] for line in d["timeline"]}
        assert {f["frame"] for f in d["findings"]} <= timeline_frames
        assert d["verdict"] in ("failed", "warning")


@pytest.mark.parametrize("capture", sorted(CAPTURES))
def test_report_is_deterministic_and_pass_independent(tshark, capture):
    options = capture_options(tshark, CAPTURES[capture])
    once = report(tshark, capture, "report", *options)
    assert report(tshark, capture, "report", *options) == once
    assert report(tshark, capture, "report", "-2", *options) == once


def test_bundled_capture_report_reads_like_a_support_engineer(tshark):
    text = report(tshark, "rst_after_client_hello.pcapng")
    assert text.startswith("tlsdiag report: rst_after_client_hello.pcapng\n")
    assert "1 TLS connection: 1 failed, 0 with warnings, 0 healthy" in text
    lines = text.splitlines()
    hello = next(l for l in lines if "client \u2192 server  ClientHello:" in l)
    assert hello.split()[0] == "4"
    assert "TLS 1.2\u20131.3, 30 suites, SNI api.example.com, ALPN h2,http/1.1" in hello
    reset = next(l for l in lines if "server \u2192 client  TCP RST" in l)
    assert reset.split()[0] == "6" and reset.endswith("after the ClientHello, no ServerHello")
    for section in ("Timeline", "Diagnosis", "Likely causes, most likely first",
                    "What the client application most likely reported", "What to change"):
        assert f"  {section}" in lines


def test_healthy_connections_are_counted_not_listed(tshark):
    text = report(tshark, "two_connections.pcapng")
    assert "2 TLS connections: 1 failed, 0 with warnings, 1 healthy" in text
    assert text.count("\nConnection ") == 1
    assert "(TCP stream 1)" in text
    healthy = report(tshark, "healthy_tls13.pcapng")
    assert "0 failed, 0 with warnings, 1 healthy" in healthy and "\nConnection " not in healthy


def test_report_filter_selects_connections(tshark):
    doc = json.loads(report(tshark, "two_connections.pcapng", "json,tcp.stream == 0"))
    assert (doc["connections"], doc["healthy"], doc["diagnoses"]) == (1, 1, [])
    doc = json.loads(report(tshark, "two_connections.pcapng", "json,tcp.stream == 1"))
    assert [d["stream"] for d in doc["diagnoses"]] == [1]


def test_verdict_marks_every_frame_of_the_failed_connection(tshark):
    capture = TESTDATA / "two_connections.pcapng"
    out = tshark.run("-2", "-Y", "tlsdiag.conn.verdict", "-T", "fields", "-e", "tcp.stream",
                     "-e", "tlsdiag.conn.verdict", capture=capture).stdout
    rows = {tuple(l.split("\t")) for l in out.splitlines()}
    assert rows == {("1", "failed: tcp.rst_after_client_hello")}
    every = tshark.run("-2", "-Y", "tcp.stream == 1", capture=capture).stdout.splitlines()
    assert len(out.splitlines()) == len(every)


# The timeline tells only what was read: on these complete captures (every
# byte captured), no segment is "not readable" or "missing", a segment that
# only continues a record or repeats one adds no line, and TLS 1.3's chosen
# ALPN is unknown, not none.
@pytest.mark.parametrize("entry", manifest(), ids=[c["file"] for c in manifest()])
def test_the_timeline_of_a_complete_capture_says_nothing_was_lost(tshark, entry):
    proc = tshark.run("-q", "-z", "tlsdiag,json", *capture_options(tshark, entry),
                      capture=TESTDATA / entry["file"])
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["unread_tcp_frames"] == {"count": 0, "by_carrier": {}}
    for d in doc["diagnoses"]:
        for line in d["timeline"]:
            assert not any(w in line["text"] for w in ("not readable", "missing", "not TLS", "not read")), line
        if d["version"] == "TLS 1.3" and d["alpn_offered"]:
            assert d["alpn"] is None and d["alpn_encrypted"], d
