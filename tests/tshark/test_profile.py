"""The shipped configuration profile: columns, coloring rules, filter buttons."""
import shutil

from conftest import BUILD, TESTDATA


def test_profile_columns_show_sni_rule_and_summary(tshark):
    target = tshark.home / ".config/wireshark/profiles/tlsdiag"
    if not target.exists():
        shutil.copytree(BUILD / "profile/tlsdiag", target)
        for p in [tshark.home / ".config", *(tshark.home / ".config").rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
    out = tshark.run("-C", "tlsdiag", "-T", "fields", "-e", "_ws.col.Protocol", "-e",
                     "_ws.col.tlsdiag rule", "-e", "_ws.col.SNI",
                     capture=TESTDATA / "rst_after_client_hello.pcapng")
    assert out.returncode == 0, out.stderr
    rows = [l.split("\t") for l in out.stdout.splitlines()]
    assert ["TCP", "tcp.rst_after_client_hello", ""] in rows
    assert any(r[2] == "api.example.com" for r in rows)


def test_profile_coloring_and_buttons_use_tlsdiag_fields():
    colors = (BUILD / "profile/tlsdiag/colorfilters").read_text()
    assert colors.index('@tlsdiag error@tlsdiag.severity == "error"@') < colors.index("@Bad TCP@")
    buttons = (BUILD / "profile/tlsdiag/dfilter_buttons").read_text()
    for label in ("TLS problems", "Handshake failures", "ATS"):
        assert f'"TRUE","{label}",' in buttons
