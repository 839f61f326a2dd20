#include "capture/decrypted_reader.h"

namespace tlsdiag::capture {

namespace {
constexpr size_t kMaxPlaintext = 1u << 14;  // RFC 8446 §5.1
}  // namespace

void DecryptedReader::record(unsigned dir, uint8_t content_type, const uint8_t* data, size_t len,
                             bool tls13, std::vector<TlsMessage>& out) {
    // Application data is not the handshake's; a ChangeCipherSpec is never encrypted.
    if ((content_type != content::Handshake && content_type != content::Alert) ||
        len > kMaxPlaintext)
        return;
    session_.tls13 = tls13;
    const uint8_t header[5] = {content_type, 3, 3, static_cast<uint8_t>(len >> 8),
                               static_cast<uint8_t>(len)};
    TlsRecordReader& reader = readers_[dir & 1];
    reader.read(header, sizeof header, true, session_, buffers_.side(dir & 1), out);
    if (len) reader.read(data, len, false, session_, buffers_.side(dir & 1), out);
}

}  // namespace tlsdiag::capture
