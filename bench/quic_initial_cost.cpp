// What reading a QUIC connection's handshake costs tlsdiag: the client's
// first Initial and the server's first datagram of testdata/quic_healthy
// (Initial keys derived, header protection removed, both Initials decrypted,
// ClientHello and ServerHello parsed), read by a fresh QuicReader N times.
// Not a test: it asserts nothing.
//
//   cmake -S . -B build/memory -DCMAKE_BUILD_TYPE=Release -DTLSDIAG_BUILD_BENCH=ON
//         -DTLSDIAG_BUILD_PLUGIN=OFF -DTLSDIAG_BUILD_TESTS=OFF   (one command)
//   cmake --build build/memory -j2 --target tlsdiag_quic_initial_cost
//   build/memory/bench/tlsdiag_quic_initial_cost [N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "capture/quic_reader.h"

using namespace tlsdiag::capture;

namespace {

// The UDP payloads of an Ethernet/IPv4 pcapng's frames, in order.
std::vector<std::string> udp_payloads(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string data = buf.str();
    std::vector<std::string> out;
    size_t off = 0;
    auto u32 = [&](size_t at) {
        uint32_t v;
        std::memcpy(&v, data.data() + at, 4);
        return v;  // little-endian files, as dumpcap writes them here
    };
    while (off + 12 <= data.size()) {
        const uint32_t type = u32(off), len = u32(off + 4);
        if (len < 12 || off + len > data.size()) break;
        if (type == 6) {  // Enhanced Packet Block
            const size_t frame = off + 28, caplen = u32(off + 20);
            const size_t ip = frame + 14, ihl = (data[ip] & 0x0f) * 4u;
            const size_t udp = ip + ihl;
            if (data[ip + 9] == 17 && udp + 8 <= frame + caplen)
                out.push_back(data.substr(udp + 8, frame + caplen - udp - 8));
        }
        off += len;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const long n = argc > 1 ? std::atol(argv[1]) : 20000;
    const std::vector<std::string> datagrams =
        udp_payloads(std::string(TLSDIAG_SOURCE_DIR) + "/testdata/quic_healthy.pcapng");
    if (datagrams.size() < 2) {
        std::fprintf(stderr, "quic_healthy.pcapng: no datagrams\n");
        return 1;
    }
    const auto* client = reinterpret_cast<const uint8_t*>(datagrams[0].data());
    const auto* server = reinterpret_cast<const uint8_t*>(datagrams[1].data());
    size_t messages = 0;
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
        QuicReader reader;
        FrameFacts facts;
        reader.read(0, client, datagrams[0].size(), facts);
        messages += facts.messages.size();
        reader.read(1, server, datagrams[1].size(), facts);
        messages += facts.messages.size();
    }
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    std::printf("%ld QUIC handshakes read (%zu messages): %.2f us per connection\n", n, messages,
                us / static_cast<double>(n));
    return 0;
}
