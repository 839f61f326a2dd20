// The records Wireshark's TLS dissector decrypted in a frame, whatever gave
// it the keys (tls.keylog_file, RSA keys, a PSK, secrets embedded in a
// pcapng): taken from the dissector's per-frame record list, so that no
// protocol tree is needed and tlsdiag's own reader reads them
// (capture/decrypted_reader.h).
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include <cstdint>
#include <vector>

namespace tlsdiag::plugin {

struct DecryptedRecord {
    uint8_t content_type;  // the inner content type in TLS 1.3
    const uint8_t* data;   // file-scoped: valid while the capture is open
    uint32_t len;
};

// Looks the TLS protocol up; call after all protocols registered.
void resolve_decrypted_records();
// Appends the frame's decrypted records, in order, to `out`.
void decrypted_records(packet_info* pinfo, std::vector<DecryptedRecord>& out);

}  // namespace tlsdiag::plugin
