// The TLS streams being read, by the hash of their endpoint pair. Every TCP
// frame asks it once, and most get "no": so one probe into a small array of
// keys, no division, no node to follow. std::unordered_map takes a division
// and two cold cache lines per frame, and its lookup is then the most
// sampled instruction of tlsdiag (bench/README.md, "How tlsdiag stays off
// tshark's path").
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace tlsdiag::capture {

// Open addressing with linear probing and backward-shift deletion (no
// tombstones, so a table of short-lived streams stays fast). Values live in
// a deque, so that the probed array holds only keys and indexes, a value's
// address holds, and growth copies nothing; an erased value becomes T{}.
template <typename T>
class PairTable {
public:
    T* find(uint64_t key) {
        if (slots_.empty()) return nullptr;
        key = nonzero(key);
        return maybe_present(key) ? probe(key) : nullptr;
    }

    // `key` must not be in the table.
    T& insert(uint64_t key, T value) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        uint32_t index;
        if (free_.empty()) {
            index = static_cast<uint32_t>(values_.size());
            values_.emplace_back(std::move(value));
        } else {
            index = free_.back();
            free_.pop_back();
            values_[index] = std::move(value);
        }
        key = nonzero(key);
        place(key, index);
        mark(key);
        ++size_;
        return values_[index];
    }

    void erase(uint64_t key) {
        if (slots_.empty()) return;
        key = nonzero(key);
        size_t hole = home(key);
        while (slots_[hole].key() != key) {
            if (slots_[hole].key() == 0) return;
            hole = next(hole);
        }
        values_[slots_[hole].value] = T{};
        free_.push_back(slots_[hole].value);
        --size_;
        // Pull later entries of the run back over the hole, where their probe
        // would otherwise stop early.
        for (size_t i = next(hole); slots_[i].key() != 0; i = next(i)) {
            const size_t want = home(slots_[i].key());
            const bool movable =
                hole <= i ? (want <= hole || want > i) : (want <= hole && want > i);
            if (!movable) continue;
            slots_[hole] = slots_[i];
            hole = i;
        }
        slots_[hole] = Slot{};
    }

    void clear() {
        slots_.clear();
        filter_.clear();
        values_.clear();
        free_.clear();
        size_ = 0;
    }
    size_t size() const { return size_; }
    // Every value, erased ones (T{}) included.
    template <typename F>
    void for_each(F f) {
        for (T& v : values_) f(v);
    }

private:
    struct Slot {
        uint64_t key_ = 0;  // 0: empty
        uint32_t value = 0;

        Slot() = default;
        Slot(uint64_t key, uint32_t v) : key_(key), value(v) {}
        uint64_t key() const { return key_; }
    };

    static uint64_t nonzero(uint64_t key) { return key ? key : 1; }
    // Out of line: the frames of TLS streams alone get this far.
    __attribute__((noinline)) T* probe(uint64_t key) {
        for (size_t i = home(key);; i = next(i)) {
            if (slots_[i].key() == key) return &values_[slots_[i].value];
            if (slots_[i].key() == 0) return nullptr;
        }
    }
    size_t home(uint64_t key) const {
        return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
    }
    size_t next(size_t i) const { return (i + 1) & (slots_.size() - 1); }

    // 8 bits per slot (16 or more per key), a key's bit set when it is
    // placed and left set when it is erased: most TCP frames belong to no TLS
    // stream, and their lookup ends here, in an array 1/16 of the slots' size
    // that stays in the caches when the slots no longer do (bench/README.md).
    size_t filter_bit(uint64_t key) const {
        return static_cast<size_t>((key * 0xC2B2AE3D27D4EB4Full) >> (shift_ - 3));
    }
    bool maybe_present(uint64_t key) const {
        const size_t bit = filter_bit(key);
        return filter_[bit / 64] >> (bit % 64) & 1;
    }
    void mark(uint64_t key) {
        const size_t bit = filter_bit(key);
        filter_[bit / 64] |= uint64_t{1} << (bit % 64);
    }

    void place(uint64_t key, uint32_t value) {
        size_t i = home(key);
        while (slots_[i].key() != 0) i = next(i);
        slots_[i] = Slot{key, value};
    }

    void grow() {
        std::vector<Slot> old = std::move(slots_);
        const size_t capacity = old.empty() ? 1024 : old.size() * 2;
        slots_.assign(capacity, Slot{});
        shift_ = 64;
        for (size_t c = capacity; c > 1; c >>= 1) --shift_;
        filter_.assign(capacity * 8 / 64, 0);
        for (const Slot& s : old)
            if (s.key() != 0) {
                place(s.key(), s.value);
                mark(s.key());
            }
    }

    std::vector<Slot> slots_;       // a power of two, at most half full
    std::vector<uint64_t> filter_;  // see maybe_present()
    std::deque<T> values_;
    std::vector<uint32_t> free_;  // indices of erased values_
    size_t size_ = 0;
    unsigned shift_ = 64;  // 64 - log2(slots_.size())
};

}  // namespace tlsdiag::capture
