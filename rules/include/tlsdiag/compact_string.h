// A string in 16 bytes: up to 15 characters inline, longer ones on the heap.
// Every connection keeps its hellos until the capture is closed, and each
// hello holds one or two short strings (SNI, ALPN): std::string's 32 bytes
// each were a third of a ClientHello.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iosfwd>
#include <string>
#include <string_view>

namespace tlsdiag {

class CompactString {
public:
    static constexpr size_t kInline = 15;

    CompactString() = default;
    CompactString(std::string_view s) { assign(s); }
    CompactString(const std::string& s) : CompactString(std::string_view(s)) {}
    CompactString(const char* s) : CompactString(std::string_view(s)) {}
    CompactString(const CompactString& o) { assign(o.view()); }
    CompactString(CompactString&& o) noexcept { take(o); }
    CompactString& operator=(const CompactString& o) {
        if (this != &o) assign(o.view());
        return *this;
    }
    CompactString& operator=(CompactString&& o) noexcept {
        if (this != &o) {
            clear();
            take(o);
        }
        return *this;
    }
    ~CompactString() { clear(); }

    std::string_view view() const { return {data(), size()}; }
    operator std::string_view() const { return view(); }
    std::string str() const { return std::string(view()); }
    const char* data() const { return on_heap() ? heap_data() : bytes_; }
    size_t size() const { return on_heap() ? heap_size() : static_cast<uint8_t>(bytes_[kInline]); }
    bool empty() const { return size() == 0; }

    void assign(std::string_view s);
    // Amortised constant time: a string built piece by piece (an ALPN list
    // of a mutated hello may have thousands) grows its heap block by powers
    // of two until shrink_to_fit().
    void append(std::string_view s);
    void shrink_to_fit();
    void clear();

    friend bool operator==(const CompactString& a, std::string_view b) { return a.view() == b; }
    friend bool operator!=(const CompactString& a, std::string_view b) { return a.view() != b; }
    friend bool operator==(const CompactString& a, const CompactString& b) { return a.view() == b.view(); }
    friend bool operator!=(const CompactString& a, const CompactString& b) { return a.view() != b.view(); }
    friend bool operator==(const CompactString& a, const char* b) { return a.view() == b; }
    friend bool operator!=(const CompactString& a, const char* b) { return a.view() != b; }
    friend bool operator==(const CompactString& a, const std::string& b) { return a.view() == b; }
    friend bool operator!=(const CompactString& a, const std::string& b) { return a.view() != b; }
    friend std::string operator+(const std::string& a, const CompactString& b) { return a + b.str(); }
    friend std::string operator+(const char* a, const CompactString& b) { return a + b.str(); }

private:
    // bytes_[15] is the inline length, or kHeap: then bytes_ 0-7 hold the
    // heap pointer, 8-11 the length and 12 the block's capacity as a power
    // of two (0: exactly the length).
    static constexpr uint8_t kHeap = 0xFF;
    static constexpr size_t kCapacityByte = 12;
    size_t heap_capacity() const {
        const auto log2 = static_cast<uint8_t>(bytes_[kCapacityByte]);
        return log2 ? size_t{1} << log2 : heap_size();
    }
    // Replaces the contents with `s` in a block of `capacity` (>= s.size()).
    void reset(std::string_view s, size_t capacity, uint8_t capacity_log2);
    bool on_heap() const { return static_cast<uint8_t>(bytes_[kInline]) == kHeap; }
    const char* heap_data() const {
        const char* p;
        std::memcpy(&p, bytes_, sizeof p);
        return p;
    }
    size_t heap_size() const {
        uint32_t n;
        std::memcpy(&n, bytes_ + sizeof(char*), sizeof n);
        return n;
    }
    // Takes o's contents (this is empty), leaving o empty.
    void take(CompactString& o) {
        std::memcpy(bytes_, o.bytes_, sizeof bytes_);
        o.bytes_[kInline] = 0;
    }

    alignas(8) char bytes_[16] = {};
};
static_assert(sizeof(CompactString) == 16, "kept in every hello: keep it small");

std::ostream& operator<<(std::ostream& out, const CompactString& s);  // for tests

}  // namespace tlsdiag
