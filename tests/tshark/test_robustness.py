"""Bad input never crashes or hangs tshark with the plugin, and yields no
finding or a clear one, never garbage. tests/run runs this file a second time
with the plugin built with AddressSanitizer and UBSan.

Each capture with findings is turned into variants (truncated, mutated, cut
short, started late, reordered); all variants run up front, in parallel, since
every tshark start costs about a second."""
import json
import os
import re
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from conftest import TESTDATA, manifest

# Every capture with findings; of the carriers (testdata/carriers), the ones
# of the certificate scenario: each carrier once, the mutated link layers
# included (fuzz/link_layers_fuzzer goes further).
CAPTURES = [c["file"] for c in manifest()
            if c["findings"] and not (c["file"].startswith("carriers/") and "rst_after" in c["file"])]
SUMMARY = re.compile(r"^[\x20-\x7e\u2013]{20,600}$")


@dataclass
class Variant:
    kind: str          # truncated | mutated | cut | late | swapped
    capture: str
    path: str
    args: tuple = ()
    result: dict = field(default_factory=dict)


def editcap(source, out, *args):
    subprocess.run(["editcap", "-F", "pcap", *args, str(source), str(out)], check=True,
                   capture_output=True)
    return out


def read_pcap(path):
    data = path.read_bytes()
    header, packets, pos = data[:24], [], 24
    while pos + 16 <= len(data):
        incl = struct.unpack("<I", data[pos + 8:pos + 12])[0]
        packets.append(data[pos:pos + 16 + incl])
        pos += 16 + incl
    return header, packets


def spread(n, most):
    """Up to `most` indexes spread over range(n)."""
    if n <= most:
        return list(range(n))
    return sorted({round(i * (n - 1) / (most - 1)) for i in range(most)})


def variants_of(capture, folder):
    source = TESTDATA / capture
    out = [Variant("truncated", capture, str(editcap(source, folder / "cut60.pcap", "-s", "60")))]
    for seed in range(2):
        bad = editcap(source, folder / f"mutated{seed}.pcap", "-E", "0.02", "--seed", str(seed))
        out.append(Variant("mutated", capture, str(bad), ("-2",) if seed == 0 else ()))
    header, packets = read_pcap(editcap(source, folder / "all.pcap"))

    def write(name, pkts):
        path = folder / name
        path.write_bytes(header + b"".join(pkts))
        return str(path)

    for n in spread(len(packets), 6)[1:]:
        out.append(Variant("cut", capture, write(f"first{n}.pcap", packets[:n])))
    for skip in (1, 3):
        out.append(Variant("late", capture, write(f"from{skip}.pcap", packets[skip:])))
    for i in spread(len(packets) - 1, 3):
        swapped = packets[:i] + [packets[i + 1], packets[i]] + packets[i + 2:]
        out.append(Variant("swapped", capture, write(f"swap{i}.pcap", swapped)))
    return out


def run(tshark, v):
    proc = tshark.run("-T", "ek", "-e", "frame.number", "-e", "tlsdiag.rule", "-e",
                      "tlsdiag.summary", *v.args, capture=v.path)
    found = []
    for line in proc.stdout.splitlines():
        if '"tlsdiag_rule"' in line:
            layers = json.loads(line)["layers"]
            found.append((layers["tlsdiag_rule"], layers.get("tlsdiag_summary", [])))
    v.result = {"code": proc.returncode, "stderr": proc.stderr, "found": found}
    return v


@pytest.fixture(scope="module")
def variants(tshark, tmp_path_factory):
    everything = {}
    for capture in CAPTURES:
        folder = tmp_path_factory.mktemp(capture.replace(".", "_").replace("/", "_"))
        everything[capture] = variants_of(capture, folder)
    flat = [v for vs in everything.values() for v in vs]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda v: run(tshark, v), flat))
    return everything


@pytest.fixture(scope="module")
def known_rules(tshark):
    out = tshark.run("-G", "fields").stdout
    return {l.split("\t")[2][len("tlsdiag."):] for l in out.splitlines()
            if l.startswith("F\t") and "\tFT_NONE\ttlsdiag\t" in l}


