// DER to CertificateInfo with GnuTLS: every fact a rule or a column needs.
#include <arpa/inet.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>

#include <climits>
#include <cstring>

#include "gnutls_util.h"
#include "tlsdiag/x509.h"

namespace tlsdiag::x509 {

namespace {

constexpr const char* kSanOid = "2.5.29.17";
constexpr const char* kEkuOid = "2.5.29.37";
constexpr const char* kBasicConstraintsOid = "2.5.29.19";
constexpr const char* kSctListOid = "1.3.6.1.4.1.11129.2.4.2";  // RFC 6962 §3.3

// Certificate strings go into Wireshark fields: keep them valid UTF-8 and
// free of control characters, whatever a damaged certificate holds.
std::string clean_utf8(const char* data, size_t len) {
    std::string out;
    out.reserve(len);
    size_t i = 0;
    while (i < len) {
        const unsigned char c = static_cast<unsigned char>(data[i]);
        size_t n = c < 0x80           ? 1
                   : (c >> 5) == 0x6  ? 2
                   : (c >> 4) == 0xe  ? 3
                   : (c >> 3) == 0x1e ? 4
                                      : 0;
        bool ok = n > 0 && i + n <= len && (n > 1 || c >= 0x20) && c != 0x7f;
        for (size_t k = 1; ok && k < n; ++k)
            ok = (static_cast<unsigned char>(data[i + k]) >> 6) == 0x2;
        if (ok) out.append(data + i, n), i += n;
        else out += '?', i += 1;
    }
    return out;
}

std::string datum_string(gnutls_datum_t& d) {
    std::string out = d.data ? clean_utf8(reinterpret_cast<const char*>(d.data), d.size) : "";
    gnutls_free(d.data);
    return out;
}

// The last value of `oid` in the subject (issuer = false) or issuer DN.
std::string last_dn_value(gnutls_x509_crt_t crt, const char* oid, bool issuer) {
    std::string last;
    for (unsigned idx = 0; idx < 64; ++idx) {
        char buf[1024];
        size_t size = sizeof buf;
        int rc = issuer ? gnutls_x509_crt_get_issuer_dn_by_oid(crt, oid, idx, 0, buf, &size)
                        : gnutls_x509_crt_get_dn_by_oid(crt, oid, idx, 0, buf, &size);
        if (rc < 0) break;
        last = clean_utf8(buf, strnlen(buf, size));
    }
    return last;
}

void read_names(gnutls_x509_crt_t crt, CertificateInfo& info) {
    gnutls_datum_t dn{};
    if (gnutls_x509_crt_get_dn3(crt, &dn, 0) == 0) info.subject = datum_string(dn);
    if (gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0) == 0) info.issuer = datum_string(dn);
    info.subject_cn = last_dn_value(crt, GNUTLS_OID_X520_COMMON_NAME, false);
    info.issuer_cn = last_dn_value(crt, GNUTLS_OID_X520_COMMON_NAME, true);
}

void read_san(gnutls_x509_crt_t crt, CertificateInfo& info) {
    for (unsigned seq = 0; seq < 1024; ++seq) {
        char buf[1024];
        size_t size = sizeof buf;
        unsigned type = 0;
        int rc = gnutls_x509_crt_get_subject_alt_name2(crt, seq, buf, &size, &type, nullptr);
        if (rc == GNUTLS_E_SHORT_MEMORY_BUFFER) continue;  // a name too long to be a host's
        if (rc < 0) break;
        if (type == GNUTLS_SAN_DNSNAME) {
            info.dns_names.push_back(clean_utf8(buf, size));
        } else if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16)) {
            char text[INET6_ADDRSTRLEN] = "";
            if (inet_ntop(size == 4 ? AF_INET : AF_INET6, buf, text, sizeof text))
                info.ip_addresses.emplace_back(text);
        }
    }
}

