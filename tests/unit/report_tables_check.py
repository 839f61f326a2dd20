#!/usr/bin/env python3
"""The build step that generates the report tables (tools/gen_tables.py
report) must refuse a row whose rule id is not in the catalog or whose `when`
names an unknown condition, and accept the real tables.
usage: report_tables_check.py GEN_TABLES CATALOG_TSV WHEN_NAMES LIKELY_CAUSES_TSV CLIENT_REPORTS_TSV
"""
import subprocess
import sys
import tempfile
from pathlib import Path

GEN, CATALOG, WHEN, CAUSES, REPORTS = sys.argv[1:6]
failures = []


def generate(causes, reports, out):
    return subprocess.run([sys.executable, GEN, "report", str(causes), str(reports), str(out),
                           "--catalog", CATALOG, "--when", WHEN], capture_output=True, text=True)


def with_second_row(path, tmp, column, value):
    """A copy of the TSV whose first data row has `value` in `column`."""
    lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split("\t")
    cells = lines[1].rstrip("\n").split("\t")
    cells[header.index(column)] = value
    lines[1] = "\t".join(cells) + "\n"
    copy = Path(tmp) / (Path(path).stem + f".{column}.tsv")
    copy.write_text("".join(lines), encoding="utf-8")
    return copy


def expect_failure(name, causes, reports, message, tmp):
    out = Path(tmp) / f"{name}.inc"
    r = generate(causes, reports, out)
    if r.returncode == 0 or message not in r.stderr or out.exists():
        failures.append(f"{name}: rc={r.returncode}, written={out.exists()}, stderr={r.stderr!r}")


with tempfile.TemporaryDirectory() as tmp:
    good = generate(CAUSES, REPORTS, Path(tmp) / "good.inc")
    if good.returncode != 0:
        failures.append(f"the real tables are refused: {good.stderr}")
    expect_failure("unknown rule in likely_causes",
                   with_second_row(CAUSES, tmp, "rule", "tcp.no_such_rule"), REPORTS,
                   "likely_causes.rule.tsv:2: unknown rule id 'tcp.no_such_rule'", tmp)
    expect_failure("unknown when in likely_causes",
                   with_second_row(CAUSES, tmp, "when", "by_server+no_such_condition"), REPORTS,
                   "likely_causes.when.tsv:2: unknown when name 'no_such_condition'", tmp)
    expect_failure("unknown rule in client_reports", CAUSES,
                   with_second_row(REPORTS, tmp, "rule", "alert.no_such_alert"),
                   "client_reports.rule.tsv:2: unknown rule id 'alert.no_such_alert'", tmp)
    expect_failure("unknown when in client_reports", CAUSES,
                   with_second_row(REPORTS, tmp, "when", "by_serv"),
                   "client_reports.when.tsv:2: unknown when name 'by_serv'", tmp)

print("\n".join(failures) or "ok: the real tables pass, 4 bad copies are refused")
sys.exit(1 if failures else 0)
