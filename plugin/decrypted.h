// With a TLS key log, what only Wireshark's decryption shows: the TLS 1.3
// handshake messages after the ServerHello (their certificates) and alerts
// in encrypted records. Everything else comes from tlsdiag's own reading of
// the bytes, with or without a key log, so that a key log changes no finding
// that decryption does not change.
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include <vector>

#include "capture/frame_facts.h"

namespace tlsdiag::plugin {

using namespace tlsdiag::capture;

class DecryptedReader {
public:
    // Looks the field names up; call after all protocols registered.
    void resolve();
    // A fresh array of the fields read, for set_postdissector_wanted_hfids.
    GArray* wanted_ids() const;
    // Appends the frame's decrypted handshake messages and alerts, in tree
    // order, to `out`; returns how many.
    size_t read(proto_tree* tree, packet_info* pinfo, std::vector<TlsMessage>& out) const;

private:
    enum class Field : uint8_t { None, HandshakeType, Certificate, AlertLevel, AlertDesc };
    std::vector<std::pair<int, Field>> ids_;  // sorted by id
    Field field_of(int id) const;
    friend struct DecryptedWalk;
};

}  // namespace tlsdiag::plugin
