// The records Wireshark's TLS dissector decrypted (with a key log, RSA keys,
// a PSK, or secrets embedded in the capture), read by the same record and
// message reader as the records in clear: what decryption adds is the TLS
// 1.3 handshake after the ServerHello (its certificates), the Finished
// messages, and alerts sent encrypted. One per TLS stream that has them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "capture/frame_facts.h"
#include "capture/tls_records.h"

namespace tlsdiag::capture {

class DecryptedReader {
public:
    // One decrypted record of direction `dir`: its (inner) content type and
    // plaintext. `tls13`: the connection negotiated TLS 1.3, whose
    // Certificate message is framed differently.
    void record(unsigned dir, uint8_t content_type, const uint8_t* data, size_t len, bool tls13,
                std::vector<TlsMessage>& out);

private:
    TlsRecordReader readers_[2];
    TlsBufferPair buffers_;
    TlsSession session_{TlsSession::Status::Tls};
};

}  // namespace tlsdiag::capture
