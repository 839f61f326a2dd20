// Small RAII and flag helpers around GnuTLS, shared by parse.cpp and reader.cpp.
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <memory>

namespace tlsdiag::x509 {

struct CrtDeleter {
    void operator()(gnutls_x509_crt_int* crt) const { gnutls_x509_crt_deinit(crt); }
};
using Crt = std::unique_ptr<gnutls_x509_crt_int, CrtDeleter>;

// Imports DER; null when GnuTLS refuses it.
Crt import_der(const unsigned char* der, size_t len);

// Signature checks that ignore time (the capture's time is the rules' business)
// and accept weak algorithms and keys (reporting them is the rules' business).
constexpr unsigned kVerifyFlags =
    GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
    GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |
    GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5 | GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD2 |
    GNUTLS_PROFILE_TO_VFLAGS(GNUTLS_PROFILE_VERY_WEAK);

}  // namespace tlsdiag::x509

#include <string>

#include "tlsdiag/certificate.h"

namespace tlsdiag::x509 {

struct Parsed {
    std::shared_ptr<const CertificateInfo> info;  // null when not a certificate
    Crt crt;                                      // kept for chain checks
};
Parsed parse_der(const unsigned char* der, size_t len);

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(const unsigned char* data, size_t len);
// "CN=x" from the issuer DN of `crt`, or the whole DN.
std::string issuer_label(gnutls_x509_crt_t crt);

}  // namespace tlsdiag::x509
