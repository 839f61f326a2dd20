#include "frame_tcp.h"

#include <wiretap/wtap.h>

#include <algorithm>
#include <cstring>

namespace tlsdiag::plugin {

namespace {

struct Protocols {
    int frame = -1, eth = -1, ethertype = -1, vlan = -1, sll = -1, null = -1, raw = -1, ip = -1,
        ipv6 = -1, ipv6_hopopts = -1, ipv6_dstopts = -1, ipv6_routing = -1, tcp = -1;
} g_proto;

constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04;

// The frame's captured bytes, and where the network layer's payload ends:
// the IP length, not the frame's (Ethernet pads short frames).
struct Cursor {
    const uint8_t* data = nullptr;
    unsigned captured = 0;
    unsigned offset = 0;
    unsigned end = 0;  // 0: as far as the frame goes (TSO captures say length 0)
    bool have(unsigned n) const { return offset + n <= captured; }
    unsigned u8(unsigned at) const { return data[offset + at]; }
    unsigned u16(unsigned at) const { return static_cast<unsigned>(data[offset + at] << 8 | data[offset + at + 1]); }
};

// Steps over one layer's header; false for a layer tlsdiag cannot step over.
bool step(int proto, packet_info* pinfo, Cursor& c) {
    if (proto == g_proto.frame || proto == g_proto.ethertype || proto == g_proto.raw) return true;
    if (proto == g_proto.eth) return c.offset += 14, true;
    if (proto == g_proto.vlan) return c.offset += 4, true;
    if (proto == g_proto.null) return c.offset += 4, true;
    if (proto == g_proto.sll) {
        const bool v2 = pinfo->rec && pinfo->rec->rec_header.packet_header.pkt_encap == WTAP_ENCAP_SLL2;
        c.offset += v2 ? 20 : 16;
        return true;
    }
    if (proto == g_proto.ip) {
        if (!c.have(20)) return false;
        const unsigned header = (c.u8(0) & 0x0f) * 4u, total = c.u16(2), fragment = c.u16(6) & 0x3fff;
        if (header < 20 || fragment) return false;  // fragments: TCP reads the reassembly
        c.end = total ? c.offset + total : 0;
        c.offset += header;
        return true;
    }
    if (proto == g_proto.ipv6) {
        if (!c.have(40)) return false;
        const unsigned payload = c.u16(4);
        c.end = payload ? c.offset + 40 + payload : 0;
        c.offset += 40;
        return true;
    }
    if (proto == g_proto.ipv6_hopopts || proto == g_proto.ipv6_dstopts || proto == g_proto.ipv6_routing) {
        if (!c.have(2)) return false;
        c.offset += (c.u8(1) + 1u) * 8u;
        return true;
    }
    return false;
}

// Whether Wireshark's address is `bytes` (a fixed size compares inline).
template <int Type, int Len>
bool same(const address& a, const uint8_t* bytes) {
    return a.type == Type && a.len == Len && std::memcmp(a.data, bytes, Len) == 0;
}

// The TCP header of an Ethernet frame whose IPv4 header (not a fragment)
// follows the Ethernet header and holds the frame's addresses, with TCP
// inside: nearly every frame of a capture. It is the header the layer walk
// would find, without its calls per layer; any other frame takes
// find_other_tcp(). `c` changes only when the header is found.
constexpr unsigned kEthernet = 14;

bool is_ethernet(const packet_info* pinfo, const Cursor& c) {
    return pinfo->rec && pinfo->rec->rec_header.packet_header.pkt_encap == WTAP_ENCAP_ETHERNET &&
           c.have(kEthernet + 40);
}

bool find_plain_ipv4_tcp(packet_info* pinfo, Cursor& c) {
    if (!is_ethernet(pinfo, c) || c.u16(12) != 0x0800) return false;
    const uint8_t* ip = c.data + kEthernet;
    const unsigned header = (ip[0] & 0x0f) * 4u, total = static_cast<unsigned>(ip[2] << 8 | ip[3]);
    const bool fragment = (ip[6] & 0x3f) || ip[7];
    if ((ip[0] >> 4) != 4 || header < 20 || fragment || ip[9] != 6 ||
        !same<AT_IPv4, 4>(pinfo->src, ip + 12) || !same<AT_IPv4, 4>(pinfo->dst, ip + 16))
        return false;
    c.end = total ? kEthernet + total : 0;
    c.offset = kEthernet + header;
    return true;
}

// The same for IPv6 without extension headers, else the TCP header by
// stepping over every layer before it: out of line, so that the code every
// IPv4 frame runs stays a few cache lines.
__attribute__((noinline)) bool find_other_tcp(packet_info* pinfo, Cursor& c) {
    if (is_ethernet(pinfo, c) && c.u16(12) == 0x86dd) {
        const uint8_t* ip = c.data + kEthernet;
        const unsigned payload = static_cast<unsigned>(ip[4] << 8 | ip[5]);
        if ((ip[0] >> 4) == 6 && ip[6] == 6 && same<AT_IPv6, 16>(pinfo->src, ip + 8) &&
            same<AT_IPv6, 16>(pinfo->dst, ip + 24)) {
            c.end = payload ? kEthernet + 40 + payload : 0;
            c.offset = kEthernet + 40;
            return true;
        }
    }
    for (wmem_list_frame_t* f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        const int proto = GPOINTER_TO_INT(wmem_list_frame_data(f));
        if (proto == g_proto.tcp) return true;
        if (!step(proto, pinfo, c)) return false;
    }
    return false;
}

}  // namespace

void resolve_frame_protocols() {
    auto id = [](const char* name) { return proto_get_id_by_filter_name(name); };
    g_proto = {id("frame"), id("eth"), id("ethertype"), id("vlan"), id("sll"), id("null"),
               id("raw"), id("ip"), id("ipv6"), id("ipv6.hopopts"), id("ipv6.dstopts"),
               id("ipv6.routing"), id("tcp")};
}

__attribute__((hot)) bool read_tcp_segment(tvbuff_t* tvb, packet_info* pinfo, TcpSegment* out) {
    if (pinfo->ptype != PT_TCP || !pinfo->layers || g_proto.tcp < 0) return false;
    Cursor c;
    c.captured = tvb_captured_length(tvb);
    c.data = c.captured ? tvb_get_ptr(tvb, 0, static_cast<gint>(c.captured)) : nullptr;
    if (!find_plain_ipv4_tcp(pinfo, c) && !find_other_tcp(pinfo, c)) return false;
    if (!c.have(20) || c.u16(0) != pinfo->srcport || c.u16(2) != pinfo->destport) return false;
    const unsigned header = (c.u8(12) >> 4) * 4u;
    const unsigned reported = tvb_reported_length(tvb);
    const unsigned end = c.end && c.end <= reported ? c.end : reported;
    if (header < 20 || c.offset + header > end) return false;
    const unsigned flags = c.u8(13);
    out->seq = static_cast<uint32_t>(c.u16(4)) << 16 | c.u16(6);
    out->syn = flags & kSyn;
    out->fin = flags & kFin;
    out->rst = flags & kRst;
    const unsigned start = c.offset + header;
    out->len = end - start;
    out->captured = c.captured > start ? std::min(c.captured - start, out->len) : 0;
    out->payload = out->captured ? c.data + start : nullptr;
    return true;
}

}  // namespace tlsdiag::plugin
