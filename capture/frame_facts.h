// What one frame of a TLS stream showed: its TLS messages in order and its
// TCP flags, as the reading core (or, for decrypted records, Wireshark's
// tree) found them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tlsdiag/model.h"

namespace tlsdiag::capture {

// One TLS item of the frame, in reading order.
struct TlsMessage {
    enum class Kind : uint8_t {
        ClientHello,
        ServerHello,
        Handshake,
        Alert,
        Record,      // a record with nothing readable inside (encrypted), or the
                     // start of one that later segments complete (`partial`)
        Unreadable,  // bytes that are no readable TLS (after bytes went missing)
        Missing,     // bytes the capture lacks come here in the stream
        NotTls,      // bytes that break TLS framing: reading this side stops
        Held,        // bytes that wait for earlier ones the capture lacks
        QuicPacket,  // a QUIC Retry or Version Negotiation packet
        QuicClose,   // a QUIC CONNECTION_CLOSE without a TLS alert
    };
    explicit TlsMessage(Kind k, bool by_sender = true) : kind(k), from_sender(by_sender) {}
    bool is_hello() const { return kind == Kind::ClientHello || kind == Kind::ServerHello; }
    // A record whose content is not read (Kind::Record) of `content_type`.
    static TlsMessage record(uint8_t content_type) {
        TlsMessage m(Kind::Record);
        m.content_type = content_type;
        return m;
    }
    Kind kind;
    // Sent by the frame's sender; false for the receiver's bytes that the
    // frame's acknowledgement released (they waited for a hole).
    bool from_sender = true;
    // A hello that parsed completely and consistently: only such a hello
    // makes a stream a TLS connection. Also a QUIC Version Negotiation packet
    // that echoes the client's connection ids.
    bool well_formed = false;
    bool partial = false;                        // Kind::Record
    ClientHello ch;                              // Kind::ClientHello
    ServerHello sh;                              // Kind::ServerHello
    uint8_t handshake_type = 0;                  // Kind::Handshake
    std::vector<std::string> certificates;       // a Certificate's DER entries, leaf first
    std::vector<std::string> authorities;        // a CertificateRequest's CA names (DER)
    ServerKeyExchange key_exchange;              // a ServerKeyExchange's key, when
    bool key_exchange_read = false;              // key_exchange_read
    Alert alert;                                 // Kind::Alert
    uint8_t content_type = 0;                    // Kind::Record
    uint32_t missing_bytes = 0;                  // Kind::Missing
    QuicPacket quic_packet = QuicPacket::Retry;  // Kind::QuicPacket
    std::vector<uint32_t> quic_versions;         // a Version Negotiation's list
    QuicClose quic_close;                        // Kind::QuicClose
};

struct FrameFacts {
    bool fin = false;
    bool rst = false;
    std::vector<TlsMessage> messages;
    // The first flight of the frame's sender and of its receiver, so far:
    // the client's is the connection's HelloDelivery.
    HelloDelivery sender_flight, receiver_flight;
    // QUIC: the version of the client's first Initial; 0 for TLS and DTLS.
    uint32_t quic_version = 0;

    bool has_hello() const;
    void clear() {
        fin = rst = false;
        quic_version = 0;
        messages.clear();
        sender_flight = receiver_flight = HelloDelivery{};
    }
};

}  // namespace tlsdiag::capture
