// capture/decrypted_reader.cpp on arbitrary decrypted records: what a key
// log, RSA key or embedded secret lets Wireshark decrypt is read by the same
// record and message reader as records in clear.
//
// Input: record*  with record := dir_type:u8 len:u16be plaintext[len]
//   dir_type bit 0: direction; bit 1: the connection is TLS 1.3;
//   bits 2-7: content type 20 + (bits % 5)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "capture/decrypted_reader.h"

using namespace tlsdiag::capture;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* in, size_t size) {
    DecryptedReader reader;
    std::vector<TlsMessage> out;
    size_t at = 0, messages = 0;
    while (at + 3 <= size) {
        const uint8_t bits = in[at];
        size_t len = static_cast<size_t>(in[at + 1] << 8 | in[at + 2]);
        at += 3;
        if (len > size - at) len = size - at;
        std::unique_ptr<uint8_t[]> copy(new uint8_t[len ? len : 1]);
        std::copy(in + at, in + at + len, copy.get());
        at += len;
        out.clear();
        reader.record(bits & 1, static_cast<uint8_t>(20 + (bits >> 2) % 5), copy.get(), len,
                      bits & 2, out);
        messages += out.size();
    }
    if (messages > size) std::abort();  // each message takes bytes of its own
    return 0;
}
