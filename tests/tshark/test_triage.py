"""tools/triage.py, the triage of many captures that ./tlsdiag hands folders,
several captures, -j and --json to.

A folder of testdata captures (one gzipped, one converted to pcap, in a
subfolder), a file that is no capture, a capture cut short and a text file
that is not looked at, plus a missing capture named on the command line: the
table and the JSON Lines must say, capture by capture, what tshark says of it
alone with -z tlsdiag,json, and what testdata's manifest expects.
"""
import gzip
import importlib.util
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter

import pytest

from conftest import PLUGIN, ROOT, TESTDATA, manifest
from tshark_runner import read_error_exit

TRIAGE = ROOT / "tools" / "triage.py"

# name in the folder -> the testdata capture it is made from
FROM_TESTDATA = {
    "caps/ats_tls_version.pcapng": "ats_tls_version.pcapng",
    "caps/healthy_tls13.pcapng": "healthy_tls13.pcapng",
    "caps/rst_after_client_hello.pcapng": "rst_after_client_hello.pcapng",
    "caps/site2/h2_blacklisted_cipher.pcap": "h2_blacklisted_cipher.pcapng",
    "caps/site2/two_connections.pcapng.gz": "two_connections.pcapng",
}
CUT = "caps/site2/alert_unknown_ca_cut.pcapng"  # alert_unknown_ca.pcapng without its last 40 bytes
BROKEN = "caps/broken.pcap"
MISSING = "caps/missing.pcapng"  # named on the command line, never made

NOT_A_CAPTURE = "the file isn't a capture file in a format TShark understands"
CUT_SHORT = "the file appears to have been cut short in the middle of a packet"

