// A vector in one pointer: its size and capacity sit in front of its
// elements on the heap, so an empty one is 8 bytes and no allocation. Every
// connection keeps four lists until the capture is closed (events, hellos of
// each side, certificate chains), most of them with one or two elements:
// std::vector's 24 bytes each were a fifth of a settled connection.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <new>
#include <utility>

namespace tlsdiag {

template <typename T>
class ThinVector {
public:
    using value_type = T;
    using const_iterator = const T*;
    using const_reverse_iterator = std::reverse_iterator<const T*>;

    ThinVector() = default;
    ThinVector(std::initializer_list<T> items) {
        if (items.size() == 0) return;
        reallocate(items.size());
        for (const T& x : items) push_back(x);
    }
    ThinVector(const ThinVector& o) {
        if (o.empty()) return;
        reallocate(o.size());
        for (const T& x : o) push_back(x);
    }
    ThinVector(ThinVector&& o) noexcept : block_(std::exchange(o.block_, nullptr)) {}
    ThinVector& operator=(const ThinVector& o) {
        if (this != &o) *this = ThinVector(o);
        return *this;
    }
    ThinVector& operator=(ThinVector&& o) noexcept {
        std::swap(block_, o.block_);
        return *this;
    }
    ~ThinVector() { destroy(); }

    size_t size() const { return block_ ? block_->size : 0; }
    size_t capacity() const { return block_ ? block_->capacity : 0; }
    bool empty() const { return size() == 0; }

    const T* data() const { return begin(); }
    T* begin() { return block_ ? items(block_) : nullptr; }
    T* end() { return begin() + size(); }
    const T* begin() const { return block_ ? items(block_) : nullptr; }
    const T* end() const { return begin() + size(); }
    const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
    const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

    T& operator[](size_t i) { return begin()[i]; }
    const T& operator[](size_t i) const { return begin()[i]; }
    const T& front() const { return *begin(); }
    const T& back() const { return end()[-1]; }
    T& back() { return end()[-1]; }

    void push_back(T value) {
        if (size() == capacity()) reallocate(std::max<size_t>(1, capacity() * 2));
        new (end()) T(std::move(value));
        ++block_->size;
    }
    void shrink_to_fit() {
        if (size() != capacity()) reallocate(size());
    }
    void clear() { destroy(); }

private:
    struct Header {
        uint32_t size;
        uint32_t capacity;
    };
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "operator new must align T");
    // Where the elements start: after the header, aligned for T.
    static constexpr size_t kItems = (sizeof(Header) + alignof(T) - 1) / alignof(T) * alignof(T);

    static T* items(Header* h) { return reinterpret_cast<T*>(reinterpret_cast<char*>(h) + kItems); }
    static const T* items(const Header* h) {
        return reinterpret_cast<const T*>(reinterpret_cast<const char*>(h) + kItems);
    }

    // Moves the elements into a block of exactly `capacity` (none: no block).
    void reallocate(size_t capacity) {
        Header* fresh = nullptr;
        if (capacity) {
            fresh = new (::operator new(kItems + capacity * sizeof(T)))
                Header{0, static_cast<uint32_t>(capacity)};
            for (T& x : *this) {
                new (items(fresh) + fresh->size) T(std::move(x));
                ++fresh->size;
            }
        }
        destroy();
        block_ = fresh;
    }
    void destroy() {
        if (!block_) return;
        for (T& x : *this) x.~T();
        ::operator delete(block_);
        block_ = nullptr;
    }

    Header* block_ = nullptr;
};

}  // namespace tlsdiag
