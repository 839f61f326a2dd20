"""The report's timeline and its diagnosis read each frame the same way: on
every testdata capture, a timeline line says a server close answers the
ClientHello ("..., no ServerHello") exactly where tcp.rst_after_client_hello
or tcp.fin_after_client_hello has a finding, with the same delay."""
import json
import re

import pytest

from conftest import TESTDATA, capture_options, manifest

CLOSE_RULES = {"tcp.rst_after_client_hello": "TCP RST", "tcp.fin_after_client_hello": "TCP FIN"}
ANSWER_LINE = re.compile(r"(TCP RST|TCP FIN), (.+) after the ClientHello, no ServerHello")
ENTRIES = {e["file"]: e for e in manifest()}
_diagnoses = {}


def diagnoses(tshark, name):
    if name not in _diagnoses:
        entry = ENTRIES[name]
        proc = tshark.run("-q", "-z", "tlsdiag,json", *capture_options(tshark, entry),
                          capture=TESTDATA / entry["file"])
        assert proc.returncode == 0, proc.stderr
        _diagnoses[name] = json.loads(proc.stdout)["diagnoses"]
    return _diagnoses[name]


def answers(diagnosis):
    """(frame, close kind, delay, ClientHello frame or None) per side of the
    story: the timeline's lines and the close rules' findings."""
    told = set()
    for line in diagnosis["timeline"]:
        if "ServerHello" in line["text"] and line["text"].startswith("TCP "):
            m = ANSWER_LINE.fullmatch(line["text"])
            assert m, line
            told.add((line["frame"], m.group(1), m.group(2)))
    found = set()
    for f in diagnosis["findings"]:
        if f["rule"] in CLOSE_RULES:
            m = re.search(r"the connection (.+) after the ClientHello of frame (\d+)", f["summary"])
            assert m and int(m.group(2)) == f["related_frame"], f
            found.add((f["frame"], CLOSE_RULES[f["rule"]], m.group(1)))
    return told, found


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_timeline_says_the_close_answers_the_client_hello_where_the_rules_do(tshark, name):
    for d in diagnoses(tshark, name):
        told, found = answers(d)
        assert told == found, (d["stream"], told, found)


@pytest.mark.parametrize("name", ["rst_after_client_hello.pcapng", "fin_after_client_hello.pcapng"])
def test_the_agreement_is_checked_on_real_answers(tshark, name):
    [d] = diagnoses(tshark, name)
    told, found = answers(d)
    assert len(told) == 1 and told == found
