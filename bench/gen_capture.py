#!/usr/bin/python3
"""Makes a large, realistic capture for the benchmark.

About half the packets are TLS connections replicated from real captures in
testdata/ (healthy TLS 1.2 with a certificate and application data, TLS 1.3,
RST after the ClientHello, a protocol_version alert, no SNI, and a healthy
QUIC v1 connection with an HTTP/3 GET); the other half are plain HTTP/1.1
downloads on port 80. A QUIC copy keeps its connection ids (its Initial keys
derive from them, and AEAD protects the header), so every copy costs tlsdiag
the same Initial decryption. Every copy gets its own addresses,
client port, initial sequence numbers, TCP timestamps, hello randoms and start
time, and connections overlap in time as on a busy link. Sequence numbers stay
consistent within each connection, so tshark sees no lost segments.

    bench/gen_capture.py --packets 200000 --seed 1 OUT.pcap

stdlib only; deterministic for a given seed; writes classic pcap (Ethernet,
microseconds).
"""
import argparse
import heapq
import random
import struct
import sys
from pathlib import Path

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"

# (capture, share of TLS connections). Mostly healthy, as in a real capture.
TLS_TEMPLATES = [
    ("healthy_tls12_h2.pcapng", 0.36),
    ("healthy_tls13.pcapng", 0.36),
    ("rst_after_client_hello.pcapng", 0.07),
    ("legacy_client_version.pcapng", 0.07),
    ("no_sni.pcapng", 0.06),
    ("quic_healthy.pcapng", 0.08),  # UDP: replicate_udp()
]

ETH_IP = 14          # IPv4 header offset in an Ethernet frame
TCP_SYN, TCP_RST, TCP_PSH, TCP_ACK, TCP_FIN = 0x02, 0x04, 0x08, 0x10, 0x01
CLIENT_MAC = bytes.fromhex("020000000001")
ROUTER_MAC = bytes.fromhex("020000000002")
MSS = 1448           # payload of a full segment with TCP timestamps on Ethernet


# --- reading the templates -------------------------------------------------

def read_pcapng(path):
    """[(time in seconds, frame bytes)] of an Ethernet pcapng file."""
    data = path.read_bytes()
    end = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
    tsresol = {}
    frames = []
    off = 0
    while off < len(data):
        btype, blen = struct.unpack_from(end + "II", data, off)
        body = data[off + 8: off + blen - 4]
        if btype == 1:  # Interface Description Block: link type and time resolution
            link = struct.unpack_from(end + "H", body, 0)[0]
            if link != 1:
                raise SystemExit(f"{path}: link type {link}, expected Ethernet")
            resol = 1e-6
            opt = 8
            while opt + 4 <= len(body):
                code, olen = struct.unpack_from(end + "HH", body, opt)
                if code == 0:
                    break
                if code == 9:
                    v = body[opt + 4]
                    resol = 2.0 ** -(v & 0x7F) if v & 0x80 else 10.0 ** -v
                opt += 4 + (olen + 3) // 4 * 4
            tsresol[len(tsresol)] = resol
        elif btype == 6:  # Enhanced Packet Block
            iface, hi, lo, caplen = struct.unpack_from(end + "IIII", body, 0)
            frames.append((((hi << 32) | lo) * tsresol[iface], body[20:20 + caplen]))
        off += blen
    return frames


class TemplatePacket:
    """One frame of a template, with where its fields sit."""
    __slots__ = ("dt_us", "frame", "from_client", "ip_hl", "tcp_off", "ack_flag",
                 "ts_opt", "randoms")

    def __init__(self, dt_us, frame, from_client):
        self.dt_us = dt_us
        self.frame = frame
        self.from_client = from_client
        self.ip_hl = (frame[ETH_IP] & 0x0F) * 4
        self.tcp_off = ETH_IP + self.ip_hl  # the UDP header's, for a UDP template
        if frame[ETH_IP + 9] == 17:
            self.ack_flag, self.ts_opt, self.randoms = False, None, ()
            return
        flags = frame[self.tcp_off + 13]
        self.ack_flag = bool(flags & TCP_ACK)
        self.ts_opt = find_timestamp_option(frame, self.tcp_off)
        self.randoms = hello_random_spans(frame, self.tcp_off)


