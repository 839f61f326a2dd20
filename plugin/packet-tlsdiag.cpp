// The tlsdiag post-dissector: registration (protocol, fields, expert infos
// from the rule catalog, preferences) and the per-frame work. On a frame's
// first dissection it reads the TLS/TCP fields and runs the rules; every
// dissection, first or later, shows the findings stored for that frame.
#include <wireshark.h>
#include <epan/conversation.h>
#include <epan/ex-opt.h>
#include <epan/expert.h>
#include <epan/to_str.h>
#include <wsutil/report_message.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>

#include <memory>
#include <string>
#include <vector>

#include "extract.h"
#include "frame_facts.h"
#include "info_plist.h"
#include "tap.h"
#include "tlsdiag/catalog.h"
#include "tlsdiag/report.h"
#include "tlsdiag_entry.h"

using namespace tlsdiag;
using namespace tlsdiag::plugin;

namespace {

int proto_tlsdiag = -1;
int hf_tlsdiag_rule = -1;
int hf_tlsdiag_summary = -1;
int hf_tlsdiag_severity = -1;
int hf_tlsdiag_related_frame = -1;
int hf_tlsdiag_conn_verdict = -1;
int ett_tlsdiag = -1;
int ett_tlsdiag_finding = -1;

dissector_handle_t tlsdiag_handle;
FieldTable g_fields;
CaptureState g_state;
FrameFacts g_facts;  // reused: no allocation per frame once warm
Settings g_settings;
uint32_t g_frames_seen = 0;  // the report's frame count

// One expert info per catalog rule, in catalog order; their names live as
// long as the plugin (Wireshark keeps the pointers).
std::unique_ptr<expert_field[]> g_experts;
std::vector<std::string> g_expert_names;

// Preferences.
guint pref_close_window_ms = 10000;
const char* pref_info_plist = "";
struct FamilyPref {
    const char* family;
    const char* title;
    gboolean enabled;
};
FamilyPref g_family_prefs[] = {
    {"ats", "App Transport Security rules (ats.*)", TRUE},
    {"h2", "HTTP/2 rules (h2.*)", TRUE},
    {"tcp", "TCP answer rules (tcp.*)", TRUE},
    {"tls", "ClientHello rules (tls.*)", TRUE},
    {"alert", "Fatal alert rules (alert.*)", TRUE},
};

int expert_group(Group g) {
    switch (g) {
    case Group::Security: return PI_SECURITY;
    case Group::Sequence: return PI_SEQUENCE;
    case Group::ResponseCode: return PI_RESPONSE_CODE;
    case Group::Protocol: return PI_PROTOCOL;
    }
    return PI_PROTOCOL;
}

int expert_severity(Severity s) {
    switch (s) {
    case Severity::Note: return PI_NOTE;
    case Severity::Warning: return PI_WARN;
    case Severity::Error: return PI_ERROR;
    }
    return PI_NOTE;
}

expert_field* expert_for(const std::string& rule_id) {
    const auto& rules = catalog();
    for (size_t i = 0; i < rules.size(); ++i)
        if (rules[i].id == rule_id) return &g_experts[i];
    return nullptr;
}

// The app's Info.plist: tshark -X tlsdiag.info_plist:PATH (per run, for
// scripts) wins over the preference (for GUI users).
void load_info_plist() {
    const char* cli = ex_opt_get_nth("tlsdiag.info_plist", 0);
    const std::string path = cli ? cli : (pref_info_plist ? pref_info_plist : "");
    g_settings.ats_policy.reset();
    if (path.empty()) return;
    std::string error;
    g_settings.ats_policy = read_info_plist(path, &error);
    if (!g_settings.ats_policy) report_failure("tlsdiag: Info.plist not used: %s", error.c_str());
}

void apply_prefs() {
    g_settings.close_answer_window_s = pref_close_window_ms / 1000.0;
    g_settings.disabled_families.clear();
    for (const FamilyPref& p : g_family_prefs)
        if (!p.enabled) g_settings.disabled_families.insert(p.family);
    load_info_plist();
}

void init_capture() {
    g_state.reset();
    g_frames_seen = 0;
    apply_prefs();
    // Ids resolve late, after every protocol registered; Wireshark owns the array.
    g_fields.resolve();
    set_postdissector_wanted_hfids(tlsdiag_handle, g_fields.wanted_ids());
}

void cleanup_capture() {
    g_state.reset();
    g_frames_seen = 0;
}

// Refills `e` in place: once its string has grown, no frame allocates (an
// IPv6 endpoint is longer than the small-string buffer).
const Endpoint& endpoint(Endpoint& e, const address& addr, uint32_t port) {
    e.address.assign(1, static_cast<char>(addr.type));
    e.address.append(static_cast<const char*>(addr.data), addr.data ? addr.len : 0);
    e.port = port;
    return e;
}
Endpoint g_src, g_dst;  // the frame's endpoints, reused

std::string label(const address& addr, uint32_t port) {
    char* text = address_to_str(nullptr, &addr);
    std::string out = addr.type == AT_IPv6 ? "[" + std::string(text) + "]" : text;
    wmem_free(nullptr, text);
    return out + ":" + std::to_string(port);
}

// A connection's frames find it again on every pass through its TCP
// conversation (the TCP fields are not there on later passes).
void remember_stream(packet_info* pinfo, uint32_t stream) {
    conversation_t* conv = find_or_create_conversation(pinfo);
    conversation_add_proto_data(conv, proto_tlsdiag, GUINT_TO_POINTER(stream + 1));
}

StreamState* stream_of(packet_info* pinfo, uint32_t* stream) {
    conversation_t* conv = find_conversation_pinfo(pinfo, 0);
    void* data = conv ? conversation_get_proto_data(conv, proto_tlsdiag) : nullptr;
    if (!data) return nullptr;
    *stream = GPOINTER_TO_UINT(data) - 1;
    return g_state.find(*stream);
}

// First dissection of a frame: feed what it shows to its connection.
void analyse(packet_info* pinfo, proto_tree* tree) {
    uint32_t stream = 0;
    if (!tree || !read_tcp_stream(tree, g_fields, &stream)) return;
    // Most frames belong to no TLS connection: leave before any work.
    const bool known = g_state.tracks(stream);
    if (!known && !has_handshake(tree, g_fields)) return;
    read_frame(tree, g_fields, g_facts);
    TimeNs time = static_cast<TimeNs>(pinfo->abs_ts.secs) * 1000000000 + pinfo->abs_ts.nsecs;
    const Endpoint& src = endpoint(g_src, pinfo->src, pinfo->srcport);
    g_state.apply(stream, src, endpoint(g_dst, pinfo->dst, pinfo->destport), pinfo->num, time,
                  g_facts, g_settings);
    if (known) return;
    StreamState* s = g_state.find(stream);
    if (!s) return;
    const bool from_client = src == s->client;
    s->client_label = from_client ? label(pinfo->src, pinfo->srcport) : label(pinfo->dst, pinfo->destport);
    s->server_label = from_client ? label(pinfo->dst, pinfo->destport) : label(pinfo->src, pinfo->srcport);
    remember_stream(pinfo, stream);
}

void show(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Findings& findings,
          const std::string& verdict) {
    proto_item* top = proto_tree_add_item(tree, proto_tlsdiag, tvb, 0, 0, ENC_NA);
    if (!findings.empty())
        proto_item_append_text(top, ": %u finding%s", static_cast<unsigned>(findings.size()),
                               findings.size() == 1 ? "" : "s");
    proto_tree* tlsdiag_tree = proto_item_add_subtree(top, ett_tlsdiag);
    if (!verdict.empty()) {
        proto_item* vi = proto_tree_add_string(tlsdiag_tree, hf_tlsdiag_conn_verdict, tvb, 0, 0,
                                               verdict.c_str());
        proto_item_set_generated(vi);
    }
    for (const Finding& f : findings) {
        const RuleInfo* rule = find_rule(f.rule_id);
        proto_item* ri = proto_tree_add_string(tlsdiag_tree, hf_tlsdiag_rule, tvb, 0, 0, f.rule_id.c_str());
        if (rule) proto_item_append_text(ri, " (%s)", rule->title.c_str());
        proto_tree* ft = proto_item_add_subtree(ri, ett_tlsdiag_finding);
        proto_tree_add_string(ft, hf_tlsdiag_summary, tvb, 0, 0, f.summary.c_str());
        if (rule)
            proto_tree_add_string(ft, hf_tlsdiag_severity, tvb, 0, 0, severity_name(rule->severity));
        if (f.related) {
            proto_item* rel = proto_tree_add_uint(ft, hf_tlsdiag_related_frame, tvb, 0, 0, f.related);
            proto_item_set_generated(rel);
        }
        // On the rule item itself, so the tree shows the summary once.
        if (expert_field* ei = expert_for(f.rule_id))
            expert_add_info_format(pinfo, ri, ei, "%s", f.summary.c_str());
    }
}

int dissect_tlsdiag(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    if (pinfo->num > g_frames_seen) g_frames_seen = pinfo->num;
    // Fields are there only on the first pass (they are "wanted" then);
    // later passes replay what it found.
    const bool visited = PINFO_FD_VISITED(pinfo);
    if (!visited) analyse(pinfo, tree);
    const Findings* findings = g_state.findings_at(pinfo->num);

    // The connection's verdict is known only once the capture was read, so
    // it is shown from the second dissection on, the same every time.
    uint32_t stream = 0;
    StreamState* conn = (tree && visited) || tap_wanted() ? stream_of(pinfo, &stream) : nullptr;
    std::string verdict;
    if (conn && visited && report::verdict_of(conn->tracked.findings()) == report::Verdict::Failed)
        verdict = report::verdict_text(conn->tracked.findings());

    if (conn) queue_frame(pinfo, {stream, findings});
    if (!findings && verdict.empty()) return 0;
    show(tvb, pinfo, tree, findings ? *findings : Findings{}, verdict);
    return static_cast<int>(tvb_captured_length(tvb));
}

void register_experts() {
    const auto& rules = catalog();
    g_experts.reset(new expert_field[rules.size()]);
    g_expert_names.reserve(rules.size());
    static ei_register_info blank = {nullptr, {nullptr, 0, 0, nullptr, EXPFILL}};
    auto* infos = new ei_register_info[rules.size()];  // kept: Wireshark points into it
    for (size_t i = 0; i < rules.size(); ++i) {
        g_experts[i] = EI_INIT;
        g_expert_names.push_back("tlsdiag." + rules[i].id);
        infos[i] = blank;
        infos[i].ids = &g_experts[i];
        infos[i].eiinfo.name = g_expert_names[i].c_str();
        infos[i].eiinfo.group = expert_group(rules[i].group);
        infos[i].eiinfo.severity = expert_severity(rules[i].severity);
        infos[i].eiinfo.summary = rules[i].title.c_str();
    }
    expert_module_t* module = expert_register_protocol(proto_tlsdiag);
    expert_register_field_array(module, infos, static_cast<int>(rules.size()));
}

void register_prefs() {
    module_t* module = prefs_register_protocol(proto_tlsdiag, apply_prefs);
    prefs_register_uint_preference(
        module, "close_answer_window_ms", "RST/FIN answer window (ms)",
        "How long after a ClientHello a server RST or FIN still counts as its answer to it; "
        "later closes are timeouts, not refusals",
        10, &pref_close_window_ms);
    prefs_register_filename_preference(
        module, "info_plist", "App Info.plist",
        "The app's Info.plist (XML or binary); its NSAppTransportSecurity settings decide whether "
        "an ATS finding really fails this app. tshark -X tlsdiag.info_plist:PATH overrides it.",
        &pref_info_plist, FALSE);
    // Wireshark keeps the name pointers: the strings must never move.
    static std::string names[G_N_ELEMENTS(g_family_prefs)];
    for (size_t i = 0; i < G_N_ELEMENTS(g_family_prefs); ++i) {
        names[i] = std::string("enable_") + g_family_prefs[i].family;
        prefs_register_bool_preference(module, names[i].c_str(), g_family_prefs[i].title,
                                       "Report the findings of this rule family",
                                       &g_family_prefs[i].enabled);
    }
}

}  // namespace

