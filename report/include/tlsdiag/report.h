// The support engineer's reading of a capture: per connection with findings,
// a timeline of the frames that matter in plain words, the diagnosis, likely
// causes ranked, what the client application reported, and what to change.
// Pure C++: the plugin hands it the connections, it returns text or JSON.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tlsdiag/engine.h"

namespace tlsdiag::report {

struct ConnectionRecord {
    uint32_t stream = 0;  // Wireshark's tcp.stream, or udp.stream for DTLS
    std::string client;   // "127.0.0.1:57436"
    std::string server;
    const DiagnosedConnection* diagnosed = nullptr;
};

struct CaptureInfo {
    CaptureInfo(std::string file_name = "", uint64_t frame_count = 0)
        : name(std::move(file_name)), frames(frame_count) {}
    std::string name;  // file name, empty when unknown
    uint64_t frames = 0;
    // TCP frames Wireshark dissected that tlsdiag could not read, by carrier
    // ("Ethernet, at lisp-data"): said, so that "0 TLS connections" is
    // never read as "all is well" when frames were skipped.
    uint64_t unread_tcp_frames = 0;
    std::vector<std::pair<std::string, uint64_t>> unread_by_carrier;
    // The summary of the capture.clock_implausible note, empty without one:
    // time-based findings below were judged against a clock that is wrong.
    std::string clock_note;
    // The settings the rules ran with: the report judges frames as they did.
    Settings settings;
};

enum class Verdict { Healthy, Warning, Failed };
Verdict verdict_of(const ConnectionFindings& findings);
// "failed: tcp.rst_after_client_hello", "warning: ats.cipher_suite", "" when healthy.
std::string verdict_text(const ConnectionFindings& findings);

struct TimelineLine {
    Frame frame;
    double offset_ms;  // since the connection's first event
    Side from;
    std::string text;
};

struct Cause {
    std::string cause;
    std::string change;
    std::string source;
};

struct ClientReport {
    std::string client;
    std::string report;
};

// Everything the report says about one connection.
struct Diagnosis {
    const ConnectionRecord* record;
    Verdict verdict;
    std::vector<TimelineLine> timeline;
    std::vector<Cause> causes;  // most likely first
    std::vector<ClientReport> reports;
    // Per finding that no other explains: its first cause's change, else the
    // catalog's fix.
    std::vector<std::string> changes;
};

Diagnosis diagnose(const ConnectionRecord& record, const Settings& settings);

std::string render_text(const CaptureInfo& capture, const std::vector<ConnectionRecord>& conns);
std::string render_json(const CaptureInfo& capture, const std::vector<ConnectionRecord>& conns);

}  // namespace tlsdiag::report
