"""The Debian package (cmake/package.cmake): built from the test build tree,
installed, used by root's tshark, removed.

It is installed into a throwaway copy of this very system, never into the
system itself: in a private mount namespace (unshare), an overlay whose lower
layer is / and whose upper layer is a tmpfs, chrooted into. Every write of
dpkg lands in the tmpfs, which disappears with the namespace when the script
ends, failed or not; other users of the machine never see the package (a
system-wide tlsdiag.so would shadow the personal one their tests load).
Needs root and a root filesystem that is one mount (what / holds is what the
overlay shows).
"""
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD, TESTDATA

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="installs a package in a scratch root: needs root")

CAPTURE = TESTDATA / "rst_after_client_hello.pcapng"  # its one finding: tcp.rst_after_client_hello at frame 6

# Runs in the namespace; the outputs go to $out (outside the overlay, so they stay).
SCRIPT = r'''
set -euo pipefail
deb=$1 capture=$2 out=$3 plugins=$4 scratch=$5
mount -t tmpfs tmpfs "$scratch"
mkdir "$scratch/upper" "$scratch/work" "$scratch/root"
m=$scratch/root
mount -t overlay overlay -o "lowerdir=/,upperdir=$scratch/upper,workdir=$scratch/work" "$m"
mount -t proc proc "$m/proc"
mount --bind /dev "$m/dev"
mkdir -p "$m/package"
cp "$deb" "$capture" "$m/package/"
in_root() { chroot "$m" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TZ=UTC LC_ALL=C.UTF-8 "$@"; }
status() { local rc=0; "$@" >"$out/$step.out" 2>"$out/$step.err" || rc=$?; echo $rc >"$out/$step.rc"; }
cap=/package/$(basename "$capture")
step=profile_before; status in_root tshark -C tlsdiag -r "$cap" -c 1
step=install;        status in_root dpkg -i "/package/$(basename "$deb")"
step=plugins;        status in_root tshark -G plugins
step=findings;       status in_root tshark -r "$cap" -Y tlsdiag.rule -T fields -e frame.number -e tlsdiag.rule
step=profile;        status in_root tshark -C tlsdiag -r "$cap" -c 1
step=remove;         status in_root dpkg -r wireshark-tlsdiag
step=listed;         status in_root dpkg -L wireshark-tlsdiag
step=left;           status in_root sh -c 'ls -d "$0"/tlsdiag.so /usr/share/wireshark/profiles/tlsdiag 2>/dev/null; true' "$plugins"
'''


def cache_value(name):
    for line in (BUILD / "CMakeCache.txt").read_text().splitlines():
        if line.startswith(name + ":"):
            return line.split("=", 1)[1]
    raise KeyError(name)


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, check=True, **kw).stdout.strip()


@pytest.fixture(scope="module")
def deb(tmp_path_factory):
    out = tmp_path_factory.mktemp("deb")
    run("cpack", "-G", "DEB", "-B", str(out), "--config", str(BUILD / "CPackConfig.cmake"), cwd=BUILD)
    return sorted(out.glob("*.deb"))


def libwireshark_package():
    """The package holding the libwireshark.so.N that the plugin links to (libwireshark16 for 4.0)."""
    libdir = run("pkg-config", "--variable=libdir", "wireshark")
    lib = os.path.realpath(next(Path(libdir).glob("libwireshark.so.*")))
    return run("dpkg-query", "-S", lib).split(":")[0]


def plugin_dir():
    return run("pkg-config", "--variable=plugindir", "wireshark") + "/epan"


def test_package_name_files_and_dependency(deb):
    version = cache_value("CMAKE_PROJECT_VERSION")
    arch = run("dpkg", "--print-architecture")
    assert [d.name for d in deb] == [f"wireshark-tlsdiag_{version}_{arch}.deb"]
    files = sorted(l.split()[-1].lstrip(".") for l in run("dpkg-deb", "-c", str(deb[0])).splitlines()
                   if not l.startswith("d"))
    assert files == sorted([f"{plugin_dir()}/tlsdiag.so",
                            "/usr/share/wireshark/profiles/tlsdiag/colorfilters",
                            "/usr/share/wireshark/profiles/tlsdiag/dfilter_buttons",
                            "/usr/share/wireshark/profiles/tlsdiag/preferences"])
    depends = [d.strip() for d in run("dpkg-deb", "-f", str(deb[0]), "Depends").split(",")]
    assert libwireshark_package() in depends, depends


def test_installed_for_root_used_and_removed_without_a_trace(deb, tmp_path):
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    out.mkdir()
    scratch.mkdir()
    subprocess.run(["unshare", "--mount", "--propagation", "private", "bash", "-c", SCRIPT, "package",
                    str(deb[0]), str(CAPTURE), str(out), plugin_dir(), str(scratch)],
                   check=True, timeout=600)

    def step(name):
        return (int((out / f"{name}.rc").read_text()), (out / f"{name}.out").read_text(),
                (out / f"{name}.err").read_text())

    # Before: no such profile (so finding it later is the package's doing).
    rc, _, err = step("profile_before")
    assert rc != 0 and 'Configuration Profile "tlsdiag" does not exist' in err, err
    rc, _, err = step("install")
    assert rc == 0, err
    # System plugins are loaded for root too: the package's copy, from Wireshark's plugin folder.
    rc, plugins, err = step("plugins")
    assert rc == 0, err
    lines = [[f.strip() for f in l.split("\t")] for l in plugins.splitlines() if l.startswith("tlsdiag.so")]
    assert [(l[0], l[1], l[-1]) for l in lines] == [
        ("tlsdiag.so", cache_value("CMAKE_PROJECT_VERSION"), f"{plugin_dir()}/tlsdiag.so")]
    rc, findings, err = step("findings")
    assert rc == 0, err
    assert findings.splitlines() == ["6\ttcp.rst_after_client_hello"]
    rc, _, err = step("profile")
    assert rc == 0, err
    rc, _, err = step("remove")
    assert rc == 0, err
    # dpkg no longer knows the package, and none of its files is left.
    rc, listed, err = step("listed")
    assert rc != 0 and listed == "" and "wireshark-tlsdiag" in err
    rc, left, _ = step("left")
    assert rc == 0 and left == ""
