/* Entry points the Wireshark plugin loader looks for. Kept in C so that the
 * exported symbols carry their plain names; the work is in C++. */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "tlsdiag_entry.h"

#if WIRESHARK_VERSION_MAJOR > 4 || (WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 4)
#include <wsutil/plugins.h>
WS_DLL_PUBLIC_DEF uint32_t plugin_describe(void);
uint32_t plugin_describe(void) {
    return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = TLSDIAG_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void) {
    static proto_plugin proto = {tlsdiag_register_proto, tlsdiag_register_handoff};
    static tap_plugin tap = {tlsdiag_register_tap_listeners};
    proto_register_plugin(&proto);
    tap_register_plugin(&tap);
}
