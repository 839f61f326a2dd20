// The name of the capture file tshark reads, for the report's header.
#pragma once

#include <string>

namespace tlsdiag::plugin {

// The base name of the file after -r on tshark's command line, or "" when
// there is none (live capture, the GUI, a system without /proc).
std::string capture_file_name();

}  // namespace tlsdiag::plugin
