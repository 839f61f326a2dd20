"""Runs the real tshark with the built tlsdiag plugin.

tshark loads personal plugins only when it is not started as root, so the
plugin goes into a throwaway HOME and tshark runs as nobody when the tests
run as root. Captures are copied into that HOME so that nobody can read them.
"""
import functools
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@functools.lru_cache(maxsize=None)  # one tshark --version per run, not per caller
def wireshark_abi():
    out = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
    version = out.split("(Wireshark) ")[1].split()[0]
    return ".".join(version.split(".")[:2])


def read_error_exit():
    """tshark's exit status for a capture it cannot read to its end (damaged,
    cut short): 2 up to 4.4, WS_EXIT_READ_ERROR (14) from 4.6 on
    (include/ws_exit_codes.h)."""
    return 14 if tuple(map(int, wireshark_abi().split("."))) >= (4, 6) else 2


def sanitizer_env():
    """LD_PRELOAD and options for a plugin built with ASan/UBSan."""
    libs = []
    for lib in ("libasan.so", "libubsan.so"):
        path = subprocess.run(["gcc", "-print-file-name=" + lib], capture_output=True,
                              text=True).stdout.strip()
        libs.append(path)
    return {
        "LD_PRELOAD": ":".join(libs),
        # tshark and GLib keep memory until exit on purpose; leaks are not the question.
        "ASAN_OPTIONS": "detect_leaks=0:halt_on_error=1:abort_on_error=1",
        "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
    }


class Tshark:
    def __init__(self, plugin):
        self.home = Path(tempfile.mkdtemp(prefix="tlsdiag-test-home."))
        plugin_dir = self.home / ".local/lib/wireshark/plugins" / wireshark_abi() / "epan"
        plugin_dir.mkdir(parents=True)
        shutil.copy(plugin, plugin_dir / "tlsdiag.so")
        self.inputs = self.home / "inputs"
        self.inputs.mkdir()
        self._make_readable()
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home),
                    "TZ": "UTC", "LC_ALL": "C.UTF-8"}
        if os.environ.get("TLSDIAG_SANITIZED"):
            self.env.update(sanitizer_env())

    def _make_readable(self):
        for p in [self.home, *self.home.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)

    def stage(self, capture):
        """A copy of `capture` that tshark (maybe as nobody) can read."""
        capture = Path(capture)
        # Its own folder keeps the file's name, which the report prints.
        folder = self.inputs / str(abs(hash(str(capture.resolve()))))
        target = folder / capture.name
        if not target.exists():
            folder.mkdir(mode=0o755, exist_ok=True)
            folder.chmod(0o755)
            shutil.copy(capture, target)
            target.chmod(0o644)
        return target

    def run(self, *args, capture=None, timeout=120):
        cmd = ["tshark"]
        if capture is not None:
            cmd += ["-r", str(self.stage(capture))]
        cmd += list(args)
        if os.geteuid() == 0:
            cmd = NOBODY + ["env", *[f"{k}={v}" for k, v in self.env.items()]] + cmd
        return subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                              timeout=timeout, env=self.env, cwd=self.home)

    def packets(self, capture, *args, fields=("frame.number", "tlsdiag.rule", "tlsdiag.summary")):
        """One dict per packet of `-T ek` output, field name -> list of values."""
        extra = []
        for f in fields:
            extra += ["-e", f]
        proc = self.run("-T", "ek", *extra, *args, capture=capture)
        assert proc.returncode == 0, proc.stderr
        out = []
        for line in proc.stdout.splitlines():
            doc = json.loads(line)
            if "layers" not in doc:
                continue
            out.append({k.replace("_", ".", 1): v for k, v in doc["layers"].items()})
        return out

    def findings(self, capture, *args):
        """Sorted (frame, rule) pairs, with the summaries by the same key."""
        pairs = []
        for pkt in self.packets(capture, *args):
            rules = pkt.get("tlsdiag.rule", [])
            for rule in rules:
                pairs.append((int(pkt["frame.number"][0]), rule))
        return sorted(pairs)

    def summaries(self, capture, *args):
        out = {}
        for pkt in self.packets(capture, *args):
            rules = pkt.get("tlsdiag.rule", [])
            for rule, summary in zip(rules, pkt.get("tlsdiag.summary", [])):
                out[(int(pkt["frame.number"][0]), rule)] = summary
        return out

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)
