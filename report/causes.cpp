// Likely causes and what the client reported, from rules/data/likely_causes.tsv
// and client_reports.tsv, read in the context of the connection.
#include <cstdio>

#include "report_internal.h"
#include "tlsdiag/tables.h"

namespace tlsdiag::report {

namespace {

struct CauseRow {
    const char* rule;
    const char* when;
    const char* cause;
    const char* change;
    const char* source;
};

struct ClientReportRow {
    const char* rule;
    const char* when;
    const char* client;
    const char* report;
    const char* source;
};

#include "report_data.inc"

// The alert event a finding of the alert family stands on.
const Event* alert_event(const Connection& conn, const Finding& f) {
    for (const Event& e : conn.events())
        if (e.kind == Event::Kind::Alert && e.frame == f.frame &&
            f.rule == &alert_rule(e.alert().description))
            return &e;
    return nullptr;
}

bool server_sent(const Connection& conn, uint8_t handshake_type) {
    for (const Event& e : conn.events())
        if (e.kind == Event::Kind::Handshake && e.from == Side::Server &&
            e.handshake_type() == handshake_type)
            return true;
    return false;
}

// One condition of the `when` column.
bool holds_one(const std::string& when, const Connection& conn, const Finding& f) {
    const ClientHello* ch = conn.last_client_hello();
    const Event* alert = alert_event(conn, f);
    if (when == "always") return true;
    if (when == "no_sni") return ch && !ch->has_sni;
    if (when == "sni") return ch && ch->has_sni;
    if (when == "legacy_client") return ch && ch->max_version() < version::TLS12;
    if (when == "by_server") return alert && alert->from == Side::Server;
    if (when == "by_client") return alert && alert->from == Side::Client;
    if (when == "client_cert_requested") return server_sent(conn, hs::CertificateRequest);
    if (when == "no_server_hello") return conn.negotiated() == nullptr;
    return false;
}

// The `when` column: conditions joined by "+", all of which must hold.
bool holds(const std::string& when, const Connection& conn, const Finding& f) {
    size_t start = 0;
    for (;;) {
        const size_t plus = when.find('+', start);
        if (!holds_one(when.substr(start, plus - start), conn, f)) return false;
        if (plus == std::string::npos) return true;
        start = plus + 1;
    }
}

// The table lists each rule's rows most likely first; a row counts when its
// condition holds on this connection.
template <typename Row, size_t N, typename Take>
void ranked(const Row (&table)[N], const Connection& conn, const Finding& f, Take take) {
    for (const Row& row : table)
        if (f.rule->id == row.rule && holds(row.when, conn, f)) take(row);
}

// What an OpenSSL-based client (curl) prints when it receives this alert.
std::string openssl_line(const AlertInfo& a) {
    char code[16];
    std::snprintf(code, sizeof code, "%08X", 0x0A000000u + 1000u + a.code);
    return std::string("curl: (35) error:") + code + ":SSL routines::" + a.openssl_reason;
}

void alert_reports(const Connection& conn, const Finding& f, std::vector<ClientReport>& out) {
    const Event* alert = alert_event(conn, f);
    const AlertInfo* a = alert ? find_alert(alert->alert().description) : nullptr;
    if (!a || alert->from != Side::Server) return;  // a client's own alert: its table rows
    if (a->apple_code)
        out.push_back({"Apple URLSession / Secure Transport",
                       "NSURLErrorDomain -1200 (NSURLErrorSecureConnectionFailed), "
                       "_kCFStreamErrorCodeKey " + std::to_string(a->apple_code) + " " + a->apple_name});
    if (*a->openssl_reason) out.push_back({"curl with OpenSSL 3", openssl_line(*a)});
}

}  // namespace

std::vector<Cause> likely_causes(const Connection& conn, const Finding& f) {
    std::vector<Cause> out;
    ranked(kCauses, conn, f, [&](const CauseRow& r) { out.push_back({r.cause, r.change, r.source}); });
    // An alert without its own rows: the causes the alert table records.
    if (out.empty())
        if (const Event* e = alert_event(conn, f))
            if (const AlertInfo* a = find_alert(e->alert().description))
                out.push_back({a->root_causes, "", "alerts.tsv " + std::to_string(a->code)});
    return out;
}

std::vector<Cause> likely_causes(const Connection& conn, const ConnectionFindings& findings) {
    std::vector<Cause> out;
    for (const Finding& f : findings) {
        std::vector<Cause> of_f = likely_causes(conn, f);
        out.insert(out.end(), of_f.begin(), of_f.end());
    }
    return out;
}

std::vector<ClientReport> client_reports(const Connection& conn, const ConnectionFindings& findings) {
    std::vector<ClientReport> out;
    for (const Finding& f : findings) {
        ranked(kClientReports, conn, f,
               [&](const ClientReportRow& r) { out.push_back({r.client, r.report}); });
        alert_reports(conn, f, out);
    }
    return out;
}

}  // namespace tlsdiag::report
