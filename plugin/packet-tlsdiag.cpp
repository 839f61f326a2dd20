// The tlsdiag post-dissector: registration (protocol, fields, expert infos
// from the rule catalog, preferences) and the per-frame work. On a frame's
// first dissection FirstPass reads it and runs the rules; every dissection,
// first or later, shows the findings stored for that frame.
#include <wireshark.h>
#include <epan/conversation.h>
#include <epan/ex-opt.h>
#include <epan/expert.h>
#include <wsutil/report_message.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>

#include <memory>
#include <string>
#include <vector>

#include "first_pass.h"
#include "capture/capture_state.h"
#include "info_plist.h"
#include "tap.h"
#include "tlsdiag/catalog.h"
#include "tlsdiag/report.h"
#include "tlsdiag/x509.h"
#include "tlsdiag_entry.h"
#include "ws_compat.h"

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
int ett_tlsdiag_cert = -1;

// tlsdiag.cert.*: the facts of each certificate of a Certificate message. The
// expert infos of the cert.* rules live in the same namespace
// (tlsdiag.cert.expired, ...): no field may take a rule's name.
struct CertFields {
    int cert = -1, sender = -1, position = -1, subject = -1, issuer = -1, san = -1, sig_hash = -1,
        sig_alg = -1, key = -1, key_bits = -1, not_before = -1, not_after = -1, eku = -1, ca = -1,
        self_signed = -1, sct = -1, fingerprint = -1, trust = -1;
} hf_cert;

dissector_handle_t tlsdiag_handle;
FirstPass g_first_pass;
CaptureState g_state;
Settings g_settings;
uint32_t g_frames_seen = 0;  // the report's frame count
TimeNs g_last_time = 0;      // the time of the last frame read: the capture's end
// Lives across capture files: the same certificates come back in every one.
x509::CertificateReader g_certificates;
size_t g_certificates_read = 0;  // entries of Certificate messages, for the log line below

// One expert info per catalog rule, in catalog order; their names live as
// long as the plugin (Wireshark keeps the pointers).
std::unique_ptr<expert_field[]> g_experts;
std::vector<std::string> g_expert_names;

// Preferences.
guint pref_close_window_ms = 10000;
guint pref_expiry_warning_days = 30;
const char* pref_info_plist = "";
const char* pref_trust_store = "";
// tlsdiag.enable_<family>, one per rule family that can be switched off.
// Wireshark keeps pointers to the names and the values: neither may move.
struct FamilyPref {
    std::string name;  // "enable_ats"
    const RuleFamily* family;
    tlsdiag_pref_bool enabled = TRUE;
};
std::vector<FamilyPref>& family_prefs() {
    static std::vector<FamilyPref> prefs = [] {
        std::vector<FamilyPref> out;
        for (const RuleFamily& f : rule_families())
            if (f.can_disable) out.push_back({"enable_" + f.name, &f});
        return out;
    }();
    return prefs;
}

