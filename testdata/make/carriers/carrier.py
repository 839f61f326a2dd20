#!/usr/bin/python3
"""The Python pieces of the carrier captures (make/carriers/*.sh).

Every TLS and TCP byte in these captures comes from a real stack (curl,
OpenSSL, Python's ssl, the Linux kernel). The programs here are either
peers that only decide how a connection ends (like make/lib.py), or the
plumbing that carries the real packets: a userspace tunnel that writes the
encapsulation headers the kernel here cannot (802.1Q, MPLS, PPPoE, GRE, ...),
and a forwarder that reorders, drops or duplicates real frames.

  carrier.py serve-rst --bind ADDR [--ipv6-opt dst|hop]
      read the ClientHello (make/lib.py), then close with SO_LINGER 0 (RST);
      --ipv6-opt puts a Destination Options / Hop-by-Hop header on every
      packet of the server's socket (IPV6_DSTOPTS / IPV6_HOPOPTS).
  carrier.py serve-tls12 --bind ADDR --cert C --key K [--ipv6-opt dst|hop]
      a Python ssl (OpenSSL) TLS 1.2 server for the expired certificate.
  carrier.py client --connect ADDR --scenario rst|cert [--cafile F] [--ipv6-opt ...]
      a Python ssl (OpenSSL) client, for when curl cannot set the option.
  carrier.py tunnel KIND --tun DEV [--dev VETH --peer-mac MAC] [--local IP --remote IP]
      a userspace tunnel between a TUN/TAP device and an underlay veth.
  carrier.py forward --client-side IF --server-side IF --plan PLAN [--seed N]
      a userspace Ethernet bridge that impairs real TCP segments.
  carrier.py record FILE --scenario S ... (see record())
      derive the expected findings from plain tshark's dissection and write
      the capture's entry into testdata/manifest_carriers.json.
"""
import argparse
import fcntl
import json
import os
import random
import select
import socket
import ssl
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import lib  # noqa: E402  make/lib.py: read_client_hello

TESTDATA = os.path.dirname(os.path.dirname(HERE))


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ peers

# An IPv6 extension header for IPV6_HOPOPTS / IPV6_DSTOPTS: next header
# (the kernel fills it in), length 0 (8 bytes), one option of the RFC 4727
# experimental type 0x1e (action bits 00: "skip if unknown") with 4 bytes.
IPV6_OPT_HEADER = bytes([0, 0, 0x1E, 4, 0x74, 0x6C, 0x73, 0x64])  # "tlsd"
IPV6_OPT = {"hop": getattr(socket, "IPV6_HOPOPTS", 54),
            "dst": getattr(socket, "IPV6_DSTOPTS", 59)}


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def set_ipv6_opt(sock, kind):
    if kind:
        sock.setsockopt(socket.IPPROTO_IPV6, IPV6_OPT[kind], IPV6_OPT_HEADER)
        log("socket carries an IPv6 %s header" % {"hop": "Hop-by-Hop", "dst": "Destination Options"}[kind])


