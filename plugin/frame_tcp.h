// The glue between a dissected frame and capture/link_layers: hands it the
// frame's bytes and the protocols Wireshark found (pinfo->layers), takes IP
// fragments from Wireshark's own reassembly, and checks the segment found
// against the ports and addresses TCP set.
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include <string>

#include "capture/link_layers.h"
#include "tlsdiag/capture_rules.h"

namespace tlsdiag::plugin {

using namespace tlsdiag::capture;
using tlsdiag::UnreadCarrier;

// Looks up the protocol ids; call after all protocols registered.
void resolve_frame_protocols();

enum class FrameTcp {
    Segment,  // *out holds the frame's TCP segment
    NotTcp,   // Wireshark dissected no TCP segment here (or one quoted in ICMP)
    Unread,   // Wireshark did, tlsdiag could not read it: *why says what stopped it
};

FrameTcp read_tcp_segment(tvbuff_t* tvb, packet_info* pinfo, TcpSegment* out, UnreadCarrier* why);

// The same for the innermost UDP datagram Wireshark dissected (DTLS):
// Segment when *out holds it, NotTcp when the frame has none, Unread when
// tlsdiag could not step to it.
FrameTcp read_udp_datagram(tvbuff_t* tvb, packet_info* pinfo, UdpDatagram* out);

}  // namespace tlsdiag::plugin
