"""Differential test: tlsdiag reads exactly the TLS messages Wireshark's TLS dissector shows.

For every capture of testdata/ (recursively: testdata/*.pcapng, testdata/carriers/, ...)
and every TCP capture of the shared corpus (../shared/corpus; QUIC and DTLS captures,
per corpus_expectations.tsv, have nothing to compare), both are run:

1. tlsdiag: `tshark -q -z tlsdiag,messages` with the plugin;
2. the oracle: plain tshark with the plugin NOT loaded, `-T json -J "frame tcp tls
   _ws.malformed"`, and `-o tcp.reassemble_out_of_order:TRUE`: tlsdiag buffers
   out-of-order segments until the hole before them is filled, as that preference makes
   Wireshark's TCP do (by default Wireshark drops them from reassembly).
3. Where tlsdiag read TLS on a stream Wireshark shows no TLS on at all (STARTTLS it does
   not know, TLS to port 80, ...), the oracle runs again with `-d tcp.port==P,tls` for
   the server port of each such stream.

A capture with a key (testdata's manifest `keylog`; the corpus's key logs and RSA keys,
matched to captures by the notes of MANIFEST.tsv) is compared twice: without options,
and with the key ("... [keys]"), where both sides also show decrypted messages.

Per frame, the sequence of handshake messages and alerts must be equal: the handshake
type; for a ClientHello its version, supported_versions, cipher suites (SSLv2: the
00XXYY specs as XXYY, and the count of SSLv2-only specs), SNI, ALPN list, groups and
key_share groups; for a ServerHello its version, selected version, suite and ALPN; for
a Certificate the number of certificates; for an alert its level and description.
tlsdiag's record/unreadable/missing/not_tls/held lines are not messages. A frame where
Wireshark shows messages and tlsdiag none is "missed", the reverse "extra"; otherwise
"differs:<what>" (the differing fields, or order / types / extra_message /
missed_message). tlsdiag's `unread_tcp_frames` must be 0 ("unread_tcp_frames:N").

A difference fails, unless differential_exceptions.tsv lists it (capture id as the test
id writes it, frame or "*", the class above, and why); an exception row that excuses
nothing fails too, so the table cannot rot. The totals (captures, messages compared,
differences, exceptions used) are printed at the end of the run and written to
differential-totals.json (and every difference to differential-differences.json) in
the plugin's build tree.
"""
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

import differential as d
from conftest import BUILD

CASES = d.cases_in_testdata() + d.corpus_cases()
EXCEPTIONS = d.read_exceptions()


@dataclass
class Result:
    case: d.Case
    compared: int = 0
    differences: list = field(default_factory=list)
    decode_as: list = field(default_factory=list)
    tcp_frames: int = 0
    tlsdiag: object = None
    oracle: object = None


def run_case(tshark, case):
    keys = d.key_args(case, tshark.stage)
    proc = tshark.run("-q", "-z", "tlsdiag,messages", *keys, capture=case.path, timeout=300)
    assert proc.stdout.strip(), f"tlsdiag tshark printed nothing (exit {proc.returncode}): " \
                                f"{proc.stderr[-2000:]}"
    td = d.parse_tlsdiag(proc.stdout)
    ws, _ = d.run_oracle(case.path, keys)
    result = Result(case)
    ports = d.undecoded_ports(td, ws)
    if ports:
        extra = [a for p in ports for a in ("-d", f"tcp.port=={p},tls")]
        ws, _ = d.run_oracle(case.path, [*keys, *extra])
        result.decode_as = ports
    result.differences, result.compared = d.compare(td, ws)
    result.tcp_frames = ws.tcp_frames
    result.tlsdiag, result.oracle = td, ws
    return result