void read_extensions(gnutls_x509_crt_t crt, CertificateInfo& info) {
    for (unsigned idx = 0; idx < 256; ++idx) {
        char oid[128];
        size_t size = sizeof oid;
        if (gnutls_x509_crt_get_extension_info(crt, idx, oid, &size, nullptr) < 0) break;
        if (std::strcmp(oid, kSanOid) == 0) info.has_san = true;
        else if (std::strcmp(oid, kEkuOid) == 0) info.has_eku = true;
        else if (std::strcmp(oid, kBasicConstraintsOid) == 0) info.has_basic_constraints = true;
        else if (std::strcmp(oid, kSctListOid) == 0) info.has_sct_list = true;
    }
    for (unsigned idx = 0; info.has_eku && idx < 64; ++idx) {
        char oid[128];
        size_t size = sizeof oid;
        if (gnutls_x509_crt_get_key_purpose_oid(crt, idx, oid, &size, nullptr) < 0) break;
        info.eku_oids.emplace_back(oid);
    }
    unsigned critical = 0, ca = 0;
    int pathlen = 0;
    if (info.has_basic_constraints &&
        gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca, &pathlen) >= 0)
        info.is_ca = ca != 0;
}

SignatureHash hash_of(gnutls_digest_algorithm_t d) {
    switch (d) {
    case GNUTLS_DIG_MD2: return SignatureHash::MD2;
    case GNUTLS_DIG_MD5: return SignatureHash::MD5;
    case GNUTLS_DIG_SHA1: return SignatureHash::SHA1;
    case GNUTLS_DIG_SHA224: return SignatureHash::SHA224;
    case GNUTLS_DIG_SHA256: return SignatureHash::SHA256;
    case GNUTLS_DIG_SHA384: return SignatureHash::SHA384;
    case GNUTLS_DIG_SHA512: return SignatureHash::SHA512;
    case GNUTLS_DIG_SHA3_256: return SignatureHash::SHA3_256;
    case GNUTLS_DIG_SHA3_384: return SignatureHash::SHA3_384;
    case GNUTLS_DIG_SHA3_512: return SignatureHash::SHA3_512;
    default: return SignatureHash::Unknown;
    }
}

void read_signature(gnutls_x509_crt_t crt, CertificateInfo& info) {
    const int sign = gnutls_x509_crt_get_signature_algorithm(crt);
    if (sign > 0 && sign != GNUTLS_SIGN_UNKNOWN) {
        const auto alg = static_cast<gnutls_sign_algorithm_t>(sign);
        const char* name = gnutls_sign_get_name(alg);
        info.signature_algorithm = name ? name : "";
        const gnutls_pk_algorithm_t pk = gnutls_sign_get_pk_algorithm(alg);
        info.signature_hash = pk == GNUTLS_PK_EDDSA_ED25519 || pk == GNUTLS_PK_EDDSA_ED448
                                  ? SignatureHash::Intrinsic
                                  : hash_of(gnutls_sign_get_hash_algorithm(alg));
        return;
    }
    char oid[128];
    size_t size = sizeof oid;
    if (gnutls_x509_crt_get_signature_oid(crt, oid, &size) >= 0) info.signature_algorithm = oid;
}

void read_key(gnutls_x509_crt_t crt, CertificateInfo& info) {
    unsigned bits = 0;
    const int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
    info.key_bits = pk > 0 ? bits : 0;
    switch (pk) {
    case GNUTLS_PK_RSA:
    case GNUTLS_PK_RSA_PSS: info.key_algorithm = KeyAlgorithm::RSA; break;
    case GNUTLS_PK_DSA: info.key_algorithm = KeyAlgorithm::DSA; break;
    case GNUTLS_PK_EDDSA_ED25519: info.key_algorithm = KeyAlgorithm::Ed25519; break;
    case GNUTLS_PK_EDDSA_ED448: info.key_algorithm = KeyAlgorithm::Ed448; break;
    case GNUTLS_PK_ECDSA: {
        info.key_algorithm = KeyAlgorithm::EC;
        gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
        gnutls_datum_t x{}, y{};
        if (gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y) == 0) {
            gnutls_free(x.data);
            gnutls_free(y.data);
            const char* name = gnutls_ecc_curve_get_name(curve);
            info.curve = name ? name : "";
        }
        break;
    }
    default: info.key_algorithm = KeyAlgorithm::Unknown; break;
    }
}

