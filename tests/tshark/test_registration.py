"""The plugin registers itself, its fields and one expert info per rule."""
import subprocess

from conftest import BUILD


def catalog_ids():
    exe = BUILD / "tlsdiag-catalog"
    out = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout
    return [line.split("\t")[0] for line in out.splitlines()[1:]]


def test_listed_as_plugin_with_version(tshark):
    out = tshark.run("-G", "plugins").stdout
    line = next(l for l in out.splitlines() if l.startswith("tlsdiag.so"))
    assert "\t0." in line and "dissector" in line


def test_fields_are_registered(tshark):
    fields = {l.split("\t")[2]: l.split("\t")[3] for l in tshark.run("-G", "fields").stdout.splitlines()
              if l.startswith("F\t")}
    assert fields["tlsdiag.rule"] == "FT_STRING"
    assert fields["tlsdiag.summary"] == "FT_STRING"
    assert fields["tlsdiag.severity"] == "FT_STRING"
    assert fields["tlsdiag.related_frame"] == "FT_FRAMENUM"


def test_one_expert_info_per_catalog_rule(tshark):
    out = tshark.run("-G", "fields").stdout
    experts = sorted(l.split("\t")[2][len("tlsdiag."):] for l in out.splitlines()
                     if l.startswith("F\t") and "\tFT_NONE\ttlsdiag\t" in l)
    assert experts == sorted(catalog_ids())


def test_preferences_are_registered(tshark):
    out = tshark.run("-G", "defaultprefs").stdout
    for name in ("close_answer_window_ms", "expiry_warning_days", "enable_ats", "enable_alert", "enable_cert",
                 "trust_store"):
        assert f"tlsdiag.{name}:" in out