int expert_group(Group g) {
    switch (g) {
    case Group::Security: return PI_SECURITY;
    case Group::Sequence: return PI_SEQUENCE;
    case Group::ResponseCode: return PI_RESPONSE_CODE;
    case Group::Protocol: return PI_PROTOCOL;
    case Group::Undecoded: return PI_UNDECODED;
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

expert_field* expert_for(const RuleInfo& rule) {
    return &g_experts[static_cast<size_t>(&rule - catalog().data())];
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
    g_settings.expiry_warning_days = pref_expiry_warning_days;
    g_settings.disabled_families.clear();
    for (const FamilyPref& p : family_prefs())
        if (!p.enabled) g_settings.disabled_families.insert(p.family->name);
    load_info_plist();
    std::string error;
    const std::string store = pref_trust_store ? pref_trust_store : "";
    if (!g_certificates.set_trust_store(store, &error))
        ws_warning("tlsdiag: trust store %s not used: %s", store.c_str(), error.c_str());
}

void init_capture() {
    g_state.reset();
    g_frames_seen = 0;
    g_last_time = 0;
    g_state.set_chain_reader([](const std::vector<std::string>& ders) {
        g_certificates_read += ders.size();
        return g_certificates.read_chain(ders);
    });
    g_state.set_name_reader(x509::dn_text);
    apply_prefs();
    resolve_expert_tap();
    g_first_pass.start(proto_tlsdiag, tlsdiag_handle);
    g_first_pass.set_message_log(message_log());
}

void cleanup_capture() {
    // "tshark --log-level info" shows how well the certificate cache works.
    if (g_certificates_read)
        ws_info("tlsdiag: %zu certificates in Certificate messages, %zu parsed, %zu cached",
                g_certificates_read, g_certificates.parses(), g_certificates.cached());
    g_certificates_read = 0;
    g_state.reset();
    g_first_pass.reset();
    g_frames_seen = 0;
}

CapturedConnection* stream_of(packet_info* pinfo, uint32_t* stream) {
    conversation_t* conv = find_conversation_pinfo(pinfo, 0);
    void* data = conv ? conversation_get_proto_data(conv, proto_tlsdiag) : nullptr;
    if (!data) return nullptr;
    *stream = GPOINTER_TO_UINT(data) - 1;
    return g_state.find(*stream);
}

nstime_t as_nstime(UnixSeconds t) {
    nstime_t ns;
    ns.secs = static_cast<time_t>(t);
    ns.nsecs = 0;
    return ns;
}

const char* trust_text(const ChainTrust& t) {
    switch (t.status) {
    case ChainTrust::Status::NotChecked: return nullptr;
    case ChainTrust::Status::Trusted: return "trusted";
    case ChainTrust::Status::UnknownIssuer: return "unknown issuer";
    }
    return nullptr;
}

void show_certificate(proto_tree* tree, tvbuff_t* tvb, const ShownChain& shown, size_t i) {
    const CertificateInfo* c = shown.chain->certs[i].get();
    const std::string where =
        std::string(possessive(shown.from)) + " " + chain_position(*shown.chain, i);
    const std::string label = c ? c->label() : "not readable as a certificate";
    proto_item* item = proto_tree_add_string_format(
        tree, hf_cert.cert, tvb, 0, 0, label.c_str(), "Certificate %u of %u (%s): %s",
        static_cast<unsigned>(i + 1), static_cast<unsigned>(shown.chain->certs.size()),
        where.c_str(), label.c_str());
    proto_item_set_generated(item);
    proto_tree* ct = proto_item_add_subtree(item, ett_tlsdiag_cert);
    auto add_string = [&](int hf, const std::string& v) {
        proto_item_set_generated(proto_tree_add_string(ct, hf, tvb, 0, 0, v.c_str()));
    };
    auto add_bool = [&](int hf, bool v) {
        proto_item_set_generated(proto_tree_add_boolean(ct, hf, tvb, 0, 0, v));
    };
    add_string(hf_cert.sender, side_name(shown.from));
    proto_item_set_generated(
        proto_tree_add_uint(ct, hf_cert.position, tvb, 0, 0, static_cast<uint32_t>(i + 1)));
    if (!c) return;
    add_string(hf_cert.subject, c->subject);
    add_string(hf_cert.issuer, c->issuer);
    for (const std::string& n : c->dns_names) add_string(hf_cert.san, n);
    for (const std::string& n : c->ip_addresses) add_string(hf_cert.san, n);
    add_string(hf_cert.sig_hash, signature_hash_name(c->signature_hash));
    add_string(hf_cert.sig_alg, c->signature_algorithm);
    std::string key =
        std::string(key_algorithm_name(c->key_algorithm)) + " " + std::to_string(c->key_bits);
    if (!c->curve.empty()) key += " (" + c->curve + ")";
    add_string(hf_cert.key, key);
    proto_item_set_generated(proto_tree_add_uint(ct, hf_cert.key_bits, tvb, 0, 0, c->key_bits));
    const nstime_t nb = as_nstime(c->not_before), na = as_nstime(c->not_after);
    proto_item_set_generated(proto_tree_add_time(ct, hf_cert.not_before, tvb, 0, 0, &nb));
    proto_item_set_generated(proto_tree_add_time(ct, hf_cert.not_after, tvb, 0, 0, &na));
    for (const std::string& o : c->eku_oids) add_string(hf_cert.eku, o);
    add_bool(hf_cert.ca, c->is_ca);
    add_bool(hf_cert.self_signed, c->self_signed);
    add_bool(hf_cert.sct, c->has_sct_list);
    add_string(hf_cert.fingerprint, c->sha256_fingerprint);
    if (i == 0)
        if (const char* t = trust_text(shown.chain->trust())) add_string(hf_cert.trust, t);
}

void show(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Findings& findings,
          const std::vector<ShownChain>& chains, const std::string& verdict) {
    proto_item* top = proto_tree_add_item(tree, proto_tlsdiag, tvb, 0, 0, ENC_NA);
    if (!findings.empty())
        proto_item_append_text(top, ": %u finding%s", static_cast<unsigned>(findings.size()),
                               findings.size() == 1 ? "" : "s");
    size_t cert_count = 0;
    for (const ShownChain& c : chains) cert_count += c.chain->certs.size();
    if (cert_count)
        proto_item_append_text(top, ", %u certificate%s", static_cast<unsigned>(cert_count),
                               cert_count == 1 ? "" : "s");
    proto_tree* tlsdiag_tree = proto_item_add_subtree(top, ett_tlsdiag);
    if (!verdict.empty()) {
        proto_item* vi = proto_tree_add_string(tlsdiag_tree, hf_tlsdiag_conn_verdict, tvb, 0, 0,
                                               verdict.c_str());
        proto_item_set_generated(vi);
    }
    for (const ShownChain& c : chains)
        for (size_t i = 0; i < c.chain->certs.size(); ++i)
            show_certificate(tlsdiag_tree, tvb, c, i);
    for (const Finding& f : findings) {
        const RuleInfo& rule = *f.rule;
        proto_item* ri =
            proto_tree_add_string(tlsdiag_tree, hf_tlsdiag_rule, tvb, 0, 0, rule.id.c_str());
        proto_item_append_text(ri, " (%s)", rule.title.c_str());
        proto_tree* ft = proto_item_add_subtree(ri, ett_tlsdiag_finding);
        proto_tree_add_string(ft, hf_tlsdiag_summary, tvb, 0, 0, f.summary.c_str());
        proto_tree_add_string(ft, hf_tlsdiag_severity, tvb, 0, 0, severity_name(rule.severity));
        if (f.related) {
            proto_item* rel =
                proto_tree_add_uint(ft, hf_tlsdiag_related_frame, tvb, 0, 0, f.related);
            proto_item_set_generated(rel);
        }
        // On the rule item itself, so the tree shows the summary once.
        expert_add_info_format(pinfo, ri, expert_for(rule), "%s", f.summary.c_str());
    }
}

// A frame with something to show, or whose connection a tree or a tap asks
// for: kept out of dissect_tlsdiag(), whose code every frame runs, so that
// the common path stays a few cache lines of code.
__attribute__((noinline)) int dissect_shown(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree,
                                            bool visited) {
    static const Findings none;
    const Findings* findings = g_state.findings_at(pinfo->num);
    const std::vector<ShownChain> chains = g_state.chains_at(pinfo->num);

    // The connection's verdict is known only once the capture was read, so
    // it is shown from the second dissection on, the same every time.
    uint32_t stream = 0;
    CapturedConnection* conn =
        (tree && visited) || tap_wanted() ? stream_of(pinfo, &stream) : nullptr;
    std::string verdict;
    if (conn && visited &&
        report::verdict_of(conn->diagnosed.findings()) == report::Verdict::Failed)
        verdict = report::verdict_text(conn->diagnosed.findings());

    if (conn) queue_frame(pinfo, {stream, findings});
    if (!findings && chains.empty() && verdict.empty()) return 0;
    show(tvb, pinfo, tree, findings ? *findings : none, chains, verdict);
    return static_cast<int>(tvb_captured_length(tvb));
}

// Runs for every frame of the capture, on every pass.
__attribute__((hot)) int dissect_tlsdiag(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree,
                                         void*) {
    if (pinfo->num > g_frames_seen) {
        g_frames_seen = pinfo->num;
        g_last_time = static_cast<TimeNs>(pinfo->abs_ts.secs) * 1000000000 + pinfo->abs_ts.nsecs;
    }
    // Fields are there only on the first pass (they are "wanted" then);
    // later passes replay what it found.
    const bool visited = PINFO_FD_VISITED(pinfo);
    const bool tapped = tap_wanted();
    // Whether anything can see this frame's findings now; if not, the first
    // pass may apply the frame later (FirstPass::Pending).
    const bool watched = tree || tapped || expert_tap_wanted();
    if (watched || visited) g_first_pass.catch_up(g_state, g_settings);
    if (visited) g_first_pass.finish(g_state, g_settings, g_last_time);
    if (!visited) g_first_pass.read(tvb, pinfo, watched, g_state, g_settings);
    if (!g_state.shows_something(pinfo->num) && !(tree && visited) && !tapped) return 0;
    return dissect_shown(tvb, pinfo, tree, visited);
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
    prefs_register_uint_preference(
        module, "expiry_warning_days", "Certificate expiry warning (days)",
        "cert.expires_soon warns of a server certificate that expires within this many days of "
        "the capture's time; 0 turns the warning off",
        10, &pref_expiry_warning_days);
    prefs_register_filename_preference(
        module, "info_plist", "App Info.plist",
        "The app's Info.plist (XML or binary); its NSAppTransportSecurity settings decide whether "
        "an ATS finding really fails this app. tshark -X tlsdiag.info_plist:PATH overrides it.",
        &pref_info_plist, FALSE);
    prefs_register_filename_preference(
        module, "trust_store", "Trust store (CA bundle, PEM)",
        "CA certificates to check each certificate chain against (cert.unknown_issuer, "
        "cert.chain_incomplete); empty "
        "for no check. Checked without time: validity is judged at the capture's time",
        &pref_trust_store, FALSE);
    for (FamilyPref& p : family_prefs())
        prefs_register_bool_preference(module, p.name.c_str(), p.family->title.c_str(),
                                       "Report the findings of this rule family", &p.enabled);
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
        {&hf_cert.cert,
         {"Certificate", "tlsdiag.cert", FT_STRING, BASE_NONE, nullptr, 0x0,
          "A certificate of a Certificate message: its CN (or subject), facts below", HFILL}},
        {&hf_cert.sender,
         {"Sent by", "tlsdiag.cert.sender", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Who sent the certificate: server or client", HFILL}},
        {&hf_cert.position,
         {"Position", "tlsdiag.cert.position", FT_UINT32, BASE_DEC, nullptr, 0x0,
          "Position in the Certificate message, 1 = leaf", HFILL}},
        {&hf_cert.subject,
         {"Subject", "tlsdiag.cert.subject", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Subject distinguished name (RFC 4514)", HFILL}},
        {&hf_cert.issuer,
         {"Issuer", "tlsdiag.cert.issuer", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Issuer distinguished name (RFC 4514)", HFILL}},
        {&hf_cert.san,
         {"Subject alternative name", "tlsdiag.cert.san", FT_STRING, BASE_NONE, nullptr, 0x0,
          "A dNSName or iPAddress of the subjectAltName extension", HFILL}},
        {&hf_cert.sig_hash,
         {"Signature hash", "tlsdiag.cert.sig_hash", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Hash of the issuer's signature on this certificate", HFILL}},
        {&hf_cert.sig_alg,
         {"Signature algorithm", "tlsdiag.cert.sig_alg", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Signature algorithm as GnuTLS names it", HFILL}},
        {&hf_cert.key,
         {"Public key", "tlsdiag.cert.key", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Public key algorithm, size and curve", HFILL}},
        {&hf_cert.key_bits,
         {"Key size", "tlsdiag.cert.key_bits", FT_UINT32, BASE_DEC, nullptr, 0x0,
          "Public key size in bits", HFILL}},
        {&hf_cert.not_before,
         {"Not before", "tlsdiag.cert.not_before", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, nullptr,
          0x0, "Start of the validity period", HFILL}},
        {&hf_cert.not_after,
         {"Not after", "tlsdiag.cert.not_after", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, nullptr, 0x0,
          "End of the validity period", HFILL}},
        {&hf_cert.eku,
         {"Extended key usage", "tlsdiag.cert.eku", FT_STRING, BASE_NONE, nullptr, 0x0,
          "A purpose of the extendedKeyUsage extension (OID)", HFILL}},
        {&hf_cert.ca,
         {"CA", "tlsdiag.cert.is_ca", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "basicConstraints cA: the certificate may issue others", HFILL}},
        {&hf_cert.self_signed,
         {"Self-signed", "tlsdiag.cert.is_self_signed", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "Issuer equals subject and the certificate's own key verifies its signature", HFILL}},
        {&hf_cert.sct,
         {"Embedded SCTs", "tlsdiag.cert.sct", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "The certificate carries a Certificate Transparency SCT list", HFILL}},
        {&hf_cert.fingerprint,
         {"SHA-256 fingerprint", "tlsdiag.cert.fingerprint", FT_STRING, BASE_NONE, nullptr, 0x0,
          "SHA-256 of the certificate's DER", HFILL}},
        {&hf_cert.trust,
         {"Chain trust", "tlsdiag.cert.trust", FT_STRING, BASE_NONE, nullptr, 0x0,
          "The chain checked against the trust_store preference: trusted or unknown issuer",
          HFILL}},
    };
    static gint* ett[] = {&ett_tlsdiag, &ett_tlsdiag_finding, &ett_tlsdiag_cert};

    proto_tlsdiag = proto_register_protocol("TLS Diagnosis", "tlsdiag", "tlsdiag");
    proto_register_field_array(proto_tlsdiag, hf, G_N_ELEMENTS(hf));
    proto_register_subtree_array(ett, G_N_ELEMENTS(ett));
    register_experts();
    register_prefs();
    register_findings_tap();
    set_report_source(&g_state, &g_frames_seen, &g_settings,
                      [] { g_first_pass.finish(g_state, g_settings, g_last_time); });

    tlsdiag_handle = register_dissector("tlsdiag", dissect_tlsdiag, proto_tlsdiag);
    register_postdissector(tlsdiag_handle);
    register_init_routine(init_capture);
    register_cleanup_routine(cleanup_capture);
}

extern "C" void tlsdiag_register_handoff(void) {}