def listen(args):
    ls = socket.socket(family_of(args.bind), socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # A listener's IPv6 options are inherited by the accepted socket (and
    # used for its SYN-ACK).
    set_ipv6_opt(ls, args.ipv6_opt)
    ls.bind((args.bind, args.port))
    ls.listen(4)
    return ls


def serve_rst(args):
    ls = listen(args)
    conn, peer = ls.accept()
    log("connection from %s" % (peer,))
    lib.read_client_hello(conn)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
    ls.close()


def serve_tls12(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ls = listen(args)
    conn, peer = ls.accept()
    log("connection from %s" % (peer,))
    try:
        tconn = ctx.wrap_socket(conn, server_side=True)
        log("handshake done (unexpected):", tconn.version())
        tconn.close()
    except (ssl.SSLError, OSError) as e:
        log("handshake failed as expected:", e)
        conn.close()
    ls.close()


def client(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.set_alpn_protocols(["h2", "http/1.1"])
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if args.scenario == "rst":
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    else:
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_verify_locations(args.cafile)
    s = socket.socket(family_of(args.connect), socket.SOCK_STREAM)
    set_ipv6_opt(s, args.ipv6_opt)
    s.settimeout(10)
    s.connect((args.connect, args.port))
    try:
        t = ctx.wrap_socket(s, server_hostname="api.example.com")
        log("handshake done (unexpected):", t.version())
        t.close()
        return 1
    except ssl.SSLCertVerificationError as e:
        log("client: certificate rejected:", e.verify_message)
        print(e.verify_message)
    except (ssl.SSLError, OSError) as e:
        log("client: handshake failed:", e)
        print(e)
    s.close()
    return 0


# ------------------------------------------------------------------ tunnel

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_TAP, IFF_NO_PI = 0x0001, 0x0002, 0x1000
ETH_P_ALL = 0x0003
SOL_PACKET, PACKET_AUXDATA = 263, 8
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID, TP_STATUS_VLAN_TPID_VALID = 0x10, 0x40

L2_KINDS = ("vlan", "qinq", "mpls", "pppoe", "frag6")
TAP_KINDS = ("erspan", "geneve-eth")
RAW_PROTO = {"gre": 47, "erspan": 47, "ipip": 4, "sit": 41}
UDP_PORT = {"geneve-eth": 6081, "geneve-ip": 6081, "gtpu": 2152, "gtpu-ext": 2152}

# The values our tunnel writes (and the far end checks).
VLAN_OUTER_VID = 10      # QinQ service tag (802.1ad, TPID 0x88a8)
VLAN_VID = 100           # 802.1Q tag (the customer tag in QinQ)
MPLS_LABELS = (100, 200)  # top, bottom of stack
PPPOE_SESSION = 0x1234
GENEVE_VNI = 4242
GTP_TEID = {"ul": 0x00001001, "dl": 0x00002002}
GTP_QFI = 9
ERSPAN_SESSION = 1
FRAG6_PAYLOAD = 512       # bytes after the unfragmentable part in each IPv6 fragment


def open_tun(name, tap):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    flags = (IFF_TAP if tap else IFF_TUN) | IFF_NO_PI
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), flags))
    return fd


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(":"))


def own_mac(dev):
    with open("/sys/class/net/%s/address" % dev) as f:
        return mac_bytes(f.read().strip())


def ethertype_of(pkt):
    return 0x86DD if pkt[0] >> 4 == 6 else 0x0800


