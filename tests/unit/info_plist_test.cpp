// The Info.plist reader (plugin/info_plist.cpp) on what tools/fuzz found:
// strings holding a NUL character, on which libplist 2.2's getters fail an
// assert() and abort the process (Wireshark with it).
#include <gtest/gtest.h>
#include <plist/plist.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include "info_plist.h"

namespace tlsdiag::test {

namespace {

using plugin::read_info_plist_from_memory;

// {NSAppTransportSecurity: {NSExceptionDomains: {domain: {NSExceptionMinimumTLSVersion: version}}}}
// in binary form, as libplist writes it: a string with a character
// outside ASCII becomes a UTF-16 string object.
std::string binary_plist(const std::string& domain, const std::string& version) {
    plist_t exception = plist_new_dict();
    plist_dict_set_item(exception, "NSExceptionMinimumTLSVersion",
                        plist_new_string(version.c_str()));
    plist_t domains = plist_new_dict();
    plist_dict_set_item(domains, domain.c_str(), exception);
    plist_t ats = plist_new_dict();
    plist_dict_set_item(ats, "NSExceptionDomains", domains);
    plist_t root = plist_new_dict();
    plist_dict_set_item(root, "NSAppTransportSecurity", ats);
    char* bin = nullptr;
    uint32_t len = 0;
    plist_to_bin(root, &bin, &len);
    std::string out(bin, len);
    // libplist 2.3 renamed plist_to_bin_free to plist_mem_free and 2.6 (trixie)
    // dropped the old name; both are free() of what plist_to_bin malloc'ed.
    std::free(bin);
    plist_free(root);
    return out;
}

// The UTF-16 code unit U+00E9 (é) in `bplist` made U+0000.
std::string e_acute_to_nul(std::string bplist) {
    const std::string unit("\x00\xe9", 2);
    const size_t at = bplist.find(unit);
    EXPECT_NE(at, std::string::npos);
    if (at != std::string::npos) bplist[at + 1] = '\0';
    return bplist;
}

std::shared_ptr<const AtsPolicy> read(const std::string& bytes, std::string* error) {
    return read_info_plist_from_memory(bytes.data(), bytes.size(), "app/Info.plist", error);
}

}  // namespace

TEST(InfoPlist, ReadsExceptionsFromMemory) {
    std::string error;
    auto policy = read(binary_plist("\xc3\xa9.example.com", "TLSv1.0"), &error);
    ASSERT_TRUE(policy) << error;
    EXPECT_EQ(policy->source, "Info.plist");
    ASSERT_EQ(policy->exceptions.size(), 1u);
    EXPECT_EQ(policy->exceptions[0].domain, "\xc3\xa9.example.com");
    EXPECT_EQ(policy->exceptions[0].minimum_tls, 0x0301);
}

// Found by info_plist_fuzzer: a binary plist whose NSExceptionDomains key is
// a UTF-16 string with a NUL unit made plist_dict_next_item assert.
TEST(InfoPlist, ABinaryKeyWithANulCharacterIsRefused) {
    const std::string bytes = e_acute_to_nul(binary_plist("\xc3\xa9.example.com", "TLSv1.0"));
    std::string error;
    EXPECT_FALSE(read(bytes, &error));
    EXPECT_EQ(error, "app/Info.plist holds a string with a NUL character");
}

// The same in a string value: plist_get_string_val asserted.
TEST(InfoPlist, ABinaryStringWithANulCharacterIsRefused) {
    const std::string bytes = e_acute_to_nul(binary_plist("example.com", "TLSv1.0\xc3\xa9"));
    std::string error;
    EXPECT_FALSE(read(bytes, &error));
    EXPECT_EQ(error, "app/Info.plist holds a string with a NUL character");
}

// Found by info_plist_fuzzer: an XML string with a NUL byte in its text
// made plist_get_string_val assert. The value is read as it is, and a
// version with a NUL in it is no version.
TEST(InfoPlist, AnXmlStringWithANulByteIsReadWithoutItsVersion) {
    static const char kXml[] =
        "<?xml version=\"1.0\"?><plist "
        "version=\"1.0\"><dict><key>NSAppTransportSecurity</key><dict>"
        "<key>NSExceptionDomains</key><dict><key>example.com</key><dict>"
        "<key>NSExceptionMinimumTLSVersion</key><string>TLSv1.0\0x</string>"
        "</dict></dict></dict></dict></plist>";
    const std::string bytes(kXml, sizeof kXml - 1);
    std::string error;
    auto policy = read(bytes, &error);
    ASSERT_TRUE(policy) << error;
    ASSERT_EQ(policy->exceptions.size(), 1u);
    EXPECT_EQ(policy->exceptions[0].domain, "example.com");
    EXPECT_FALSE(policy->exceptions[0].minimum_tls);
}

// A truncated or damaged binary plist is an error, not a crash.
TEST(InfoPlist, ADamagedBinaryPlistIsAnError) {
    const std::string whole = binary_plist("example.com", "TLSv1.2");
    for (size_t len = 0; len < whole.size(); ++len) {
        std::string error;
        auto policy = read(whole.substr(0, len), &error);
        if (!policy) {
            EXPECT_FALSE(error.empty()) << len;
        }
    }
}

}  // namespace tlsdiag::test
