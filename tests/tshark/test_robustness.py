"""Bad input never crashes or hangs tshark with the plugin, and yields no
finding or a clear one, never garbage. tests/run runs this file a second time
with the plugin built with AddressSanitizer and UBSan."""
import re
import struct
import subprocess

import pytest

from conftest import TESTDATA, manifest

CAPTURES = [c for c in manifest() if c["findings"]]
IDS = [c["file"] for c in CAPTURES]
SUMMARY = re.compile(r"^[\x20-\x7e\u2013]{20,400}$")


def known_rules(tshark):
    out = tshark.run("-G", "fields").stdout
    return {l.split("\t")[2][len("tlsdiag."):] for l in out.splitlines()
            if l.startswith("F\t") and "\tFT_NONE\ttlsdiag\t" in l}


def assert_sane(tshark, capture, *args):
    """tshark ends normally and every finding is well formed."""
    proc = tshark.run("-T", "ek", "-e", "frame.number", "-e", "tlsdiag.rule", "-e",
                      "tlsdiag.summary", *args, capture=capture)
    assert proc.returncode in (0, 2), proc.stderr[-2000:]  # 2: tshark says the file is damaged
    assert "Sanitizer" not in proc.stderr and "runtime error" not in proc.stderr, proc.stderr[-4000:]
    rules = known_rules(tshark)
    found = []
    for line in proc.stdout.splitlines():
        if '"tlsdiag_rule"' not in line:
            continue
        layers = __import__("json").loads(line)["layers"]
        assert len(layers["tlsdiag_rule"]) == len(layers["tlsdiag_summary"])
        for rule, summary in zip(layers["tlsdiag_rule"], layers["tlsdiag_summary"]):
            assert rule in rules
            assert SUMMARY.match(summary), summary
            found.append(rule)
    return found


def editcap(tmp_path, source, name, *args):
    out = tmp_path / name
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


def write_pcap(path, header, packets):
    path.write_bytes(header + b"".join(packets))


def spread(n, most=10):
    """Up to `most` indexes spread over range(n): each tshark run costs ~1 s."""
    if n <= most:
        return list(range(n))
    return sorted({round(i * (n - 1) / (most - 1)) for i in range(most)})


@pytest.mark.parametrize("entry", CAPTURES, ids=IDS)
def test_truncated_to_60_bytes_gives_nothing(tshark, tmp_path, entry):
    cut = editcap(tmp_path, TESTDATA / entry["file"], "cut.pcap", "-s", "60")
    assert assert_sane(tshark, cut) == []


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("entry", CAPTURES, ids=IDS)
def test_mutated_bytes(tshark, tmp_path, entry, seed):
    bad = editcap(tmp_path, TESTDATA / entry["file"], "bad.pcap", "-E", "0.02", "--seed", str(seed))
    assert_sane(tshark, bad, *(["-2"] if seed == 0 else []))


@pytest.mark.parametrize("entry", CAPTURES, ids=IDS)
def test_every_cut_point(tshark, tmp_path, entry):
    """The capture ending after each packet: a prefix of the story, no new rule."""
    full = {r for _, r in tshark.findings(TESTDATA / entry["file"])}
    header, packets = read_pcap(editcap(tmp_path, TESTDATA / entry["file"], "all.pcap"))
    for n in spread(len(packets))[1:]:
        part = tmp_path / f"first{n}.pcap"
        write_pcap(part, header, packets[:n])
        assert set(assert_sane(tshark, part)) <= full


@pytest.mark.parametrize("entry", CAPTURES, ids=IDS)
def test_mid_stream_start(tshark, tmp_path, entry):
    """Captures that start late (the first packets missing) invent nothing."""
    full = {r for _, r in tshark.findings(TESTDATA / entry["file"])}
    header, packets = read_pcap(editcap(tmp_path, TESTDATA / entry["file"], "all.pcap"))
    for skip in range(1, min(len(packets), 5)):
        late = tmp_path / f"from{skip}.pcap"
        write_pcap(late, header, packets[skip:])
        assert set(assert_sane(tshark, late)) <= full


@pytest.mark.parametrize("entry", CAPTURES, ids=IDS)
def test_out_of_order(tshark, tmp_path, entry):
    """Neighbouring packets swapped: no crash and only well-formed findings (a
    reordered capture may rightly tell another story, e.g. a FIN before the alert)."""
    header, packets = read_pcap(editcap(tmp_path, TESTDATA / entry["file"], "all.pcap"))
    for i in spread(len(packets) - 1, most=6):
        swapped = packets[:i] + [packets[i + 1], packets[i]] + packets[i + 2:]
        path = tmp_path / f"swap{i}.pcap"
        write_pcap(path, header, swapped)
        assert_sane(tshark, path)


def test_non_tls_bytes_on_port_443(tshark):
    [entry] = [c for c in manifest() if c["file"].startswith("non_tls")]
    assert assert_sane(tshark, TESTDATA / entry["file"]) == []


# TLS 1.3 certificates are encrypted: there the key log would be the input.
CERT_CAPTURES = [c for c in CAPTURES if c["file"].startswith("cert_") and not c.get("keylog")]


def first_certificate(tshark, capture):
    """The DER of the first certificate tshark shows in the capture."""
    out = tshark.run("-Y", "tls.handshake.certificate", "-T", "fields", "-e",
                     "tls.handshake.certificate", capture=capture).stdout
    return bytes.fromhex(out.split()[0].split(",")[0].replace(":", ""))


@pytest.mark.parametrize("entry", CERT_CAPTURES, ids=[c["file"] for c in CERT_CAPTURES])
def test_damaged_certificate_bytes(tshark, tmp_path, entry):
    """Bytes of the first certificate flipped in place (TLS framing intact):
    whatever GnuTLS makes of it, no crash and only well-formed findings."""
    source = TESTDATA / entry["file"]
    der = first_certificate(tshark, source)
    data = source.read_bytes()
    start = data.index(der)
    for i in spread(len(der), most=8):
        bad = bytearray(data)
        bad[start + i] ^= 0xFF
        path = tmp_path / f"flip{i}.pcapng"
        path.write_bytes(bytes(bad))
        assert_sane(tshark, path)
