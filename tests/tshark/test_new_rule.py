"""tools/new-rule on a copy of the tree: the new rule is in the catalog the
build makes, with its files, and every blank left says FILL IN."""
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

RULE = "tls.example_scaffold"
STEM = "tls_example_scaffold"


def source_files():
    """The tree's files: git's list in a checkout; every file but the build
    trees in a copy without .git (tests/compat's roots)."""
    if (ROOT / ".git").exists():
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
        return [n for n in out.split("\n") if n]
    return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
            if p.is_file() and p.relative_to(ROOT).parts[0] != "build"]


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    tree = tmp_path_factory.mktemp("tree")
    for name in source_files():
        if name.startswith("testdata/") and not name.endswith((".json", ".sh")):
            continue  # captures: not needed to build
        if not (ROOT / name).exists():
            continue  # deleted in the working tree
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    result = subprocess.run([str(tree / "tools/new-rule"), RULE, "--title", "An example rule",
                             "--severity", "warning", "--group", "protocol", "--wakes", "clienthello"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return tree


def test_creates_the_files_with_blanks_to_fill(scaffolded):
    for name in (f"rules/{STEM}.cpp", f"tests/unit/{STEM}_test.cpp", f"docs/rules/{RULE}.md",
                 f"testdata/make/{STEM}.sh"):
        assert "FILL IN" in (scaffolded / name).read_text(), name
    assert f"| `{RULE}` | warning | protocol | An example rule |" in \
        (scaffolded / "docs/rules/README.md").read_text()
    assert f'"rule": "{RULE}"' in (scaffolded / "testdata/manifest.json").read_text()


def test_refuses_a_rule_that_exists(scaffolded):
    again = subprocess.run([str(scaffolded / "tools/new-rule"), RULE, "--title", "x", "--severity",
                            "note", "--group", "protocol", "--wakes", "fin"],
                           capture_output=True, text=True)
    assert again.returncode != 0 and "exists already" in again.stderr


def test_the_build_lists_the_new_rule_in_its_catalog(scaffolded):
    build = scaffolded / "build"
    subprocess.run(["cmake", "-S", str(scaffolded), "-B", str(build), "-G", "Ninja",
                    "-DTLSDIAG_BUILD_TESTS=OFF", "-DTLSDIAG_WERROR=ON"], check=True,
                   capture_output=True)
    made = subprocess.run(["cmake", "--build", str(build), "--target", "tlsdiag-catalog"],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stdout[-3000:]
    rows = subprocess.run([str(build / "tlsdiag-catalog")], capture_output=True, text=True,
                          check=True).stdout.splitlines()
    assert [r.split("\t")[:4] for r in rows if r.startswith(RULE + "\t")] == \
        [[RULE, "warning", "protocol", "An example rule"]]
