#include "endpoint_label.h"

#include <cstring>

namespace tlsdiag::plugin {

EndpointLabel::EndpointLabel(EndpointLabel&& o) noexcept {
    std::memcpy(bytes_, o.bytes_, sizeof bytes_);
    o.bytes_[kTag] = 0;  // the heap text, if any, is ours now
}

EndpointLabel& EndpointLabel::operator=(EndpointLabel&& o) noexcept {
    if (this == &o) return *this;
    release();
    std::memcpy(bytes_, o.bytes_, sizeof bytes_);
    o.bytes_[kTag] = 0;
    return *this;
}

EndpointLabel& EndpointLabel::operator=(const std::string& text) {
    release();
    if (text.size() <= kTag) {
        std::memcpy(bytes_, text.data(), text.size());
        bytes_[kTag] = static_cast<char>(text.size());
        return *this;
    }
    char* copy = new char[text.size() + 1];
    std::memcpy(copy, text.c_str(), text.size() + 1);
    std::memcpy(bytes_, &copy, sizeof copy);
    bytes_[kTag] = kOnHeap;
    return *this;
}

std::string EndpointLabel::str() const {
    if (bytes_[kTag] == kOnHeap) return heap();
    return std::string(bytes_, static_cast<unsigned char>(bytes_[kTag]));
}

const char* EndpointLabel::heap() const {
    const char* text = nullptr;
    std::memcpy(&text, bytes_, sizeof text);
    return text;
}

void EndpointLabel::release() {
    if (bytes_[kTag] == kOnHeap) delete[] heap();
    bytes_[kTag] = 0;
}

}  // namespace tlsdiag::plugin
