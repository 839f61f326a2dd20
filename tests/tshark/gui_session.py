"""The real Wireshark GUI with the built tlsdiag plugin on a virtual X
display (Xvfb), driven with xdotool as a user would, its clipboard read with
xclip. Wireshark runs as nobody when the tests run as root (it loads personal
plugins only then), with a throwaway HOME holding the plugin and the capture.
"""
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tshark_runner import NOBODY, wireshark_abi

TOOLS = ("wireshark", "Xvfb", "xdotool", "xclip")


def missing_tools():
    return [t for t in TOOLS if shutil.which(t) is None]


class GuiSession:
    def __init__(self, plugin, capture):
        self.home = Path(tempfile.mkdtemp(prefix="tlsdiag-gui-home."))
        plugin_dir = self.home / ".local/lib/wireshark/plugins" / wireshark_abi() / "epan"
        plugin_dir.mkdir(parents=True)
        shutil.copy(plugin, plugin_dir / "tlsdiag.so")
        config = self.home / ".config/wireshark"
        config.mkdir(parents=True)
        # A known main window size and no "running as root" question.
        (config / "recent_common").write_text(
            "gui.geometry_main_x: 0\ngui.geometry_main_y: 0\n"
            "gui.geometry_main_width: 1600\ngui.geometry_main_height: 1000\n"
            "gui.geometry_main_maximized: FALSE\nprivs.warn_if_elevated: FALSE\n")
        self.capture = self.home / Path(capture).name
        shutil.copy(capture, self.capture)
        runtime = self.home / "runtime"
        runtime.mkdir(mode=0o700)
        for p in [self.home, *self.home.rglob("*")]:
            p.chmod(0o777 if p.is_dir() else 0o666)
        runtime.chmod(0o700)
        if os.geteuid() == 0:
            for p in [self.home, *self.home.rglob("*")]:
                os.chown(p, 65534, 65534)
        self.xvfb = self.wireshark = None
        self.display = self._start_xvfb()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home),
               "DISPLAY": self.display, "XDG_RUNTIME_DIR": str(runtime), "QT_QPA_PLATFORM": "xcb",
               "TZ": "UTC", "LC_ALL": "C.UTF-8"}
        cmd = ["wireshark", "-r", str(self.capture)]
        if os.geteuid() == 0:
            cmd = NOBODY + ["env", *[f"{k}={v}" for k, v in env.items()]] + cmd
        self.wireshark = subprocess.Popen(cmd, env=env, cwd=self.home, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)

    def _start_xvfb(self):
        # Xvfb picks a free display and writes its number to the pipe.
        read_end, write_end = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_end)
        with os.fdopen(read_end) as f:
            number = f.readline().strip()
        assert number, "Xvfb did not start"
        return ":" + number

    def close(self):
        for proc in (self.wireshark, self.xvfb):
            if proc and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        shutil.rmtree(self.home, ignore_errors=True)

    def _x(self, *args, timeout=20):
        return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "DISPLAY": self.display})

    def xdotool(self, *args):
        return self._x("xdotool", *args).stdout

    def windows(self, name):
        """Visible windows whose title matches the regular expression `name`."""
        out = self.xdotool("search", "--onlyvisible", "--name", name)
        return [w for w in out.split() if w]

    def title(self, window):
        return self.xdotool("getwindowname", window).strip()

    def size(self, window):
        out = self.xdotool("getwindowgeometry", "--shell", window)
        values = dict(line.split("=", 1) for line in out.split())
        return int(values["WIDTH"]), int(values["HEIGHT"])

    def wait_window(self, name, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.windows(name)
            if found:
                time.sleep(1)  # drawn and taking input
                return found[0]
            assert self.wireshark.poll() is None, "wireshark exited"
            time.sleep(0.5)
        raise AssertionError(f"no window named {name!r} after {timeout} s")

    def wait_gone(self, window, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if window not in self.xdotool("search", "--onlyvisible", "--name", ".").split():
                return
            time.sleep(0.3)
        raise AssertionError(f"window {window} still open after {timeout} s")

    def focus(self, window):
        """Keyboard input to `window`: there is no window manager to give it."""
        self.xdotool("windowfocus", "--sync", window)
        time.sleep(0.3)

    def click(self, window, x, y):
        self.xdotool("mousemove", "--window", window, str(x), str(y), "click", "1")
        time.sleep(0.5)

    def keys(self, *keys):
        for k in keys:
            self.xdotool("key", k)
            time.sleep(0.2)

    def type(self, text):
        self.xdotool("type", text)

    def clipboard(self):
        return self._x("xclip", "-o", "-selection", "clipboard").stdout

    def copy_all(self, window, x, y):
        """Selects all of the text widget at (x, y) of `window` and copies it."""
        self.click(window, x, y)
        self.keys("ctrl+a", "ctrl+c")
        time.sleep(0.5)
        return self.clipboard()

    def screenshot(self, path):
        self._x("import", "-window", "root", str(path))
