#include "capture/link_layers.h"

#include <algorithm>

namespace tlsdiag::capture {

const std::vector<std::pair<const char*, Layer>>& layer_names() {
    static const std::vector<std::pair<const char*, Layer>> names = {
        {"frame", Layer::None},
        {"ethertype", Layer::None},
        {"wlan_radio", Layer::None},
        {"pkt_comment", Layer::None},
        {"fcs", Layer::None},
        {"pwethnocw", Layer::None},
        {"pcap_pktdata", Layer::None},
        {"pwethheuristic", Layer::None},
        {"raw", Layer::None},
        {"eth", Layer::Ethernet},
        {"vlan", Layer::Vlan},
        {"ieee8021ad", Layer::Vlan},
        {"mpls", Layer::Mpls},
        {"pwethcw", Layer::PwEthControlWord},
        {"pppoes", Layer::PppoeSession},
        {"ppp", Layer::Ppp},
        {"chdlc", Layer::Chdlc},
        {"llc", Layer::Llc},
        {"gre", Layer::Gre},
        {"erspan", Layer::Erspan},
        {"vxlan", Layer::Vxlan},
        {"geneve", Layer::Geneve},
        {"gtp", Layer::GtpU},
        {"l2tp", Layer::L2tp},
        {"udp", Layer::Udp},
        {"ip", Layer::Ipv4},
        {"ipv6", Layer::Ipv6},
        {"ipv6.hopopts", Layer::Ipv6Extension},
        {"ipv6.dstopts", Layer::Ipv6Extension},
        {"ipv6.routing", Layer::Ipv6Extension},
        {"ipv6.shim6", Layer::Ipv6Extension},
        {"ipv6.fraghdr", Layer::Ipv6Fragment},
        {"ah", Layer::Ah},
        {"sll", Layer::Sll},
        {"null", Layer::Null},
        {"loop", Layer::Null},
        {"pktap", Layer::Pktap},
        {"nflog", Layer::Nflog},
        {"radiotap", Layer::Radiotap},
        {"wlan", Layer::Wlan},
        {"tcp", Layer::Tcp},
        {"icmp", Layer::IcmpError},
        {"icmpv6", Layer::IcmpError},
    };
    return names;
}

namespace {

// The bytes still ahead, up to the end the enclosing headers give (an IP or
// UDP length; frames are padded).
struct Walk {
    const uint8_t* data;
    size_t captured;
    size_t offset = 0;
    size_t end;
    uint16_t gre_protocol = 0;
    bool gre_sequence = false;
    bool ip_fragment = false;  // the innermost IP header is a fragment's
    // Wireshark 4.4 and later leave the IP layer MPLS carries out of
    // pinfo->layers ("eth:ethertype:mpls:tcp"): its header is still there.
    bool ip_unnamed = false;
    // A header was wanted past the bytes the capture kept (a snap length).
    mutable bool cut = false;

