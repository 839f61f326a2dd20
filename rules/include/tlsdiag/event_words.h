// The words for an event, both ways the project says it: as a line of the
// report's timeline ("encrypted handshake message") and after "the server's"
// in a rule's summary ("encrypted handshake"). One table, so that the two
// never drift apart.
#pragma once

#include <string>

#include "tlsdiag/model.h"

namespace tlsdiag {

struct EventWords {
    std::string line;   // a timeline line of its own
    std::string after;  // after a possessive: "the client's ..."
};

// A record tlsdiag did not read (encrypted, or part of one).
EventWords record_words(uint8_t content_type, bool partial);
// Bytes that are not, or not readably, TLS.
EventWords payload_words(PayloadKind kind);
// A TCP FIN or RST (kind Fin or Rst).
EventWords close_words(Event::Kind kind);
// What a QUIC connection's Record events stand for: packets tlsdiag does not
// open (content type 22: Handshake packets, or Initial packets without a
// TLS message; 23: 0-RTT and 1-RTT packets).
EventWords quic_record_words(uint8_t content_type);
// A QUIC Retry or Version Negotiation packet.
EventWords quic_packet_words(QuicPacket type);
// A QUIC CONNECTION_CLOSE without a TLS alert.
EventWords quic_close_words(const QuicClose& close);

}  // namespace tlsdiag
