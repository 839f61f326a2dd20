// Reads what the TCP and TLS dissectors found in a frame: the wanted fields,
// how they are resolved to ids, and the walk that turns them into FrameFacts.
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include <vector>

#include "capture/capture_state.h"

namespace tlsdiag::plugin {

using namespace tlsdiag::capture;

// The fields tlsdiag reads, the SSL.evt of this plugin.
enum class Field : uint8_t {
    None,
    TcpStream, TcpLen, TcpFlags, TcpLostSegment,
    RecordContentType, HandshakeType, HandshakeVersion, SupportedVersion, CipherSuite,
    ExtensionType, ServerName, Alpn, Random, AlertLevel, AlertDesc, Certificate,
};

class FieldTable {
public:
    // Looks the field names up; call after all protocols registered.
    void resolve();
    // A fresh array of every wanted id, for set_postdissector_wanted_hfids.
    GArray* wanted_ids() const;
    Field kind_of(int hfid) const {
        return hfid >= 0 && static_cast<size_t>(hfid) < kinds_.size() ? kinds_[hfid] : Field::None;
    }
    const std::vector<int>& ids(Field f) const { return ids_[static_cast<size_t>(f)]; }

private:
    std::vector<Field> kinds_;               // indexed by hfid
    std::vector<std::vector<int>> ids_;      // by Field: every id sharing the name
};

// The TCP stream the frame belongs to, false when it is not TCP.
bool read_tcp_stream(proto_tree* tree, const FieldTable& fields, uint32_t* stream);
// True when the frame carries a TLS handshake message (a cheap first look).
bool has_handshake(proto_tree* tree, const FieldTable& fields);
// Fills `facts` from the frame's tree, in dissection order.
void read_frame(proto_tree* tree, const FieldTable& fields, FrameFacts& facts);

}  // namespace tlsdiag::plugin
