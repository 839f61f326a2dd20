// A string as a JSON string literal: the one quoting of the report
// (-z tlsdiag,json) and of the message log (-z tlsdiag,messages).
#pragma once

#include <string>
#include <string_view>

namespace tlsdiag {

enum class JsonBytes {
    // Text tlsdiag wrote (UTF-8): bytes from 0x20 up are kept, "\n" and "\t"
    // written short, other control bytes as \u00XX.
    Utf8,
    // Bytes read off the wire, maybe not UTF-8: every byte outside printable
    // ASCII as \u00XX, so that the output is ASCII whatever came in.
    Ascii,
};

std::string json_string(std::string_view s, JsonBytes bytes);

}  // namespace tlsdiag
