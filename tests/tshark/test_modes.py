"""The same findings in every way a user asks tshark for them."""
import json
import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT, TESTDATA

RST = TESTDATA / "rst_after_client_hello.pcapng"


@pytest.fixture(scope="module")
def rst_frame(tshark):
    [(frame, rule)] = tshark.findings(RST)
    assert rule == "tcp.rst_after_client_hello"
    return frame


def test_display_filter_on_rule(tshark, rst_frame):
    for extra in ([], ["-2"]):
        out = tshark.run("-Y", 'tlsdiag.rule == "tcp.rst_after_client_hello"', "-T", "fields",
                         "-e", "frame.number", *extra, capture=RST).stdout
        assert out.split() == [str(rst_frame)]


def test_filter_on_expert_name(tshark, rst_frame):
    out = tshark.run("-Y", "tlsdiag.tcp.rst_after_client_hello", "-T", "fields", "-e", "frame.number",
                     capture=RST).stdout
    assert out.split() == [str(rst_frame)]


def test_fields_without_display_filter(tshark, rst_frame):
    out = tshark.run("-T", "fields", "-e", "frame.number", "-e", "tlsdiag.rule", capture=RST).stdout
    rows = [l.split("\t") for l in out.splitlines()]
    assert [r for r in rows if r[1]] == [[str(rst_frame), "tcp.rst_after_client_hello"]]


def test_json_output(tshark, rst_frame):
    out = tshark.run("-T", "json", "-Y", "tlsdiag", capture=RST).stdout
    [pkt] = json.loads(out)
    layer = pkt["_source"]["layers"]["tlsdiag"]
    assert layer["tlsdiag.rule"] == "tcp.rst_after_client_hello"
    assert "reset the connection" in json.dumps(layer)


def test_packet_details_tree(tshark, rst_frame):
    out = tshark.run("-V", "-Y", f"frame.number == {rst_frame}", capture=RST).stdout
    tree = out[out.index("TLS Diagnosis: 1 finding"):]
    assert "Rule: tcp.rst_after_client_hello" in tree
    assert "Expert Info (Error/Sequence)" in tree
    assert "Related frame:" in tree


def test_expert_statistics(tshark):
    for extra in ([], ["-2"]):
        out = tshark.run("-q", "-z", "expert,error", *extra, capture=RST).stdout
        line = next(l for l in out.splitlines() if "tlsdiag" in l)
        assert line.split()[:3] == ["1", "Sequence", "tlsdiag"]


def test_expert_fields(tshark, rst_frame):
    out = tshark.run("-Y", "tlsdiag", "-T", "fields", "-e", "_ws.expert.message", "-e",
                     "_ws.expert.severity", "-e", "_ws.expert.group", "-E", "aggregator=|",
                     capture=RST).stdout
    messages, severities, groups = (col.split("|") for col in out.rstrip("\n").split("\t"))
    ours = [(s, g) for m, s, g in zip(messages, severities, groups) if "ClientHello of frame" in m]
    # PI_ERROR and PI_SEQUENCE (the frame also carries TCP's own expert info)
    assert ours == [(str(0x00800000), str(0x02000000))]


def test_custom_column(tshark, rst_frame):
    out = tshark.run("-o", 'gui.column.format:"No.","%m","Rule","%Cus:tlsdiag.rule"',
                     "-Y", "tlsdiag", capture=RST).stdout
    assert out.split() == [str(rst_frame), "tcp.rst_after_client_hello"]


def test_family_preference_switches_rules_off(tshark):
    assert tshark.findings(RST, "-o", "tlsdiag.enable_tcp:FALSE") == []


def test_answer_window_preference(tshark):
    # A window shorter than the reset's delay turns the reset into a timeout.
    assert tshark.findings(RST, "-o", "tlsdiag.close_answer_window_ms:0") == []


@pytest.fixture(scope="module")
def busy_capture(tmp_path_factory):
    """20,000 packets of bench/gen_capture.py: some 8,000 TLS frames."""
    out = tmp_path_factory.mktemp("busy") / "busy.pcap"
    subprocess.run([sys.executable, str(ROOT / "bench/gen_capture.py"), "--packets", "20000",
                    "--seed", "3", str(out)], check=True, capture_output=True)
    return out


def test_first_pass_nobody_watches_finds_the_same(tshark, busy_capture):
    # With -2 and no filter, nothing sees the first pass's findings: its TLS
    # frames wait and are applied 512 at a time (FirstPass::Pending), and
    # the second pass catches up. A single pass with a filter has a tree on
    # every frame, so every frame is applied at once.
    fields = ["-T", "fields", "-e", "frame.number", "-e", "tlsdiag.rule", "-e", "tlsdiag.summary"]
    # (tlsdiag.rule: from the second pass on every frame of a failed
    # connection carries its verdict, so "-Y tlsdiag" matches more.)
    once = tshark.run("-Y", "tlsdiag.rule", *fields, capture=busy_capture)
    twice = tshark.run("-2", "-Y", "tlsdiag.rule", *fields, capture=busy_capture)
    assert once.returncode == 0 and twice.returncode == 0
    assert twice.stdout == once.stdout
    rules = Counter(rule for line in once.stdout.splitlines() for rule in line.split("\t")[1].split(","))
    assert set(rules) == {"tcp.rst_after_client_hello", "alert.protocol_version", "tls.no_sni",
                          "tls.legacy_client_version", "cert.not_yet_valid"}, rules
    assert sum(rules.values()) > 50
