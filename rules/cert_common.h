// Shared by the certificate checks (cert.*, ats.cert_*): which chain an event
// carries and how a certificate is named in a summary. Internal to rules/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "tlsdiag/certificate.h"
#include "tlsdiag/model.h"

namespace tlsdiag {

// The chain of a Certificate event sent by `side`, null otherwise.
const CertificateChain* chain_from(const Connection& conn, const Event& e, Side side);

// "leaf CN=api.example.com" for the server's, "client's leaf CN=alice" for the
// client's: the way every certificate summary starts.
std::string cert_phrase(Side from, const CertificateChain& chain, size_t position);

UnixSeconds to_seconds(TimeNs t);

// The first certificate of the chain that is expired (expired = true) or not
// yet valid (false) at `now`, and the summary sentence saying so.
struct ValidityProblem {
    size_t position;
    std::string sentence;  // "leaf CN=x expired 2026-03-01, 35 days before this capture"
};
std::optional<ValidityProblem> find_validity_problem(const CertificateChain& chain, Side from,
                                                     UnixSeconds now, bool expired);

}  // namespace tlsdiag
