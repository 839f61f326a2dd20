#include "extract.h"

#include <algorithm>

#include "capture/tls_messages.h"
#include "ws_compat.h"

namespace tlsdiag::plugin {

namespace {

struct Wanted {
    const char* name;
    Field field;
};

constexpr Wanted kWanted[] = {
    {"tcp.stream", Field::TcpStream},
    {"tcp.len", Field::TcpLen},
    // One item for both flags: each wanted field is a real tree item on
    // every TCP frame, which is most of what tlsdiag costs (bench/README.md).
    {"tcp.flags", Field::TcpFlags},
    {"tcp.analysis.lost_segment", Field::TcpLostSegment},
    {"tls.record.content_type", Field::RecordContentType},
    {"tls.handshake.type", Field::HandshakeType},
    {"tls.handshake.version", Field::HandshakeVersion},
    {"tls.handshake.extensions.supported_version", Field::SupportedVersion},
    {"tls.handshake.ciphersuite", Field::CipherSuite},
    {"tls.handshake.extension.type", Field::ExtensionType},
    {"tls.handshake.extensions_server_name", Field::ServerName},
    {"tls.handshake.extensions_alpn_str", Field::Alpn},
    {"tls.handshake.random", Field::Random},
    {"tls.alert_message.level", Field::AlertLevel},
    {"tls.alert_message.desc", Field::AlertDesc},
    // One item per chain entry, in order, after the Certificate's handshake
    // type item; also in a TLS 1.3 Certificate that a key log decrypted.
    {"tls.handshake.certificate", Field::Certificate},
};

constexpr size_t kFieldCount = static_cast<size_t>(Field::Certificate) + 1;
constexpr uint8_t kServerNameExtension = 0;
constexpr uint64_t kTcpFin = 0x001, kTcpRst = 0x004;  // bits of tcp.flags

// A name can belong to several fields (tls.handshake.version has a client and
// a server id; 4.0 registers tls.handshake.type for SSLv2 too); the name
// lookup returns only the last, so walk the same-name chain to get them all.
std::vector<int> ids_for_name(const char* name) {
    std::vector<int> out;
    int id = proto_registrar_get_id_byname(name);
    if (id < 0) return out;
    header_field_info* hfi = proto_registrar_get_nth(id);
    while (hfi && hfi->same_name_prev_id >= 0) hfi = proto_registrar_get_nth(hfi->same_name_prev_id);
    for (; hfi; hfi = hfi->same_name_next) out.push_back(hfi->id);
    return out;
}

bool any_item(proto_tree* tree, const std::vector<int>& ids) {
    for (int id : ids) {
        GPtrArray* items = proto_get_finfo_ptr_array(tree, id);
        if (items && items->len) return true;
    }
    return false;
}

field_info* last_item(proto_tree* tree, const std::vector<int>& ids) {
    field_info* found = nullptr;
    for (int id : ids) {
        GPtrArray* items = proto_get_finfo_ptr_array(tree, id);
        if (items && items->len) found = static_cast<field_info*>(g_ptr_array_index(items, items->len - 1));
    }
    return found;
}

// Turns the fields of one frame, met in tree order, into TLS messages.
class MessageReader {
public:
    explicit MessageReader(FrameFacts& facts) : facts_(facts) {}

    void on(Field f, field_info* fi) {
        switch (f) {
        case Field::TcpLen: facts_.tcp_len = static_cast<uint32_t>(ws::uint_value(fi)); break;
        case Field::TcpFlags: {
            const uint64_t flags = ws::uint_value(fi);
            facts_.fin = facts_.fin || (flags & kTcpFin);
            facts_.rst = facts_.rst || (flags & kTcpRst);
            break;
        }
        case Field::TcpLostSegment: facts_.data_missing_before = true; break;
        case Field::RecordContentType: start_record(static_cast<uint8_t>(ws::uint_value(fi))); break;
        case Field::HandshakeType: start_handshake(static_cast<uint8_t>(ws::uint_value(fi))); break;
        case Field::AlertLevel: start_alert(static_cast<uint8_t>(ws::uint_value(fi))); break;
        case Field::AlertDesc:
            if (current_ && current_->kind == TlsMessage::Kind::Alert)
                current_->alert.description = static_cast<uint8_t>(ws::uint_value(fi));
            break;
        case Field::Certificate: on_certificate(fi); break;
        default: on_hello_field(f, fi); break;
        }
    }

    void finish() { close_record(); }

private:
    void on_hello_field(Field f, field_info* fi) {
        if (!current_) return;
        const bool client = current_->kind == TlsMessage::Kind::ClientHello;
        const bool server = current_->kind == TlsMessage::Kind::ServerHello;
        if (!client && !server) return;
        ClientHello& ch = current_->ch;
        ServerHello& sh = current_->sh;
        switch (f) {
        case Field::HandshakeVersion: {
            uint16_t v = static_cast<uint16_t>(ws::uint_value(fi));
            (client ? ch.legacy_version : sh.legacy_version) = v;
            break;
        }
        case Field::SupportedVersion: {
            uint16_t v = static_cast<uint16_t>(ws::uint_value(fi));
            if (client) ch.supported_versions().push_back(v);
            else sh.selected_version = v;
            break;
        }
        case Field::CipherSuite: {
            uint16_t s = static_cast<uint16_t>(ws::uint_value(fi));
            if (client) ch.cipher_suites().push_back(s);
            else sh.cipher_suite = s;
            break;
        }
        case Field::ExtensionType:
            if (client && ws::uint_value(fi) == kServerNameExtension) ch.has_sni = true;
            break;
        case Field::ServerName:
            if (client && ch.sni.empty()) ch.sni = ws::string_value(fi);
            break;
        case Field::Alpn:
            if (client) ch.alpn.emplace_back(ws::string_value(fi));
            else sh.alpn = ws::string_value(fi);
            break;
        case Field::Random: {
            size_t len = 0;
            const uint8_t* data = ws::bytes_value(fi, &len);
            std::string random(reinterpret_cast<const char*>(data), data ? len : 0);
            if (client) ch.random = random;
            else {
                sh.hello_retry_request =
                    is_hello_retry_random(data, len);
                sh.random = random;
            }
            break;
        }
        default: break;
        }
    }

