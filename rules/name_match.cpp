#include "tlsdiag/name_match.h"

#include <cstdlib>
#include <vector>

namespace tlsdiag {

namespace {

std::string normalized(const std::string& name) {
    std::string out = name;
    if (!out.empty() && out.back() == '.') out.pop_back();
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::optional<std::array<uint8_t, 4>> parse_ipv4(const std::string& text) {
    std::array<uint8_t, 4> out{};
    size_t pos = 0;
    for (int i = 0; i < 4; ++i) {
        if (i > 0) {
            if (pos >= text.size() || text[pos] != '.') return std::nullopt;
            ++pos;
        }
        size_t start = pos;
        unsigned value = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3)
            value = value * 10 + static_cast<unsigned>(text[pos++] - '0');
        // No empty parts, no leading zeros (an octal reading elsewhere), no overflow.
        if (pos == start || value > 255 || (pos - start > 1 && text[start] == '0'))
            return std::nullopt;
        out[i] = static_cast<uint8_t>(value);
    }
    if (pos != text.size()) return std::nullopt;
    return out;
}

std::optional<std::array<uint8_t, 16>> parse_ipv6(const std::string& text) {
    std::vector<uint16_t> head, tail;
    bool compressed = false;
    std::optional<std::array<uint8_t, 4>> v4;
    size_t pos = 0;
    if (text.compare(0, 2, "::") == 0) {
        compressed = true;
        pos = 2;
    }
    while (pos < text.size()) {
        std::vector<uint16_t>& groups = compressed ? tail : head;
        size_t end = text.find(':', pos);
        std::string part =
            text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        if (end == std::string::npos && part.find('.') != std::string::npos) {
            v4 = parse_ipv4(part);
            if (!v4) return std::nullopt;
            pos = text.size();
            break;
        }
        if (part.empty() || part.size() > 4) return std::nullopt;
        for (char c : part)
            if (!is_hex(c)) return std::nullopt;
        groups.push_back(static_cast<uint16_t>(std::strtoul(part.c_str(), nullptr, 16)));
        if (end == std::string::npos) {
            pos = text.size();
        } else if (text.compare(end, 2, "::") == 0) {
            if (compressed) return std::nullopt;
            compressed = true;
            pos = end + 2;
        } else {
            pos = end + 1;
            if (pos == text.size()) return std::nullopt;  // a trailing single ':'
        }
    }
    const size_t groups = head.size() + tail.size() + (v4 ? 2 : 0);
    if (groups > 8 || (!compressed && groups != 8) || (compressed && groups == 8))
        return std::nullopt;
    std::array<uint8_t, 16> out{};
    size_t i = 0;
    for (uint16_t g : head) {
        out[i++] = static_cast<uint8_t>(g >> 8);
        out[i++] = static_cast<uint8_t>(g);
    }
    i = 16 - tail.size() * 2 - (v4 ? 4 : 0);
    for (uint16_t g : tail) {
        out[i++] = static_cast<uint8_t>(g >> 8);
        out[i++] = static_cast<uint8_t>(g);
    }
    if (v4)
        for (uint8_t b : *v4) out[i++] = b;
    return out;
}

}  // namespace

std::optional<std::array<uint8_t, 16>> parse_ip_literal(const std::string& text) {
    if (auto v4 = parse_ipv4(text)) {
        std::array<uint8_t, 16> out{};
        out[10] = out[11] = 0xff;
        for (size_t i = 0; i < 4; ++i) out[12 + i] = (*v4)[i];
        return out;
    }
    if (text.find(':') != std::string::npos) return parse_ipv6(text);
    return std::nullopt;
}

bool dns_name_matches(const std::string& presented_raw, const std::string& reference_raw) {
    const std::string presented = normalized(presented_raw);
    const std::string reference = normalized(reference_raw);
    if (presented.empty() || reference.empty()) return false;
    if (reference.find('*') != std::string::npos) return false;
    // The clients' trouble is always with an empty label or stray dots.
    if (reference.front() == '.' || reference.find("..") != std::string::npos) return false;
    if (presented.find('*') == std::string::npos) return presented == reference;

    // "*.example.com": the wildcard is the whole leftmost label, no other
    // label has one, and at least two labels follow it (never "*.com").
    if (presented.compare(0, 2, "*.") != 0) return false;
    const std::string rest = presented.substr(1);  // ".example.com"
    if (rest.find('*') != std::string::npos || rest.find('.', 1) == std::string::npos) return false;
    const size_t dot = reference.find('.');
    if (dot == std::string::npos || dot == 0) return false;
    return reference.compare(dot, std::string::npos, rest) == 0;
}

bool certificate_matches_host(const CertificateInfo& cert, const std::string& host_raw) {
    std::string host = host_raw;
    if (!host.empty() && host.back() == '.') host.pop_back();
    if (auto ip = parse_ip_literal(host)) {
        for (const std::string& san : cert.ip_addresses)
            if (parse_ip_literal(san) == ip) return true;
        return false;
    }
    for (const std::string& name : cert.dns_names)
        if (dns_name_matches(name, host)) return true;
    return cert.dns_names.empty() && !cert.subject_cn.empty() &&
           dns_name_matches(cert.subject_cn, host);
}

}  // namespace tlsdiag
