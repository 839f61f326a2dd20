// Naming of certificates and times in summaries.
#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "tlsdiag/describe.h"

namespace tlsdiag::test {

TEST(FormatDate, CivilDatesInUtc) {
    EXPECT_EQ(format_date(0), "1970-01-01");
    EXPECT_EQ(format_date(951782400), "2000-02-29");
    EXPECT_EQ(format_date(1772323200), "2026-03-01");
    EXPECT_EQ(format_date(1772323199), "2026-02-28");
    EXPECT_EQ(format_date(4102444799), "2099-12-31");
    EXPECT_EQ(format_date(-1), "1969-12-31");
}

TEST(FormatSpan, LargestFittingUnit) {
    EXPECT_EQ(format_span(35 * kDay + 3600), "35 days");
    EXPECT_EQ(format_span(kDay), "1 day");
    EXPECT_EQ(format_span(kDay - 1), "23 hours");
    EXPECT_EQ(format_span(120), "2 minutes");
    EXPECT_EQ(format_span(1), "1 second");
    EXPECT_EQ(format_span(0), "0 seconds");
}

TEST(ChainPosition, LeafIntermediateAndRoot) {
    CertificateChain chain = chain_of({healthy_leaf(), intermediate_ca(), root_ca()});
    EXPECT_EQ(chain_position(chain, 0), "leaf");
    EXPECT_EQ(chain_position(chain, 1), "intermediate 2");
    EXPECT_EQ(chain_position(chain, 2), "root 3");
}

TEST(CertificateLabel, CnOrWholeSubject) {
    CertificateInfo c = healthy_leaf();
    EXPECT_EQ(c.label(), "CN=api.example.com");
    c.subject_cn.clear();
    c.subject = "O=Example,C=DE";
    EXPECT_EQ(c.label(), "O=Example,C=DE");
    c.subject.clear();
    EXPECT_EQ(c.label(), "(empty subject)");
}

TEST(WeakerThanSha256, OnlyShortDigests) {
    for (SignatureHash h :
         {SignatureHash::MD2, SignatureHash::MD5, SignatureHash::SHA1, SignatureHash::SHA224})
        EXPECT_TRUE(weaker_than_sha256(h)) << signature_hash_name(h);
    for (SignatureHash h :
         {SignatureHash::Unknown, SignatureHash::SHA256, SignatureHash::SHA384,
          SignatureHash::SHA512, SignatureHash::SHA3_256, SignatureHash::Intrinsic})
        EXPECT_FALSE(weaker_than_sha256(h)) << signature_hash_name(h);
}

}  // namespace tlsdiag::test
