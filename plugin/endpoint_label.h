// "10.1.2.3:57436": an end of a connection as the report prints it. Two are
// kept per connection until the capture is closed, so one takes 24 bytes and
// needs no heap block up to 23 characters (every IPv4 label); a std::string
// takes 32 and a heap block from 16 characters on.
#pragma once

#include <string>

namespace tlsdiag::plugin {

class EndpointLabel {
public:
    EndpointLabel() = default;
    EndpointLabel(const EndpointLabel& o) { *this = o.str(); }
    EndpointLabel(EndpointLabel&& o) noexcept;
    EndpointLabel& operator=(const EndpointLabel& o) { return *this = o.str(); }
    EndpointLabel& operator=(EndpointLabel&& o) noexcept;
    EndpointLabel& operator=(const std::string& text);
    ~EndpointLabel() { release(); }

    std::string str() const;
    bool empty() const { return bytes_[kTag] == 0; }

private:
    static constexpr size_t kTag = 23;          // bytes_[kTag]: the inline length, or kOnHeap
    static constexpr char kOnHeap = '\xff';     // bytes_ starts with a char* to a C string
    const char* heap() const;
    void release();
    char bytes_[24] = {};
};

}  // namespace tlsdiag::plugin
