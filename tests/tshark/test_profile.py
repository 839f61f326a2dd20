"""The shipped configuration profile: columns, coloring rules, filter buttons."""
import shutil

from conftest import BUILD, TESTDATA


def test_profile_columns_show_sni_rule_and_summary(tshark):
    target = tshark.home / ".config/wireshark/profiles/tlsdiag"
    if not target.exists():
        shutil.copytree(BUILD / "profile/tlsdiag", target)
        for p in [tshark.home / ".config", *(tshark.home / ".config").rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
    # The packet list as the profile lays it out (-T tabs): Wireshark 4.4 no
    # longer accepts a custom column's title with a space in -e _ws.col.<title>.
    out = tshark.run("-C", "tlsdiag", "-T", "tabs",
                     capture=TESTDATA / "rst_after_client_hello.pcapng")
    assert out.returncode == 0, out.stderr
    rows = [[c.strip() for c in l.split("\t")] for l in out.stdout.splitlines()]
    # ... Protocol, SNI, tlsdiag rule, tlsdiag summary, Info
    flagged = [r for r in rows if "tcp.rst_after_client_hello" in r]
    assert len(flagged) == 1
    r = flagged[0]
    at = r.index("tcp.rst_after_client_hello")
    assert r[at - 2:at] == ["TCP", ""]
    assert r[at + 1].startswith("server reset the connection")
    hello = [r for r in rows if "api.example.com" in r]
    assert len(hello) == 1
    at = hello[0].index("api.example.com")
    assert hello[0][at - 1].startswith("TLS") and hello[0][at + 1:at + 3] == ["", ""]


def test_profile_coloring_and_buttons_use_tlsdiag_fields():
    colors = (BUILD / "profile/tlsdiag/colorfilters").read_text()
    assert colors.index('@tlsdiag error@tlsdiag.severity == "error"@') < colors.index("@Bad TCP@")
    buttons = (BUILD / "profile/tlsdiag/dfilter_buttons").read_text()
    for label in ("TLS problems", "Handshake failures", "ATS"):
        assert f'"TRUE","{label}",' in buttons
