// Shared by tcp.rst_after_client_hello and tcp.fin_after_client_hello: is
// `close` the server's first answer to the last ClientHello?
#pragma once

#include "tlsdiag/engine.h"
#include "tlsdiag/model.h"

namespace tlsdiag {

// Emits `rule` when `latest` is a server close of kind `kind` that answers
// the last ClientHello: nothing from the server in between, the client still
// open, and within the settings' answer window.
void check_close_after_client_hello(const Connection& conn, const Event& latest,
                                    const Settings& settings, Event::Kind kind,
                                    const RuleInfo& rule, const char* verb, Findings& out);

}  // namespace tlsdiag
