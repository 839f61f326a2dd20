#include "tlsdiag/json_string.h"

#include <cstdio>

namespace tlsdiag {

std::string json_string(std::string_view s, JsonBytes bytes) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (bytes == JsonBytes::Utf8 && c == '\n') {
            out += "\\n";
        } else if (bytes == JsonBytes::Utf8 && c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || (bytes == JsonBytes::Ascii && c >= 0x7f)) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

}  // namespace tlsdiag
