#include "info_plist.h"

#include <plist/plist.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <vector>

namespace tlsdiag::plugin {

namespace {

using PlistPtr = std::unique_ptr<void, void (*)(plist_t)>;

std::optional<bool> bool_item(plist_t dict, const char* key) {
    plist_t item = plist_dict_get_item(dict, key);
    if (!item || plist_get_node_type(item) != PLIST_BOOLEAN) return std::nullopt;
    uint8_t value = 0;
    plist_get_bool_val(item, &value);
    return value != 0;
}

std::string string_item(plist_t dict, const char* key) {
    plist_t item = plist_dict_get_item(dict, key);
    if (!item || plist_get_node_type(item) != PLIST_STRING) return "";
    // Not plist_get_string_val: it asserts that the string holds no NUL
    // character, which an XML <string> with a NUL byte does (tools/fuzz).
    uint64_t length = 0;
    const char* value = plist_get_string_ptr(item, &length);
    return value ? std::string(value, length) : "";
}

// The value of the big-endian unsigned integer of `n` bytes at `p` as
// libplist 2.2 reads it (UINT_TO_HOST: of a longer one, its last 8 bytes).
uint64_t be_uint(const uint8_t* p, size_t n) {
    if (n > 8) p += n - 8, n = 8;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v << 8 | p[i];
    return v;
}

// Whether a binary plist holds a UTF-16 string (object marker 0x6n) with a
// NUL character. libplist 2.2 keeps such a string with a length that
// strlen() disagrees with, and its key getter (plist_dict_next_item) then
// fails an assert(): Wireshark aborts. No Info.plist holds one; such a file
// is refused before libplist reads it. Checks the objects as libplist finds
// them (trailer, offset table), in time linear in the file's size; false
// where libplist refuses the file anyway.
bool binary_has_nul_utf16(const uint8_t* d, size_t len) {
    if (len < 8 + 32) return false;
    const size_t trailer = len - 32;
    const size_t offset_size = d[trailer + 6];
    const uint64_t objects = be_uint(d + trailer + 8, 8), table = be_uint(d + trailer + 24, 8);
    if (offset_size == 0 || table > trailer || objects > (trailer - table) / offset_size)
        return false;
    // nuls[i]: how many NUL units (two zero bytes) start at i - 2, i - 4, ...
    std::vector<uint32_t> nuls(table + 2, 0);
    for (size_t i = 2; i < nuls.size(); ++i)
        nuls[i] = nuls[i - 2] + (i - 1 < table && d[i - 2] == 0 && d[i - 1] == 0);
    for (uint64_t k = 0; k < objects; ++k) {
        uint64_t at = be_uint(d + table + k * offset_size, offset_size);
        if (at >= table || d[at] >> 4 != 6) continue;
        uint64_t units = d[at++] & 0x0f;
        if (units == 0x0f) {  // the count follows as an integer object
            if (at >= table || d[at] >> 4 != 1) continue;
            const size_t n = size_t{1} << (d[at] & 0x0f);
            if (n > table - at - 1) continue;
            units = be_uint(d + at + 1, n);
            at += 1 + n;
        }
        if (units > (table - at) / 2) continue;
        if (nuls[at + 2 * units] != nuls[at]) return true;
    }
    return false;
}

AtsDomainException read_exception(const std::string& domain, plist_t dict) {
    AtsDomainException e;
    e.domain = domain;
    std::transform(e.domain.begin(), e.domain.end(), e.domain.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    e.includes_subdomains = bool_item(dict, "NSIncludesSubdomains").value_or(false);
    e.minimum_tls = parse_ats_tls_version(string_item(dict, "NSExceptionMinimumTLSVersion"));
    e.requires_forward_secrecy = bool_item(dict, "NSExceptionRequiresForwardSecrecy");
    e.allows_insecure_http = bool_item(dict, "NSExceptionAllowsInsecureHTTPLoads").value_or(false);
    return e;
}

void read_ats(plist_t ats, AtsPolicy& policy) {
    policy.allows_arbitrary_loads = bool_item(ats, "NSAllowsArbitraryLoads").value_or(false);
    for (const char* key : {"NSAllowsArbitraryLoadsForMedia", "NSAllowsArbitraryLoadsInWebContent",
                            "NSAllowsLocalNetworking"})
        if (plist_dict_get_item(ats, key)) policy.arbitrary_loads_overridden = true;
    plist_t domains = plist_dict_get_item(ats, "NSExceptionDomains");
    if (!domains || plist_get_node_type(domains) != PLIST_DICT) return;
    plist_dict_iter it = nullptr;
    plist_dict_new_iter(domains, &it);
    for (;;) {
        char* key = nullptr;
        plist_t value = nullptr;
        plist_dict_next_item(domains, it, &key, &value);
        if (!key) break;
        if (value && plist_get_node_type(value) == PLIST_DICT)
            policy.exceptions.push_back(read_exception(key, value));
        free(key);
    }
    free(it);
}

}  // namespace

std::shared_ptr<const AtsPolicy> read_info_plist(const std::string& path, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *error = "cannot open " + path;
        return nullptr;
    }
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return read_info_plist_from_memory(data.data(), data.size(), path, error);
}

std::shared_ptr<const AtsPolicy> read_info_plist_from_memory(const char* data, size_t len,
                                                             const std::string& source,
                                                             std::string* error) {
    plist_t root = nullptr;
    if (plist_is_binary(data, static_cast<uint32_t>(len))) {
        if (binary_has_nul_utf16(reinterpret_cast<const uint8_t*>(data), len)) {
            *error = source + " holds a string with a NUL character";
            return nullptr;
        }
        plist_from_bin(data, static_cast<uint32_t>(len), &root);
    } else plist_from_xml(data, static_cast<uint32_t>(len), &root);
    PlistPtr owner(root, plist_free);
    if (!root || plist_get_node_type(root) != PLIST_DICT) {
        *error = source + " is not a property list dictionary";
        return nullptr;
    }
    auto policy = std::make_shared<AtsPolicy>();
    policy->source = source.substr(source.find_last_of('/') + 1);
    if (plist_t ats = plist_dict_get_item(root, "NSAppTransportSecurity"))
        if (plist_get_node_type(ats) == PLIST_DICT) read_ats(ats, *policy);
    return policy;
}

}  // namespace tlsdiag::plugin
