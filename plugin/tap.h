// The "tlsdiag" tap and the reports built on it (-z tlsdiag,report and
// -z tlsdiag,json). Every dissection of a frame of a TLS connection queues
// the connection's stream, so a report's filter sees every frame on every pass.
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include <functional>
#include <set>
#include <vector>

#include "capture/capture_state.h"
#include "tlsdiag/report.h"

namespace tlsdiag::plugin {

using namespace tlsdiag::capture;

// What the tap carries for one frame.
struct TapFrame {
    uint32_t stream;
    const Findings* findings;  // the frame's own findings, nullptr if none
};

void register_findings_tap();
bool tap_wanted();  // a listener is attached: worth finding the frame's stream
// A listener of Wireshark's expert tap (-z expert) is attached: expert infos
// reach it without a tree.
bool expert_tap_wanted();
void resolve_expert_tap();  // once epan's taps are registered
void queue_frame(packet_info* pinfo, const TapFrame& frame);

// The report listeners read the connections from here at the end, after
// `finish` (the first pass's end: FirstPass::finish), and judge frames with
// the `settings` the rules ran with.
void set_report_source(CaptureState* state, const uint32_t* frames_seen, const Settings* settings,
                       std::function<void()> finish);

// What a report of the connections `streams` reads, the first pass finished:
// the same for tshark's -z reports and the report window in Wireshark.
struct ReportInput {
    report::CaptureInfo capture;
    std::vector<report::ConnectionRecord> conns;  // point into the capture's state
};
ReportInput report_input(const std::set<uint32_t>& streams);

// Where the first pass writes every message it reads; kept only while -z
// tlsdiag,messages listens.
std::function<void(uint32_t frame, uint32_t stream, const FrameFacts& facts)> message_log();

}  // namespace tlsdiag::plugin
