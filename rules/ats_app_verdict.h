// What the app's own ATS settings make of an ATS finding, as the end of its
// summary. Shared by the ATS rules; empty when no Info.plist was given.
#pragma once

#include <string>

#include "tlsdiag/ats_policy.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/model.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

// `hello` is the connection's ClientHello, nullptr when the capture lacks it.
std::string app_verdict_for_version(const Settings& s, const ClientHello* hello, uint16_t version);
std::string app_verdict_for_suite(const Settings& s, const ClientHello* hello,
                                  const CipherSuiteInfo* suite);
// The version below which ATS fails this connection: TLS 1.2, or the app's
// stricter NSExceptionMinimumTLSVersion (TLSv1.3) for the host.
uint16_t ats_minimum_version(const Settings& s, const ClientHello* hello);

}  // namespace tlsdiag