void read_ca_issuers(gnutls_x509_crt_t crt, CertificateInfo& info) {
    for (unsigned seq = 0; seq < 32; ++seq) {
        gnutls_datum_t uri{};
        const int rc = gnutls_x509_crt_get_authority_info_access(crt, seq, GNUTLS_IA_CAISSUERS_URI,
                                                                 &uri, nullptr);
        if (rc == GNUTLS_E_UNKNOWN_ALGORITHM) continue;  // an OCSP entry, or another method
        if (rc < 0) return;
        info.ca_issuers_url = datum_string(uri);
        if (!info.ca_issuers_url.empty()) return;
    }
}

bool is_self_signed(gnutls_x509_crt_t crt) {
    if (!gnutls_x509_crt_check_issuer(crt, crt)) return false;
    unsigned status = 0;
    return gnutls_x509_crt_verify(crt, &crt, 1, kVerifyFlags | GNUTLS_VERIFY_DISABLE_CA_SIGN,
                                  &status) == 0 &&
           status == 0;
}

}  // namespace

Crt import_der(const unsigned char* der, size_t len) {
    if (!der || len == 0 || len > UINT_MAX) return nullptr;
    gnutls_x509_crt_t raw = nullptr;
    if (gnutls_x509_crt_init(&raw) < 0) return nullptr;
    Crt crt(raw);
    gnutls_datum_t datum{const_cast<unsigned char*>(der), static_cast<unsigned>(len)};
    if (gnutls_x509_crt_import(raw, &datum, GNUTLS_X509_FMT_DER) < 0) return nullptr;
    return crt;
}

std::string sha256_hex(const unsigned char* data, size_t len) {
    unsigned char digest[32];
    if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, digest) < 0) return "";
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : digest) out += hex[b >> 4], out += hex[b & 15];
    return out;
}

std::string issuer_label(gnutls_x509_crt_t crt) {
    std::string cn = last_dn_value(crt, GNUTLS_OID_X520_COMMON_NAME, true);
    if (!cn.empty()) return "CN=" + cn;
    gnutls_datum_t dn{};
    return gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0) == 0 ? datum_string(dn) : "";
}

Parsed parse_der(const unsigned char* der, size_t len) {
    Parsed out;
    out.crt = import_der(der, len);
    if (!out.crt) return out;
    gnutls_x509_crt_t crt = out.crt.get();
    auto info = std::make_shared<CertificateInfo>();
    const time_t not_before = gnutls_x509_crt_get_activation_time(crt);
    const time_t not_after = gnutls_x509_crt_get_expiration_time(crt);
    if (not_before == static_cast<time_t>(-1) || not_after == static_cast<time_t>(-1)) {
        out.crt.reset();  // a certificate without readable validity is no certificate to judge
        return out;
    }
    info->not_before = not_before;
    info->not_after = not_after;
    read_names(crt, *info);
    read_san(crt, *info);
    read_extensions(crt, *info);
    read_signature(crt, *info);
    read_key(crt, *info);
    read_ca_issuers(crt, *info);
    info->self_signed = is_self_signed(crt);
    info->sha256_fingerprint = sha256_hex(der, len);
    out.info = std::move(info);
    return out;
}

std::shared_ptr<const CertificateInfo> parse(const uint8_t* der, size_t len) {
    return parse_der(der, len).info;
}

std::string dn_text(const std::string& der) {
    gnutls_datum_t in{reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())),
                      static_cast<unsigned>(der.size())};
    gnutls_datum_t out{};
    if (der.empty() || der.size() > UINT_MAX || gnutls_x509_rdn_get2(&in, &out, 0) != 0) return "";
    return datum_string(out);
}

}  // namespace tlsdiag::x509
