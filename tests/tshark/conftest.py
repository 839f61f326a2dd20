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


@pytest.fixture(scope="session")
def tshark():
    plugin = os.environ.get("TLSDIAG_PLUGIN", str(ROOT / "build/test/plugin/tlsdiag.so"))
    assert Path(plugin).exists(), f"build the plugin first (tests/run): {plugin} is missing"
    t = Tshark(plugin)
    yield t
    t.close()
