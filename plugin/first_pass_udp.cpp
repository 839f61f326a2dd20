// The first pass over frames of UDP: a flow that begins with a DTLS hello is
// read as DTLS (capture/dtls_reader.h), one that begins with a QUIC client's
// Initial as QUIC (capture/quic_reader.h), and fed to its connection, keyed
// by udp.stream (stream_key.h: udp_stream_key()).
#include <epan/conversation.h>
#include <epan/dissectors/packet-udp.h>
#include <epan/prefs-int.h>
#include <epan/prefs.h>

#include "first_pass.h"

namespace tlsdiag::plugin {

// The UDP stream index of the frame's conversation, as UDP numbered it. The
// UDP conversation is looked up by its addresses and ports: from 4.4 on, the
// QUIC dissector makes the frame's conversation its own (one per QUIC
// connection), which UDP's data is not on.
bool FirstPass::udp_stream(packet_info* pinfo, uint32_t* stream) const {
    conversation_t* conv = find_conversation(pinfo->num, &pinfo->src, &pinfo->dst, CONVERSATION_UDP,
                                             pinfo->srcport, pinfo->destport, 0);
    auto* udpd =
        conv ? static_cast<udp_analysis*>(conversation_get_proto_data(conv, proto_udp_)) : nullptr;
    if (!udpd) return false;
    *stream = udpd->stream;
    return true;
}

void FirstPass::load_key_log() {
    key_log_ = KeyLog{};
    module_t* tls = prefs_find_module("tls");
    pref_t* pref = tls ? prefs_find_preference(tls, "keylog_file") : nullptr;
    const char* path = pref ? prefs_get_string_value(pref, pref_current) : nullptr;
    if (path && *path) key_log_.load(path);
}

__attribute__((noinline)) void FirstPass::read_udp(tvbuff_t* tvb, packet_info* pinfo,
                                                   CaptureState& state, const Settings& settings) {
    UdpDatagram datagram;
    if (read_udp_datagram(tvb, pinfo, &datagram) != FrameTcp::Segment || !datagram.payload) return;
    const FrameEnds ends = frame_ends(pinfo);
    UdpFlow* t = udp_flows_.find(ends.pair());
    if (!t) {
        uint32_t stream = 0;
        const bool quic = QuicReader::starts_connection(datagram.payload, datagram.captured);
        if ((!quic && !DtlsReader::starts_handshake(datagram.payload, datagram.captured)) ||
            !udp_stream(pinfo, &stream))
            return;
        t = &udp_flows_.insert(ends.pair(), UdpFlow{});
        if (quic) t->reader.emplace<QuicReader>().set_key_log(&key_log_);
        t->udp_stream = stream;
        t->first_sender = ends.src;
    }
    const unsigned dir = ends.src == t->first_sender ? 0 : 1;
    const bool read = std::visit(
        [&](auto& reader) {
            if (reader.rejected()) return false;
            reader.read(dir, datagram.payload, datagram.captured, facts_);
            return true;
        },
        t->reader);
    if (!read) return;
    t->last_frame = pinfo->num;
    t->last_time = frame_time(pinfo);
    if (facts_.messages.empty()) return;
    // TCP frames that wait are applied first: findings are added in frame order.
    catch_up(state, settings);
    const uint32_t stream = udp_stream_key(t->udp_stream);
    if (log_) log_(pinfo->num, stream, facts_);
    const Endpoint src = endpoint(pinfo->src, pinfo->srcport),
                   dst = endpoint(pinfo->dst, pinfo->destport);
    state.apply(stream, src, dst, pinfo->num, t->last_time, facts_, settings);
    if (!t->state && (t->state = state.find(stream))) {
        t->first_sender_is_client = (dir == 0) == t->state->ends.is_client(src);
        remember_stream(pinfo, stream);
    }
}

void FirstPass::finish_udp(CaptureState& state, const Settings& settings, TimeNs capture_end) {
    udp_flows_.for_each([&](UdpFlow& t) {
        if (!t.state) return;
        const HelloDelivery flight =
            std::visit([](const auto& reader) { return reader.flight(); }, t.reader);
        state.end_capture(udp_stream_key(t.udp_stream), CaptureEnd{capture_end, t.last_frame},
                          t.first_sender_is_client ? flight : HelloDelivery{}, settings);
    });
}

}  // namespace tlsdiag::plugin
