#include "info_plist.h"

#include <plist/plist.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

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
    char* value = nullptr;
    plist_get_string_val(item, &value);
    std::string out = value ? value : "";
    free(value);
    return out;
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
    plist_t root = nullptr;
    if (plist_is_binary(data.data(), static_cast<uint32_t>(data.size())))
        plist_from_bin(data.data(), static_cast<uint32_t>(data.size()), &root);
    else
        plist_from_xml(data.data(), static_cast<uint32_t>(data.size()), &root);
    PlistPtr owner(root, plist_free);
    if (!root || plist_get_node_type(root) != PLIST_DICT) {
        *error = path + " is not a property list dictionary";
        return nullptr;
    }
    auto policy = std::make_shared<AtsPolicy>();
    policy->source = path.substr(path.find_last_of('/') + 1);
    if (plist_t ats = plist_dict_get_item(root, "NSAppTransportSecurity"))
        if (plist_get_node_type(ats) == PLIST_DICT) read_ats(ats, *policy);
    return policy;
}

}  // namespace tlsdiag::plugin
