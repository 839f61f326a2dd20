#include "tap.h"

#include <epan/address.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include <cstdio>
#include <cstring>
#include <set>
#include <string>

#include "capture/message_json.h"
#include "capture_name.h"
#include "report_window.h"
#include "tlsdiag/report.h"
#include "tlsdiag_entry.h"
#include "ws_compat.h"

namespace tlsdiag::plugin {

namespace {

int tap_tlsdiag = -1;
int tap_expert = -1;  // Wireshark's own, where every expert info goes
CaptureState* g_source = nullptr;
std::function<void()> g_finish;  // the first pass's end, before any report
const uint32_t* g_frames_seen = nullptr;
const Settings* g_settings = nullptr;

enum class Format { Text, Json };

// The lines of -z tlsdiag,messages, in reading order, printed at the end.
std::vector<std::string>* g_message_lines = nullptr;

// One -z tlsdiag,report|json[,FILTER] request.
struct ReportListener {
    Format format;
    std::set<uint32_t> streams;  // connections with a frame that passed the filter
};

// "10.1.2.3:57436", "[2001:db8::1]:443": made when a report asks, not kept.
std::string label(const Endpoint& e) {
    address addr;
    set_address(&addr, e.type(), static_cast<int>(e.address_length()), e.address());
    char* text = address_to_str(nullptr, &addr);
    std::string out = e.type() == AT_IPv6 ? "[" + std::string(text) + "]" : text;
    wmem_free(nullptr, text);
    return out + ":" + std::to_string(e.port());
}

void reset(void* data) {
    static_cast<ReportListener*>(data)->streams.clear();
}

tap_packet_status on_frame(void* data, packet_info*, epan_dissect_t*, const void* frame,
                           tap_flags_t) {
    static_cast<ReportListener*>(data)->streams.insert(static_cast<const TapFrame*>(frame)->stream);
    return TAP_PACKET_DONT_REDRAW;  // everything is printed at the end
}

void draw(void* data) {
    const ReportListener* listener = static_cast<ReportListener*>(data);
    if (!g_source) return;
    const ReportInput input = report_input(listener->streams);
    const std::string out = listener->format == Format::Json
                                ? report::render_json(input.capture, input.conns)
                                : report::render_text(input.capture, input.conns);
    std::fputs(out.c_str(), stdout);
}

void finish(void* data) {
    delete static_cast<ReportListener*>(data);
}

void start_report(const char* opt_arg, Format format, const char* prefix) {
    // "tlsdiag,report" or "tlsdiag,report,FILTER".
    const char* filter = nullptr;
    const size_t n = std::strlen(prefix);
    if (std::strncmp(opt_arg, prefix, n) == 0 && opt_arg[n] == ',') filter = opt_arg + n + 1;
    auto* listener = new ReportListener{format, {}};
    GString* error = register_tap_listener("tlsdiag", listener, filter, TL_REQUIRES_NOTHING, reset,
                                           on_frame, draw, finish);
    if (error) {
        std::fprintf(stderr, "tshark: could not start -z %s: %s\n", prefix, error->str);
        g_string_free(error, TRUE);
        delete listener;
    }
}

TLSDIAG_TAP_INIT_RET init_text(const char* opt_arg, void*) {
    start_report(opt_arg, Format::Text, "tlsdiag,report");
    TLSDIAG_TAP_INIT_RETURN(true);
}

TLSDIAG_TAP_INIT_RET init_json(const char* opt_arg, void*) {
    start_report(opt_arg, Format::Json, "tlsdiag,json");
    TLSDIAG_TAP_INIT_RETURN(true);
}

// -z tlsdiag,messages: one JSON line per message read, then the unread count.
struct MessagesListener {
    std::vector<std::string> lines;
};

void draw_messages(void* data) {
    if (g_finish) g_finish();
    for (const std::string& line : static_cast<MessagesListener*>(data)->lines)
        std::printf("%s\n", line.c_str());
    const UnreadTcp none;
    const UnreadTcp& unread = g_source ? g_source->unread_tcp() : none;
    std::printf("{\"unread_tcp_frames\": %u}\n", unread.frames);
}

void finish_messages(void* data) {
    auto* listener = static_cast<MessagesListener*>(data);
    if (g_message_lines == &listener->lines) g_message_lines = nullptr;
    delete listener;
}

TLSDIAG_TAP_INIT_RET init_messages(const char*, void*) {
    auto* listener = new MessagesListener;
    GString* error = register_tap_listener("tlsdiag", listener, nullptr, TL_REQUIRES_NOTHING,
                                           nullptr, nullptr, draw_messages, finish_messages);
    if (error) {
        std::fprintf(stderr, "tshark: could not start -z tlsdiag,messages: %s\n", error->str);
        g_string_free(error, TRUE);
        delete listener;
    } else {
        g_message_lines = &listener->lines;
    }
    TLSDIAG_TAP_INIT_RETURN(true);
}

stat_tap_ui messages_ui = {REGISTER_STAT_GROUP_GENERIC,
                           "TLS messages tlsdiag read (JSON lines)",
                           "tlsdiag,messages",
                           init_messages,
                           0,
                           nullptr};

stat_tap_ui report_ui = {
    REGISTER_STAT_GROUP_GENERIC, "TLS diagnosis report", "tlsdiag,report", init_text, 0, nullptr};
stat_tap_ui json_ui = {REGISTER_STAT_GROUP_GENERIC,
                       "TLS diagnosis report (JSON)",
                       "tlsdiag,json",
                       init_json,
                       0,
                       nullptr};

}  // namespace

void register_findings_tap() {
    tap_tlsdiag = register_tap("tlsdiag");
}

// Every dissection of every frame asks: kept with the code every frame runs.
__attribute__((hot)) bool tap_wanted() {
    return have_tap_listener(tap_tlsdiag);
}

void resolve_expert_tap() {
    tap_expert = find_tap_id("expert");
}
__attribute__((hot)) bool expert_tap_wanted() {
    return tap_expert >= 0 && have_tap_listener(tap_expert);
}

void queue_frame(packet_info* pinfo, const TapFrame& frame) {
    // Listeners run after the dissection: the data must outlive this call.
    auto* copy = wmem_new(pinfo->pool, TapFrame);
    *copy = frame;
    tap_queue_packet(tap_tlsdiag, pinfo, copy);
}

std::function<void(uint32_t, uint32_t, const FrameFacts&)> message_log() {
    // tshark may start the listener after the capture file's init routines.
    return [](uint32_t frame, uint32_t stream, const FrameFacts& facts) {
        if (!g_message_lines) return;
        for (const TlsMessage& m : facts.messages)
            g_message_lines->push_back(message_json(frame, stream, facts.quic_version != 0, m));
    };
}

ReportInput report_input(const std::set<uint32_t>& streams) {
    ReportInput input;
    if (!g_source) return input;
    if (g_finish) g_finish();
    for (uint32_t stream : streams)
        if (CapturedConnection* s = g_source->find(stream))
            input.conns.push_back({stream_index(stream), label(s->ends.client()),
                                   label(s->ends.server()), &s->diagnosed});
    input.capture = report::CaptureInfo(capture_file_name(), g_frames_seen ? *g_frames_seen : 0);
    input.capture.unread_tcp_frames = g_source->unread_tcp().frames;
    for (const auto& [carrier, n] : g_source->unread_tcp().by_carrier)
        input.capture.unread_by_carrier.emplace_back(carrier, n);
    if (const auto& note = g_source->clock_note()) input.capture.clock_note = note->summary;
    if (g_settings) input.capture.settings = *g_settings;
    return input;
}

void set_report_source(CaptureState* state, const uint32_t* frames_seen, const Settings* settings,
                       std::function<void()> finish) {
    g_source = state;
    g_frames_seen = frames_seen;
    g_settings = settings;
    g_finish = std::move(finish);
}

}  // namespace tlsdiag::plugin

extern "C" void tlsdiag_register_tap_listeners(void) {
    register_stat_tap_ui(&tlsdiag::plugin::report_ui, nullptr);
    register_stat_tap_ui(&tlsdiag::plugin::json_ui, nullptr);
    register_stat_tap_ui(&tlsdiag::plugin::messages_ui, nullptr);
    tlsdiag::plugin::register_report_window();
}
