/* The floor of any post-dissector (bench/README.md, "The post-dissector
 * floor"): a plugin that registers one, enabled, and returns at once. With
 * no enabled post-dissector tshark skips them all; with one it calls every
 * registered post-dissector for every frame (MATE's and transum's too),
 * inside an exception frame, and adds and removes a layer for the enabled
 * one. bench/run times it as "read/empty" next to "read/with" and
 * "read/without". */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>

#if WIRESHARK_VERSION_MAJOR > 4 || (WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 4)
#include <wsutil/plugins.h>
WS_DLL_PUBLIC_DEF uint32_t plugin_describe(void);
uint32_t plugin_describe(void) {
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = "0";
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

static int proto_empty = -1;

static int dissect_empty(tvbuff_t* tvb _U_, packet_info* pinfo _U_, proto_tree* tree _U_,
                         void* data _U_) {
    return 0;
}

static void register_empty(void) {
    proto_empty = proto_register_protocol("Empty post-dissector (tlsdiag bench)",
                                          "tlsdiag_bench_empty", "tlsdiag_bench_empty");
}

static void handoff_empty(void) {
    register_postdissector(create_dissector_handle(dissect_empty, proto_empty));
}

void plugin_register(void) {
    static proto_plugin proto = {register_empty, handoff_empty};
    proto_register_plugin(&proto);
}
