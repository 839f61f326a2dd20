// parse_certificate_request (capture/tls_messages.cpp): the CA names of a
// CertificateRequest in TLS 1.0-1.2 and in TLS 1.3's extension.
#include <gtest/gtest.h>

#include "capture/tls_messages.h"
#include "tls_wire_bytes.h"

namespace tlsdiag::test {

using capture::parse_certificate_request;

namespace {

using Names = std::vector<std::string>;

Bytes name_list(const Names& names) {
    Bytes entries, list;
    for (const std::string& n : names) {
        put16(entries, static_cast<uint16_t>(n.size()));
        append(entries, text(n));
    }
    put16(list, static_cast<uint16_t>(entries.size()));
    append(list, entries);
    return list;
}

// certificate_types (rsa_sign, ecdsa_sign), then the TLS 1.2 signature
// algorithms when `tls12`, then the names.
Bytes legacy_request(const Names& names, bool tls12 = true) {
    Bytes b{2, 1, 64};
    if (tls12) {
        put16(b, 4);
        append(b, {0x04, 0x03, 0x08, 0x04});
    }
    append(b, name_list(names));
    return b;
}

// An empty request context, then signature_algorithms and, when `names` is
// given, certificate_authorities (47).
Bytes tls13_request(const Names* names) {
    Bytes exts = extension(13, {0x00, 0x02, 0x04, 0x03});
    if (names) append(exts, extension(47, name_list(*names)));
    Bytes b{0};
    put16(b, static_cast<uint16_t>(exts.size()));
    append(b, exts);
    return b;
}

Names parse(const Bytes& body, bool tls13) {
    Names out;
    parse_certificate_request(body.data(), body.size(), tls13, out);
    return out;
}

}  // namespace

TEST(CertificateRequest, Tls12ListsItsCaNames) {
    EXPECT_EQ(parse(legacy_request({"DN-ONE", "DN-TWO"}), false), (Names{"DN-ONE", "DN-TWO"}));
}

TEST(CertificateRequest, Tls10WithoutSignatureAlgorithmsListsItsCaNames) {
    EXPECT_EQ(parse(legacy_request({"DN-ONE"}, false), false), (Names{"DN-ONE"}));
}

TEST(CertificateRequest, Tls12NamingNoCaGivesNone) {
    EXPECT_EQ(parse(legacy_request({}), false), Names{});
}

TEST(CertificateRequest, Tls13ReadsTheCertificateAuthoritiesExtension) {
    const Names names{"DN-ONE", "DN-TWO"};
    EXPECT_EQ(parse(tls13_request(&names), true), names);
    EXPECT_EQ(parse(tls13_request(nullptr), true), Names{});
}

TEST(CertificateRequest, ACutOrOverlongMessageGivesNoNames) {
    Bytes cut = legacy_request({"DN-ONE", "DN-TWO"});
    cut.resize(cut.size() - 3);
    EXPECT_EQ(parse(cut, false), Names{});
    Bytes trailing = legacy_request({"DN-ONE"});
    trailing.push_back(0);
    EXPECT_EQ(parse(trailing, false), Names{});
    const Names names{"DN-ONE"};
    Bytes cut13 = tls13_request(&names);
    cut13.resize(cut13.size() - 1);
    EXPECT_EQ(parse(cut13, true), Names{});
    EXPECT_EQ(parse({}, true), Names{});
    EXPECT_EQ(parse({}, false), Names{});
}

}  // namespace tlsdiag::test
