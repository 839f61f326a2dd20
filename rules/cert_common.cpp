#include "cert_common.h"

#include "tlsdiag/describe.h"

namespace tlsdiag {

const CertificateChain* chain_from(const Connection& conn, const Event& e, Side side) {
    return e.from == side ? conn.certificate_chain(e) : nullptr;
}

std::string cert_phrase(Side from, const CertificateChain& chain, size_t position) {
    std::string out = from == Side::Client ? "client's " : "";
    out += chain_position(chain, position);
    if (const CertificateInfo* c = chain.certs[position].get()) out += " " + printable(c->label());
    return out;
}

UnixSeconds to_seconds(TimeNs t) {
    return t >= 0 ? t / 1000000000 : (t + 1) / 1000000000 - 1;
}

std::optional<ValidityProblem> find_validity_problem(const CertificateChain& chain, Side from,
                                                     UnixSeconds now, bool expired) {
    for (size_t i = 0; i < chain.certs.size(); ++i) {
        const CertificateInfo* c = chain.certs[i].get();
        if (!c) continue;
        if (expired && now > c->not_after)
            return ValidityProblem{i, cert_phrase(from, chain, i) + " expired " +
                                          format_date(c->not_after) + ", " +
                                          format_span(now - c->not_after) + " before this capture"};
        if (!expired && now < c->not_before)
            return ValidityProblem{i, cert_phrase(from, chain, i) + " is not valid before " +
                                          format_date(c->not_before) + ", " +
                                          format_span(c->not_before - now) + " after this capture"};
    }
    return std::nullopt;
}

}  // namespace tlsdiag
