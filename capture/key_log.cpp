#include "capture/key_log.h"

#include <fstream>
#include <sstream>

namespace tlsdiag::capture {

namespace {

bool from_hex(const std::string& hex, std::string& out) {
    if (hex.size() % 2) return false;
    out.clear();
    for (size_t i = 0; i < hex.size(); i += 2) {
        int v = 0;
        for (size_t j = i; j < i + 2; ++j) {
            const char c = hex[j];
            const int d = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
            if (d < 0) return false;
            v = v * 16 + d;
        }
        out.push_back(static_cast<char>(v));
    }
    return true;
}

}  // namespace

bool KeyLog::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    add_text(text.str());
    return true;
}

void KeyLog::add_text(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string label, random_hex, secret_hex, random, secret;
        if (!(fields >> label >> random_hex >> secret_hex) || label[0] == '#') continue;
        if (!from_hex(random_hex, random) || random.size() != 32 || !from_hex(secret_hex, secret))
            continue;
        secrets_[{label, random}] = secret;
    }
}

const std::string* KeyLog::secret(const std::string& label,
                                  const std::string& client_random) const {
    const auto it = secrets_.find({label, client_random});
    return it == secrets_.end() ? nullptr : &it->second;
}

}  // namespace tlsdiag::capture