@pytest.fixture(scope="module")
def originals(tshark):
    return {c: {r for _, r in tshark.findings(TESTDATA / c)} for c in CAPTURES}


def sane_rules(v, known_rules):
    """tshark ended normally and every finding is well formed; its rule ids."""
    r = v.result
    assert r["code"] in (0, 2), (v.path, r["stderr"][-2000:])  # 2: "the file appears damaged"
    assert "Sanitizer" not in r["stderr"] and "runtime error" not in r["stderr"], r["stderr"][-4000:]
    rules = []
    for ids, summaries in r["found"]:
        assert len(ids) == len(summaries), v.path
        for rule, summary in zip(ids, summaries):
            assert rule in known_rules, (v.path, rule)
            assert SUMMARY.match(summary), (v.path, summary)
            rules.append(rule)
    return rules


@pytest.mark.parametrize("capture", CAPTURES)
def test_truncated_to_60_bytes_gives_nothing(variants, known_rules, capture):
    # Deep carriers leave their TCP header cut in 60 bytes: that is said
    # (capture.tcp_not_read, once), nothing else.
    for v in variants[capture]:
        if v.kind == "truncated":
            assert sane_rules(v, known_rules) in ([], ["capture.tcp_not_read"])


@pytest.mark.parametrize("capture", CAPTURES)
def test_mutated_bytes_give_only_well_formed_findings(variants, known_rules, capture):
    for v in variants[capture]:
        if v.kind == "mutated":
            sane_rules(v, known_rules)


@pytest.mark.parametrize("capture", CAPTURES)
def test_a_capture_cut_short_tells_part_of_the_story(variants, known_rules, originals, capture):
    for v in variants[capture]:
        if v.kind == "cut":
            assert set(sane_rules(v, known_rules)) <= originals[capture], v.path


@pytest.mark.parametrize("capture", CAPTURES)
def test_a_capture_started_late_invents_nothing(variants, known_rules, originals, capture):
    for v in variants[capture]:
        if v.kind == "late":
            assert set(sane_rules(v, known_rules)) <= originals[capture], v.path


@pytest.mark.parametrize("capture", CAPTURES)
def test_swapped_packets_give_only_well_formed_findings(variants, known_rules, capture):
    # A reordered capture may rightly tell another story (a FIN before the alert).
    for v in variants[capture]:
        if v.kind == "swapped":
            sane_rules(v, known_rules)


def test_non_tls_bytes_on_port_443(tshark):
    [entry] = [c for c in manifest() if c["file"].startswith("non_tls")]
    proc = tshark.run("-Y", "tlsdiag", capture=TESTDATA / entry["file"])
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr


# TLS 1.3 certificates are encrypted: there the key log would be the input.
CERT_CAPTURES = [c for c in CAPTURES if c.startswith("cert_") and not
                 next(e for e in manifest() if e["file"] == c).get("keylog")]


def first_certificate(tshark, capture):
    """The DER of the first certificate tshark shows in the capture."""
    out = tshark.run("-Y", "tls.handshake.certificate", "-T", "fields", "-e",
                     "tls.handshake.certificate", capture=capture).stdout
    return bytes.fromhex(out.split()[0].split(",")[0].replace(":", ""))


@pytest.mark.parametrize("capture", CERT_CAPTURES)
def test_damaged_certificate_bytes(tshark, known_rules, tmp_path, capture):
    """Bytes of the first certificate flipped in place (TLS framing intact):
    whatever GnuTLS makes of it, no crash and only well-formed findings."""
    source = TESTDATA / capture
    der = first_certificate(tshark, source)
    data = source.read_bytes()
    start = data.index(der)
    flips = []
    for i in spread(len(der), 8):
        bad = bytearray(data)
        bad[start + i] ^= 0xFF
        path = tmp_path / f"flip{i}.pcapng"
        path.write_bytes(bytes(bad))
        flips.append(Variant("flipped", capture, str(path)))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda v: run(tshark, v), flips))
    for v in flips:
        sane_rules(v, known_rules)