    bool have(size_t n) const {
        if (offset + n > captured && offset + n <= end) cut = true;
        return offset + n <= captured && offset + n <= end;
    }
    unsigned u8(size_t at) const { return data[offset + at]; }
    unsigned u16(size_t at) const {
        return static_cast<unsigned>(data[offset + at] << 8 | data[offset + at + 1]);
    }
    unsigned le16(size_t at) const {
        return static_cast<unsigned>(data[offset + at + 1] << 8 | data[offset + at]);
    }
    uint32_t u32(size_t at) const { return static_cast<uint32_t>(u16(at)) << 16 | u16(at + 2); }
    uint32_t le32(size_t at) const { return static_cast<uint32_t>(le16(at + 2)) << 16 | le16(at); }
    // Steps over `n` header bytes, which must all be there.
    bool skip(size_t n) {
        if (!have(n)) return false;
        offset += n;
        return true;
    }
    // An inner length says where this layer's payload ends.
    void limit(size_t payload) {
        if (offset + payload < end) end = offset + payload;
    }
};

bool step_mpls(Walk& w) {
    for (;;) {
        if (!w.have(4)) return false;
        const bool bottom = w.u8(2) & 1;
        w.offset += 4;
        if (bottom) {
            w.ip_unnamed = true;
            return true;
        }
    }
}

bool step_ppp(Walk& w) {
    if (w.have(2) && w.u8(0) == 0xff && w.u8(1) == 0x03) w.offset += 2;  // address, control
    if (!w.have(1)) return false;
    return w.skip(w.u8(0) & 1 ? 1 : 2);  // a compressed protocol field is odd, one byte
}

bool step_llc(Walk& w) {
    if (!w.have(3)) return false;
    const bool snap = w.u8(0) == 0xaa && w.u8(1) == 0xaa;
    const size_t control = (w.u8(2) & 3) == 3 ? 1 : 2;  // U frames have one byte
    return w.skip(2 + control + (snap ? 5 : 0));
}

bool step_gre(Walk& w) {
    if (!w.have(4)) return false;
    const unsigned flags = w.u16(0);
    const bool checksum = flags & 0x8000, routing = flags & 0x4000, key = flags & 0x2000,
               sequence = flags & 0x1000, ack = (flags & 7) == 1 && (flags & 0x0080);
    if (routing) return false;  // source routes (RFC 1701): not seen in practice
    w.gre_protocol = static_cast<uint16_t>(w.u16(2));
    w.gre_sequence = sequence;
    return w.skip(4 + (checksum ? 4 : 0) + (key ? 4 : 0) + (sequence ? 4 : 0) + (ack ? 4 : 0));
}

bool step_erspan(Walk& w) {
    // Type I (0x88BE without a GRE sequence number) has no header.
    if (w.gre_protocol == 0x88be && !w.gre_sequence) return true;
    if (!w.have(1)) return false;
    switch (w.u8(0) >> 4) {
    case 1: return w.skip(8);  // type II
    case 2:                    // type III, with an optional platform subheader
        return w.have(12) && w.skip(12 + (w.u8(11) & 1 ? 8 : 0));
    }
    return false;
}

bool step_gtp_u(Walk& w) {
    if (!w.have(8) || (w.u8(0) >> 5) != 1 || w.u8(1) != 0xff) return false;  // GTPv1 G-PDU
    const size_t length = w.u16(2);
    const bool optional = w.u8(0) & 0x07;
    if (!optional) {
        w.offset += 8;
        w.limit(length);
        return true;
    }
    if (!w.have(12)) return false;
    const size_t payload_end = w.offset + 8 + length;
    unsigned next = w.u8(11);
    w.offset += 12;
    while (next) {  // extension headers: a length in 4-byte units, the next type last
        if (!w.have(1) || w.u8(0) == 0 || !w.have(w.u8(0) * 4u)) return false;
        const size_t size = w.u8(0) * 4u;
        next = w.u8(size - 1);
        w.offset += size;
    }
    if (payload_end < w.end) w.end = payload_end;
    return w.offset <= w.end;
}

bool step_l2tp(Walk& w) {
    if (!w.have(2)) return false;
    const unsigned flags = w.u16(0);
    if ((flags & 0x8000) || (flags & 0xf) != 2) return false;  // a control message, or not L2TPv2
    size_t n = 2 + (flags & 0x4000 ? 2 : 0) + 4 + (flags & 0x0800 ? 4 : 0);
    if (flags & 0x0200) {
        if (!w.have(n + 2)) return false;
        n += 2 + w.u16(n);
    }
    return w.skip(n);
}

bool step_udp(Walk& w) {
    if (!w.have(8)) return false;
    const size_t length = w.u16(4);
    w.offset += 8;
    if (length >= 8) w.limit(length - 8);
    return true;
}

bool step_ipv4(Walk& w, LinkRead& r) {
    if (!w.have(20) || (w.u8(0) >> 4) != 4) return false;
    const size_t header = (w.u8(0) & 0x0f) * 4u, total = w.u16(2);
    if (header < 20 || !w.have(header)) return false;
    w.ip_fragment = (w.u16(6) & 0x3fff) != 0;
    r.ip_src = w.data + w.offset + 12;
    r.ip_dst = w.data + w.offset + 16;
    r.ip_address_length = 4;
    const size_t start = w.offset;
    w.offset += header;
    // TSO captures say length 0: then the frame's end holds.
    if (total >= header && start + total < w.end) w.end = start + total;
    return true;
}

bool step_ipv6(Walk& w, LinkRead& r) {
    if (!w.have(40) || (w.u8(0) >> 4) != 6) return false;
    const size_t payload = w.u16(4);
    w.ip_fragment = false;
    r.ip_src = w.data + w.offset + 8;
    r.ip_dst = w.data + w.offset + 24;
    r.ip_address_length = 16;
    w.offset += 40;
    if (payload) w.limit(payload);  // 0: a jumbogram, or TSO
    return true;
}

bool step_nflog(Walk& w) {
    // A 4-byte header, then type-length-values in the host's byte order,
    // each padded to 4 bytes; the packet is the NFULA_PAYLOAD (9) value.
    if (!w.skip(4)) return false;
    for (bool little = true;; little = false) {
        Walk t = w;
        while (t.have(4)) {
            const size_t length = little ? t.le16(0) : t.u16(0);
            const unsigned type = (little ? t.le16(2) : t.u16(2)) & 0x7fff;
            if (length < 4) break;
            if (type == 9) {
                t.offset += 4;
                t.limit(length - 4);
                w = t;
                return true;
            }
            if (!t.skip((length + 3) & ~size_t{3})) break;
        }
        if (!little) return false;
    }
}

bool step_wlan(Walk& w) {
    if (!w.have(2)) return false;
    const unsigned control = w.u8(0), flags = w.u8(1);
    if (((control >> 2) & 3) != 2 || (flags & 0x40)) return false;  // a data frame, not protected
    const bool qos = (control >> 4) & 8;
    return w.skip(24 + ((flags & 3) == 3 ? 6 : 0) + (qos ? 2 : 0) +
                  (qos && (flags & 0x80) ? 4 : 0));
}

// The IP header Wireshark dissected after MPLS without naming it, told by
// its version.
bool step_unnamed_ip(Walk& w, LinkRead& r) {
    w.ip_unnamed = false;
    if (!w.have(1)) return false;
    switch (w.u8(0) >> 4) {
    case 4: return step_ipv4(w, r);
    case 6: return step_ipv6(w, r);
    }
    return false;
}

bool step(Layer layer, Walk& w, LinkRead& r) {
    if (layer != Layer::None) w.ip_unnamed = false;
    switch (layer) {
    case Layer::None: return true;
    case Layer::Ethernet: return w.skip(14);
    case Layer::Vlan: return w.skip(4);
    case Layer::Mpls: return step_mpls(w);
    case Layer::PwEthControlWord: return w.skip(4);
    case Layer::PppoeSession: {
        if (!w.have(6)) return false;
        const size_t payload = w.u16(4);
        w.offset += 6;
        w.limit(payload);
        return true;
    }
    case Layer::Ppp: return step_ppp(w);
    case Layer::Chdlc: return w.skip(4);
    case Layer::Llc: return step_llc(w);
    case Layer::Gre: return step_gre(w);
    case Layer::Erspan: return step_erspan(w);
    case Layer::Vxlan: return w.skip(8);
    case Layer::Geneve: return w.have(1) && w.skip(8 + (w.u8(0) & 0x3f) * 4u);
    case Layer::GtpU: return step_gtp_u(w);
    case Layer::L2tp: return step_l2tp(w);
    case Layer::Udp: return step_udp(w);
    case Layer::Ipv4: return step_ipv4(w, r);
    case Layer::Ipv6: return step_ipv6(w, r);
    case Layer::Ipv6Extension: return w.have(2) && w.skip((w.u8(1) + 1u) * 8u);
    case Layer::Ipv6Fragment:
        if (!w.have(8)) return false;
        w.ip_fragment = (w.u16(2) & 0xfff9) != 0;  // an offset, or more fragments
        w.offset += 8;
        return true;
    case Layer::Ah: return w.have(2) && w.skip((w.u8(1) + 2u) * 4u);
    case Layer::Sll: return w.skip(16);
    case Layer::Sll2: return w.skip(20);
    case Layer::Null: return w.skip(4);
    case Layer::Pktap: return w.have(4) && w.le32(0) >= 4 && w.skip(w.le32(0));
    case Layer::Nflog: return step_nflog(w);
    case Layer::Radiotap: return w.have(4) && w.skip(w.le16(2));
    case Layer::Wlan: return step_wlan(w);
    case Layer::Tcp:
    case Layer::IcmpError:
    case Layer::Unknown: return false;
    }
    return false;
}

}  // namespace

LinkRead find_udp_datagram(const FrameBytes& frame, const Layer* layers, size_t count,
                           UdpDatagram* out) {
    Walk w{frame.data, frame.captured, 0, frame.reported};
    LinkRead r;
    for (size_t i = 0; i + 1 < count; ++i)
        if (layers[i] == Layer::IcmpError || w.ip_fragment || !step(layers[i], w, r))
            return LinkRead{LinkRead::Status::Unreadable, i, w.cut};
    if (!count || layers[count - 1] != Layer::Udp) return LinkRead{};
    if (w.ip_unnamed && !step_unnamed_ip(w, r))
        return LinkRead{LinkRead::Status::Unreadable, count - 1, w.cut};
    if (w.ip_fragment) {
        r.status = LinkRead::Status::ReassembledIp;
        return r;
    }
    if (!udp_at(w.data, w.captured, w.offset, w.end, out))
        return LinkRead{LinkRead::Status::Unreadable, count - 1, w.captured < w.offset + 8};
    r.status = LinkRead::Status::Segment;
    return r;
}

LinkRead find_tcp_segment(const FrameBytes& frame, const Layer* layers, size_t count,
                          TcpSegment* out) {
    LinkRead r;
    Walk w{frame.data, frame.captured, 0, frame.reported};
    for (size_t i = 0; i < count; ++i) {
        if (layers[i] == Layer::IcmpError) {
            r.status = LinkRead::Status::QuotedInError;
            return r;
        }
        if (layers[i] == Layer::Tcp) {
            if (w.ip_unnamed && !step_unnamed_ip(w, r))
                return LinkRead{LinkRead::Status::Unreadable, i, w.cut};
            if (w.ip_fragment) r.status = LinkRead::Status::ReassembledIp;
            else if (tcp_at(w.data, w.captured, w.offset, w.end, out))
                r.status = LinkRead::Status::Segment;
            else r = LinkRead{LinkRead::Status::Unreadable, i, w.captured < w.offset + 20};
            return r;
        }
        // A fragment's payload is no header to step over: only TCP reads
        // the reassembly.
        if (w.ip_fragment || !step(layers[i], w, r))
            return LinkRead{LinkRead::Status::Unreadable, i, w.cut};
    }
    return r;
}

}  // namespace tlsdiag::capture
