// Certificates made in-process with GnuTLS for the x509/ tests: every field
// the parser reads can be set, so no test depends on files or on openssl.
#pragma once

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

namespace tlsdiag::x509::test {

struct CertSpec {
    std::string cn = "api.example.com";
    std::vector<std::string> dns = {"api.example.com"};
    std::vector<std::string> ips;  // raw 4 or 16 bytes
    gnutls_pk_algorithm_t key = GNUTLS_PK_RSA;
    unsigned bits = 1024;  // small keys keep the tests fast; sizes are read, not judged
    gnutls_digest_algorithm_t digest = GNUTLS_DIG_SHA256;
    time_t not_before = 1700000000 - 86400;
    time_t not_after = 1700000000 + 86400 * 90;
    std::vector<const char*> eku = {GNUTLS_KP_TLS_WWW_SERVER};
    bool ca = false;
    bool sct = false;
    // authorityInfoAccess entries, in this order: OCSP responders, then caIssuers.
    std::vector<std::string> ocsp, ca_issuers;
};

class MadeCert {
public:
    // Signed by `issuer`, or self-signed when issuer is null.
    MadeCert(const CertSpec& spec, const MadeCert* issuer) {
        check(gnutls_x509_privkey_init(&key_));
        check(gnutls_x509_privkey_generate(key_, spec.key, spec.bits, 0));
        check(gnutls_x509_crt_init(&crt_));
        check(gnutls_x509_crt_set_version(crt_, 3));
        static unsigned serial = 1;
        ++serial;
        check(gnutls_x509_crt_set_serial(crt_, &serial, sizeof serial));
        check(gnutls_x509_crt_set_dn_by_oid(crt_, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "tlsdiag",
                                            7));
        if (!spec.cn.empty())
            check(gnutls_x509_crt_set_dn_by_oid(crt_, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                spec.cn.data(), spec.cn.size()));
        check(gnutls_x509_crt_set_activation_time(crt_, spec.not_before));
        check(gnutls_x509_crt_set_expiration_time(crt_, spec.not_after));
        check(gnutls_x509_crt_set_key(crt_, key_));
        for (const std::string& d : spec.dns)
            check(gnutls_x509_crt_set_subject_alt_name(crt_, GNUTLS_SAN_DNSNAME, d.data(), d.size(),
                                                       GNUTLS_FSAN_APPEND));
        for (const std::string& ip : spec.ips)
            check(gnutls_x509_crt_set_subject_alt_name(crt_, GNUTLS_SAN_IPADDRESS, ip.data(),
                                                       ip.size(), GNUTLS_FSAN_APPEND));
        for (const char* oid : spec.eku) check(gnutls_x509_crt_set_key_purpose_oid(crt_, oid, 0));
        check(gnutls_x509_crt_set_basic_constraints(crt_, spec.ca, -1));
        if (spec.sct) {
            static const unsigned char empty_list[] = {0x04, 0x02, 0x00, 0x00};
            check(gnutls_x509_crt_set_extension_by_oid(crt_, "1.3.6.1.4.1.11129.2.4.2", empty_list,
                                                       sizeof empty_list, 0));
        }
        auto add_aia = [&](int what, const std::string& uri) {
            gnutls_datum_t d{reinterpret_cast<unsigned char*>(const_cast<char*>(uri.data())),
                             static_cast<unsigned>(uri.size())};
            check(gnutls_x509_crt_set_authority_info_access(crt_, what, &d));
        };
        for (const std::string& uri : spec.ocsp) add_aia(GNUTLS_IA_OCSP_URI, uri);
        for (const std::string& uri : spec.ca_issuers) add_aia(GNUTLS_IA_CAISSUERS_URI, uri);
        check(gnutls_x509_crt_sign2(crt_, issuer ? issuer->crt_ : crt_,
                                    issuer ? issuer->key_ : key_, spec.digest, 0));
        gnutls_datum_t out{};
        check(gnutls_x509_crt_export2(crt_, GNUTLS_X509_FMT_DER, &out));
        der_.assign(reinterpret_cast<const char*>(out.data), out.size);
        gnutls_free(out.data);
        gnutls_datum_t pem{};
        check(gnutls_x509_crt_export2(crt_, GNUTLS_X509_FMT_PEM, &pem));
        pem_.assign(reinterpret_cast<const char*>(pem.data), pem.size);
        gnutls_free(pem.data);
    }
    ~MadeCert() {
        gnutls_x509_crt_deinit(crt_);
        gnutls_x509_privkey_deinit(key_);
    }
    MadeCert(const MadeCert&) = delete;
    MadeCert& operator=(const MadeCert&) = delete;

    const std::string& der() const { return der_; }
    const std::string& pem() const { return pem_; }
    const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(der_.data()); }

private:
    static void check(int rc) {
        if (rc < 0) throw std::runtime_error(gnutls_strerror(rc));
    }
    gnutls_x509_privkey_t key_ = nullptr;
    gnutls_x509_crt_t crt_ = nullptr;
    std::string der_, pem_;
};

}  // namespace tlsdiag::x509::test
