#!/usr/bin/python3
"""Captures of plain TCP connections that carry no TLS at all: random bytes,
compressed data and media-like bytes, both directions sending, on ports 80,
443, 8443 and random high ports. tests/tshark/test_not_tls.py asserts that
tlsdiag finds no TLS connection in them.

Real software only: the kernel's TCP on the loopback of a private network
namespace, Python sockets sending the payload, dumpcap capturing. The payload
is seeded, so every run sends the same bytes in the same TCP segments; ports,
sequence numbers and timestamps differ from run to run.

  random_payload.py OUT_DIR              all three captures into OUT_DIR
  random_payload.py OUT_DIR --kind media only one
  random_payload.py --plan-only          the plan's statistics, no capture

Each capture is made by its own process inside `unshare --net` (a network
namespace with only a loopback, gone when the process ends, so nothing can
leak), the three in parallel. As root only.

Why the captures fool a reader that takes too little for TLS
-------------------------------------------------------------

A reader that starts a TLS stream on any segment that begins like an SSLv2
ClientHello header, `(d[0] & 0x80) && d[2] == 1 && d[3] <= 3`, is fooled by
one random segment start in 2 * 256 * 64 = 32768; the SSLv2 record's length
((d[0] & 0x7f) << 8 | d[1], up to 32767 bytes) must then follow in the same
direction before such a reader has its "ClientHello". By volume alone a
capture would need about 7 * 32768 = 230,000 segments to hold one such
start with probability 0.999 (1 - e^-7). A segment that begins `16 03 0X` with a length
of at most 18432 happens at one random segment start in about 12 million.

So instead of volume, the plan decides where segments begin (each
application write is sent as its own TCP segment: TCP_NODELAY, no
autocorking, and the next write only once the previous one is ACKed):

- `LURES` connection directions per capture send a slice of the seeded
  random (or compressed) stream that the plan searched for a place that looks
  like an SSLv2 ClientHello header whose record fits in what follows; a
  segment begins exactly there (for random and media, a quarter of them as
  the direction's very first segment). No byte is changed: what volume would
  bring by chance, search brings on purpose.
- In every other direction, any such place that happens to occur also begins
  a segment.
- In the media capture about one segment in 25 (and the first segment of one
  direction in ten) begins with a planted TLS record header `16 03 0X LL LL`
  (X 0-4, 1 <= LL <= 16384) followed by random bytes that do not form a
  handshake message header fitting in the record (so neither Wireshark nor a
  careful reader sees a handshake message there).
- In the media capture `HELLO_LURES` connections on port 80 have one segment
  (the direction's first, or one later) that begins with a record header and
  a ClientHello header filling it (`16 03 0X LL LL 01 00 HH HH`, 4 + HH ==
  LL, the whole record sent), and random bytes as the ClientHello's body:
  a reader that takes any handshake record with a ClientHello type for TLS
  is fooled; one that parses the hello completely is not. Port 80 because
  there Wireshark's HTTP dissector takes the bytes by port, so Wireshark
  shows no handshake either (its TLS heuristics would on a high port).

Reproducible: the plan (ports, sizes, payload bytes, write boundaries) is a
function of SEED and this file; the compressed payload also of zlib's
version (Debian 12: zlib 1.2.13).
"""
import argparse
import fcntl
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import termios
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240611
CONNECTIONS = 500
LURES = 24                     # SSLv2-looking segment starts searched per capture
HELLO_LURES = 12               # media: planted record + ClientHello headers on port 80
KINDS = ("random", "compressed", "media")
PYTHON = "/usr/bin/python3"

# (d[0] & 0x80) && d[2] == 1 && d[3] <= 3, found at every offset (overlapping).
SSLV2_START = re.compile(rb"(?=[\x80-\xff][\x00-\xff]\x01[\x00-\x03])")
MAX_RECORD = (1 << 14) + 2048
# Handshake types a TLS reader knows (RFC 8446 and older): a planted record
# header must not be followed by one of these with a length that fits.
HANDSHAKE_TYPES = {0, 1, 2, 3, 4, 5, 6, 8, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 254}


def capture_name(kind):
    return f"not_tls_{kind}.pcapng"


def sslv2_length(data, at):
    return (data[at] & 0x7F) << 8 | data[at + 1]


def sslv2_starts(data):
    """Offsets where `data` looks like an SSLv2 ClientHello header."""
    return [m.start() for m in SSLV2_START.finditer(data) if m.start() + 5 <= len(data)]