def find_timestamp_option(frame, tcp_off):
    """Offset of the TSval of the TCP timestamps option, or None."""
    hdr_len = (frame[tcp_off + 12] >> 4) * 4
    i, end = tcp_off + 20, tcp_off + hdr_len
    while i < end:
        kind = frame[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if kind == 8:
            return i + 2
        i += frame[i + 1]
    return None


def hello_random_spans(frame, tcp_off):
    """(offset, length) of the random and session id of a ClientHello or
    ServerHello at the start of this segment, so that copies get fresh ones."""
    p = tcp_off + (frame[tcp_off + 12] >> 4) * 4
    if len(frame) < p + 44 or frame[p] != 0x16 or frame[p + 5] not in (1, 2):
        return ()
    random_at = p + 11
    sid_len = frame[random_at + 32]
    return ((random_at, 32), (random_at + 33, sid_len))


def load_template(name):
    frames = read_pcapng(TESTDATA / name)
    t0 = frames[0][0]
    client_ip = frames[0][1][ETH_IP + 12: ETH_IP + 16]
    client_port = struct.unpack_from("!H", frames[0][1], ETH_IP + 20)[0]
    packets = []
    for t, frame in frames:
        ip_hl = (frame[ETH_IP] & 0x0F) * 4
        src_port = struct.unpack_from("!H", frame, ETH_IP + ip_hl)[0]
        from_client = frame[ETH_IP + 12: ETH_IP + 16] == client_ip and src_port == client_port
        packets.append(TemplatePacket(round((t - t0) * 1e6), frame, from_client))
    if frames[0][1][ETH_IP + 9] == 17:
        return packets, None  # UDP: no sequence numbers
    syn = packets[0].frame
    syn_ack = next(p.frame for p in packets if not p.from_client)
    isn = {True: tcp_u32(syn, packets[0].tcp_off + 4),
           False: tcp_u32(syn_ack, next(p.tcp_off for p in packets if not p.from_client) + 4)}
    return packets, isn


def tcp_u32(frame, at):
    return struct.unpack_from("!I", frame, at)[0]


# --- writing ---------------------------------------------------------------

def ip_checksum(frame, ip_hl):
    frame[ETH_IP + 10: ETH_IP + 12] = b"\0\0"
    words = struct.unpack_from("!%dH" % (ip_hl // 2), frame, ETH_IP)
    s = sum(words)
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    struct.pack_into("!H", frame, ETH_IP + 10, ~s & 0xFFFF)


class Endpoints:
    """Fresh addresses: clients in 10.0.0.0/8, servers in 198.18.0.0/15
    (the benchmarking range), a new client port each time."""

    def __init__(self, rng):
        self.rng = rng
        self.n = 0

    def next(self):
        self.n += 1
        client = bytes((10, (self.n >> 16) & 255, (self.n >> 8) & 255, self.n & 255))
        server = bytes((198, 18 + self.rng.randrange(2), self.rng.randrange(256),
                        1 + self.rng.randrange(254)))
        return client, server, self.rng.randrange(1024, 65536)


def replicate(template, isn, start_us, stretch, rng, endpoints):
    """The packets of one copy of a TLS template: [(time µs, bytes)]."""
    client_ip, server_ip, client_port = endpoints.next()
    seq_shift = {side: (rng.getrandbits(32) - isn[side]) & 0xFFFFFFFF for side in (True, False)}
    ts_shift = {side: rng.getrandbits(32) for side in (True, False)}
    fresh = {}  # template bytes -> fresh ones: an echoed session id stays an echo
    out = []
    for p in template:
        f = bytearray(p.frame)
        c = p.from_client
        f[0:6], f[6:12] = (ROUTER_MAC, CLIENT_MAC) if c else (CLIENT_MAC, ROUTER_MAC)
        f[ETH_IP + 12: ETH_IP + 16], f[ETH_IP + 16: ETH_IP + 20] = \
            (client_ip, server_ip) if c else (server_ip, client_ip)
        ip_checksum(f, p.ip_hl)
        t = p.tcp_off
        struct.pack_into("!H", f, t + (0 if c else 2), client_port)
        seq, ack = struct.unpack_from("!II", f, t + 4)
        struct.pack_into("!II", f, t + 4, (seq + seq_shift[c]) & 0xFFFFFFFF,
                         (ack + seq_shift[not c]) & 0xFFFFFFFF if p.ack_flag else ack)
        if p.ts_opt is not None:
            tsval, tsecr = struct.unpack_from("!II", f, p.ts_opt)
            struct.pack_into("!II", f, p.ts_opt, (tsval + ts_shift[c]) & 0xFFFFFFFF,
                             (tsecr + ts_shift[not c]) & 0xFFFFFFFF if tsecr else 0)
        for at, n in p.randoms:
            old = p.frame[at: at + n]
            if old not in fresh:
                fresh[old] = rng.randbytes(n)
            f[at: at + n] = fresh[old]
        # The TCP checksum stays as captured (loopback offload); tshark does
        # not check it unless asked to.
        out.append((start_us + int(p.dt_us * stretch), bytes(f)))
    return out


def replicate_udp(template, start_us, stretch, endpoints):
    """The datagrams of one copy of a UDP (QUIC) template: [(time µs, bytes)]."""
    client_ip, server_ip, client_port = endpoints.next()
    out = []
    for p in template:
        f = bytearray(p.frame)
        c = p.from_client
        f[0:6], f[6:12] = (ROUTER_MAC, CLIENT_MAC) if c else (CLIENT_MAC, ROUTER_MAC)
        f[ETH_IP + 12: ETH_IP + 16], f[ETH_IP + 16: ETH_IP + 20] = \
            (client_ip, server_ip) if c else (server_ip, client_ip)
        ip_checksum(f, p.ip_hl)
        struct.pack_into("!H", f, p.tcp_off + (0 if c else 2), client_port)
        struct.pack_into("!H", f, p.tcp_off + 6, 0)  # no UDP checksum (RFC 768)
        out.append((start_us + int(p.dt_us * stretch), bytes(f)))
    return out


def tcp_frame(src_ip, dst_ip, sport, dport, seq, ack, flags, ip_id, tsval, tsecr, payload=b"",
              syn_options=False):
    if syn_options:  # MSS, SACK permitted, timestamps, window scale
        opts = struct.pack("!BBHBBBBII", 2, 4, 1460, 4, 2, 8, 10, tsval, tsecr) + \
            struct.pack("!BBBB", 1, 3, 3, 7)
    else:
        opts = struct.pack("!BBBBII", 1, 1, 8, 10, tsval, tsecr)
    tcp_len = 20 + len(opts)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, (tcp_len // 4) << 4, flags,
                      502, 0, 0) + opts
    total = 20 + tcp_len + len(payload)
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, ip_id, 0x4000, 64, 6, 0,
                               src_ip, dst_ip))
    to_server = src_ip[0] == 10  # clients are in 10.0.0.0/8
    frame = bytearray((ROUTER_MAC + CLIENT_MAC) if to_server else (CLIENT_MAC + ROUTER_MAC))
    frame += b"\x08\x00" + ip + tcp + payload
    ip_checksum(frame, 20)
    return bytes(frame)


# What a web server sends, by share of responses: most bytes on the wire are
# images, fonts and compressed or binary downloads; text comes as HTML lines
# and minified scripts. (path, Content-Type, share)
HTTP_OBJECTS = [
    ("/index.html", "text/html", 0.25),
    ("/static/app.min.js", "application/javascript", 0.15),
    ("/images/photo.webp", "image/webp", 0.25),
    ("/fonts/main.woff2", "font/woff2", 0.10),
    ("/download/archive.bin", "application/octet-stream", 0.25),
]
WORDS = b"the of and to in is for on with that by this from at are as be or an it was".split()


def http_body(kind, n, rng):
    """n bytes of plausible content: HTML in lines of 40-120 characters,
    minified script in long lines, random bytes for binary types."""
    if kind == "text/html":
        lines = []
        size = 0
        while size < n:
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
            line = b"<p>" + b" ".join(words) + b"</p>\n"
            lines.append(line)
            size += len(line)
        return b"".join(lines)[:n]
    if kind == "application/javascript":
        chunk = b"function f(a,b){return a.map(function(x){return x*b})};var q=" + \
            b"".join(rng.choice(WORDS) for _ in range(40)) + b";"
        return (chunk * (n // len(chunk) + 1))[:n]
    return rng.randbytes(n)


def http_connection(start_us, rng, endpoints):
    """A plain HTTP/1.1 download on port 80: handshake, GET, the response in
    full-size segments with an ACK every second one, FIN from both sides."""
    client_ip, server_ip, cport = endpoints.next()
    rtt = rng.randint(2000, 60000)  # µs
    cseq, sseq = rng.getrandbits(32), rng.getrandbits(32)
    cts, sts = rng.getrandbits(32), rng.getrandbits(32)
    ids = [rng.randrange(65536), rng.randrange(65536)]
    t = start_us
    out = []

    def send(from_client, seq, ack, flags, payload=b"", syn=False, dt=0):
        nonlocal t
        t += dt
        i = 0 if from_client else 1
        ids[i] = (ids[i] + 1) & 0xFFFF
        ts_ms = t // 1000
        src, dst, sp, dp = (client_ip, server_ip, cport, 80) if from_client else \
            (server_ip, client_ip, 80, cport)
        tsval = ((cts if from_client else sts) + ts_ms) & 0xFFFFFFFF
        tsecr = 0 if flags == TCP_SYN else ((sts if from_client else cts) + ts_ms) & 0xFFFFFFFF
        out.append((t, tcp_frame(src, dst, sp, dp, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, flags,
                                 ids[i], tsval, tsecr, payload, syn)))

    body_len = int(rng.lognormvariate(9.3, 1.0))  # median ~11 KB
    body_len = max(200, min(body_len, 400_000))
    path, kind, _ = rng.choices(HTTP_OBJECTS, weights=[o[2] for o in HTTP_OBJECTS])[0]
    request = (f"GET {path} HTTP/1.1\r\nHost: www{rng.randrange(100)}.example.net\r\n"
               "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n").encode()
    response = (f"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: {kind}\r\n"
                f"Content-Length: {body_len}\r\nConnection: close\r\n\r\n").encode()
    response += http_body(kind, body_len, rng)

    send(True, cseq, 0, TCP_SYN, syn=True)
    send(False, sseq, cseq + 1, TCP_SYN | TCP_ACK, syn=True, dt=rtt // 2)
    cseq += 1
    sseq += 1
    send(True, cseq, sseq, TCP_ACK, dt=rtt // 2)
    send(True, cseq, sseq, TCP_PSH | TCP_ACK, request, dt=50)
    cseq += len(request)
    send(False, sseq, cseq, TCP_ACK, dt=rtt // 2)
    segments = [response[i: i + MSS] for i in range(0, len(response), MSS)]
    for n, seg in enumerate(segments):
        last = n == len(segments) - 1
        send(False, sseq, cseq, TCP_ACK | (TCP_PSH if last else 0), seg, dt=200 if n else 300)
        sseq += len(seg)
        if n % 2 == 1 or last:
            send(True, cseq, sseq, TCP_ACK, dt=rtt // 2 if last else 30)
    send(False, sseq, cseq, TCP_FIN | TCP_ACK, dt=100)
    send(True, cseq, sseq + 1, TCP_FIN | TCP_ACK, dt=rtt // 2)
    send(False, sseq + 1, cseq + 1, TCP_ACK, dt=rtt // 2)
    return out


def generate(packets_wanted, seed, out_path):
    rng = random.Random(seed)
    endpoints = Endpoints(rng)
    templates = [load_template(name) for name, _ in TLS_TEMPLATES]
    template_weights = [share for _, share in TLS_TEMPLATES]

    heap = []      # (time µs, order, bytes): connections overlap in time
    order = 0
    written = tls_packets = http_packets = 0
    start_us = 1_700_000_000 * 1_000_000
    with open(out_path, "wb", buffering=1 << 20) as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))

        def flush(until_us):
            nonlocal written
            while heap and heap[0][0] < until_us:
                t, _, frame = heapq.heappop(heap)
                out.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame),
                                      len(frame)))
                out.write(frame)
                written += 1

        while tls_packets + http_packets < packets_wanted:
            # About 200 new connections a second, some 50 open at any time.
            start_us += int(rng.expovariate(1 / 5000)) + 1
            flush(start_us)
            if tls_packets <= http_packets:
                tpl, isn = rng.choices(templates, weights=template_weights)[0]
                stretch = rng.uniform(1.0, 20.0)
                conn = (replicate(tpl, isn, start_us, stretch, rng, endpoints) if isn
                        else replicate_udp(tpl, start_us, stretch, endpoints))
                tls_packets += len(conn)
            else:
                conn = http_connection(start_us, rng, endpoints)
                http_packets += len(conn)
            for t, frame in conn:
                heapq.heappush(heap, (t, order, frame))
                order += 1
        flush(1 << 62)
    return written, tls_packets, http_packets, endpoints.n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--packets", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    written, tls, http, conns = generate(a.packets, a.seed, a.out)
    print(f"{a.out}: {written} packets in {conns} connections "
          f"({tls} TLS, {http} plain HTTP)", file=sys.stderr)


if __name__ == "__main__":
    main()
