#include "capture_name.h"

#include <fstream>
#include <iterator>
#include <vector>

namespace tlsdiag::plugin {

std::string capture_file_path() {
    // Plugins are not told the file name; tshark's own arguments are.
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    for (size_t start = 0; start < all.size();) {
        size_t end = all.find('\0', start);
        if (end == std::string::npos) end = all.size();
        args.push_back(all.substr(start, end - start));
        start = end + 1;
    }
    for (size_t i = 0; i + 1 < args.size(); ++i) {
        const std::string& a = args[i];
        std::string path;
        if (a == "-r" || a == "--read-file") path = args[i + 1];
        else if (a.rfind("-r", 0) == 0 && a.size() > 2 && a[2] != '-') path = a.substr(2);
        if (path.empty() || path == "-") continue;
        return path;
    }
    return "";
}

std::string capture_file_name() {
    const std::string path = capture_file_path();
    return path.substr(path.find_last_of('/') + 1);
}

}  // namespace tlsdiag::plugin
