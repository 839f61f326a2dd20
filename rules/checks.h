// The checks, one per file, named after the rule id they emit. Internal to
// rules/: the catalog binds each to its id.
#pragma once

#include "tlsdiag/catalog.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/model.h"

namespace tlsdiag {

void check_ats_tls_version(const Connection&, const Event&, const Settings&, Findings&);
void check_ats_cipher_suite(const Connection&, const Event&, const Settings&, Findings&);
void check_h2_blacklisted_cipher(const Connection&, const Event&, const Settings&, Findings&);
void check_tcp_rst_after_client_hello(const Connection&, const Event&, const Settings&, Findings&);
void check_tcp_fin_after_client_hello(const Connection&, const Event&, const Settings&, Findings&);
void check_tls_no_sni(const Connection&, const Event&, const Settings&, Findings&);
void check_tls_legacy_client_version(const Connection&, const Event&, const Settings&, Findings&);
void check_ats_cert_signature_hash(const Connection&, const Event&, const Settings&, Findings&);
void check_ats_cert_key_size(const Connection&, const Event&, const Settings&, Findings&);
void check_ats_cert_no_san(const Connection&, const Event&, const Settings&, Findings&);
void check_ats_cert_validity_too_long(const Connection&, const Event&, const Settings&, Findings&);
void check_ats_cert_no_server_auth(const Connection&, const Event&, const Settings&, Findings&);
void check_cert_expired(const Connection&, const Event&, const Settings&, Findings&);
void check_cert_not_yet_valid(const Connection&, const Event&, const Settings&, Findings&);
void check_cert_name_mismatch(const Connection&, const Event&, const Settings&, Findings&);
void check_cert_self_signed(const Connection&, const Event&, const Settings&, Findings&);
void check_cert_unknown_issuer(const Connection&, const Event&, const Settings&, Findings&);
void check_alert_fatal(const Connection&, const Event&, const Settings&, Findings&);

}  // namespace tlsdiag