def fitting_sslv2_starts(data):
    """Those whose SSLv2 record (2 + length bytes) ends within `data`."""
    return [m for m in sslv2_starts(data) if m + 2 + sslv2_length(data, m) <= len(data)]


# ---------------------------------------------------------------- the plan


@dataclass
class Connection:
    port: int
    writes: list = field(default_factory=list)   # (0: client->server | 1: server->client, bytes)
    client_closes_first: bool = True


@dataclass
class Direction:
    data: bytes
    cuts: set = field(default_factory=set)        # offsets where a write (segment) begins


def pick_port(rng, used_high):
    r = rng.random()
    if r < 0.30:
        return 80
    if r < 0.60:
        return 443
    if r < 0.75:
        return 8443
    # Below the ephemeral range (32768-60999), where clients' ports come from.
    while True:
        port = rng.randrange(10000, 32000)
        if port not in used_high:
            used_high.add(port)
            return port


def client_size(rng):
    return rng.randrange(64, 1448) if rng.random() < 0.7 else rng.randrange(1448, 6000)


def server_size(rng):
    r = rng.random()
    if r < 0.60:
        return rng.randrange(256, 6000)
    if r < 0.95:
        return rng.randrange(6000, 24000)
    return rng.randrange(24000, 48000)


def write_bounds(rng, direction):
    """Write boundaries: mostly full 1448-byte segments (what an Ethernet MSS
    gives), some short ones, some larger writes; plus the direction's cuts."""
    n = len(direction.data)
    bounds = {c for c in direction.cuts if 0 < c < n}
    pos = 0
    while True:
        r = rng.random()
        if r < 0.60:
            size = 1448
        elif r < 0.85:
            size = rng.randrange(1, 1448)
        else:
            size = rng.randrange(1449, 8192)
        pos += size
        if pos >= n:
            break
        bounds.add(pos)
    # Every place that looks like an SSLv2 ClientHello header begins a segment.
    bounds.update(m for m in sslv2_starts(direction.data) if m > 0)
    edges = [0] + sorted(bounds) + [n]
    return [direction.data[a:b] for a, b in zip(edges, edges[1:]) if b > a]


def interleave(rng, client_writes, server_writes):
    """Both directions send, in bursts of 1-4 writes."""
    out, i, j = [], 0, 0
    while i < len(client_writes) or j < len(server_writes):
        if j >= len(server_writes) or (i < len(client_writes) and rng.random() < 0.5):
            for _ in range(rng.randint(1, 4)):
                if i < len(client_writes):
                    out.append((0, client_writes[i]))
                    i += 1
        else:
            for _ in range(rng.randint(1, 4)):
                if j < len(server_writes):
                    out.append((1, server_writes[j]))
                    j += 1
    return out


def random_lure(rng, first):
    """A slice of the seeded random stream in which a segment begins where
    the bytes look like an SSLv2 ClientHello header, its record complete in
    the slice. `first`: the slice starts there (the direction's first
    segment); else one to four segments of bytes come before it."""
    while True:
        chunk = rng.randbytes(65536)
        pre = 0 if first else rng.randrange(1448, 6000)
        for m in fitting_sslv2_starts(chunk):
            if m < pre:
                continue
            end = min(len(chunk), m + 2 + sslv2_length(chunk, m) + rng.randrange(0, 4000))
            return Direction(chunk[m - pre:end], {pre})


def plan_random_like(rng, kind):
    conns = []
    stats = {"sslv2_lures": 0, "planted_record_headers": 0, "planted_hello_headers": 0}
    lures = lure_slots(rng)
    used_high = set()
    for index in range(CONNECTIONS):
        port = pick_port(rng, used_high)
        dirs = [Direction(rng.randbytes(client_size(rng))), Direction(rng.randbytes(server_size(rng)))]
        if index in lures:
            which, first = lures[index]
            dirs[which] = random_lure(rng, first)
            stats["sslv2_lures"] += 1
        writes = [write_bounds(rng, d) for d in dirs]
        if kind == "media":
            planted = set()
            n = stats["planted_hello_headers"]
            if port == 80 and index not in lures and n < HELLO_LURES and rng.random() < 0.3:
                d = n % 2
                k = 0 if n % 4 < 2 or len(writes[d]) == 1 else rng.randrange(1, len(writes[d]))
                if plant_hello_header(rng, writes[d], k):
                    planted.add((d, k))
                    stats["planted_hello_headers"] += 1
            stats["planted_record_headers"] += plant_record_headers(rng, writes, dirs, planted)
        conns.append(Connection(port, interleave(rng, *writes), rng.random() < 0.7))
    return conns, stats


