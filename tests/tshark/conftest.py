import json
import os
from pathlib import Path

import pytest

from tshark_runner import Tshark

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "testdata"
CORPUS = ROOT.parent / "shared" / "corpus"


def manifest():
    with open(TESTDATA / "manifest.json", encoding="utf-8") as f:
        return json.load(f)["captures"]


PLUGIN = Path(os.environ.get("TLSDIAG_PLUGIN", str(ROOT / "build/test/plugin/tlsdiag.so")))
BUILD = PLUGIN.parents[1]  # the build tree the plugin comes from


@pytest.fixture(scope="session")
def tshark():
    assert PLUGIN.exists(), f"build the plugin first (tests/run): {PLUGIN} is missing"
    t = Tshark(PLUGIN)
    yield t
    t.close()
