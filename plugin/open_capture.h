// The file of the capture Wireshark has open. epan does not say; the GUI keeps
// the file open while it shows it, so it is found among the process's open
// files: a pcap or pcapng file, or the file given with -r.
#pragma once

#include <string>

namespace tlsdiag::plugin {

// The path of the one open file that starts like a pcap or pcapng file or
// is `given` (the -r argument, any format); "" when none is or several are.
std::string open_capture_path(const std::string& given);

// Whether the first bytes of a file are the magic number of pcap (any byte
// order, micro- or nanoseconds) or of a pcapng Section Header Block.
bool starts_like_capture(const unsigned char* head, size_t n);

}  // namespace tlsdiag::plugin
