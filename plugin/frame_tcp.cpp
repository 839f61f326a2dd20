#include "frame_tcp.h"

#include <wiretap/wtap.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "ws_compat.h"

namespace tlsdiag::plugin {

namespace {

int g_proto_tcp = -1, g_proto_udp = -1;
// The layers tlsdiag steps over, by protocol id, sorted for a binary search.
std::vector<std::pair<int, Layer>> g_layers;

Layer layer_of(int proto, int encap) {
    auto it =
        std::lower_bound(g_layers.begin(), g_layers.end(), std::make_pair(proto, Layer::None));
    if (it == g_layers.end() || it->first != proto) return Layer::Unknown;
    return it->second == Layer::Sll && encap == WTAP_ENCAP_SLL2 ? Layer::Sll2 : it->second;
}

int encapsulation(const packet_info* pinfo) {
    return pinfo->rec ? pinfo->rec->rec_header.packet_header.pkt_encap : WTAP_ENCAP_UNKNOWN;
}

inline bool same_address(const address& a, const uint8_t* bytes, size_t length) {
    return bytes && static_cast<size_t>(a.len) == length && a.data &&
           ((length == 4 && a.type == AT_IPv4) || (length == 16 && a.type == AT_IPv6)) &&
           std::memcmp(a.data, bytes, length) == 0;
}

// The segment (or datagram) is the one Wireshark's TCP (or UDP) dissected:
// its ports, and the innermost IP header's addresses.
template <typename Segment>
inline bool matches(const packet_info* pinfo, const Segment& seg, const LinkRead& r) {
    return seg.src_port == pinfo->srcport && seg.dst_port == pinfo->destport &&
           same_address(pinfo->src, r.ip_src, r.ip_address_length) &&
           same_address(pinfo->dst, r.ip_dst, r.ip_address_length);
}

// The frame's protocols up to its TCP, as frame.protocols writes them
// (without "frame" itself).
std::string layer_list(const packet_info* pinfo) {
    std::string out;
    wmem_list_frame_t* f = wmem_list_head(pinfo->layers);
    for (f = f ? wmem_list_frame_next(f) : nullptr; f; f = wmem_list_frame_next(f)) {
        const int proto = GPOINTER_TO_INT(wmem_list_frame_data(f));
        if (!out.empty()) out += ':';
        out += proto_get_protocol_filter_name(proto);
        if (proto == g_proto_tcp) break;
    }
    return out;
}

FrameTcp unread(const packet_info* pinfo, const std::string& stopped_at, UnreadCarrier* why) {
    const char* link = wtap_encap_description(encapsulation(pinfo));
    *why = {link ? link : "unknown link type", layer_list(pinfo), stopped_at};
    return FrameTcp::Unread;
}

// Every frame that is not plain Ethernet, IPv4 and TCP: kept out of line,
// so that the code every such frame runs stays a few cache lines.
__attribute__((noinline)) FrameTcp walk_layers(packet_info* pinfo, const FrameBytes& bytes,
                                               TcpSegment* out, UnreadCarrier* why) {
    const int encap = encapsulation(pinfo);
    Layer layers[64];
    int protos[64];
    size_t count = 0;
    bool tcp = false;
    for (wmem_list_frame_t* f = wmem_list_head(pinfo->layers); f && count < 64;
         f = wmem_list_frame_next(f)) {
        protos[count] = GPOINTER_TO_INT(wmem_list_frame_data(f));
        layers[count] = layer_of(protos[count], encap);
        if (protos[count++] == g_proto_tcp) {
            tcp = true;
            break;
        }
    }
    if (!tcp) return FrameTcp::NotTcp;
    LinkRead r = find_tcp_segment(bytes, layers, count, out);
    if (r.status == LinkRead::Status::ReassembledIp) {
        // Wireshark reassembled the fragments in this frame: TCP's header
        // starts its reassembly (the IP header above is the last fragment's).
        const char* name = r.ip_address_length == 16 ? "Reassembled IPv6" : "Reassembled IPv4";
        tvbuff_t* whole = ws::data_source_tvb(pinfo, name);
        const unsigned captured = whole ? tvb_captured_length(whole) : 0;
        const FrameBytes payload{
            captured ? tvb_get_ptr(whole, 0, static_cast<gint>(captured)) : nullptr, captured,
            whole ? tvb_reported_length(whole) : 0};
        if (!whole || !read_tcp_header(payload, out)) return unread(pinfo, "ip (reassembled)", why);
        r.status = LinkRead::Status::Segment;
    }
    switch (r.status) {
    case LinkRead::Status::Segment:
        return matches(pinfo, *out, r) ? FrameTcp::Segment
                                       : unread(pinfo, "tcp (another segment)", why);
    case LinkRead::Status::QuotedInError:
    case LinkRead::Status::NoTcp: return FrameTcp::NotTcp;
    case LinkRead::Status::Unreadable:
    case LinkRead::Status::ReassembledIp: break;
    }
    const std::string layer = proto_get_protocol_filter_name(protos[std::min(r.layer, count - 1)]);
    return unread(pinfo, r.cut ? layer + ", cut short by the capture's snap length" : layer, why);
}

}  // namespace

void resolve_frame_protocols() {
    g_proto_tcp = proto_get_id_by_filter_name("tcp");
    g_proto_udp = proto_get_id_by_filter_name("udp");
    g_layers.clear();
    for (const auto& [name, layer] : layer_names()) {
        const int id = proto_get_id_by_filter_name(name);
        if (id >= 0) g_layers.emplace_back(id, layer);
    }
    std::sort(g_layers.begin(), g_layers.end());
}

__attribute__((hot)) FrameTcp read_tcp_segment(tvbuff_t* tvb, packet_info* pinfo, TcpSegment* out,
                                               UnreadCarrier* why) {
    // Only TCP sets this port type; a frame without TCP leaves at once.
    if (pinfo->ptype != PT_TCP || !pinfo->layers || g_proto_tcp < 0) return FrameTcp::NotTcp;
    const unsigned captured = tvb_captured_length(tvb);
    const FrameBytes bytes{captured ? tvb_get_ptr(tvb, 0, static_cast<gint>(captured)) : nullptr,
                           captured, tvb_reported_length(tvb)};
    LinkRead r;
    if (encapsulation(pinfo) == WTAP_ENCAP_ETHERNET &&
        find_tcp_over_ethernet_ipv4(bytes, out, &r) && matches(pinfo, *out, r))
        return FrameTcp::Segment;
    return walk_layers(pinfo, bytes, out, why);
}

FrameTcp read_udp_datagram(tvbuff_t* tvb, packet_info* pinfo, UdpDatagram* out) {
    if (pinfo->ptype != PT_UDP || !pinfo->layers || g_proto_udp < 0) return FrameTcp::NotTcp;
    const int encap = encapsulation(pinfo);
    Layer layers[64];
    size_t count = 0, udp_end = 0;
    for (wmem_list_frame_t* f = wmem_list_head(pinfo->layers); f && count < 64;
         f = wmem_list_frame_next(f)) {
        const int proto = GPOINTER_TO_INT(wmem_list_frame_data(f));
        layers[count++] = layer_of(proto, encap);
        if (proto == g_proto_udp) udp_end = count;  // the innermost UDP
    }
    if (!udp_end) return FrameTcp::NotTcp;
    const unsigned captured = tvb_captured_length(tvb);
    const FrameBytes bytes{captured ? tvb_get_ptr(tvb, 0, static_cast<gint>(captured)) : nullptr,
                           captured, tvb_reported_length(tvb)};
    LinkRead r = find_udp_datagram(bytes, layers, udp_end, out);
    if (r.status == LinkRead::Status::ReassembledIp) {
        // As for TCP: the datagram is in the reassembly this frame completed.
        const char* name = r.ip_address_length == 16 ? "Reassembled IPv6" : "Reassembled IPv4";
        tvbuff_t* whole = ws::data_source_tvb(pinfo, name);
        const unsigned kept = whole ? tvb_captured_length(whole) : 0;
        if (!whole || !udp_at(kept ? tvb_get_ptr(whole, 0, static_cast<gint>(kept)) : nullptr, kept,
                              0, tvb_reported_length(whole), out))
            return FrameTcp::Unread;
        r.status = LinkRead::Status::Segment;
    }
    return r.status == LinkRead::Status::Segment && matches(pinfo, *out, r) ? FrameTcp::Segment
                                                                            : FrameTcp::Unread;
}

}  // namespace tlsdiag::plugin
