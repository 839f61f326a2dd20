#include "open_capture.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstring>
#include <set>

namespace tlsdiag::plugin {

namespace {

std::string real_path(const std::string& path) {
    char buf[PATH_MAX];
    return !path.empty() && realpath(path.c_str(), buf) ? buf : "";
}

bool file_starts_like_capture(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    unsigned char head[4];
    const size_t n = std::fread(head, 1, sizeof head, f);
    std::fclose(f);
    return starts_like_capture(head, n);
}

}  // namespace

bool starts_like_capture(const unsigned char* head, size_t n) {
    static const unsigned char magics[][4] = {
        {0xd4, 0xc3, 0xb2, 0xa1}, {0xa1, 0xb2, 0xc3, 0xd4},  // pcap, microseconds
        {0x4d, 0x3c, 0xb2, 0xa1}, {0xa1, 0xb2, 0x3c, 0x4d},  // pcap, nanoseconds
        {0x0a, 0x0d, 0x0d, 0x0a},                            // pcapng Section Header Block
    };
    if (n < 4) return false;
    for (const auto& m : magics)
        if (std::memcmp(head, m, 4) == 0) return true;
    return false;
}

std::string open_capture_path(const std::string& given) {
    const std::string given_real = real_path(given);
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) return "";
    std::set<std::string> found;  // a file opened twice (sequential and random access) counts once
    while (const dirent* e = readdir(dir)) {
        if (e->d_name[0] == '.') continue;
        const std::string link = std::string("/proc/self/fd/") + e->d_name;
        char target[PATH_MAX];
        const ssize_t len = readlink(link.c_str(), target, sizeof target - 1);
        if (len <= 0) continue;
        target[len] = '\0';
        struct stat st;
        if (target[0] != '/' || stat(target, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (target == given_real || file_starts_like_capture(target)) found.insert(target);
    }
    closedir(dir);
    return found.size() == 1 ? *found.begin() : "";
}

}  // namespace tlsdiag::plugin