class Totals:
    """Collects what each test compared; printed in pytest's terminal summary."""

    def __init__(self):
        self.results = {}
        self.excused = {}

    def add(self, result, excused):
        self.results[result.case.id] = result
        self.excused[result.case.id] = excused

    def numbers(self):
        rs = [r for r in self.results.values() if r.tcp_frames]
        return {
            "cases_compared": len(rs),
            "captures_compared": len({r.case.capture for r in rs}),
            "messages_compared": sum(r.compared for r in rs),
            "differences_found": sum(len(r.differences) for r in rs),
            "exceptions_used": sum(len(self.excused[r.case.id]) for r in rs),
            "exception_rows_used": len({e.line for r in rs for _, e in self.excused[r.case.id]}),
            "unexcused_differences": sum(len(r.differences) - len(self.excused[r.case.id])
                                         for r in rs),
            "decode_as": {r.case.id: r.decode_as for r in rs if r.decode_as},
        }

    def pytest_terminal_summary(self, terminalreporter):
        if not self.results:
            return
        n = self.numbers()
        tr = terminalreporter
        tr.section("tlsdiag differential totals")
        tr.write_line(f"captures compared: {n['captures_compared']} "
                      f"({n['cases_compared']} runs, key variants included)")
        tr.write_line(f"messages compared: {n['messages_compared']}")
        tr.write_line(f"differences found: {n['differences_found']} "
                      f"(unexcused: {n['unexcused_differences']})")
        tr.write_line(f"exceptions used:   {n['exceptions_used']} "
                      f"({n['exception_rows_used']} rows of {len(EXCEPTIONS)})")
        for case_id, ports in n["decode_as"].items():
            tr.write_line(f"decode-as needed:  {case_id}: "
                          + " ".join(f"tcp.port=={p},tls" for p in ports))
        found = {case_id: [{"frame": x.frame, "what": x.what, "excused": any(x is y for y, _ in
                                                                             self.excused[case_id]),
                            "tlsdiag": [str(m) for m in x.tlsdiag],
                            "tlsdiag_other": x.tlsdiag_other,
                            "wireshark": [str(m) for m in x.wireshark]} for x in r.differences]
                 for case_id, r in self.results.items() if r.differences}
        try:
            (BUILD / "differential-totals.json").write_text(json.dumps(n, indent=2) + "\n")
            (BUILD / "differential-differences.json").write_text(json.dumps(found, indent=1) + "\n")
        except OSError:
            pass


@pytest.fixture(scope="module")
def totals(request):
    t = Totals()
    request.config.pluginmanager.register(t, "tlsdiag-differential-totals")
    return t


@pytest.fixture(scope="module")
def compared(tshark, request):
    """Runs every selected case up front, in parallel (2 tshark runs of about 1 s each)."""
    assert d.oracle_has_no_tlsdiag(), \
        "plain tshark loads a tlsdiag plugin (system install?): it cannot be the oracle"
    selected = (getattr(getattr(item, "callspec", None), "params", {}).get("case")
                for item in request.session.items)
    wanted = {c.id: c for c in selected if isinstance(c, d.Case)}
    for case in wanted.values():  # copy once, before the threads race for it
        tshark.stage(case.path)
        for _, key in case.keys:
            tshark.stage(key)

    def attempt(case):  # a failure belongs to its own test, not to all of them
        try:
            return run_case(tshark, case)
        except Exception as e:  # noqa: BLE001
            return e

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(zip(wanted, pool.map(attempt, wanted.values())))

    def get(case):
        if case.id not in results:
            results[case.id] = attempt(case)
        result = results[case.id]
        if isinstance(result, Exception):
            raise result
        return result
    return get


def test_corpus_present():
    if not (d.CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"the shared capture corpus is not at {d.CORPUS} (it lives outside the "
                    f"repo): only testdata/ is compared")


def test_exceptions_name_known_captures():
    ids = {c.id for c in CASES}
    corpus = (d.CORPUS / "MANIFEST.tsv").is_file()
    for e in EXCEPTIONS:
        if e.capture.startswith("corpus/") and not corpus:
            continue
        assert e.capture in ids, f"{d.EXCEPTIONS.name}:{e.line}: no such capture {e.capture!r}"
        assert e.frame == "*" or e.frame.isdigit(), f"{d.EXCEPTIONS.name}:{e.line}: frame"
        assert len(e.why) >= 40, f"{d.EXCEPTIONS.name}:{e.line}: say why"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_tlsdiag_reads_what_wireshark_shows(compared, totals, case):
    result = compared(case)
    rows = [e for e in EXCEPTIONS if e.capture == case.id]
    excused, failing = [], []
    for diff in result.differences:
        row = next((e for e in rows if e.matches(case.id, diff)), None)
        if row:
            excused.append((diff, row))
        else:
            failing.append(diff)
    totals.add(result, excused)
    unused = [e for e in rows if not any(row is e for _, row in excused)]
    report = []
    if result.decode_as:
        report.append("(oracle decoded TLS with " + " ".join(
            f"-d tcp.port=={p},tls" for p in result.decode_as) + ")")
    report += [diff.describe() for diff in failing]
    report += [f"{d.EXCEPTIONS.name}:{e.line}: excuses nothing: {e.frame} {e.what}"
               for e in unused]
    if failing or unused:
        pytest.fail(f"{len(failing)} difference(s) in {case.id}:\n" + "\n".join(report),
                    pytrace=False)


# --- the helper itself, on small hand-written inputs ---------------------------------------