    void on_certificate(field_info* fi) {
        if (!current_ || current_->kind != TlsMessage::Kind::Handshake ||
            current_->handshake_type != hs::Certificate)
            return;
        size_t len = 0;
        const uint8_t* data = ws::bytes_value(fi, &len);
        current_->certificates.emplace_back(reinterpret_cast<const char*>(data), data ? len : 0);
    }

    void start_record(uint8_t content_type) {
        close_record();
        record_type_ = content_type;
        record_has_message_ = false;
    }

    // A record whose content the dissector could not read (encrypted, or a
    // fragment of a longer handshake message) still shows the peer spoke.
    void close_record() {
        if (record_type_ && !record_has_message_) {
            TlsMessage m{TlsMessage::Kind::Record};
            m.content_type = record_type_;
            facts_.messages.push_back(m);
        }
        record_type_ = 0;
        current_ = nullptr;
    }

    TlsMessage& push(TlsMessage::Kind kind) {
        record_has_message_ = true;
        facts_.messages.push_back(TlsMessage{kind});
        current_ = &facts_.messages.back();
        return *current_;
    }

    void start_handshake(uint8_t type) {
        if (type == hs::ClientHello) push(TlsMessage::Kind::ClientHello);
        else if (type == hs::ServerHello) push(TlsMessage::Kind::ServerHello);
        else push(TlsMessage::Kind::Handshake).handshake_type = type;
    }

    void start_alert(uint8_t level) { push(TlsMessage::Kind::Alert).alert.level = level; }

    FrameFacts& facts_;
    TlsMessage* current_ = nullptr;
    uint8_t record_type_ = 0;
    bool record_has_message_ = false;
};

struct Walk {
    const FieldTable& fields;
    MessageReader& reader;
};

void visit(proto_node* node, gpointer data) {
    Walk* walk = static_cast<Walk*>(data);
    field_info* fi = PNODE_FINFO(node);
    if (fi && fi->hfinfo) {
        Field f = walk->fields.kind_of(fi->hfinfo->id);
        if (f != Field::None) walk->reader.on(f, fi);
    }
    proto_tree_children_foreach(node, visit, data);
}

// Without a record, handshake or alert item the MessageReader ignores every
// other TLS field, so such a frame (most are: ACKs, segments of a longer
// record) needs only its TCP fields, read without walking the whole tree.
bool starts_tls_items(proto_tree* tree, const FieldTable& fields) {
    for (Field f : {Field::RecordContentType, Field::HandshakeType, Field::AlertLevel})
        if (any_item(tree, fields.ids(f))) return true;
    return false;
}

void read_tcp_only(proto_tree* tree, const FieldTable& fields, FrameFacts& facts) {
    MessageReader reader(facts);
    // Same values as the walk: every item of a field, in the order added.
    for (Field f : {Field::TcpLen, Field::TcpFlags, Field::TcpLostSegment})
        for (int id : fields.ids(f)) {
            GPtrArray* items = proto_get_finfo_ptr_array(tree, id);
            for (guint i = 0; items && i < items->len; ++i)
                reader.on(f, static_cast<field_info*>(g_ptr_array_index(items, i)));
        }
}

}  // namespace

void FieldTable::resolve() {
    kinds_.clear();
    ids_.assign(kFieldCount, {});
    for (const Wanted& w : kWanted) {
        for (int id : ids_for_name(w.name)) {
            if (static_cast<size_t>(id) >= kinds_.size()) kinds_.resize(id + 1, Field::None);
            kinds_[id] = w.field;
            ids_[static_cast<size_t>(w.field)].push_back(id);
        }
    }
}

GArray* FieldTable::wanted_ids() const {
    GArray* out = g_array_new(FALSE, FALSE, sizeof(int));
    for (const std::vector<int>& ids : ids_)
        for (int id : ids) g_array_append_val(out, id);
    return out;
}

bool read_tcp_stream(proto_tree* tree, const FieldTable& fields, uint32_t* stream) {
    // The innermost TCP layer carries the TLS; it is the last one added.
    field_info* fi = last_item(tree, fields.ids(Field::TcpStream));
    if (!fi) return false;
    *stream = static_cast<uint32_t>(ws::uint_value(fi));
    return true;
}

bool has_handshake(proto_tree* tree, const FieldTable& fields) {
    return last_item(tree, fields.ids(Field::HandshakeType)) != nullptr;
}

void read_frame(proto_tree* tree, const FieldTable& fields, FrameFacts& facts) {
    facts.clear();
    if (!starts_tls_items(tree, fields)) {
        read_tcp_only(tree, fields, facts);
        return;
    }
    MessageReader reader(facts);
    Walk walk{fields, reader};
    proto_tree_children_foreach(tree, visit, &walk);
    reader.finish();
}

}  // namespace tlsdiag::plugin
