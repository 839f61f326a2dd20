import json
import os
from pathlib import Path

import pytest

from tshark_runner import Tshark

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "testdata"
CORPUS = ROOT.parent / "shared" / "corpus"


def manifest():
    """Every capture of testdata/manifest*.json (manifest.json, manifest_certs.json, ...)."""
    captures = []
    for path in sorted(TESTDATA.glob("manifest*.json")):
        with open(path, encoding="utf-8") as f:
            captures += json.load(f)["captures"]
    return captures


def capture_options(tshark, entry):
    """The tshark options a manifest entry's findings need: its TLS key log
    ("keylog") and the CA bundle for tlsdiag.trust_store ("trust_store"),
    both files in testdata/, staged where tshark can read them, and "args"."""
    args = []
    if entry.get("keylog"):
        args += ["-o", f"tls.keylog_file:{tshark.stage(TESTDATA / entry['keylog'])}"]
    if entry.get("trust_store"):
        args += ["-o", f"tlsdiag.trust_store:{tshark.stage(TESTDATA / entry['trust_store'])}"]
    # Options Wireshark's own dissection needs to show the evidence (tlsdiag reads the same without them).
    args += entry.get("args", [])
    return args


PLUGIN = Path(os.environ.get("TLSDIAG_PLUGIN", str(ROOT / "build/test/plugin/tlsdiag.so")))
BUILD = PLUGIN.parents[1]  # the build tree the plugin comes from


@pytest.fixture(scope="session")
def tshark():
    assert PLUGIN.exists(), f"build the plugin first (tests/run): {PLUGIN} is missing"
    t = Tshark(PLUGIN)
    yield t
    t.close()
