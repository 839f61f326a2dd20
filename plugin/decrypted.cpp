#include "decrypted.h"

#include <algorithm>
#include <cstring>

#include "ws_compat.h"

namespace tlsdiag::plugin {

namespace {

// A name can belong to several fields (4.0 registers tls.handshake.type for
// SSLv2 too); the name lookup returns only the last, so walk the same-name
// chain to get them all.
std::vector<int> ids_for_name(const char* name) {
    std::vector<int> out;
    int id = proto_registrar_get_id_byname(name);
    if (id < 0) return out;
    header_field_info* hfi = proto_registrar_get_nth(id);
    while (hfi && hfi->same_name_prev_id >= 0) hfi = proto_registrar_get_nth(hfi->same_name_prev_id);
    for (; hfi; hfi = hfi->same_name_next) out.push_back(hfi->id);
    return out;
}

// The data sources that hold decrypted TLS in this frame.
std::vector<tvbuff_t*> decrypted_sources(packet_info* pinfo) {
    std::vector<tvbuff_t*> out;
    for (GSList* s = pinfo->data_src; s; s = s->next) {
        const auto* src = static_cast<const struct data_source*>(s->data);
        char* name = get_data_source_name(src);
        if (name && std::strncmp(name, "Decrypted TLS", 13) == 0) out.push_back(get_data_source_tvb(src));
        wmem_free(nullptr, name);
    }
    return out;
}

}  // namespace

struct DecryptedWalk {
    const DecryptedReader& reader;
    const std::vector<tvbuff_t*>& decrypted;
    std::vector<TlsMessage>& out;
    TlsMessage* current = nullptr;
    size_t added = 0;

    void on(field_info* fi) {
        const DecryptedReader::Field f = reader.field_of(fi->hfinfo->id);
        if (f == DecryptedReader::Field::None ||
            std::find(decrypted.begin(), decrypted.end(), fi->ds_tvb) == decrypted.end())
            return;
        const auto value = static_cast<uint8_t>(f == DecryptedReader::Field::Certificate ? 0 : ws::uint_value(fi));
        switch (f) {
        case DecryptedReader::Field::HandshakeType:
            push(TlsMessage::Kind::Handshake).handshake_type = value;
            break;
        case DecryptedReader::Field::Certificate:
            if (current && current->kind == TlsMessage::Kind::Handshake && current->handshake_type == hs::Certificate) {
                size_t len = 0;
                const uint8_t* data = ws::bytes_value(fi, &len);
                current->certificates.emplace_back(reinterpret_cast<const char*>(data), data ? len : 0);
            }
            break;
        case DecryptedReader::Field::AlertLevel: push(TlsMessage::Kind::Alert).alert.level = value; break;
        case DecryptedReader::Field::AlertDesc:
            if (current && current->kind == TlsMessage::Kind::Alert) current->alert.description = value;
            break;
        case DecryptedReader::Field::None: break;
        }
    }
    TlsMessage& push(TlsMessage::Kind kind) {
        out.push_back(TlsMessage{kind});
        ++added;
        current = &out.back();
        return *current;
    }
};

namespace {
void visit(proto_node* node, gpointer data) {
    field_info* fi = PNODE_FINFO(node);
    if (fi && fi->hfinfo) static_cast<DecryptedWalk*>(data)->on(fi);
    proto_tree_children_foreach(node, visit, data);
}
}  // namespace

void DecryptedReader::resolve() {
    ids_.clear();
    const std::pair<const char*, Field> wanted[] = {
        {"tls.handshake.type", Field::HandshakeType},
        // One item per chain entry, in order, after the Certificate's type item.
        {"tls.handshake.certificate", Field::Certificate},
        {"tls.alert_message.level", Field::AlertLevel},
        {"tls.alert_message.desc", Field::AlertDesc},
    };
    for (const auto& [name, field] : wanted)
        for (int id : ids_for_name(name)) ids_.emplace_back(id, field);
    std::sort(ids_.begin(), ids_.end());
}

DecryptedReader::Field DecryptedReader::field_of(int id) const {
    auto it = std::lower_bound(ids_.begin(), ids_.end(), std::make_pair(id, Field::None));
    return it != ids_.end() && it->first == id ? it->second : Field::None;
}

GArray* DecryptedReader::wanted_ids() const {
    GArray* out = g_array_new(FALSE, FALSE, sizeof(int));
    for (const auto& entry : ids_) g_array_append_val(out, entry.first);
    return out;
}

size_t DecryptedReader::read(proto_tree* tree, packet_info* pinfo, std::vector<TlsMessage>& out) const {
    if (!tree) return 0;
    const std::vector<tvbuff_t*> decrypted = decrypted_sources(pinfo);
    if (decrypted.empty()) return 0;
    DecryptedWalk walk{*this, decrypted, out};
    proto_tree_children_foreach(tree, visit, &walk);
    return walk.added;
}

}  // namespace tlsdiag::plugin
