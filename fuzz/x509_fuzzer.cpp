// x509/ on arbitrary bytes: the input as one DER certificate (x509::parse),
// then split into a chain of DER elements (at most 8, the last one takes
// the rest) for CertificateReader::read_chain, without a trust store and then
// with testdata's CA bundle as one, each twice (the second from the
// reader's caches). One reader per input, so that an input's result does
// not depend on the inputs before it. A seed is one certificate or a
// Certificate message's certificates concatenated (tools/fuzz-seeds).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tlsdiag/certificate.h"
#include "tlsdiag/name_match.h"
#include "tlsdiag/x509.h"

namespace {

using tlsdiag::CertificateChain;
using tlsdiag::CertificateInfo;

constexpr size_t kMaxChain = 8;

// The bundle the chains are checked against: testdata's root, which signs
// the chains of its captures (so seeds reach "trusted" and "unknown issuer").
const char* const kTrustStore = TLSDIAG_SOURCE_DIR "/testdata/cert_healthy_chain.ca.pem";

// The length of the DER element at the start of `data` (tag, length,
// content); the whole rest when its length cannot be read or overruns.
size_t der_element(const uint8_t* data, size_t len) {
    if (len < 2) return len;
    size_t header = 2, content = data[1];
    if (content & 0x80) {
        const size_t n = content & 0x7f;
        if (n == 0 || n > 4 || len < 2 + n) return len;  // indefinite or too long
        content = 0;
        for (size_t i = 0; i < n; ++i) content = content << 8 | data[2 + i];
        header += n;
    }
    return content > len - header ? len : header + content;
}

std::vector<std::string> split_chain(const uint8_t* data, size_t len) {
    std::vector<std::string> ders;
    while (len) {
        const size_t n = ders.size() + 1 == kMaxChain ? len : der_element(data, len);
        ders.emplace_back(reinterpret_cast<const char*>(data), n);
        data += n;
        len -= n;
    }
    return ders;
}

// Reads every fact the plugin shows or a rule asks, so that ASan sees each
// string the parser produced.
size_t touch(const CertificateInfo& c) {
    size_t sum = c.subject.size() + c.subject_cn.size() + c.issuer.size() + c.issuer_cn.size() +
                 c.signature_algorithm.size() + c.curve.size() + c.sha256_fingerprint.size() +
                 c.label().size() + c.key_bits;
    for (const auto& v : {&c.dns_names, &c.ip_addresses, &c.eku_oids})
        for (const std::string& s : *v) sum += s.size() + (s.empty() ? 0 : s.back());
    sum += tlsdiag::certificate_matches_host(c, "api.example.com");
    sum += tlsdiag::certificate_matches_host(c, "127.0.0.1");
    if (!c.dns_names.empty()) sum += tlsdiag::certificate_matches_host(c, c.dns_names.front());
    if (!c.subject_cn.empty()) sum += tlsdiag::certificate_matches_host(c, c.subject_cn);
    sum += c.has_eku_purpose(tlsdiag::oid::kServerAuth);
    sum += std::string(tlsdiag::signature_hash_name(c.signature_hash)).size();
    sum += std::string(tlsdiag::key_algorithm_name(c.key_algorithm)).size();
    return sum;
}

size_t touch(const CertificateChain& chain) {
    size_t sum = 0;
    for (size_t i = 0; i < chain.certs.size(); ++i) {
        if (chain.certs[i]) sum += touch(*chain.certs[i]);
        sum += tlsdiag::chain_position(chain, i).size();
    }
    const tlsdiag::ChainTrust& t = chain.trust();
    return sum + static_cast<size_t>(t.status) + t.top_subject.size() + t.top_issuer.size();
}

volatile size_t g_sink;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    size_t sum = 0;
    if (auto info = tlsdiag::x509::parse(data, size)) sum += touch(*info);

    const std::vector<std::string> ders = split_chain(data, size);
    tlsdiag::x509::CertificateReader reader;
    sum += touch(reader.read_chain(ders));
    sum += touch(reader.read_chain(ders));  // from the cache
    std::string error;
    if (reader.set_trust_store(kTrustStore, &error)) {
        sum += touch(reader.read_chain(ders));  // checked against the store
        sum += touch(reader.read_chain(ders));  // the verdict from its cache
    }
    g_sink = sum;
    return 0;
}
