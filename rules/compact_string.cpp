#include "tlsdiag/compact_string.h"

#include <ostream>

namespace tlsdiag {

void CompactString::reset(std::string_view s, size_t capacity, uint8_t capacity_log2) {
    // Built apart first: `s` may be this string's own characters.
    CompactString fresh;
    if (capacity <= kInline) {
        std::memcpy(fresh.bytes_, s.data(), s.size());
        fresh.bytes_[kInline] = static_cast<char>(s.size());
    } else {
        char* p = new char[capacity];
        std::memcpy(p, s.data(), s.size());
        const uint32_t n = static_cast<uint32_t>(s.size());
        std::memcpy(fresh.bytes_, &p, sizeof p);
        std::memcpy(fresh.bytes_ + sizeof p, &n, sizeof n);
        fresh.bytes_[kCapacityByte] = static_cast<char>(capacity_log2);
        fresh.bytes_[kInline] = static_cast<char>(kHeap);
    }
    clear();
    take(fresh);
}

void CompactString::assign(std::string_view s) { reset(s, s.size(), 0); }

void CompactString::append(std::string_view s) {
    const size_t old = size(), total = old + s.size();
    if (s.empty()) return;
    if (!on_heap() && total <= kInline) {
        std::memcpy(bytes_ + old, s.data(), s.size());
        bytes_[kInline] = static_cast<char>(total);
        return;
    }
    if (on_heap() && total <= heap_capacity()) {
        std::memcpy(const_cast<char*>(heap_data()) + old, s.data(), s.size());
        const uint32_t n = static_cast<uint32_t>(total);
        std::memcpy(bytes_ + sizeof(char*), &n, sizeof n);
        return;
    }
    uint8_t log2 = 5;
    while ((size_t{1} << log2) < total) ++log2;
    std::string joined;
    joined.reserve(total);
    joined.append(view()).append(s);
    reset(joined, size_t{1} << log2, log2);
}

void CompactString::shrink_to_fit() {
    if (on_heap() && bytes_[kCapacityByte] != 0) assign(view());  // reset() copies before it frees
}

void CompactString::clear() {
    if (on_heap()) delete[] heap_data();
    std::memset(bytes_, 0, sizeof bytes_);
}

std::ostream& operator<<(std::ostream& out, const CompactString& s) { return out << s.view(); }

}  // namespace tlsdiag
