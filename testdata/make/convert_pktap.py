#!/usr/bin/python3
"""Converts a real Ethernet capture into the framings macOS writes, for
captures no macOS machine made here:

  convert_pktap.py --to pktap IN OUT         pcap, LINKTYPE_PKTAP (258), what
                                             `tcpdump -i pktap -w` writes
  convert_pktap.py --to null IN OUT          pcap, LINKTYPE_NULL (0): a 4-byte
                                             address family in host (little-
                                             endian) byte order, then the IP
                                             packet, as on macOS's lo0
  convert_pktap.py --to apple-pcapng IN OUT  pcapng as macOS's tcpdump writes
                                             it from pktap (`tcpdump -i pktap
                                             -w`, read with `tcpdump -k`):
                                             Ethernet frames with Apple's
                                             process information blocks and
                                             per-packet options

  options: --pid N (default 4242) --comm NAME (default curl) --ifname NAME
  (default en0) --svc N (service class, default 0 = BE)

IN is a pcap or pcapng file with Ethernet frames (read here without
third-party packages). The packets themselves are copied unchanged (for
null, without their Ethernet header); only the framing around them is
written by this program. Which side is "local" (the host running the
process) is the sender of the first SYN, so its packets are outgoing and
the other side's incoming. The process id, name and UUID are invented: the
Linux capture does not know them.

Sources for the layouts:
- PKTAP: struct pktap_header in Apple's xnu bsd/net/pktap.h (pth_length,
  pth_type_next, pth_dlt, pth_ifname[24], pth_flags, pth_protocol_family,
  pth_frame_pre_length, pth_frame_post_length, pth_pid, pth_comm[17],
  pth_svc, pth_iftype, pth_ifunit, pth_epid, pth_ecomm[17], pth_flowid,
  pth_ipproto, pth_tstamp, pth_uuid, pth_euuid; 156 bytes, little-endian),
  as Wireshark's epan/dissectors/packet-pktap.c reads it (minimum length 108).
- Apple pcapng: Apple's libpcap (pcap/pcap-ng.h and pcap-util.c,
  pcap_ng_dump_pktap): Process Information Block type 0x80000001 (process id,
  options 2 = name, 4 = UUID); Enhanced Packet Block options 0x8001 (index
  of the process information block), 0x8002 (service class), 0x8003
  (effective process's block), 0x8004 (packet metadata flags: 1 new flow, 2
  keep-alive, 4 retransmit, 8 socket), and the standard epb_flags (2) with
  the direction.
"""
import argparse
import hashlib
import struct
import sys

LINKTYPE_ETHERNET, LINKTYPE_NULL, LINKTYPE_PKTAP = 1, 0, 258
AF_INET, AF_INET6_DARWIN = 2, 30
PTH_FLAG_DIR_IN, PTH_FLAG_DIR_OUT, PTH_FLAG_NEW_FLOW = 0x1, 0x2, 0x4000
PTH_TYPE_PACKET = 1
IFT_ETHER = 6
PKTAP_HEADER_LEN = 156
PCAPNG_BT_PIB = 0x80000001
PCAPNG_EPB_PIB_INDEX, PCAPNG_EPB_SVC, PCAPNG_EPB_E_PIB_INDEX, PCAPNG_EPB_PMD_FLAGS = \
    0x8001, 0x8002, 0x8003, 0x8004
PCAPNG_EPB_PMDF_NEW_FLOW, PCAPNG_EPB_PMDF_SOCKET = 0x1, 0x8
PCAPNG_PBF_DIR_INBOUND, PCAPNG_PBF_DIR_OUTBOUND = 1, 2


# ------------------------------------------------------------------ reading

def read_capture(path):
    """[(ts_seconds, ts_fraction_ns, linktype, data)] of a pcap or pcapng file."""
    data = open(path, "rb").read()
    magic = data[:4]
    if magic == b"\x0a\x0d\x0d\x0a":
        return list(read_pcapng(data))
    for endian in ("<", ">"):
        m = struct.unpack(endian + "I", magic)[0]
        if m in (0xA1B2C3D4, 0xA1B23C4D):
            return list(read_pcap(data, endian, 1000 if m == 0xA1B2C3D4 else 1))
    raise SystemExit("%s: neither pcap nor pcapng" % path)


