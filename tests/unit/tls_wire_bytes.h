// Builds TLS bytes for the tests of tlsdiag's own TLS reading: records,
// handshake messages and hellos, laid out as RFC 8446/5246 say.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tlsdiag::test {

using Bytes = std::vector<uint8_t>;

inline void put16(Bytes& b, uint16_t v) {
    b.push_back(static_cast<uint8_t>(v >> 8));
    b.push_back(static_cast<uint8_t>(v));
}
inline void put24(Bytes& b, uint32_t v) {
    b.push_back(static_cast<uint8_t>(v >> 16));
    put16(b, static_cast<uint16_t>(v));
}
inline void append(Bytes& b, const Bytes& more) {
    b.insert(b.end(), more.begin(), more.end());
}
inline Bytes text(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

inline Bytes record(uint8_t content_type, const Bytes& content, uint16_t version = 0x0303) {
    Bytes b{content_type};
    put16(b, version);
    put16(b, static_cast<uint16_t>(content.size()));
    append(b, content);
    return b;
}

inline Bytes handshake(uint8_t type, const Bytes& body) {
    Bytes b{type};
    put24(b, static_cast<uint32_t>(body.size()));
    append(b, body);
    return b;
}

inline Bytes extension(uint16_t type, const Bytes& data) {
    Bytes b;
    put16(b, type);
    put16(b, static_cast<uint16_t>(data.size()));
    append(b, data);
    return b;
}

inline Bytes sni_extension(const std::string& host) {
    Bytes entry{0};  // host_name
    put16(entry, static_cast<uint16_t>(host.size()));
    append(entry, text(host));
    Bytes data;
    put16(data, static_cast<uint16_t>(entry.size()));
    append(data, entry);
    return extension(0, data);
}

inline Bytes alpn_extension(const std::vector<std::string>& protocols) {
    Bytes list;
    for (const std::string& p : protocols) {
        list.push_back(static_cast<uint8_t>(p.size()));
        append(list, text(p));
    }
    Bytes data;
    put16(data, static_cast<uint16_t>(list.size()));
    append(data, list);
    return extension(16, data);
}

inline Bytes with_extensions(Bytes body, const std::vector<Bytes>& extensions) {
    Bytes all;
    for (const Bytes& e : extensions) append(all, e);
    put16(body, static_cast<uint16_t>(all.size()));
    append(body, all);
    return body;
}

// A ClientHello body: TLS 1.2 legacy version, random of 0x11, no session id.
inline Bytes client_hello_body(const std::vector<uint16_t>& suites,
                               const std::vector<Bytes>& extensions) {
    Bytes b;
    put16(b, 0x0303);
    b.insert(b.end(), 32, 0x11);
    b.push_back(0);  // session id
    put16(b, static_cast<uint16_t>(suites.size() * 2));
    for (uint16_t s : suites) put16(b, s);
    b.push_back(1);
    b.push_back(0);  // null compression
    return with_extensions(b, extensions);
}

inline Bytes server_hello_body(uint16_t suite, const std::vector<Bytes>& extensions,
                               uint8_t random_byte = 0x22) {
    Bytes b;
    put16(b, 0x0303);
    b.insert(b.end(), 32, random_byte);
    b.push_back(0);
    put16(b, suite);
    b.push_back(0);
    return with_extensions(b, extensions);
}

inline Bytes supported_versions_client(const std::vector<uint16_t>& versions) {
    Bytes data{static_cast<uint8_t>(versions.size() * 2)};
    for (uint16_t v : versions) put16(data, v);
    return extension(43, data);
}

inline Bytes supported_versions_server(uint16_t v) {
    Bytes data;
    put16(data, v);
    return extension(43, data);
}

}  // namespace tlsdiag::test
