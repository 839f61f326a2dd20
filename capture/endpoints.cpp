#include "capture/endpoints.h"

#include <cstring>

namespace tlsdiag::capture {

Endpoint::Endpoint(int type, const void* address, size_t length, uint32_t port)
    : type_(static_cast<uint8_t>(type)),
      length_(static_cast<uint8_t>(length < kMaxAddress ? length : kMaxAddress)),
      port_(static_cast<uint16_t>(port)) {
    if (address) std::memcpy(address_, address, length_);
}

bool Endpoint::operator==(const Endpoint& o) const {
    return port_ == o.port_ && type_ == o.type_ && length_ == o.length_ &&
           std::memcmp(address_, o.address_, length_) == 0;
}

EndpointPair::EndpointPair(const Endpoint& client, const Endpoint& server)
    : type_(static_cast<uint8_t>(client.type())),
      length_(static_cast<uint8_t>(client.address_length())),
      ports_{client.port(), server.port()},
      addresses_{} {
    inline_ = client.type() == server.type() && client.address_length() == server.address_length() &&
              client.address_length() <= kInline;
    if (inline_) {
        std::memcpy(addresses_[0], client.address(), length_);
        std::memcpy(addresses_[1], server.address(), length_);
    } else {
        heap_ = new Endpoint[2]{client, server};
    }
}

EndpointPair& EndpointPair::operator=(EndpointPair&& o) noexcept {
    if (this == &o) return *this;
    if (!inline_) delete[] heap_;
    type_ = o.type_;
    length_ = o.length_;
    ports_[0] = o.ports_[0];
    ports_[1] = o.ports_[1];
    inline_ = o.inline_;
    std::memcpy(addresses_, o.addresses_, sizeof addresses_);  // or the pointer
    o.inline_ = true;
    std::memset(o.addresses_, 0, sizeof o.addresses_);
    return *this;
}

Endpoint EndpointPair::end(unsigned i) const {
    if (!inline_) return heap_[i];
    return Endpoint(type_, addresses_[i], length_, ports_[i]);
}

bool EndpointPair::is_client(const Endpoint& e) const {
    if (!inline_) return e == heap_[0];
    return e.port() == ports_[0] && e.type() == type_ && e.address_length() == length_ &&
           std::memcmp(e.address(), addresses_[0], length_) == 0;
}

}  // namespace tlsdiag::capture