ORACLE_SAMPLE = """[{"_source": {"layers": {
  "frame": {"frame.number": "7"},
  "tcp": {"tcp.srcport": "443", "tcp.dstport": "5000", "tcp.stream": "3"},
  "tls": {
    "tls.record": {"tls.record.content_type": "22", "tls.handshake": "",
                   "tls.handshake.fragments": {"tls.handshake.fragment": "5"},
                   "tls.handshake": {"tls.handshake.type": "2", "tls.handshake.version": "0x0303",
                                     "tls.handshake.ciphersuite": "0x1301",
                                     "Extension: supported_versions (len=2)": {
                                       "tls.handshake.extensions.supported_version": "0x0304"}}},
    "tls.record": {"tls.record.content_type": "22",
                   "tls.handshake": {"tls.handshake.type": "11",
                                     "tls.handshake.certificates": {
                                       "tls.handshake.certificate": "30:82",
                                       "tls.handshake.certificate": "30:83"}}},
    "tls.record": {"tls.record.content_type": "21",
                   "tls.alert_message": {"tls.alert_message.level": "2",
                                         "tls.alert_message.desc": "40"}}},
  "tls": {
    "tls.record": {"tls.record.version": "0x0002", "tls.handshake.type": "1",
                   "tls.handshake.version": "0x0301",
                   "tls.handshake.ciphersuites": {"tls.handshake.cipherspec": "0x010080",
                                                  "tls.handshake.cipherspec": "0x00002f"}}}
}}}, {"_source": {"layers": {"frame": {"frame.number": "8"},
  "tcp": {"tcp.srcport": "5000", "tcp.dstport": "443", "tcp.stream": "3"},
  "tls": "Transport Layer Security"}}}]"""


def test_oracle_reading_splits_messages_in_order():
    ws = d.parse_oracle(ORACLE_SAMPLE)
    assert ws.streams == {7: 3, 8: 3} and ws.ports[7] == (443, 5000) and ws.tls_frames == {7, 8}
    msgs = ws.frames[7]
    assert [str(m) for m in msgs] == [
        "ServerHello(version=771, selected_version=772, cipher_suite=4865, alpn=None)",
        "Certificate(certificates=2)", "alert(2,40)",
        "SSLv2-ClientHello(version=769, supported_versions=(), cipher_suites=(47,), "
        "sslv2_only_specs=1, sni=None, alpn=(), groups=(), key_shares=())"]
    assert 8 not in ws.frames


def test_comparison_classes():
    line = ('{"frame": 7, "stream": 3, "by": "sender", "message": "server_hello", "well_formed": true,'
            ' "sslv2": false, "version": 771, "selected_version": 772, "cipher_suite": 4866,'
            ' "alpn": null, "hello_retry_request": false}\n'
            '{"frame": 7, "stream": 3, "by": "sender", "message": "handshake", "type": 11, "certificates": 2}\n'
            '{"frame": 7, "stream": 3, "by": "sender", "message": "alert", "level": 2, "description": 40}\n'
            '{"frame": 9, "stream": 3, "by": "receiver", "message": "handshake", "type": 1, "certificates": 0}\n'
            '{"frame": 9, "stream": 3, "by": "sender", "message": "record", "content_type": 23, "partial": false}\n'
            '{"unread_tcp_frames": 2}\n')
    td = d.parse_tlsdiag(line)
    ws = d.parse_oracle(ORACLE_SAMPLE)
    diffs, compared = d.compare(td, ws)
    assert compared == 4 + 1
    assert [(x.frame, x.what) for x in diffs] == [(7, "differs:missed_message"), (9, "extra"),
                                                  (0, "unread_tcp_frames:2")]
    # Only the suite differs once the SSLv2 hello is gone from the oracle's frame.
    ws.frames[7].pop()
    assert d.compare(td, ws)[0][0].what == "differs:cipher_suite"
    # A decrypted hello (type only on tlsdiag's side) is compared by its type.
    ws.frames[9] = [d.Message("handshake", 1, (("version", 771),))]
    assert [x.what for x in d.compare(td, ws)[0]] == ["differs:cipher_suite", "unread_tcp_frames:2"]


def test_corpus_keys_from_the_manifest_notes():
    if not (d.CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"the shared capture corpus is not at {d.CORPUS}")
    keys = d.corpus_keys(d.read_tsv(d.CORPUS / "MANIFEST.tsv"))
    assert keys["wireshark/captures/tls13-rfc8446.pcap"] == (
        "keylog", d.CORPUS / "wireshark/keys/tls13-rfc8446.keys")
    assert keys["wireshark/captures/tls-renegotiation.pcap"] == (
        "rsa", d.CORPUS / "wireshark/keys/rsasnakeoil2.key")
    assert "wireshark/captures/tls12-dsb.pcapng" not in keys  # its keys are in the file
