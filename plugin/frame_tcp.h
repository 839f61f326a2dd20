// Finds a frame's TCP header and payload in its bytes by following the
// protocols the dissectors found in it (pinfo->layers), so that tlsdiag needs
// no protocol tree. Link and network layers it does not know (tunnels, PPP,
// IP fragments) leave the frame unread: no finding rather than a wrong one.
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include "tls_stream_reader.h"

namespace tlsdiag::plugin {

// Looks up the protocol ids; call after all protocols registered.
void resolve_frame_protocols();
// The frame's (outermost) TCP segment, checked against the ports TCP set.
bool read_tcp_segment(tvbuff_t* frame, packet_info* pinfo, TcpSegment* out);

}  // namespace tlsdiag::plugin