def lure_slots(rng):
    """Which connections carry a searched SSLv2-looking segment start, in
    which direction, and whether as the direction's first segment."""
    picked = rng.sample(range(CONNECTIONS), LURES)
    return {index: (n % 2, n % 4 == 0) for n, index in enumerate(picked)}


def plant_record_headers(rng, writes, dirs, skip):
    """Media-like: some writes begin with a TLS record header (16 03 0X LL LL)
    and go on with random bytes; never one whose next bytes make a handshake
    message header that fits in the record, never over a searched cut or a
    write in `skip` ((direction, index) pairs)."""
    planted = 0
    for d, ws in enumerate(writes):
        lure_at = dirs[d].cuts
        offset = 0
        for k, w in enumerate(ws):
            start, offset = offset, offset + len(w)
            chance = 0.10 if k == 0 else 0.04
            if len(w) < 9 or start in lure_at or (d, k) in skip or rng.random() >= chance:
                continue
            length = rng.randrange(1, 16385)
            head = bytes([0x16, 3, rng.choice((0, 1, 1, 1, 2, 3, 3, 3, 4))]) + length.to_bytes(2, "big")
            body = w[5:]
            hs_len = int.from_bytes(body[1:4], "big")
            if body[0] in HANDSHAKE_TYPES and 4 + hs_len <= length:
                continue
            ws[k] = head + body
            planted += 1
    return planted


def plant_hello_header(rng, ws, k):
    """Write k of a direction begins with a TLS record header and a
    ClientHello handshake header that fills the record (16 03 0X LL LL 01
    00 HH HH, 4 + HH == LL), the record complete in the direction's bytes;
    the ClientHello's body stays random bytes."""
    room = min(16384, sum(len(w) for w in ws[k:]) - 5)
    if len(ws[k]) < 9 or room < 64:
        return False
    length = rng.randrange(64, room + 1)
    head = (bytes([0x16, 3, rng.choice((1, 3))]) + length.to_bytes(2, "big") + b"\x01"
            + (length - 4).to_bytes(3, "big"))
    ws[k] = head + ws[k][9:]
    return True


# Compressed: seeded "documents" (log lines, CSV rows, prose-like text from a
# seeded vocabulary), gzip/zlib-compressed as downloads and uploads would be.


