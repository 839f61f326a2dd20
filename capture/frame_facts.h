// What one frame of a TLS stream showed: its TLS messages in order and its
// TCP flags, as the reading core (or, for decrypted records, Wireshark's
// tree) found them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tlsdiag/model.h"

namespace tlsdiag::capture {

// One TLS item of the frame, in dissection order.
struct TlsMessage {
    enum class Kind : uint8_t { ClientHello, ServerHello, Handshake, Alert, Record };
    explicit TlsMessage(Kind k) : kind(k) {}
    Kind kind;
    ClientHello ch;               // Kind::ClientHello
    ServerHello sh;               // Kind::ServerHello
    uint8_t handshake_type = 0;   // Kind::Handshake
    std::vector<std::string> certificates;  // a Certificate's DER entries, leaf first
    Alert alert;                  // Kind::Alert
    uint8_t content_type = 0;     // Kind::Record: a record with nothing readable inside
};

struct FrameFacts {
    uint32_t tcp_len = 0;
    bool fin = false;
    bool rst = false;
    bool data_missing_before = false;  // a gap: the sender sent bytes the capture lacks
    std::vector<TlsMessage> messages;

    bool has_hello() const;
    void clear() {
        tcp_len = 0;
        fin = rst = data_missing_before = false;
        messages.clear();
    }
};

}  // namespace tlsdiag::capture
