#include "decrypted.h"

#include <epan/dissectors/packet-tls-utils.h>
#include <epan/proto_data.h>

#include "ws_compat.h"

namespace tlsdiag::plugin {

namespace {
int g_proto_tls = -1;
}  // namespace

void resolve_decrypted_records() {
    g_proto_tls = proto_get_id_by_filter_name("tls");
}

void decrypted_records(packet_info* pinfo, std::vector<DecryptedRecord>& out) {
    // Decryption adds a data source to the frame's own: without one, there
    // is nothing to look up.
    if (g_proto_tls < 0 || !pinfo->data_src || !pinfo->data_src->next) return;
    // The dissector keeps each TLS layer's records under that layer's
    // number (ws::tls_layer_key), or in releases before 4.0.17 its position
    // among the frame's protocols.
    uint32_t position = 0, occurrence = 0;
    for (wmem_list_frame_t* f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        ++position;
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) != g_proto_tls) continue;
        const void* data = p_get_proto_data(wmem_file_scope(), pinfo, g_proto_tls,
                                            ws::tls_layer_key(occurrence++));
        if (!data) data = p_get_proto_data(wmem_file_scope(), pinfo, g_proto_tls, position);
        const auto* info = static_cast<const SslPacketInfo*>(data);
        for (const SslRecordInfo* r = info ? info->records : nullptr; r; r = r->next)
            out.push_back({static_cast<uint8_t>(r->type), r->plain_data, r->data_len});
    }
}

}  // namespace tlsdiag::plugin