# The table: capture, connections, failed, warnings, most frequent findings.
EXPECTED_ROWS = [
    ("capture", "connections", "failed", "warnings", "most frequent findings"),
    ("caps/ats_tls_version.pcapng", "1", "0", "1", "ats.cipher_suite 1, ats.tls_version 1"),
    ("caps/broken.pcap", "-", "-", "-", f"read error: {NOT_A_CAPTURE}"),
    ("caps/healthy_tls13.pcapng", "1", "0", "0"),
    ("caps/rst_after_client_hello.pcapng", "1", "1", "0", "tcp.rst_after_client_hello 1"),
    ("caps/site2/alert_unknown_ca_cut.pcapng", "1", "1", "0",
     f"alert.unknown_ca 1 (read error: {CUT_SHORT})"),
    ("caps/site2/h2_blacklisted_cipher.pcap", "1", "1", "0", "ats.cipher_suite 1, h2.blacklisted_cipher 1"),
    ("caps/site2/two_connections.pcapng.gz", "2", "1", "0", "tcp.rst_after_client_hello 1"),
    ("caps/missing.pcapng", "-", "-", "-", "read error: no such file"),
    ("total: 8 captures, 3 with read errors", "7", "4", "1"),
]
EXPECTED_OVERALL = [
    "findings over all captures:",
    "  ats.cipher_suite                         2",
    "  tcp.rst_after_client_hello               2",
    "  alert.unknown_ca                         1",
    "  ats.tls_version                          1",
    "  h2.blacklisted_cipher                    1",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    top = tmp_path_factory.mktemp("triage")
    (top / "caps/site2").mkdir(parents=True)
    for name, source in FROM_TESTDATA.items():
        target = top / name
        if name.endswith(".gz"):
            target.write_bytes(gzip.compress((TESTDATA / source).read_bytes()))
        elif name.endswith(".pcap"):
            subprocess.run(["editcap", "-F", "pcap", str(TESTDATA / source), str(target)],
                           check=True, capture_output=True)
        else:
            shutil.copy(TESTDATA / source, target)
    (top / CUT).write_bytes((TESTDATA / "alert_unknown_ca.pcapng").read_bytes()[:-40])
    (top / BROKEN).write_text("this is a note, not a capture\n")
    (top / "caps/notes.txt").write_text("not a capture name: not read\n")
    return top


def triage(cwd, *args, stderr=subprocess.PIPE):
    return subprocess.run([sys.executable, str(TRIAGE), "--plugin", str(PLUGIN), *args], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=600)


@pytest.fixture(scope="module")
def runs(folder):
    """Table and JSON Lines, each with one job and with two."""
    return {(fmt, jobs): triage(folder, "-j", jobs, *extra, "caps", MISSING)
            for fmt, extra in (("table", []), ("json", ["--json"])) for jobs in ("1", "2")}


@pytest.fixture(scope="module")
def alone(tshark, folder):
    """What tshark -z tlsdiag,json says of each readable capture alone."""
    out = {}
    for name in [*FROM_TESTDATA, CUT]:
        proc = tshark.run("-q", "-z", "tlsdiag,json", capture=folder / name)
        assert proc.returncode == (read_error_exit() if name == CUT else 0), proc.stderr
        out[name] = json.loads(proc.stdout)
    return out


def cells(line):
    return tuple(re.split(r"\s{2,}", line.strip()))


def test_the_table_row_by_row(runs):
    proc = runs[("table", "2")]
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""  # no progress when stderr is no terminal
    lines = proc.stdout.splitlines()
    assert [cells(l) for l in lines[:len(EXPECTED_ROWS)]] == EXPECTED_ROWS
    assert lines[len(EXPECTED_ROWS):] == ["", *EXPECTED_OVERALL]


def test_the_table_counts_are_each_captures_own(runs, alone):
    rows = {cells(l)[0]: cells(l) for l in runs[("table", "2")].stdout.splitlines()}
    for name, doc in alone.items():
        assert rows[name][1:4] == (str(doc["connections"]), str(doc["failed"]), str(doc["warnings"]))
    overall = Counter()
    for doc in alone.values():
        overall.update(doc["findings_by_rule"])
    assert sorted(EXPECTED_OVERALL[1:]) == sorted(f"  {r:<40} {n}" for r, n in overall.items())


def json_lines(proc):
    return [json.loads(l) for l in proc.stdout.splitlines()]


def test_json_lines_are_each_captures_diagnoses_then_its_error(runs, alone):
    proc = runs[("json", "2")]
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    expected = []
    for name in sorted([*alone, BROKEN]) + [MISSING]:
        expected += [{"capture": name, **d} for d in alone.get(name, {}).get("diagnoses", [])]
        if name == CUT:
            expected.append({"capture": name, "error": CUT_SHORT})
        if name == BROKEN:
            expected.append({"capture": name, "error": NOT_A_CAPTURE})
        if name == MISSING:
            expected.append({"capture": name, "error": "no such file"})
    assert json_lines(proc) == expected
    assert [(l["capture"], l.get("stream", l.get("error"))) for l in expected] == [
        ("caps/ats_tls_version.pcapng", 0),
        ("caps/broken.pcap", NOT_A_CAPTURE),
        ("caps/rst_after_client_hello.pcapng", 0),
        ("caps/site2/alert_unknown_ca_cut.pcapng", 0),
        ("caps/site2/alert_unknown_ca_cut.pcapng", CUT_SHORT),
        ("caps/site2/h2_blacklisted_cipher.pcap", 0),
        ("caps/site2/two_connections.pcapng.gz", 1),
        ("caps/missing.pcapng", "no such file"),
    ]
    assert list(json_lines(proc)[0])[:2] == ["capture", "stream"]


def test_json_lines_findings_are_the_manifests(runs):
    by_file = {e["file"]: e for e in manifest()}
    found = {}
    for line in json_lines(runs[("json", "2")]):
        found.setdefault(line["capture"], []).extend((f["frame"], f["rule"]) for f in line.get("findings", []))
    for name, source in FROM_TESTDATA.items():
        expected = sorted((f["frame"], f["rule"]) for f in by_file[source]["findings"])
        assert sorted(found.get(name, [])) == expected, name
    assert sorted(found[CUT]) == [(8, "alert.unknown_ca")]


def test_one_job_and_two_give_the_same(runs):
    for fmt in ("table", "json"):
        one, two = runs[(fmt, "1")], runs[(fmt, "2")]
        assert (one.returncode, one.stdout, one.stderr) == (two.returncode, two.stdout, two.stderr)


def test_all_read_exits_0_and_the_progress_shows_on_a_terminal(folder):
    """stderr on a pseudo-terminal: captures done of total, read errors,
    failed connections, time left; erased at the end."""
    master, slave = pty.openpty()
    seen = []
    reader = threading.Thread(target=lambda: seen.append(read_all(master)), daemon=True)
    reader.start()
    try:
        proc = triage(folder, "-j", "1", "caps/rst_after_client_hello.pcapng", "caps/healthy_tls13.pcapng",
                      stderr=slave)
    finally:
        os.close(slave)
    reader.join(timeout=60)
    assert proc.returncode == 0
    progress = seen[0].split("\r\x1b[K")
    assert progress[0] == "" and progress[-1] == ""
    before = "0/2 captures, read errors: 0, failed connections: 0"
    between = r"1/2 captures, read errors: 0, failed connections: 1, about 0:\d\d left"
    after = "2/2 captures, read errors: 0, failed connections: 1"
    stages = [0 if p == before else 1 if re.fullmatch(between, p) else 2 if p == after else p
              for p in progress[1:-1]]
    assert 1 in stages and stages[-1] == 2 and stages == sorted(stages), progress
    assert proc.stdout.splitlines()[-2:] == ["findings over all captures:",
                                            "  tcp.rst_after_client_hello               1"]


def read_all(fd):
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the terminal's last writer closed it
            break
        if not chunk:
            break
        out += chunk
    os.close(fd)
    return out.decode()


def test_a_folder_without_captures_is_a_usage_error(folder, tmp_path):
    (tmp_path / "notes.txt").write_text("no capture here\n")
    proc = triage(folder, str(tmp_path))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("tlsdiag: no capture (*.pcap, *.pcapng, *.cap, ")


def test_shares_of_the_captures_add_up_to_the_whole(folder, runs):
    """What README's "beyond one machine" does: the captures split into
    shares (xargs -n 3), each share triaged on its own, the JSON Lines put
    together: the lines of the run over the whole folder."""
    find = subprocess.run("find caps -name '*.pcap*' | LC_ALL=C sort", shell=True, cwd=folder,
                          capture_output=True, text=True, check=True).stdout
    shares = subprocess.run(["xargs", "-d", "\n", "-n", "3", sys.executable, str(TRIAGE), "--plugin",
                             str(PLUGIN), "--json"], input=find, cwd=folder, capture_output=True,
                            text=True, timeout=600)
    assert shares.returncode == 123  # xargs: some run exited 1 (broken.pcap, the cut capture)
    whole = [l for l in json_lines(runs[("json", "1")]) if l["capture"] != MISSING]
    assert len(find.splitlines()) == 7
    assert json_lines(shares) == whole


def test_a_row_names_the_three_most_frequent_findings():
    spec = importlib.util.spec_from_file_location("triage", TRIAGE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    report = {"connections": 9, "failed": 5, "warnings": 4,
              "findings_by_rule": {"a.one": 1, "b.three": 3, "c.five": 5, "d.three": 3}}
    lines = mod.table([mod.Result("x.pcap", report=report)]).splitlines()
    assert cells(lines[1]) == ("x.pcap", "9", "5", "4", "c.five 5, b.three 3, d.three 3")
    assert lines[-4:] == ["  c.five                                   5",
                          "  b.three                                  3",
                          "  d.three                                  3",
                          "  a.one                                    1"]