class Tunnel:
    """Encapsulates what the TUN/TAP device gives and decapsulates what the
    underlay brings. Only the headers named in the docstrings are ours."""

    def __init__(self, args):
        self.kind = args.kind
        self.args = args
        self.seq = 0
        self.pending = {}   # frag6: fragments received, by identification
        self.fd = open_tun(args.tun, self.kind in TAP_KINDS)
        if self.kind in L2_KINDS:
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
            s.bind((args.dev, 0))
            s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
            self.eth = mac_bytes(args.peer_mac) + own_mac(args.dev)
        elif self.kind in RAW_PROTO:
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, RAW_PROTO[self.kind])
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((args.local, UDP_PORT[self.kind]))
        self.sock = s

    # -- encapsulation: the bytes our program writes around a real packet
    def encap(self, pkt):
        k = self.kind
        if k == "vlan":      # Ethernet + 802.1Q tag
            return self.eth + struct.pack("!HHH", 0x8100, VLAN_VID, ethertype_of(pkt)) + pkt
        if k == "qinq":      # Ethernet + 802.1ad S-tag + 802.1Q C-tag
            return self.eth + struct.pack("!HHHHH", 0x88A8, VLAN_OUTER_VID, 0x8100, VLAN_VID,
                                          ethertype_of(pkt)) + pkt
        if k == "mpls":      # Ethernet + two MPLS label stack entries (TTL 64)
            top, bottom = MPLS_LABELS
            return self.eth + struct.pack("!HII", 0x8847, top << 12 | 64,
                                          bottom << 12 | 1 << 8 | 64) + pkt
        if k == "pppoe":     # Ethernet + PPPoE session header + PPP protocol
            proto = 0x0057 if pkt[0] >> 4 == 6 else 0x0021
            return self.eth + struct.pack("!HBBHHH", 0x8864, 0x11, 0x00, PPPOE_SESSION,
                                          len(pkt) + 2, proto) + pkt
        if k == "gre":       # RFC 2784 GRE, no optional fields
            return struct.pack("!HH", 0, ethertype_of(pkt)) + pkt
        if k == "erspan":    # GRE with sequence number + ERSPAN type II + the TAP's Ethernet frame
            self.seq += 1
            return struct.pack("!HHIII", 0x1000, 0x88BE, self.seq,
                               1 << 28 | ERSPAN_SESSION, 0) + pkt
        if k == "geneve-eth":  # Geneve, Transparent Ethernet Bridging, no options
            return struct.pack("!BBHI", 0, 0, 0x6558, GENEVE_VNI << 8) + pkt
        if k == "geneve-ip":   # Geneve, IPv4, one 8-byte experimental option
            opt = struct.pack("!HBB", 0xFFFF, 0x01, 1) + b"tlsd"
            return struct.pack("!BBHI", len(opt) // 4, 0, 0x0800, GENEVE_VNI << 8) + opt + pkt
        if k == "gtpu":      # GTPv1-U G-PDU, no optional fields
            return struct.pack("!BBHI", 0x30, 0xFF, len(pkt), GTP_TEID[self.args.gtp_dir]) + pkt
        if k == "gtpu-ext":  # GTPv1-U G-PDU + PDU Session Container (TS 38.415)
            if self.args.gtp_dir == "ul":   # UL PDU SESSION INFORMATION: PDU type 1
                cont = bytes([0x10, GTP_QFI])
            else:                           # DL PDU SESSION INFORMATION: PDU type 0
                cont = bytes([0x00, GTP_QFI])
            ext = bytes([1]) + cont + bytes([0])          # length 1 (4 octets), next: none
            opt = struct.pack("!HBB", 0, 0, 0x85) + ext   # seq, N-PDU, next ext type
            return struct.pack("!BBHI", 0x34, 0xFF, len(opt) + len(pkt),
                               GTP_TEID[self.args.gtp_dir]) + opt + pkt
        if k in ("ipip", "sit"):
            return pkt
        raise SystemExit("unknown kind " + k)

    def frames(self, pkt):
        """What goes on the underlay for one packet of the TUN device."""
        if self.kind != "frag6":
            return [self.encap(pkt)]
        return [self.eth + struct.pack("!H", 0x86DD) + f for f in self.fragment6(pkt)]

    def fragment6(self, pkt):
        """RFC 8200 section 4.5, as the sending host's IPv6 layer does it: the
        40-byte header stays (its next header becomes 44, Fragment); the rest
        (TCP header and data) goes in pieces of FRAG6_PAYLOAD bytes, each
        behind a Fragment header with the packet's identification."""
        if pkt[0] >> 4 != 6 or len(pkt) <= 40 + FRAG6_PAYLOAD:
            return [pkt]
        self.seq += 1
        header, rest = bytearray(pkt[:40]), pkt[40:]
        nxt = header[6]
        header[6] = 44
        out = []
        for off in range(0, len(rest), FRAG6_PAYLOAD):
            piece = rest[off:off + FRAG6_PAYLOAD]
            more = 1 if off + FRAG6_PAYLOAD < len(rest) else 0
            frag = struct.pack("!BBHI", nxt, 0, off | more, 0x7D000000 | self.seq)
            header[4:6] = struct.pack("!H", 8 + len(piece))
            out.append(bytes(header) + frag + piece)
        return out

    def defragment6(self, pkt):
        """The whole packet once every fragment of it has come, else None."""
        if pkt[0] >> 4 != 6 or pkt[6] != 44:
            return pkt
        nxt, _, offmore, ident = struct.unpack("!BBHI", pkt[40:48])
        parts = self.pending.setdefault(ident, {})
        parts[offmore & 0xFFF8] = (pkt[48:], offmore & 1)
        pos = 0
        while pos in parts:
            piece, more = parts[pos]
            pos += len(piece)
            if not more:
                del self.pending[ident]
                header = bytearray(pkt[:40])
                header[6] = nxt
                body = b"".join(parts[o][0] for o in sorted(parts))
                header[4:6] = struct.pack("!H", len(body))
                return bytes(header) + body
        return None

    def send(self, data):
        if self.kind in L2_KINDS:
            self.sock.send(data)
        elif self.kind in RAW_PROTO:
            self.sock.sendto(data, (self.args.remote, 0))
        else:
            self.sock.sendto(data, (self.args.remote, UDP_PORT[self.kind]))

    def receive(self):
        """The real packet inside what the underlay brought, or None."""
        if self.kind in L2_KINDS:
            data, anc, _, addr = self.sock.recvmsg(65600, socket.CMSG_SPACE(20))
            if addr[2] == PACKET_OUTGOING:
                return None
            for level, typ, cdata in anc:
                if level == SOL_PACKET and typ == PACKET_AUXDATA:
                    status, _, _, _, _, tci, tpid = struct.unpack("IIIHHHH", cdata[:20])
                    if status & TP_STATUS_VLAN_VALID:  # the kernel took the outer tag off
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
            return self.decap_l2(data)
        if self.kind in RAW_PROTO:
            data = self.sock.recv(65600)
            if data[12:16] != socket.inet_aton(self.args.remote):
                return None
            payload = data[(data[0] & 0x0F) * 4:]
            if self.kind == "gre":
                flags, proto = struct.unpack("!HH", payload[:4])
                return payload[4:] if flags == 0 and proto in (0x0800, 0x86DD) else None
            if self.kind == "erspan":
                flags, proto = struct.unpack("!HH", payload[:4])
                return payload[16:] if flags == 0x1000 and proto == 0x88BE else None
            return payload
        data = self.sock.recv(65600)
        if self.kind.startswith("geneve"):
            optlen = (data[0] & 0x3F) * 4
            return data[8 + optlen:]
        if self.kind == "gtpu":
            return data[8:] if data[1] == 0xFF else None
        if self.kind == "gtpu-ext":
            pos = 12
            nxt = data[11]
            while nxt:
                ln = data[pos] * 4
                nxt = data[pos + ln - 1]
                pos += ln
            return data[pos:] if data[1] == 0xFF else None
        return None

    def decap_l2(self, f):
        et = struct.unpack("!H", f[12:14])[0]
        k = self.kind
        if k == "vlan" and et == 0x8100 and struct.unpack("!H", f[14:16])[0] & 0xFFF == VLAN_VID:
            return f[18:]
        if k == "qinq" and et == 0x88A8 and f[16:18] == b"\x81\x00":
            return f[22:]
        if k == "mpls" and et == 0x8847:
            return f[22:]
        if k == "pppoe" and et == 0x8864:
            length = struct.unpack("!H", f[18:20])[0]
            return f[22:20 + length]
        if k == "frag6" and et == 0x86DD:
            return self.defragment6(f[14:])
        return None

    def run(self):
        log("tunnel %s up" % self.kind)
        while True:
            r, _, _ = select.select([self.fd, self.sock], [], [])
            if self.fd in r:
                for frame in self.frames(os.read(self.fd, 65600)):
                    self.send(frame)
            if self.sock in r:
                pkt = self.receive()
                if pkt:
                    os.write(self.fd, pkt)


# ------------------------------------------------------------------ forwarder

def tcp_segment(frame):
    """(src port, dst port, seq, payload length, flags) of an Ethernet/IPv4/TCP
    frame, or None."""
    if len(frame) < 54 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return None
    ihl = (frame[14] & 0x0F) * 4
    total = struct.unpack("!H", frame[16:18])[0]
    t = 14 + ihl
    sport, dport, seq = struct.unpack("!HHI", frame[t:t + 8])
    doff = (frame[t + 12] >> 4) * 4
    return sport, dport, seq, total - ihl - doff, frame[t + 13]


def parse_plan(plan, rng):
    """PLAN: comma-separated DIR:ACTION:WHICH, DIR c2s|s2c, ACTION
    reorder|drop|dup, WHICH the data segment numbers of that direction
    (1 = the first segment with payload), "2+3", or "2|3|4" for one of
    them picked with the seeded random generator."""
    rules = []
    for item in plan.split(","):
        d, action, which = item.split(":")
        if "|" in which:
            which = rng.choice(which.split("|"))
        for n in which.split("+"):
            rules.append((d, action, int(n)))
    return rules


def forward(args):
    """A two-port userspace bridge (AF_PACKET on both veths of the router
    namespace): every frame goes out unchanged on the other side, except
    that the planned TCP data segments are held back until the next data
    segment of their direction has passed (reorder), dropped once (the real
    TCP stack retransmits), or sent twice (dup)."""
    socks = {}
    for side, dev in (("client", args.client_side), ("server", args.server_side)):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((dev, 0))
        socks[side] = s
    other = {socks["client"]: socks["server"], socks["server"]: socks["client"]}
    direction = {socks["client"]: "c2s", socks["server"]: "s2c"}
    rules = parse_plan(args.plan, random.Random(args.seed))
    log("plan (seed %d): %s" % (args.seed, ", ".join("%s %s #%d" % r for r in rules)))
    events = open(args.events, "a") if args.events else None
    names = {"c2s": "client's", "s2c": "server's"}

    def event(text):
        log(text)
        if events:
            events.write(text + "\n")
            events.flush()

    seen = {"c2s": set(), "s2c": set()}   # seq numbers of data segments passed
    count = {"c2s": 0, "s2c": 0}
    held = {}                             # dir -> (frame, out socket, since)
    while True:
        r, _, _ = select.select(list(socks.values()), [], [], 0.05)
        now = time.monotonic()
        for d, (frame, out, since) in list(held.items()):
            if now - since > 1.0:          # nothing followed: let it go
                out.send(frame)
                del held[d]
                event("and sent it 1 s later (nothing followed)")
        for s in r:
            frame, addr = s.recvfrom(65600)
            if addr[2] == PACKET_OUTGOING:
                continue
            out = other[s]
            d = direction[s]
            seg = tcp_segment(frame)
            if not seg or seg[3] == 0:
                out.send(frame)
                continue
            seq = seg[2]
            if seq in seen[d]:              # a retransmission: never impaired
                out.send(frame)
                event("passed the %s retransmission (%d bytes)" % (names[d], seg[3]))
                continue
            seen[d].add(seq)
            count[d] += 1
            n = count[d]
            actions = [a for (rd, a, rn) in rules if rd == d and rn == n]
            if "drop" in actions:
                event("dropped the %s data segment #%d (%d bytes) once" % (names[d], n, seg[3]))
                continue
            if "reorder" in actions:
                held[d] = (frame, out, now)
                event("held back the %s data segment #%d (%d bytes)" % (names[d], n, seg[3]))
                continue
            out.send(frame)
            if "dup" in actions:
                out.send(frame)
                event("sent the %s data segment #%d (%d bytes) twice" % (names[d], n, seg[3]))
            if d in held:
                f, o, _ = held.pop(d)
                o.send(f)
                event("and sent it after #%d" % n)


# ------------------------------------------------------------------ record

# The order of the entries in manifest_carriers.json.
CARRIER_ORDER = [
    "eth", "sll2", "nflog", "vxlan", "ipv4_frag", "ipv6_dstopts", "ipv6_hopopts",
    "tcp_reorder", "tcp_loss", "tcp_dup", "client_hello_reorder",
    "vlan", "qinq", "mpls", "pppoe", "gre", "erspan", "geneve_eth", "geneve_ip",
    "gtpu", "gtpu_ext", "ipip", "6in4", "pktap", "null", "apple_pcapng",
]
SCENARIO_ORDER = ["rst_after_client_hello", "cert_expired"]

FIELDS = ["frame.number", "tcp.srcport", "tcp.dstport", "tcp.flags.reset", "tcp.len",
          "tls.handshake.type", "tls.alert_message.level", "tls.alert_message.desc",
          "frame.protocols"]


OUT_OF_ORDER = ["-o", "tcp.reassemble_out_of_order:TRUE"]


def tshark_frames(path, extra):
    cmd = ["tshark", "-r", path, *extra, "-T", "fields", "-E", "occurrence=a",
           "-E", "aggregator=,", "-E", "separator=\t"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    frames = []
    for line in out.splitlines():
        vals = line.split("\t") + [""] * len(FIELDS)
        frames.append(dict(zip(FIELDS, vals)))
    return frames


def ints(s):
    return [int(x, 0) for x in s.split(",") if x]


def protocols_line(text):
    """frame.protocols up to the transport (and TLS when present): what
    carries the segment, without the certificate's ASN.1 layers."""
    parts = text.split(":")
    if "tls" in parts:
        return ":".join(parts[:parts.index("tls") + 1])
    if "tcp" in parts:
        return ":".join(parts[:len(parts) - parts[::-1].index("tcp")])
    return text


def derive(path, scenario, extra):
    """The scenario's findings as plain tshark shows them: [{rule, frame}],
    the protocols line of the first finding's frame, the other chains seen
    in the capture (up to tcp; e.g. IPv4 fragments, or the other direction
    without an extension header), and tshark's frames. Raises SystemExit when the capture does not show
    the scenario."""
    frames = tshark_frames(path, extra)

    def from_server(f):
        return "443" in f["tcp.srcport"].split(",")

    def from_client(f):
        return "443" in f["tcp.dstport"].split(",")

    hello = [f for f in frames if 1 in ints(f["tls.handshake.type"]) and from_client(f)]
    if not hello:
        raise SystemExit("%s: tshark shows no ClientHello" % path)
    first_hello = int(hello[0]["frame.number"])
    if scenario == "rst_after_client_hello":
        rst = [f for f in frames if f["tcp.flags.reset"] == "1" and from_server(f)
               and int(f["frame.number"]) > first_hello]
        if not rst:
            raise SystemExit("%s: no server RST after the ClientHello" % path)
        findings = [("tcp.rst_after_client_hello", rst[0])]
    else:
        cert = [f for f in frames if 11 in ints(f["tls.handshake.type"]) and from_server(f)]
        alert = [f for f in frames if 45 in ints(f["tls.alert_message.desc"]) and from_client(f)]
        if not cert or not alert:
            raise SystemExit("%s: tshark shows no server Certificate (%d) or no "
                             "certificate_expired alert from the client (%d)"
                             % (path, len(cert), len(alert)))
        if len(cert) > 1:
            log("note: Certificate shown in frames %s; the first counts"
                % [f["frame.number"] for f in cert])
        findings = [("cert.expired", cert[0]), ("alert.certificate_expired", alert[0])]
    main = protocols_line(findings[0][1]["frame.protocols"])
    others = []
    for f in frames:
        line = protocols_line(f["frame.protocols"])
        chain = line[:-len(":tls")] if line.endswith(":tls") else line
        if chain != main and chain + ":tls" != main and chain not in others:
            others.append(chain)
    return ([{"rule": r, "frame": int(f["frame.number"])} for r, f in findings],
            main, others, frames)


def write_manifest(path, entry):
    try:
        with open(path, encoding="utf-8") as f:
            captures = json.load(f)["captures"]
    except FileNotFoundError:
        captures = []
    captures = [c for c in captures if c["file"] != entry["file"]] + [entry]

    def key(c):
        name = os.path.basename(c["file"])
        scenario, carrier = name.split(".")[:2]
        return (CARRIER_ORDER.index(carrier) if carrier in CARRIER_ORDER else 99,
                SCENARIO_ORDER.index(scenario) if scenario in SCENARIO_ORDER else 9, name)

    captures.sort(key=key)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump({"captures": captures}, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(path + ".tmp", path)


def record(args):
    extra = json.loads(args.args) if args.args else []
    try:
        findings, protocols, others, frames = derive(args.capture, args.scenario, extra)
    except SystemExit as e:
        # Out-of-order segments: Wireshark 4.0 reassembles them only when
        # asked (tcp.reassemble_out_of_order defaults to FALSE).
        log("%s; trying again with %s" % (e, " ".join(OUT_OF_ORDER)))
        extra = extra + OUT_OF_ORDER
        findings, protocols, others, frames = derive(args.capture, args.scenario, extra)
    entry = {
        "file": os.path.relpath(os.path.abspath(args.install_as), TESTDATA),
        "script": args.script,
        "made_by": args.made_by,
        "crafted": args.crafted == "true",
    }
    if args.how:
        entry["how"] = args.how
    entry["carrier"] = args.carrier
    entry["story"] = args.story
    entry["findings"] = findings
    entry["protocols"] = protocols
    if others:
        entry["protocols_other"] = others
    if extra:
        entry["args"] = extra
    log("%s: %d frames; %s; %s%s" % (entry["file"], len(frames), protocols,
                                    ", ".join("%s@%d" % (x["rule"], x["frame"]) for x in findings),
                                    "; tshark " + " ".join(extra) if extra else ""))
    if args.manifest:
        write_manifest(args.manifest, entry)


# ------------------------------------------------------------------ main

def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("serve-rst", "serve-tls12"):
        s = sub.add_parser(name)
        s.add_argument("--bind", required=True)
        s.add_argument("--port", type=int, default=443)
        s.add_argument("--ipv6-opt", choices=IPV6_OPT)
        s.add_argument("--cert")
        s.add_argument("--key")
    c = sub.add_parser("client")
    c.add_argument("--connect", required=True)
    c.add_argument("--port", type=int, default=443)
    c.add_argument("--scenario", choices=("rst", "cert"), required=True)
    c.add_argument("--cafile")
    c.add_argument("--ipv6-opt", choices=IPV6_OPT)
    t = sub.add_parser("tunnel")
    t.add_argument("kind", choices=L2_KINDS + tuple(RAW_PROTO) + tuple(UDP_PORT))
    t.add_argument("--tun", required=True)
    t.add_argument("--dev")
    t.add_argument("--peer-mac")
    t.add_argument("--local")
    t.add_argument("--remote")
    t.add_argument("--gtp-dir", choices=("ul", "dl"), default="ul")
    f = sub.add_parser("forward")
    f.add_argument("--client-side", required=True)
    f.add_argument("--server-side", required=True)
    f.add_argument("--plan", required=True)
    f.add_argument("--seed", type=int, default=1)
    f.add_argument("--events", help="append what was done to this file, one sentence a line")
    r = sub.add_parser("record")
    r.add_argument("capture")
    r.add_argument("--scenario", required=True, choices=SCENARIO_ORDER)
    r.add_argument("--install-as", required=True)
    r.add_argument("--manifest")
    r.add_argument("--script", default="")
    r.add_argument("--made-by", default="")
    r.add_argument("--crafted", choices=("true", "false"), default="false")
    r.add_argument("--how", default="")
    r.add_argument("--carrier", default="")
    r.add_argument("--story", default="")
    r.add_argument("--args", default="")
    a = p.parse_args()
    fn = {"serve-rst": serve_rst, "serve-tls12": serve_tls12, "client": client,
          "tunnel": lambda a: Tunnel(a).run(), "forward": forward, "record": record}[a.cmd]
    sys.exit(fn(a) or 0)


if __name__ == "__main__":
    main()
