// Finds a frame's TCP header and payload in its bytes, so that tlsdiag needs
// no protocol tree: directly behind an Ethernet header when the IP header
// there holds the frame's addresses (most frames), else by following the
// protocols the dissectors found in the frame (pinfo->layers). Link and
// network layers it does not know (tunnels, PPP, IP fragments) leave the
// frame unread: no finding rather than a wrong one.
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include "capture/tls_stream_reader.h"

namespace tlsdiag::plugin {

using namespace tlsdiag::capture;

// Looks up the protocol ids; call after all protocols registered.
void resolve_frame_protocols();
// The frame's (outermost) TCP segment, checked against the ports TCP set.
bool read_tcp_segment(tvbuff_t* frame, packet_info* pinfo, TcpSegment* out);

}  // namespace tlsdiag::plugin
