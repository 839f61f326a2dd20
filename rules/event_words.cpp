#include "tlsdiag/event_words.h"

namespace tlsdiag {

namespace {

struct RecordRow {
    uint8_t content_type;
    const char* line;
    const char* after;
};
const RecordRow kRecords[] = {
    {20, "ChangeCipherSpec", "ChangeCipherSpec"},
    {21, "encrypted alert", "encrypted alert"},
    {22, "encrypted handshake message", "encrypted handshake"},
    {23, "encrypted records (handshake or application data)", "encrypted data"},
};
const char* const kPartialHandshakeLine = "part of a handshake record (the rest in later segments)";
const char* const kOtherRecordAfter = "encrypted data";

struct PayloadRow {
    PayloadKind kind;
    const char* line;
    const char* after;
};
const PayloadRow kPayloads[] = {
    {PayloadKind::Unreadable, "data not readable as TLS (after bytes the capture lacks)",
     "non-TLS data"},
    {PayloadKind::Missing, "bytes missing from the capture", "bytes the capture lacks"},
    {PayloadKind::NotTls, "data that is not TLS: no more is read from this side", "non-TLS data"},
    {PayloadKind::Held, "data after bytes the capture lacks, not read", "non-TLS data"},
};

}  // namespace

EventWords record_words(uint8_t content_type, bool partial) {
    for (const RecordRow& r : kRecords)
        if (r.content_type == content_type)
            return {partial && content_type == 22 ? kPartialHandshakeLine : r.line, r.after};
    return {"TLS record of type " + std::to_string(content_type), kOtherRecordAfter};
}

EventWords payload_words(PayloadKind kind) {
    for (const PayloadRow& p : kPayloads)
        if (p.kind == kind) return {p.line, p.after};
    return {"", "non-TLS data"};
}

EventWords close_words(Event::Kind kind) {
    return kind == Event::Kind::Rst ? EventWords{"TCP RST", "RST"} : EventWords{"TCP FIN", "FIN"};
}

EventWords quic_record_words(uint8_t content_type) {
    if (content_type == 22)
        return {
            "QUIC packets without a readable TLS message (Handshake packets, or Initial "
            "acknowledgements)",
            "encrypted QUIC handshake packets"};
    return {"QUIC 0-RTT or 1-RTT packets (encrypted)", "encrypted QUIC packets"};
}

EventWords quic_packet_words(QuicPacket type) {
    if (type == QuicPacket::Retry)
        return {"QUIC Retry: start again toward a new connection id", "QUIC Retry"};
    return {"QUIC Version Negotiation", "QUIC Version Negotiation packet"};
}

EventWords quic_close_words(const QuicClose& close) {
    const std::string name = quic_error_name(close);
    return {"QUIC CONNECTION_CLOSE: " + name, "QUIC CONNECTION_CLOSE (" + name + ")"};
}

}  // namespace tlsdiag
