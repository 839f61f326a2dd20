#!/usr/bin/python3
"""Triage of many captures: one tshark per capture, in parallel, then one table
(or JSON Lines) of what tlsdiag found in each.

  tools/triage.py --plugin PLUGIN.so [-j N] [--json] CAPTURE|FOLDER... [tshark options...]

Folders are searched recursively for capture files (CAPTURE_SUFFIXES). The
first argument that starts with "-" and is not -j/--json, or everything after
"--", goes to every tshark. Each capture is read by its own tshark with
-z tlsdiag,json through tools/run-tshark; captures share nothing.

Exit status: 0 when every capture was read, 1 when one or more could not be
(each is reported), 2 for a usage error or when no capture was found.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN_TSHARK = ROOT / "tools" / "run-tshark"
CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".cap", ".pcap.gz", ".pcapng.gz", ".cap.gz")
TOP_FINDINGS = 3  # rules named per capture in the table


@dataclass
class Result:
    name: str                  # the capture's path as given or found
    report: dict | None = None  # the plugin's -z tlsdiag,json object
    error: str | None = None   # why the capture could not be read (wholly or in part)


@dataclass
class Options:
    plugin: str = ""
    jobs: int = len(os.sched_getaffinity(0))  # the cores this process may use
    json_lines: bool = False
    paths: list = field(default_factory=list)
    tshark_args: list = field(default_factory=list)


class UsageError(Exception):
    pass


def parse_args(argv):
    opts = Options()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            opts.tshark_args = argv[i + 1:]
            break
        if a in ("-j", "--jobs", "--plugin"):
            if i + 1 >= len(argv):
                raise UsageError(f"{a} needs a value")
            value = argv[i + 1]
            i += 2
        elif a.startswith("--jobs=") or a.startswith("--plugin="):
            a, value = a.split("=", 1)
            i += 1
        elif a.startswith("-j") and a[2:].isdigit():
            a, value = "-j", a[2:]
            i += 1
        elif a == "--json":
            opts.json_lines = True
            i += 1
            continue
        elif a.startswith("-"):
            opts.tshark_args = argv[i:]
            break
        else:
            opts.paths.append(a)
            i += 1
            continue
        if a == "--plugin":
            opts.plugin = value
        else:
            if not value.isdigit() or int(value) < 1:
                raise UsageError(f"-j needs a number of jobs, not {value!r}")
            opts.jobs = int(value)
    if not opts.plugin:
        raise UsageError("--plugin PLUGIN.so is missing")
    if not opts.paths:
        raise UsageError("no capture or folder given")
    return opts


def is_capture_name(name):
    return name.lower().endswith(CAPTURE_SUFFIXES)


def find_captures(paths):
    """The files to read, in a stable order: each file named as given (even
    without a capture suffix, and missing ones, to be reported), each
    folder's capture files sorted by path. A file reached twice is read once."""
    found, seen = [], set()

    def add(name):
        key = os.path.realpath(name)
        if key not in seen:
            seen.add(key)
            found.append(name)

    for p in paths:
        if not os.path.isdir(p):
            add(p)
            continue
        in_folder = []
        for folder, dirs, files in os.walk(p):
            in_folder += [os.path.normpath(os.path.join(folder, f)) for f in files if is_capture_name(f)]
        for name in sorted(in_folder):
            add(name)
    return found


def first_json_object(text):
    """The -z tlsdiag,json object in tshark's standard output, or None."""
    start = text.find('{"capture"')
    if start < 0:
        return None
    try:
        return json.JSONDecoder().raw_decode(text, start)[0]
    except json.JSONDecodeError:
        return None


def error_text(stderr, code):
    """tshark's complaint without its prefix and the path of the temporary copy."""
    lines = [line.strip().removeprefix("tshark: ") for line in stderr.splitlines() if line.strip()]
    # GIOP's dissector opens IOR.txt in the working folder, which nobody (see
    # run-tshark) may not be allowed to read: no news about the capture.
    lines = [line for line in lines if '"IOR.txt"' not in line]
    text = " ".join(lines) if lines else f"tshark exited with status {code}"
    return re.sub(r'The file "[^"]*" ', "the file ", text).rstrip(".")


def read_capture(name, opts):
    if not os.path.exists(name):
        return Result(name, error="no such file")
    if not os.path.isfile(name):
        return Result(name, error="not a regular file")
    cmd = [str(RUN_TSHARK), opts.plugin, "-r", name, "-q", "-z", "tlsdiag,json", *opts.tshark_args]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                          stdin=subprocess.DEVNULL)
    report = first_json_object(proc.stdout)
    if proc.returncode != 0 or report is None:
        # A capture cut short still gives the report of what was read before the cut.
        return Result(name, report=report, error=error_text(proc.stderr, proc.returncode))
    return Result(name, report=report)


