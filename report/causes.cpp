// Likely causes and what the client reported, from rules/data/likely_causes.tsv
// and client_reports.tsv, read in the context of the connection.
#include <cstdio>

#include "report_internal.h"
#include "when.h"
#include "tlsdiag/judgements.h"
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

// The table lists each rule's rows most likely first; a row counts when its
// condition holds on this connection.
template <typename Row, size_t N, typename Take>
void ranked(const Row (&table)[N], const Connection& conn, const Finding& f, Take take) {
    for (const Row& row : table)
        if (f.rule->id == row.rule && when_holds(row.when, conn, f)) take(row);
}

// What an OpenSSL-based client prints when it receives this alert: curl, or
// over DTLS OpenSSL's error queue (measured with s_client -dtls1_2, 3.0.19).
std::string openssl_line(const AlertInfo& a, bool dtls) {
    char code[16];
    std::snprintf(code, sizeof code, "%08X", 0x0A000000u + 1000u + a.code);
    return std::string(dtls ? "" : "curl: (35) ") + "error:" + code +
           ":SSL routines:" + (dtls ? "dtls1_read_bytes:" : ":") + a.openssl_reason;
}

void alert_reports(const Connection& conn, const Finding& f, std::vector<ClientReport>& out) {
    const Event* alert = alert_event(conn, f);
    const AlertInfo* a = alert ? find_alert(alert->alert().description) : nullptr;
    if (!a || alert->from != Side::Server) return;  // a client's own alert: its table rows
    // A warning is no error on receipt: the client reports what came after.
    if (is_warning_alert(conn, alert->alert())) return;
    // What HTTP/3 clients say of an alert was not measured: none is claimed.
    if (conn.transport() == Transport::Quic) return;
    const bool dtls = conn.transport() == Transport::Dtls;
    if (a->apple_code && !dtls)
        out.push_back({"Apple URLSession / Secure Transport",
                       "NSURLErrorDomain -1200 (NSURLErrorSecureConnectionFailed), "
                       "_kCFStreamErrorCodeKey " +
                           std::to_string(a->apple_code) + " " + a->apple_name});
    if (*a->openssl_reason)
        out.push_back(
            {dtls ? "a DTLS client with OpenSSL 3 (openssl s_client -dtls)" : "curl with OpenSSL 3",
             openssl_line(*a, dtls)});
}

}  // namespace

std::vector<Cause> likely_causes(const Connection& conn, const Finding& f) {
    std::vector<Cause> out;
    ranked(kCauses, conn, f, [&](const CauseRow& r) {
        out.push_back({r.cause, r.change, r.source});
    });
    // An alert without its own rows: the causes the alert table records.
    if (out.empty())
        if (const Event* e = alert_event(conn, f))
            if (const AlertInfo* a = find_alert(e->alert().description))
                out.push_back({a->root_causes, "", "alerts.tsv " + std::to_string(a->code)});
    return out;
}

bool explained_by_another(const ConnectionFindings& findings, const Finding& finding) {
    if (finding.rule->family() != "alert") return false;
    for (const Finding& f : findings)
        if (f.rule->id == "tls.client_cert_missing" && f.frame == finding.frame) return true;
    return false;
}

std::vector<Cause> likely_causes(const Connection& conn, const ConnectionFindings& findings) {
    std::vector<Cause> out;
    for (const Finding& f : findings) {
        if (explained_by_another(findings, f)) continue;
        std::vector<Cause> of_f = likely_causes(conn, f);
        out.insert(out.end(), of_f.begin(), of_f.end());
    }
    return out;
}

std::vector<ClientReport> client_reports(const Connection& conn,
                                         const ConnectionFindings& findings) {
    std::vector<ClientReport> out;
    for (const Finding& f : findings) {
        ranked(kClientReports, conn, f, [&](const ClientReportRow& r) {
            out.push_back({r.client, r.report});
        });
        alert_reports(conn, f, out);
    }
    return out;
}

}  // namespace tlsdiag::report
