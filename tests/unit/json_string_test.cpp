#include "tlsdiag/json_string.h"

#include <gtest/gtest.h>

using tlsdiag::json_string;
using tlsdiag::JsonBytes;

TEST(JsonString, Utf8KeepsTextAndEscapesQuotesAndControlBytes) {
    EXPECT_EQ(json_string("a\"b\\c", JsonBytes::Utf8), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(json_string("l1\nl2\tx\x01\x1f", JsonBytes::Utf8), "\"l1\\nl2\\tx\\u0001\\u001f\"");
    EXPECT_EQ(json_string("TLS 1.2\u20131.3 \x7f", JsonBytes::Utf8), "\"TLS 1.2\u20131.3 \x7f\"");
    EXPECT_EQ(json_string("", JsonBytes::Utf8), "\"\"");
}

TEST(JsonString, AsciiEscapesEveryByteOutsidePrintableAscii) {
    EXPECT_EQ(json_string("a\"b\\c", JsonBytes::Ascii), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(json_string("l1\nl2\t", JsonBytes::Ascii), "\"l1\\u000al2\\u0009\"");
    EXPECT_EQ(json_string("\xc3\xa9\x7f~", JsonBytes::Ascii), "\"\\u00c3\\u00a9\\u007f~\"");
}
