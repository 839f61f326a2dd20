// The two ends of a connection as the capture names them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace tlsdiag::capture {

// An endpoint as its raw address (Wireshark's address type and up to 16
// bytes: TCP runs over IPv4 or IPv6) and port, in 20 bytes: two are kept per
// connection until the capture is closed, and the report makes the
// "10.1.2.3:57436" labels from them only when it is asked for.
struct Endpoint {
    static constexpr size_t kMaxAddress = 16;
    Endpoint() = default;
    Endpoint(int type, const void* address, size_t length, uint32_t port);
    int type() const { return type_; }
    const uint8_t* address() const { return address_; }
    size_t address_length() const { return length_; }
    uint16_t port() const { return port_; }
    bool operator==(const Endpoint& o) const;
    bool operator!=(const Endpoint& o) const { return !(*this == o); }

private:
    uint8_t type_ = 0;
    uint8_t length_ = 0;
    uint16_t port_ = 0;
    uint8_t address_[kMaxAddress] = {};
};

// A connection's two ends in 16 bytes: the ports, and both addresses inline
// when each fits in 4 bytes (IPv4); otherwise both whole endpoints in one
// heap block (IPv6: 64 bytes in all, where two Endpoints took 40). Kept by
// every connection until the capture is closed.
class EndpointPair {
public:
    EndpointPair() = default;
    EndpointPair(const Endpoint& client, const Endpoint& server);
    EndpointPair(const EndpointPair& o) : EndpointPair(o.client(), o.server()) {}
    EndpointPair& operator=(const EndpointPair& o) {
        if (this != &o) *this = EndpointPair(o);
        return *this;
    }
    EndpointPair(EndpointPair&& o) noexcept { *this = std::move(o); }
    EndpointPair& operator=(EndpointPair&& o) noexcept;
    ~EndpointPair() {
        if (!inline_) delete[] heap_;
    }

    Endpoint client() const { return end(0); }
    Endpoint server() const { return end(1); }
    bool is_client(const Endpoint& e) const;  // e == client(), without building it

private:
    static constexpr size_t kInline = 4;
    Endpoint end(unsigned i) const;

    uint8_t type_ = 0;
    uint8_t length_ = 0;   // of each address, when inline
    uint16_t ports_[2] = {0, 0};
    bool inline_ = true;  // which of the union holds them
    union {
        uint8_t addresses_[2][kInline] = {};  // inline: client's, server's
        Endpoint* heap_;                      // else: client, server
    };
};
static_assert(sizeof(EndpointPair) == 16, "kept by every connection: keep it small");

}  // namespace tlsdiag::capture
