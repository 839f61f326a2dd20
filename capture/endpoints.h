// The two ends of a connection as the capture names them.
#pragma once

#include <cstddef>
#include <cstdint>

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

// The same address, whatever the ports.
bool same_address(const Endpoint& a, const Endpoint& b);

// A connection's two ends.
class EndpointPair {
public:
    EndpointPair() = default;
    EndpointPair(const Endpoint& client, const Endpoint& server)
        : client_(client), server_(server) {}
    const Endpoint& client() const { return client_; }
    const Endpoint& server() const { return server_; }
    bool is_client(const Endpoint& e) const { return e == client_; }

private:
    Endpoint client_, server_;
};

}  // namespace tlsdiag::capture
