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
void check_alert_fatal(const Connection&, const Event&, const Settings&, Findings&);

}  // namespace tlsdiag