extern "C" void tlsdiag_register_proto(void) {
    static hf_register_info hf[] = {
        {&hf_tlsdiag_rule,
         {"Rule", "tlsdiag.rule", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Id of a tlsdiag rule that found a problem in this frame", HFILL}},
        {&hf_tlsdiag_summary,
         {"Summary", "tlsdiag.summary", FT_STRING, BASE_NONE, nullptr, 0x0,
          "What went wrong, with the evidence", HFILL}},
        {&hf_tlsdiag_severity,
         {"Severity", "tlsdiag.severity", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Severity of the finding: note, warning or error", HFILL}},
        {&hf_tlsdiag_conn_verdict,
         {"Connection verdict", "tlsdiag.conn.verdict", FT_STRING, BASE_NONE, nullptr, 0x0,
          "On every frame of a failed connection: failed, and the rules that failed it "
          "(shown from the second pass on; use tshark -2)",
          HFILL}},
        {&hf_tlsdiag_related_frame,
         {"Related frame", "tlsdiag.related_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
          "The other frame of the evidence, e.g. the ClientHello a reset answers", HFILL}},
    };
    static gint* ett[] = {&ett_tlsdiag, &ett_tlsdiag_finding};

    proto_tlsdiag = proto_register_protocol("TLS Diagnosis", "tlsdiag", "tlsdiag");
    proto_register_field_array(proto_tlsdiag, hf, G_N_ELEMENTS(hf));
    proto_register_subtree_array(ett, G_N_ELEMENTS(ett));
    register_experts();
    register_prefs();
    register_findings_tap();
    set_report_source(&g_state, &g_frames_seen);

    tlsdiag_handle = register_dissector("tlsdiag", dissect_tlsdiag, proto_tlsdiag);
    register_postdissector(tlsdiag_handle);
    register_init_routine(init_capture);
    register_cleanup_routine(cleanup_capture);
}

extern "C" void tlsdiag_register_handoff(void) {}