def text_lines(rng):
    """A pool of seeded text lines (log lines, CSV rows, prose from a seeded
    vocabulary) that documents are drawn from."""
    syllables = [a + b for a in "bcdfghjklmnprstvwz" for b in "aeiou"] + ["th", "st", "er", "an", "on"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    lines = []
    for n in range(20000):
        style = n % 3
        if style == 0:
            line = "2024-06-%02d %02d:%02d:%02d.%03d %s %s: %s id=%d\n" % (
                rng.randint(1, 30), rng.randrange(24), rng.randrange(60), rng.randrange(60),
                rng.randrange(1000), rng.choice(("INFO", "INFO", "DEBUG", "WARN", "ERROR")),
                rng.choice(words), " ".join(rng.choices(words, k=rng.randint(3, 12))),
                rng.randrange(10**7))
        elif style == 1:
            line = "%d,%s,%s,%.4f,%d\n" % (rng.randrange(10**6), rng.choice(words), rng.choice(words),
                                           rng.random() * 1000, rng.randrange(100))
        else:
            line = " ".join(rng.choices(words, k=rng.randint(6, 20))).capitalize() + ".\n"
        lines.append(line.encode())
    return words, lines


def document(rng, lines, size):
    """About `size` bytes of text: lines drawn from the pool."""
    return b"".join(rng.choices(lines, k=max(1, size // 60)))


def compress(text, gz):
    return gzip.compress(text, compresslevel=6, mtime=0) if gz else zlib.compress(text, 6)


def compressed_lure(rng, lines, gz):
    """A compressed document with a place that looks like an SSLv2
    ClientHello header, its record complete within the document; the write
    boundary there (an offset into the compressed bytes)."""
    while True:
        data = compress(document(rng, lines, rng.randrange(40000, 100000)), gz)
        starts = [m for m in fitting_sslv2_starts(data) if m >= 1]
        if starts:
            m = rng.choice(starts)
            return data, m


def plan_compressed(rng):
    words, lines = text_lines(rng)
    conns = []
    stats = {"sslv2_lures": 0, "planted_record_headers": 0, "planted_hello_headers": 0}
    lures = lure_slots(rng)
    used_high = set()
    for index in range(CONNECTIONS):
        port = pick_port(rng, used_high)
        lure = lures.get(index)
        if port >= 10000 and rng.random() < 0.6:
            # A compressed stream both ways without HTTP (replication, backup).
            dirs = []
            for d, size in ((0, client_size(rng) * 3 // 2), (1, server_size(rng) * 3 // 2)):
                if lure and lure[0] == d:
                    data, m = compressed_lure(rng, lines, gz=False)
                    dirs.append(Direction(data, {m}))
                    stats["sslv2_lures"] += 1
                else:
                    dirs.append(Direction(compress(document(rng, lines, size), gz=False)))
            writes = [write_bounds(rng, d) for d in dirs]
            conns.append(Connection(port, interleave(rng, *writes), rng.random() < 0.7))
            continue
        # HTTP/1.1 with gzip bodies: 1-2 exchanges, some requests upload a body.
        writes = []
        exchanges = rng.randint(1, 2)
        lure_exchange = rng.randrange(exchanges) if lure else -1
        for x in range(exchanges):
            path = "/%s/%s.%s" % (rng.choice(words), rng.choice(words), rng.choice(("log", "csv", "txt")))
            upload = rng.random() < 0.3 or (x == lure_exchange and lure[0] == 0)
            cut = None
            if upload:
                if x == lure_exchange and lure[0] == 0:
                    body, cut = compressed_lure(rng, lines, gz=True)
                    stats["sslv2_lures"] += 1
                else:
                    body = compress(document(rng, lines, client_size(rng) * 3 // 2), gz=True)
                head = ("POST %s HTTP/1.1\r\nHost: files.example.net\r\nContent-Type: text/plain\r\n"
                        "Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % (path, len(body))).encode()
            else:
                body = b""
                head = ("GET %s HTTP/1.1\r\nHost: files.example.net\r\nAccept-Encoding: gzip\r\n\r\n"
                        % path).encode()
            req = Direction(head + body, {len(head)} | ({len(head) + cut} if cut is not None else set()))
            if x == lure_exchange and lure[0] == 1:
                body, cut = compressed_lure(rng, lines, gz=True)
                stats["sslv2_lures"] += 1
            else:
                body, cut = compress(document(rng, lines, server_size(rng) * 3 // 2), gz=True), None
            head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                    "Content-Length: %d\r\n\r\n" % len(body)).encode()
            resp = Direction(head + body, {len(head)} | ({len(head) + cut} if cut is not None else set()))
            writes += [(0, w) for w in write_bounds(rng, req)]
            writes += [(1, w) for w in write_bounds(rng, resp)]
        conns.append(Connection(port, writes, rng.random() < 0.7))
    return conns, stats


def plan(kind):
    rng = random.Random(f"tlsdiag not-tls {kind} {SEED}")
    conns, stats = plan_compressed(rng) if kind == "compressed" else plan_random_like(rng, kind)
    segment_starts = [w for c in conns for _, w in c.writes]
    stats.update({
        "kind": kind,
        "connections": len(conns),
        "writes": len(segment_starts),
        "bytes": sum(len(w) for w in segment_starts),
        "ports": {p: sum(1 for c in conns if (c.port if c.port < 10000 else "high") == p)
                  for p in (80, 443, 8443, "high")},
        "sslv2_looking_segment_starts": sum(1 for w in segment_starts if sslv2_starts(w[:5]) == [0]),
        "record_header_segment_starts": sum(1 for w in segment_starts if looks_like_record(w)),
        "hello_header_segment_starts": sum(1 for w in segment_starts if looks_like_hello_record(w)),
    })
    return conns, stats


def looks_like_hello_record(segment):
    """A record header followed by a ClientHello header that fits in it."""
    return (looks_like_record(segment) and len(segment) >= 9 and segment[5] == 1
            and 4 + int.from_bytes(segment[6:9], "big") <= int.from_bytes(segment[3:5], "big"))


def looks_like_record(segment):
    return (len(segment) >= 5 and segment[0] == 0x16 and segment[1] == 3 and segment[2] <= 4
            and int.from_bytes(segment[3:5], "big") <= MAX_RECORD)


# ---------------------------------------------------------------- sending


def outq(sock):
    return struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[0]


def wait_acked(sock):
    """Until everything sent on `sock` is ACKed, so the next write begins a
    segment of its own."""
    deadline = time.monotonic() + 2.0
    spins = 0
    while outq(sock):
        spins += 1
        if spins > 200:
            time.sleep(0.0005)
        if time.monotonic() > deadline:
            raise RuntimeError("data not ACKed within 2 s")


def recv_exact(sock, n, buf):
    view = memoryview(buf)[:n]
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise EOFError("peer closed early")
        got += k


def tune(sock):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)


def send_all(conns):
    listeners = {}
    buf = bytearray(1 << 17)
    for conn in conns:
        lst = listeners.get(conn.port)
        if lst is None:
            lst = socket.socket()
            lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            lst.bind(("127.0.0.1", conn.port))
            lst.listen(8)
            listeners[conn.port] = lst
        client = socket.create_connection(("127.0.0.1", conn.port))
        server, _ = lst.accept()
        if conn.port >= 10000:
            listeners.pop(conn.port).close()
        ends = (client, server)
        for s in ends:
            tune(s)
        for d, data in conn.writes:
            tx, rx = ends[d], ends[1 - d]
            tx.sendall(data)
            recv_exact(rx, len(data), buf)
            rx.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            wait_acked(tx)
        first, second = ends if conn.client_closes_first else ends[::-1]
        first.shutdown(socket.SHUT_WR)
        if second.recv(1) != b"":
            raise RuntimeError("data after the end")
        second.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        second.shutdown(socket.SHUT_WR)
        if first.recv(1) != b"":
            raise RuntimeError("data after the end")
        first.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        wait_acked(second)
        client.close()
        server.close()
    for lst in listeners.values():
        lst.close()


# ---------------------------------------------------------------- inside the namespace


def loopback_up():
    """`ip link set lo up` without iproute2 (SIOCGIFFLAGS / SIOCSIFFLAGS)."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifr = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s, siocgifflags, ifr))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sH22x", b"lo", flags | iff_up))


def sysctl(name, value):
    Path("/proc/sys", *name.split(".")).write_text(str(value))


def inside(kind, pcap, summary):
    """Runs in a fresh network namespace (unshare --net): loopback up, dumpcap
    on it, the plan's connections, dumpcap stopped after it has flushed."""
    loopback_up()
    # As common.sh: no tail loss probes (a spurious retransmission now and then).
    sysctl("net.ipv4.tcp_early_retrans", 0)
    # Small writes stay their own segments even while earlier ones are queued.
    sysctl("net.ipv4.tcp_autocorking", 0)
    conns, stats = plan(kind)
    log = open(pcap + ".log", "w+")
    cap = subprocess.Popen(["dumpcap", "-q", "-i", "lo", "-f", "tcp", "-B", "64", "-w", pcap],
                           stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            log.seek(0)
            if "Capturing on" in log.read():
                break
            if cap.poll() is not None:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("dumpcap did not start")
        if cap.poll() is not None:
            log.seek(0)
            raise RuntimeError("dumpcap failed: " + log.read())
        time.sleep(0.2)
        started = time.monotonic()
        send_all(conns)
        stats["send_seconds"] = round(time.monotonic() - started, 2)
        time.sleep(0.3)
    finally:
        if cap.poll() is None:
            cap.send_signal(signal.SIGINT)
        try:
            cap.wait(timeout=20)
        except subprocess.TimeoutExpired:
            cap.kill()
            cap.wait()
    log.seek(0)
    text = log.read()
    log.close()
    m = re.search(r"Packets received/dropped on interface '[^']*': (\d+)/(\d+)", text)
    if not m:
        raise RuntimeError("no dumpcap statistics: " + text)
    stats["frames"], stats["dropped"] = int(m.group(1)), int(m.group(2))
    if stats["dropped"]:
        raise RuntimeError(f"dumpcap dropped {stats['dropped']} packets")
    Path(summary).write_text(json.dumps(stats, indent=1) + "\n")


# ---------------------------------------------------------------- outside


def fingerprint():
    """What the captures depend on: this file, the seed, zlib's version."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(f"{SEED} {zlib.ZLIB_RUNTIME_VERSION}".encode())
    return h.hexdigest()[:16]


def generate(out_dir, kinds=KINDS):
    """Makes the captures of `kinds` into out_dir (in parallel, each in its own
    network namespace); returns {kind: statistics}."""
    if os.geteuid() != 0:
        raise PermissionError("run as root (network namespace, dumpcap)")
    for tool in ("unshare", "dumpcap"):
        if not shutil.which(tool):
            raise FileNotFoundError(f"missing {tool} (util-linux, wireshark-common)")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tlsdiag-not-tls."))
    procs = {}
    try:
        for kind in kinds:
            pcap, summary = work / capture_name(kind), work / f"{kind}.json"
            procs[kind] = subprocess.Popen(
                ["unshare", "--net", "--", PYTHON, __file__, "--inside", kind, str(pcap), str(summary)],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        stats, errors = {}, []
        for kind, proc in procs.items():
            out, _ = proc.communicate(timeout=300)
            if proc.returncode != 0:
                errors.append(f"{kind}: exit {proc.returncode}\n{out}")
                continue
            stats[kind] = json.loads((work / f"{kind}.json").read_text())
        if errors:
            raise RuntimeError("\n".join(errors))
        for kind in kinds:
            target = out_dir / capture_name(kind)
            shutil.copy(work / capture_name(kind), target.with_suffix(".tmp"))
            target.with_suffix(".tmp").chmod(0o644)
            target.with_suffix(".tmp").replace(target)
        return stats
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def cached(cache_root):
    """The captures in cache_root/<fingerprint>/, made there once (needs
    root) and reused while this file, SEED and zlib stay the same. Returns
    (folder, {kind: statistics})."""
    cache_root = Path(cache_root)
    folder = cache_root / fingerprint()
    done = folder / "stats.json"
    if done.exists():  # written last: the captures are complete
        return folder, json.loads(done.read_text())
    cache_root.mkdir(parents=True, exist_ok=True)
    with open(cache_root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if os.geteuid() != 0:
                raise PermissionError(
                    f"the not-TLS captures are not cached in {folder} and making them needs root "
                    "(network namespace, dumpcap)")
            for old in cache_root.iterdir():
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
            started = time.monotonic()
            stats = generate(folder)
            for s in stats.values():
                s["generation_seconds"] = round(time.monotonic() - started, 1)
            done.write_text(json.dumps(stats, indent=1) + "\n")
    return folder, json.loads(done.read_text())


# ---------------------------------------------------------------- reading a capture back


def tcp_segments(path):
    """(src port, dst port, payload) of every IPv4 TCP segment with data in a
    pcapng file of Ethernet frames (what dumpcap writes for lo)."""
    data = Path(path).read_bytes()
    pos, out, links = 0, [], []
    endian = "<"
    while pos + 12 <= len(data):
        btype, blen = struct.unpack(endian + "II", data[pos:pos + 8])
        if btype == 0x0A0D0D0A:
            endian = "<" if data[pos + 8:pos + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            blen = struct.unpack(endian + "I", data[pos + 4:pos + 8])[0]
        elif btype == 1:
            links.append(struct.unpack(endian + "H", data[pos + 8:pos + 10])[0])
        elif btype == 6:
            iface, _, _, caplen = struct.unpack(endian + "IIII", data[pos + 8:pos + 24])
            frame = data[pos + 28:pos + 28 + caplen]
            if links[iface] == 1 and frame[12:14] == b"\x08\x00" and frame[23] == 6:
                ip = frame[14:]
                ihl = (ip[0] & 0x0F) * 4
                total = int.from_bytes(ip[2:4], "big")
                tcp = ip[ihl:total]
                doff = (tcp[12] >> 4) * 4
                payload = tcp[doff:]
                if payload:
                    out.append((int.from_bytes(tcp[0:2], "big"), int.from_bytes(tcp[2:4], "big"), payload))
        pos += blen
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", nargs="?")
    ap.add_argument("--kind", choices=KINDS, action="append")
    ap.add_argument("--plan-only", action="store_true", help="print the plans' statistics")
    ap.add_argument("--inside", nargs=3, metavar=("KIND", "PCAP", "SUMMARY"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inside:
        inside(*args.inside)
        return
    kinds = tuple(args.kind or KINDS)
    if args.plan_only:
        for kind in kinds:
            started = time.monotonic()
            _, stats = plan(kind)
            stats["plan_seconds"] = round(time.monotonic() - started, 2)
            print(json.dumps(stats))
        return
    if not args.out_dir:
        ap.error("OUT_DIR is required")
    started = time.monotonic()
    stats = generate(args.out_dir, kinds)
    for kind in kinds:
        path = Path(args.out_dir) / capture_name(kind)
        print(f"{path}: {path.stat().st_size} bytes, {json.dumps(stats[kind])}")
    print(f"made in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