def read_pcap(data, e, frac_to_ns):
    linktype = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(e + "IIII", data[pos:pos + 16])
        yield sec, frac * frac_to_ns, linktype, data[pos + 16:pos + 16 + incl]
        pos += 16 + incl


def pcapng_options(body, e):
    opts, pos = [], 0
    while pos + 4 <= len(body):
        code, length = struct.unpack(e + "HH", body[pos:pos + 4])
        if code == 0:
            break
        opts.append((code, body[pos + 4:pos + 4 + length]))
        pos += 4 + length + (-length % 4)
    return opts


def read_pcapng(data):
    pos, e = 0, "<"
    interfaces = []   # (linktype, ticks per second)
    while pos + 12 <= len(data):
        btype = struct.unpack("<I", data[pos:pos + 4])[0]
        if btype == 0x0A0D0D0A:
            e = "<" if data[pos + 8:pos + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            interfaces = []
        btype, blen = struct.unpack(e + "II", data[pos:pos + 8])
        body = data[pos + 8:pos + blen - 4]
        if btype == 1:                                  # Interface Description
            linktype = struct.unpack(e + "H", body[:2])[0]
            tps = 10 ** 6
            for code, val in pcapng_options(body[8:], e):
                if code == 9:                           # if_tsresol
                    r = val[0]
                    tps = 2 ** (r & 0x7F) if r & 0x80 else 10 ** r
            interfaces.append((linktype, tps))
        elif btype == 6:                                # Enhanced Packet
            ifid, hi, lo, caplen, _ = struct.unpack(e + "IIIII", body[:20])
            linktype, tps = interfaces[ifid]
            ticks = hi << 32 | lo
            yield (ticks // tps, (ticks % tps) * 10 ** 9 // tps, linktype, body[20:20 + caplen])
        elif btype == 3:                                # Simple Packet
            linktype, _ = interfaces[0]
            length = struct.unpack(e + "I", body[:4])[0]
            yield 0, 0, linktype, body[4:4 + length]
        pos += blen


# ------------------------------------------------------------------ packets

def ip_of(frame):
    """(ethertype, source address bytes, TCP flags or None) of an Ethernet frame."""
    et = struct.unpack("!H", frame[12:14])[0]
    if et == 0x0800:
        ihl = (frame[14] & 0x0F) * 4
        proto, src = frame[23], frame[26:30]
        flags = frame[14 + ihl + 13] if proto == 6 else None
        return et, src, flags
    if et == 0x86DD:
        proto, src = frame[20], frame[22:38]
        flags = frame[54 + 13] if proto == 6 else None
        return et, src, flags
    return et, None, None


def local_address(packets):
    """The address of the host whose capture this pretends to be: the
    sender of the first SYN without ACK."""
    for _, _, _, frame in packets:
        _, src, flags = ip_of(frame)
        if flags is not None and flags & 0x12 == 0x02:
            return src
    raise SystemExit("no SYN in the capture: cannot tell the local side")


def pcap_file(linktype, records):
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 524288, linktype)]
    for sec, ns, data in records:
        out.append(struct.pack("<IIII", sec, ns // 1000, len(data), len(data)) + data)
    return b"".join(out)


def cstr(text, size):
    raw = text.encode()[:size - 1]
    return raw + b"\0" * (size - len(raw))


def uuid_for(args):
    return hashlib.sha256(("%s:%d" % (args.comm, args.pid)).encode()).digest()[:16]


def pktap_header(args, outgoing, new_flow, ethertype):
    flags = (PTH_FLAG_DIR_OUT if outgoing else PTH_FLAG_DIR_IN) | (PTH_FLAG_NEW_FLOW if new_flow else 0)
    family = AF_INET if ethertype == 0x0800 else AF_INET6_DARWIN
    uuid = uuid_for(args)
    h = struct.pack("<III24sIIIIi17s3xIHHi17s3xII8s16s16s",
                    PKTAP_HEADER_LEN, PTH_TYPE_PACKET, LINKTYPE_ETHERNET,
                    cstr(args.ifname, 24), flags, family, 14, 0, args.pid,
                    cstr(args.comm, 17), args.svc, IFT_ETHER, 0, args.pid,
                    cstr(args.comm, 17), args.flowid, 6, b"\0" * 8, uuid, uuid)
    assert len(h) == PKTAP_HEADER_LEN, len(h)
    return h


def pcapng_block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = len(body) + 12
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def pcapng_opt(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def apple_pcapng(args, packets, local):
    end = struct.pack("<HH", 0, 0)
    shb = struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + \
        pcapng_opt(1, b"section header block") + \
        pcapng_opt(2, b"converted") + \
        pcapng_opt(3, b"Linux capture in the layout of macOS tcpdump's pktap pcapng") + \
        pcapng_opt(4, b"testdata/make/convert_pktap.py") + end
    idb = struct.pack("<HHI", LINKTYPE_ETHERNET, 0, 524288) + pcapng_opt(2, args.ifname.encode()) + end
    pib = struct.pack("<I", args.pid) + pcapng_opt(2, args.comm.encode()) + \
        pcapng_opt(4, uuid_for(args)) + end
    out = [pcapng_block(0x0A0D0D0A, shb), pcapng_block(1, idb), pcapng_block(PCAPNG_BT_PIB, pib)]
    first_syn = True
    for sec, ns, _, frame in packets:
        _, src, flags = ip_of(frame)
        outgoing = src == local
        pmd = PCAPNG_EPB_PMDF_SOCKET
        if flags is not None and flags & 0x12 == 0x02 and first_syn:
            pmd |= PCAPNG_EPB_PMDF_NEW_FLOW
            first_syn = False
        us = sec * 10 ** 6 + ns // 1000
        body = struct.pack("<IIIII", 0, us >> 32, us & 0xFFFFFFFF, len(frame), len(frame)) + frame
        body += b"\0" * (-len(frame) % 4)
        body += pcapng_opt(PCAPNG_EPB_PIB_INDEX, struct.pack("<I", 0))
        body += pcapng_opt(PCAPNG_EPB_E_PIB_INDEX, struct.pack("<I", 0))
        body += pcapng_opt(2, struct.pack("<I", PCAPNG_PBF_DIR_OUTBOUND if outgoing else PCAPNG_PBF_DIR_INBOUND))
        body += pcapng_opt(PCAPNG_EPB_SVC, struct.pack("<I", args.svc))
        body += pcapng_opt(PCAPNG_EPB_PMD_FLAGS, struct.pack("<I", pmd))
        body += end
        out.append(pcapng_block(6, body))
    return b"".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--to", required=True, choices=("pktap", "null", "apple-pcapng"))
    p.add_argument("--pid", type=int, default=4242)
    p.add_argument("--comm", default="curl")
    p.add_argument("--ifname", default="en0")
    p.add_argument("--svc", type=int, default=0)
    p.add_argument("--flowid", type=int, default=0x2A)
    p.add_argument("input")
    p.add_argument("output")
    args = p.parse_args()
    packets = read_capture(args.input)
    if any(lt != LINKTYPE_ETHERNET for _, _, lt, _ in packets):
        raise SystemExit("%s: only Ethernet captures can be converted" % args.input)
    local = local_address(packets)
    if args.to == "apple-pcapng":
        data = apple_pcapng(args, packets, local)
    else:
        records = []
        first_syn = True
        for sec, ns, _, frame in packets:
            et, src, flags = ip_of(frame)
            if args.to == "null":
                if et not in (0x0800, 0x86DD):
                    raise SystemExit("not an IP frame: ethertype %#06x" % et)
                family = AF_INET if et == 0x0800 else AF_INET6_DARWIN
                records.append((sec, ns, struct.pack("<I", family) + frame[14:]))
            else:
                new_flow = flags is not None and flags & 0x12 == 0x02 and first_syn
                if new_flow:
                    first_syn = False
                records.append((sec, ns, pktap_header(args, src == local, new_flow, et) + frame))
        data = pcap_file(LINKTYPE_NULL if args.to == "null" else LINKTYPE_PKTAP, records)
    with open(args.output, "wb") as f:
        f.write(data)
    print("%s: %d packets -> %s (%s)" % (args.input, len(packets), args.output, args.to),
          file=sys.stderr)


if __name__ == "__main__":
    main()
