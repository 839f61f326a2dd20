// Finds a frame's TCP segment in its bytes by stepping over the headers of
// the protocols Wireshark found before it (pinfo->layers, in order): so that
// tlsdiag reads a segment wherever Wireshark's TCP dissector did, whatever
// carries it (VLANs, MPLS, PPPoE, tunnels, cooked and Apple headers), without
// asking Wireshark for a protocol tree. Each header is stepped over by its
// own length fields; a layer it does not know leaves the frame unread, and
// the caller counts it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "capture/tcp_segment.h"

namespace tlsdiag::capture {

enum class Layer : uint8_t {
    None,  // adds no header of its own (frame, ethertype, wlan_radio, ...)
    Ethernet, Vlan, Mpls, PwEthControlWord, PppoeSession, Ppp, Chdlc, Llc,
    Gre, Erspan, Vxlan, Geneve, GtpU, L2tp, Udp,
    Ipv4, Ipv6, Ipv6Extension, Ipv6Fragment, Ah,
    Sll, Sll2, Null, Pktap, Nflog, Radiotap, Wlan,
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
        Segment,          // *out holds the frame's TCP segment
        NoTcp,            // the layers hold no TCP
        QuotedInError,    // the TCP header is quoted in an ICMP error
        ReassembledIp,    // the segment is in the IP reassembly this frame completed
        Unreadable,       // a layer could not be stepped over (`layer`)
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
LinkRead find_tcp_segment(const FrameBytes& frame, const Layer* layers, size_t count, TcpSegment* out);

// The TCP header at the start of `bytes` (an IP payload Wireshark
// reassembled from fragments), with its payload to the end of them.
bool read_tcp_header(const FrameBytes& bytes, TcpSegment* out);

// The common case without a walk: Ethernet, then IPv4 (not a fragment)
// carrying TCP. Fills `out` and the addresses' position; false for any other
// frame.
bool find_tcp_over_ethernet_ipv4(const FrameBytes& frame, TcpSegment* out, LinkRead* read);

}  // namespace tlsdiag::capture
