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

bool same_address(const Endpoint& a, const Endpoint& b) {
    return a.type() == b.type() && a.address_length() == b.address_length() &&
           std::memcmp(a.address(), b.address(), a.address_length()) == 0;
}

}  // namespace tlsdiag::capture
