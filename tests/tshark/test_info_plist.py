"""The app's Info.plist (XML, and binary made with plistutil) decides whether
an ATS finding really fails the app, and names the exception that would not."""
import subprocess

import pytest

from conftest import TESTDATA

PLISTS = TESTDATA / "plists"
VERSION = TESTDATA / "ats_tls_version.pcapng"   # TLS 1.0 with 0xc014, SNI api.example.com
RSA = TESTDATA / "ats_cipher_suite_rsa.pcapng"  # TLS_RSA_WITH_AES_128_GCM_SHA256


@pytest.fixture(params=["xml", "binary"])
def plist(request, tshark, tmp_path):
    def staged(name):
        source = PLISTS / f"{name}.plist"
        if request.param == "xml":
            return tshark.stage(source)
        out = tmp_path / f"{name}.bplist"
        subprocess.run(["plistutil", "-i", str(source), "-o", str(out), "-f", "bin"], check=True)
        assert out.read_bytes().startswith(b"bplist00")
        return tshark.stage(out)
    return staged


def summaries(tshark, capture, plist_path, how="-X"):
    option = f"tlsdiag.info_plist:{plist_path}"
    out = tshark.summaries(capture, how, option)
    return {rule: text for (_, rule), text in out.items()}


def test_exception_lets_the_version_through(tshark, plist):
    s = summaries(tshark, VERSION, plist("exceptions_for_example_com"))
    assert "allows it: NSExceptionDomains/example.com sets NSExceptionMinimumTLSVersion TLSv1.0" \
        in s["ats.tls_version"]
    # 0xc014 is on no per-domain list: only ATS off would let it through.
    assert "fails despite NSExceptionDomains/example.com" in s["ats.cipher_suite"]


def test_forward_secrecy_exception_lets_rsa_through(tshark, plist):
    s = summaries(tshark, RSA, plist("exceptions_for_example_com"))
    assert s["ats.cipher_suite"].endswith(
        "allows it: NSExceptionDomains/example.com sets NSExceptionRequiresForwardSecrecy NO")


def test_exception_for_another_host_does_not_help(tshark, plist):
    s = summaries(tshark, VERSION, plist("exception_for_another_host"))
    assert s["ats.tls_version"].endswith(
        "fails (no exception covers this host); NSExceptionMinimumTLSVersion TLSv1.0 in "
        "NSExceptionDomains/api.example.com would let it through")
    s = summaries(tshark, RSA, plist("exception_for_another_host"))
    assert s["ats.cipher_suite"].endswith(
        "NSExceptionRequiresForwardSecrecy NO in NSExceptionDomains/api.example.com would let it through")


def test_arbitrary_loads_turn_ats_off(tshark, plist):
    s = summaries(tshark, VERSION, plist("arbitrary_loads"))
    assert all(t.endswith("is not affected: NSAllowsArbitraryLoads") for t in s.values())


def test_arbitrary_loads_ignored_next_to_web_content_key(tshark, plist):
    s = summaries(tshark, VERSION, plist("arbitrary_loads_overridden"))
    assert "fails (no exception covers this host)" in s["ats.tls_version"]


def test_preference_works_like_the_option(tshark):
    path = tshark.stage(PLISTS / "arbitrary_loads.plist")
    s = summaries(tshark, VERSION, path, how="-o")
    assert s["ats.tls_version"].endswith("is not affected: NSAllowsArbitraryLoads")


def test_without_plist_nothing_is_said_about_the_app(tshark):
    s = {rule: text for (_, rule), text in tshark.summaries(VERSION).items()}
    assert all("this app" not in t for t in s.values())


def test_unreadable_plist_is_reported_not_guessed(tshark, tmp_path):
    bad = tmp_path / "broken.plist"
    bad.write_text("not a plist")
    proc = tshark.run("-X", f"tlsdiag.info_plist:{tshark.stage(bad)}", "-Y", "tlsdiag",
                      capture=VERSION)
    assert "Info.plist not used" in proc.stderr
    s = {rule: text for (_, rule), text in tshark.summaries(VERSION).items()}
    assert all("this app" not in t for t in s.values())
