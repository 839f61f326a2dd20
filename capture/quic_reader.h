// tlsdiag's own reading of the QUIC handshake (RFC 9000, 9001; v2: RFC 9369)
// from the datagrams of one UDP flow: the Initial packets decrypted with the
// keys anyone can derive (quic_protection.h), their CRYPTO frames put back in
// order into the ClientHello and ServerHello, and the packets that end or
// redirect a handshake (CONNECTION_CLOSE, Retry, Version Negotiation), as
// TlsMessages for the same connection model as TLS over TCP.
//
// Only what the handshake needs is decrypted: Initial packets, which end
// with the handshake, and, when a key log gives the connection's handshake
// secrets, Handshake packets (the server's certificates, a client's
// certificate, the alerts that end a handshake there). 1-RTT packets are
// passed on as encrypted records without being opened.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "capture/frame_facts.h"
#include "capture/key_log.h"
#include "capture/quic_protection.h"

namespace tlsdiag::capture {

// clang-tidy 14 takes a name the compiler makes for the defaulted constructor for ours.
class QuicReader {  // NOLINT(bugprone-reserved-identifier)
public:
    // Whether a UDP payload starts with a client's Initial packet of a QUIC
    // version tlsdiag reads, or with a long header of another version in a
    // datagram of at least 1200 bytes (RFC 9000 §14.1: what a server answers
    // with Version Negotiation): where it starts reading a flow. A cheap
    // look; the decrypted ClientHello, or a Version Negotiation packet that
    // echoes the connection ids, decides.
    static bool starts_connection(const uint8_t* data, size_t len);

    // Reads one datagram sent in direction `dir` (0: by the client, whose
    // Initial started the flow) and fills `facts` (cleared first).
    void read(unsigned dir, const uint8_t* data, size_t len, FrameFacts& facts);
    // The flow's first datagrams held no readable hello: it is not QUIC.
    bool not_quic() const { return status_ == Status::NotQuic; }
    bool rejected() const { return not_quic(); }  // as DtlsReader's: nothing more is read
    // The key log Handshake packets are decrypted with; none: they are not.
    void set_key_log(const KeyLog* log) { key_log_ = log; }
    bool is_quic() const { return status_ == Status::Quic; }
    // The client's first flight: its datagrams before the server's first,
    // and how many only carried CRYPTO bytes already sent.
    const HelloDelivery& flight() const { return flight_; }

    // The most CRYPTO bytes kept per direction while earlier ones are missing.
    static constexpr size_t kMaxCryptoBytes = 64 * 1024;

private:
    enum class Status : uint8_t { Candidate, Quic, NotQuic };
    // One direction's Initial CRYPTO stream, put back in order.
    struct CryptoStream {
        std::string bytes;                      // contiguous from offset 0
        size_t consumed = 0;                    // of `bytes`, passed on as messages
        std::map<uint64_t, std::string> ahead;  // pieces after a gap, by offset
        size_t ahead_bytes = 0;
        // Adds a CRYPTO frame's data; true when any of it was new.
        bool add(uint64_t offset, const uint8_t* data, size_t len);
    };
    // The Initial and Handshake packet number spaces (RFC 9000 §12.3).
    enum Space : unsigned { kInitial = 0, kHandshake = 1 };
    struct PacketSpace {
        CryptoStream crypto;
        uint64_t largest_pn = 0;
        bool any_pn = false;
    };
    // clang-tidy 14 takes a name the compiler makes for the defaulted constructor for ours.
    struct Direction {  // NOLINT(bugprone-reserved-identifier)
        PacketSpace spaces[2];
        QuicKeys handshake_keys;
        enum class Keys : uint8_t { NotYet, Have, None } handshake = Keys::NotYet;
    };

    // Reads one packet of the datagram; returns false where the datagram
    // holds nothing more to read.
    bool read_packet(unsigned dir, const uint8_t*& p, const uint8_t* end, FrameFacts& facts,
                     bool& fresh);
    // Removes the header protection and decrypts a packet of `space`; false
    // when it does not open with `keys`.
    bool read_protected(unsigned dir, Space space, const QuicKeys& keys, const uint8_t* packet,
                        size_t pn_offset, size_t packet_len, FrameFacts& facts, bool& fresh);
    void read_frames(unsigned dir, Space space, const std::string& plain, FrameFacts& facts,
                     bool& fresh);
    void pass_messages(unsigned dir, Space space, FrameFacts& facts);
    // The direction's Handshake keys from the key log, once the ServerHello
    // named the suite; null when there are none.
    const QuicKeys* handshake_keys(unsigned dir);
    bool keys_for(uint32_t version, const uint8_t* dcid, size_t dcid_len);
    // After a Retry or a Version Negotiation packet the client starts its
    // handshake again, with new Initial keys.
    void restart();

    Direction dirs_[2];
    QuicInitialKeys keys_[2] = {};
    std::string key_dcid_;  // the connection id the keys come from
    // The connection ids of the client's first packet, which a Version
    // Negotiation packet echoes swapped (RFC 9000 §17.2.1).
    std::string client_dcid_, client_scid_;
    uint32_t key_version_ = 0;
    bool have_keys_ = false;
    uint32_t version_ = 0;  // of the client's latest Initial
    const KeyLog* key_log_ = nullptr;
    std::string client_random_;  // of the ClientHello, to find its secrets
    uint16_t cipher_suite_ = 0;  // of the ServerHello
    HelloDelivery flight_;
    bool answered_ = false;  // the server sent a datagram: the first flight is over
    Status status_ = Status::Candidate;
    uint16_t datagrams_ = 0;  // read while a candidate
};

}  // namespace tlsdiag::capture
