// The one place for differences between Wireshark 4.0 and 4.6 that tlsdiag
// meets (see shared notes on the plugin API). Everything else uses calls that
// are the same in every supported version.
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include <cstddef>
#include <cstdint>

#define TLSDIAG_WS_AT_LEAST(ma, mi)    \
    (WIRESHARK_VERSION_MAJOR > (ma) || \
     (WIRESHARK_VERSION_MAJOR == (ma) && WIRESHARK_VERSION_MINOR >= (mi)))

namespace tlsdiag::ws {

// field_info::value became a pointer in 4.2.
inline fvalue_t* value(field_info* fi) {
#if TLSDIAG_WS_AT_LEAST(4, 2)
    return fi->value;
#else
    return &fi->value;
#endif
}

// Integer fields, booleans included: FT_BOOLEAN is stored as 64 bits in every
// version, and the 32-bit getter on it crashes on 4.4.
inline uint64_t uint_value(field_info* fi) {
    fvalue_t* fv = value(fi);
    switch (fi->hfinfo->type) {
    case FT_BOOLEAN:
    case FT_UINT40:
    case FT_UINT48:
    case FT_UINT56:
    case FT_UINT64: return fvalue_get_uinteger64(fv);
    default: return fvalue_get_uinteger(fv);
    }
}

inline const char* string_value(field_info* fi) {
    return fvalue_get_string(value(fi));
}

// Bytes of an FT_BYTES field; the accessor changed in 4.2.
inline const uint8_t* bytes_value(field_info* fi, size_t* len) {
#if TLSDIAG_WS_AT_LEAST(4, 2)
    *len = fvalue_get_bytes_size(fi->value);
    return static_cast<const uint8_t*>(fvalue_get_bytes_data(fi->value));
#else
    GByteArray* b = fi->value.value.bytes;
    *len = b ? b->len : 0;
    return b ? b->data : nullptr;
#endif
}

// A data source of the frame by name ("Reassembled IPv4"): 4.6 returns the
// source itself, earlier versions its tvb.
inline tvbuff_t* data_source_tvb(packet_info* pinfo, const char* name) {
#if TLSDIAG_WS_AT_LEAST(4, 6)
    struct data_source* source = get_data_source_by_name(pinfo, name);
    return source ? get_data_source_tvb(source) : nullptr;
#else
    return get_data_source_tvb_by_name(pinfo, name);
#endif
}

// The number under which the TLS dissector keeps one TLS layer's decrypted
// records (proto data), given how many TLS layers of the frame came before
// it: 4.0.17 counts from 0, 4.4 and 4.6 use pinfo->curr_proto_layer_num,
// which counts from 1 (4.2 not checked).
inline uint32_t tls_layer_key(uint32_t tls_layers_before) {
#if TLSDIAG_WS_AT_LEAST(4, 4)
    return tls_layers_before + 1;
#else
    return tls_layers_before;
#endif
}

}  // namespace tlsdiag::ws

// Boolean preferences are C99 bool from 4.4 on.
#if TLSDIAG_WS_AT_LEAST(4, 4)
typedef bool tlsdiag_pref_bool;
#else
typedef gboolean tlsdiag_pref_bool;
#endif

// The GUI mini-API's (epan/funnel.h) button callbacks return bool from 4.4 on.
#if TLSDIAG_WS_AT_LEAST(4, 4)
typedef bool tlsdiag_funnel_bool;
#else
typedef gboolean tlsdiag_funnel_bool;
#endif

// stat_tap_init_cb returns bool from 4.6 on.
#if TLSDIAG_WS_AT_LEAST(4, 6)
#define TLSDIAG_TAP_INIT_RET bool
#define TLSDIAG_TAP_INIT_RETURN(v) return (v)
#else
#define TLSDIAG_TAP_INIT_RET void
#define TLSDIAG_TAP_INIT_RETURN(v) return
#endif
