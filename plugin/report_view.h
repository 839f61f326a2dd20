// What the report window in Wireshark shows and offers, without the GUI:
// its text, the display filters of its buttons, and where "Save JSON" writes.
// No Wireshark header, so that the unit tests build it.
#pragma once

#include <string>
#include <vector>

#include "tlsdiag/report.h"

namespace tlsdiag::plugin {

enum class ReportFormat { Text, Json };

// The report as tshark -z tlsdiag,report (or ,json) prints it. With a filter,
// the text report starts with a line naming it; the JSON stays the JSON.
std::string report_window_text(const report::CaptureInfo& capture,
                               const std::vector<report::ConnectionRecord>& conns,
                               ReportFormat format, const std::string& filter);

// "frame.number in {1, 3, 4}": every frame the report names (timelines and
// findings, the related frames included); "" when it names none.
std::string report_frames_filter(const std::vector<report::ConnectionRecord>& conns,
                                 const Settings& settings);

// "tcp.stream in {0, 2}": the connections the report lists; "" when none.
std::string report_connections_filter(const std::vector<report::ConnectionRecord>& conns);

// "/dir/name.tlsdiag.json" for "/dir/name.pcapng"; in `fallback_dir` as
// "tlsdiag-report.json" when the capture's path is unknown.
std::string json_path_next_to(const std::string& capture_path, const std::string& fallback_dir);

}  // namespace tlsdiag::plugin