class Progress:
    """One line on stderr, rewritten, only when stderr is a terminal."""

    def __init__(self, total, stream=sys.stderr):
        self.total, self.stream = total, stream
        self.shown = stream.isatty()
        self.start = time.monotonic()
        self.last_done, self.last_time = 0, self.start

    def show(self, results):
        if not self.shown:
            return
        now = time.monotonic()
        done = len(results)
        if done != self.last_done:
            self.last_done, self.last_time = done, now
        errors = sum(1 for r in results if r.error)
        failed = sum(r.report["failed"] for r in results if r.report)
        line = f"{done}/{self.total} captures, read errors: {errors}, failed connections: {failed}"
        if 0 < done < self.total:
            # The pace so far, counted down between captures that end.
            per_capture = (self.last_time - self.start) / done
            left = max(0, round(per_capture * (self.total - done) - (now - self.last_time)))
            line += f", about {left // 60}:{left % 60:02d} left"
        self.stream.write("\r\033[K" + line)
        self.stream.flush()

    def clear(self):
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def run_all(names, opts, on_done):
    """Every capture read, at most opts.jobs at once; on_done(results done so
    far) after each and every second. Returns the results in the order of names."""
    results = [None] * len(names)
    done = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        futures = {pool.submit(read_capture, n, opts): i for i, n in enumerate(names)}
        pending = set(futures)
        try:
            while pending:
                finished, pending = concurrent.futures.wait(
                    pending, timeout=1, return_when=concurrent.futures.FIRST_COMPLETED)
                for f in finished:
                    results[futures[f]] = f.result()
                    done.append(f.result())
                on_done(done)
        except KeyboardInterrupt:
            # The running tsharks got the same ^C; start no other.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return results


def json_lines(results):
    """One object per diagnosed connection with "capture" first, one object
    {"capture", "error"} per capture that could not be read (wholly or in part)."""
    for r in results:
        for diagnosis in (r.report or {}).get("diagnoses", []):
            yield json.dumps({"capture": r.name, **diagnosis}, ensure_ascii=False)
        if r.error:
            yield json.dumps({"capture": r.name, "error": r.error}, ensure_ascii=False)


def most_frequent(by_rule, n=None):
    """(rule, count) by count, then rule name."""
    return sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def table(results):
    """The per-capture table, its total, and the findings over all captures."""
    header = ("capture", "connections", "failed", "warnings", "most frequent findings")
    rows, totals, all_rules = [], Counter(), Counter()
    for r in results:
        rep = r.report
        if rep:
            counts = [str(rep["connections"]), str(rep["failed"]), str(rep["warnings"])]
            totals.update({k: rep[k] for k in ("connections", "failed", "warnings")})
            all_rules.update(rep["findings_by_rule"])
            top = ", ".join(f"{rule} {n}" for rule, n in most_frequent(rep["findings_by_rule"], TOP_FINDINGS))
        else:
            counts, top = ["-", "-", "-"], ""
        if r.error:
            top = f"{top} (read error: {r.error})" if top else f"read error: {r.error}"
        rows.append((r.name, *counts, top))
    errors = sum(1 for r in results if r.error)
    total_name = f"total: {len(results)} captures" + (f", {errors} with read errors" if errors else "")
    rows.append((total_name, str(totals["connections"]), str(totals["failed"]), str(totals["warnings"]), ""))

    width = max(len(row[0]) for row in [header, *rows])
    fmt = "{:<%d}  {:>11}  {:>6}  {:>8}  {}" % width
    lines = [fmt.format(*header).rstrip()]
    lines += [fmt.format(*row).rstrip() for row in rows]
    lines += ["", "findings over all captures:" if all_rules else "no findings in any capture"]
    lines += [f"  {rule:<40} {n}" for rule, n in most_frequent(all_rules)]
    return "\n".join(lines) + "\n"


def main(argv):
    try:
        opts = parse_args(argv)
    except UsageError as e:
        print(f"tlsdiag: {e}", file=sys.stderr)
        return 2
    names = find_captures(opts.paths)
    if not names:
        print("tlsdiag: no capture (" + ", ".join(f"*{s}" for s in CAPTURE_SUFFIXES)
              + ") in " + " ".join(opts.paths), file=sys.stderr)
        return 2
    progress = Progress(len(names))
    try:
        results = run_all(names, opts, progress.show)
    except KeyboardInterrupt:
        progress.clear()
        print("tlsdiag: interrupted", file=sys.stderr)
        return 130
    progress.clear()
    if opts.json_lines:
        for line in json_lines(results):
            print(line)
    else:
        sys.stdout.write(table(results))
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
