// Finds a frame's TCP segment in its bytes by stepping over the headers of
// the protocols Wireshark found before it (pinfo->layers, in order): so that
// tlsdiag reads a segment wherever Wireshark's TCP dissector did, whatever
// carries it (VLANs, MPLS, PPPoE, tunnels, cooked and Apple headers), without
// asking Wireshark for a protocol tree. Each header is stepped over by its
// own length fields; a layer it does not know leaves the frame unread, and
// the caller counts it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "capture/tcp_segment.h"

namespace tlsdiag::capture {

enum class Layer : uint8_t {
    None,  // adds no header of its own (frame, ethertype, wlan_radio, ...)
    Ethernet,
    Vlan,
    Mpls,
    PwEthControlWord,
    PppoeSession,
    Ppp,
    Chdlc,
    Llc,
    Gre,
    Erspan,
    Vxlan,
    Geneve,
    GtpU,
    L2tp,
    Udp,
    Ipv4,
    Ipv6,
    Ipv6Extension,
    Ipv6Fragment,
    Ah,
    Sll,
    Sll2,
    Null,
    Pktap,
    Nflog,
    Radiotap,
    Wlan,
    Tcp,
    IcmpError,  // a TCP header after it is quoted in an ICMP error, not a segment
    Unknown,
};

// Wireshark's filter names of the protocols above ("eth", "vlan", "ip", ...).
// "sll" is Sll; the caller makes it Sll2 for link type SLL2.
const std::vector<std::pair<const char*, Layer>>& layer_names();

struct FrameBytes {
    const uint8_t* data = nullptr;
    size_t captured = 0;  // bytes the capture kept
    size_t reported = 0;  // bytes the frame had on the wire
};

struct LinkRead {
    enum class Status : uint8_t {
        Segment,        // *out holds the frame's TCP segment
        NoTcp,          // the layers hold no TCP
        QuotedInError,  // the TCP header is quoted in an ICMP error
        ReassembledIp,  // the segment is in the IP reassembly this frame completed
        Unreadable,     // a layer could not be stepped over (`layer`)
    };
    Status status = Status::NoTcp;
    size_t layer = 0;  // Unreadable: the index of the layer that stopped the walk
    bool cut = false;  // Unreadable: its header lies past the bytes the capture kept
    // The innermost IP header's addresses (4 or 16 bytes each), to check
    // them against the ones Wireshark found.
    const uint8_t* ip_src = nullptr;
    const uint8_t* ip_dst = nullptr;
    size_t ip_address_length = 0;
};

// Walks `layers` over the frame's bytes to the TCP header.
LinkRead find_tcp_segment(const FrameBytes& frame, const Layer* layers, size_t count,
                          TcpSegment* out);

// One frame's UDP header and payload.
struct UdpDatagram {
    uint16_t src_port = 0, dst_port = 0;
    const uint8_t* payload = nullptr;
    uint32_t len = 0;       // payload bytes the datagram carried
    uint32_t captured = 0;  // of which the capture kept
};

// Walks `layers`, whose last is the UDP that carries the frame's payload,
// over the frame's bytes to that UDP header (Status::Segment: *out holds it).
LinkRead find_udp_datagram(const FrameBytes& frame, const Layer* layers, size_t count,
                           UdpDatagram* out);

// The UDP header at `offset` of `data`, its payload up to `end` or to the
// end its length gives; false when the header does not fit.
inline bool udp_at(const uint8_t* data, size_t captured, size_t offset, size_t end,
                   UdpDatagram* out) {
    if (offset + 8 > captured || offset + 8 > end) return false;
    const uint8_t* h = data + offset;
    const size_t length = static_cast<size_t>(h[4] << 8 | h[5]);
    if (length >= 8 && offset + length < end) end = offset + length;
    out->src_port = static_cast<uint16_t>(h[0] << 8 | h[1]);
    out->dst_port = static_cast<uint16_t>(h[2] << 8 | h[3]);
    const size_t start = offset + 8;
    out->len = static_cast<uint32_t>(end - start);
    out->captured = captured > start ? static_cast<uint32_t>(std::min(captured, end) - start) : 0;
    out->payload = out->captured ? data + start : nullptr;
    return true;
}

// The TCP header at `offset` of `data`, its payload up to `end` (the IP
// payload's end); false when the header does not fit. Inline, like the two
// below: every TCP frame runs them, and one function for the common path
// keeps tlsdiag's code in a few cache lines (bench/README.md).
inline bool tcp_at(const uint8_t* data, size_t captured, size_t offset, size_t end,
                   TcpSegment* out) {
    if (offset + 20 > captured || offset + 20 > end) return false;
    const uint8_t* h = data + offset;
    const size_t header = (h[12] >> 4) * 4u;
    if (header < 20 || offset + header > end) return false;
    const unsigned flags = h[13];
    out->src_port = static_cast<uint16_t>(h[0] << 8 | h[1]);
    out->dst_port = static_cast<uint16_t>(h[2] << 8 | h[3]);
    out->seq = static_cast<uint32_t>(h[4]) << 24 | static_cast<uint32_t>(h[5]) << 16 |
               static_cast<uint32_t>(h[6]) << 8 | h[7];
    out->ack = static_cast<uint32_t>(h[8]) << 24 | static_cast<uint32_t>(h[9]) << 16 |
               static_cast<uint32_t>(h[10]) << 8 | h[11];
    out->fin = flags & 0x01;
    out->syn = flags & 0x02;
    out->rst = flags & 0x04;
    out->has_ack = flags & 0x10;
    const size_t start = offset + header;
    out->len = static_cast<uint32_t>(end - start);
    out->captured = captured > start ? static_cast<uint32_t>(std::min(captured, end) - start) : 0;
    out->payload = out->captured ? data + start : nullptr;
    return true;
}

// The TCP header at the start of `bytes` (an IP payload Wireshark
// reassembled from fragments), with its payload to the end of them.
inline bool read_tcp_header(const FrameBytes& bytes, TcpSegment* out) {
    return tcp_at(bytes.data, bytes.captured, 0, bytes.reported, out);
}

// The common case without a walk: Ethernet, then IPv4 (not a fragment)
// carrying TCP. Fills `out` and the addresses' position; false for any other
// frame.
inline bool find_tcp_over_ethernet_ipv4(const FrameBytes& frame, TcpSegment* out, LinkRead* read) {
    constexpr size_t kEthernet = 14;
    const uint8_t* d = frame.data;
    if (frame.captured < kEthernet + 40 || d[12] != 0x08 || d[13] != 0x00) return false;
    const uint8_t* ip = d + kEthernet;
    const size_t header = (ip[0] & 0x0f) * 4u, total = static_cast<size_t>(ip[2] << 8 | ip[3]);
    const bool fragment = (ip[6] & 0x3f) || ip[7];
    if ((ip[0] >> 4) != 4 || header < 20 || fragment || ip[9] != 6) return false;
    size_t end = frame.reported;
    if (total >= header && kEthernet + total < end) end = kEthernet + total;
    if (!tcp_at(d, frame.captured, kEthernet + header, end, out)) return false;
    read->status = LinkRead::Status::Segment;
    read->ip_src = ip + 12;
    read->ip_dst = ip + 16;
    read->ip_address_length = 4;
    return true;
}

}  // namespace tlsdiag::capture
