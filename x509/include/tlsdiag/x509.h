// Reads X.509 certificates (DER) into tlsdiag's plain certificate facts with
// GnuTLS, which Wireshark itself links, and checks chains against a CA bundle.
// The only code that sees GnuTLS types; the plugin uses it, rules/ never.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tlsdiag/certificate.h"

namespace tlsdiag::x509 {

// The facts of one DER certificate; null when the bytes are not one
// (garbage, truncated, trailing bytes). Parses every time: use CertificateReader.
std::shared_ptr<const CertificateInfo> parse(const uint8_t* der, size_t len);

// A DER DistinguishedName (a CertificateRequest's certificate_authorities) as
// an RFC 4514 string, "CN=Example CA,O=Example"; "" when it is no name.
std::string dn_text(const std::string& der);

// Turns the certificates of Certificate messages into chains. Each distinct
// certificate is parsed once (cached by the SHA-256 of its DER, for as long as
// the reader lives), since the same chain comes back on every connection.
class CertificateReader {
public:
    CertificateReader();
    ~CertificateReader();
    CertificateReader(const CertificateReader&) = delete;
    CertificateReader& operator=(const CertificateReader&) = delete;

    // The CA bundle (PEM) that chains are checked against; "" for none. False,
    // with the reason in `error`, when the file gives no usable CA (then no
    // chain is checked).
    bool set_trust_store(const std::string& path, std::string* error);
    const std::string& trust_store() const;

    // The chain of one Certificate message, leaf first; entries that are not
    // certificates are null. With a trust store the chain's trust is checked
    // (time checks off: validity is judged at capture time by the rules).
    CertificateChain read_chain(const std::vector<std::string>& ders);

    size_t parses() const;  // certificates parsed so far (cache misses)
    size_t cached() const;  // distinct certificates held

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tlsdiag::x509
