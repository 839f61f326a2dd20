// Heap bytes tlsdiag keeps per settled TLS connection: builds N connections
// through CaptureState::apply, frame by frame as the plugin feeds them, and
// divides what the heap grew by N. Not a test: it asserts nothing.
//
//   cmake -S . -B build/memory -DCMAKE_BUILD_TYPE=Release -DTLSDIAG_BUILD_BENCH=ON
//         -DTLSDIAG_BUILD_PLUGIN=OFF -DTLSDIAG_BUILD_TESTS=OFF   (one command)
//   cmake --build build/memory -j2 --target tlsdiag_connection_memory
//   build/memory/bench/tlsdiag_connection_memory [N]
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "capture/capture_state.h"
#include "capture/pair_table.h"
#include "capture/tls_stream_reader.h"

using namespace tlsdiag;
using namespace tlsdiag::capture;

namespace {

// Deterministic bytes for randoms and addresses.
uint64_t g_seed = 0x9E3779B97F4A7C15ull;
uint64_t next_random() {
    g_seed ^= g_seed << 13;
    g_seed ^= g_seed >> 7;
    g_seed ^= g_seed << 17;
    return g_seed;
}
std::string random_bytes(size_t n) {
    std::string out;
    while (out.size() < n) {
        const uint64_t r = next_random();
        out.append(reinterpret_cast<const char*>(&r), sizeof r);
    }
    out.resize(n);
    return out;
}

// An IPv4 endpoint as the plugin builds it (AT_IPv4 = 4).
Endpoint ipv4(uint32_t address, uint32_t port) {
    const uint8_t bytes[] = {static_cast<uint8_t>(address >> 24),
                             static_cast<uint8_t>(address >> 16),
                             static_cast<uint8_t>(address >> 8), static_cast<uint8_t>(address)};
    return Endpoint(4, bytes, sizeof bytes, port);
}

// A browser's offer: GREASE, 15 suites, SNI, ALPN h2 and http/1.1.
TlsMessage client_hello(uint32_t n) {
    TlsMessage m(TlsMessage::Kind::ClientHello);
    m.well_formed = true;
    ClientHello& ch = m.ch;
    ch.legacy_version = version::TLS12;
    ch.supported_versions() = {0x5a5a, version::TLS13, version::TLS12};
    for (uint16_t s : {0x5a5a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
                       0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035})
        ch.cipher_suites().push_back(s);
    ch.has_sni = true;
    ch.sni = "api" + std::to_string(n % 1000) + ".example.com";
    ch.alpn = {"h2", "http/1.1"};
    ch.random = random_bytes(32);
    return m;
}
TlsMessage server_hello(uint16_t v, uint16_t suite, const char* alpn) {
    TlsMessage m(TlsMessage::Kind::ServerHello);
    m.well_formed = true;
    m.sh.legacy_version = version::TLS12;
    m.sh.selected_version = v == version::TLS13 ? v : 0;
    m.sh.cipher_suite = suite;
    m.sh.alpn = alpn;
    m.sh.random = random_bytes(32);
    return m;
}
TlsMessage handshake(uint8_t type) {
    TlsMessage m(TlsMessage::Kind::Handshake);
    m.handshake_type = type;
    if (type == hs::Certificate) m.certificates = {"leaf DER", "intermediate DER"};
    return m;
}
TlsMessage record(uint8_t content_type) {
    TlsMessage m(TlsMessage::Kind::Record);
    m.content_type = content_type;
    return m;
}

struct Packet {
    bool from_client;
    FrameFacts facts;
};
FrameFacts facts(std::vector<TlsMessage> messages) {
    FrameFacts f;
    f.messages = std::move(messages);
    return f;
}
FrameFacts ack() {
    return facts({});
}
FrameFacts fin() {
    FrameFacts f = facts({});
    f.fin = true;
    return f;
}

// healthy_tls12_h2: ECDHE-RSA-AES128-GCM, a 2-certificate chain, h2 data, FINs.
std::vector<Packet> tls12_connection(uint32_t n) {
    return {{true, facts({client_hello(n)})},
            {false, ack()},
            {false, facts({server_hello(version::TLS12, 0xc02f, "h2"), handshake(hs::Certificate),
                           handshake(hs::ServerKeyExchange), handshake(hs::ServerHelloDone)})},
            {true, facts({handshake(hs::ClientKeyExchange), record(20), record(22)})},
            {false, facts({handshake(hs::NewSessionTicket), record(20), record(22)})},
            {true, facts({record(23), record(23)})},
            {false, facts({record(23)})},
            {true, ack()},
            {false, facts({record(23), record(23)})},
            {true, fin()},
            {false, fin()},
            {true, ack()}};
}

// healthy_tls13: TLS_AES_128_GCM_SHA256, the server's flight encrypted, FINs.
std::vector<Packet> tls13_connection(uint32_t n) {
    return {{true, facts({client_hello(n)})},
            {false, facts({server_hello(version::TLS13, 0x1301, ""), record(20), record(23),
                           record(23), record(23), record(23)})},
            {true, facts({record(20), record(23)})},
            {true, facts({record(23)})},
            {false, facts({record(23), record(23)})},
            {true, ack()},
            {false, facts({record(23)})},
            {true, fin()},
            {false, fin()},
            {true, ack()}};
}

// A healthy chain: the leaf valid for *.example.com, in date, RSA 2048,
// SHA-256. Shared as x509::CertificateReader shares the certificates it has
// read before: a connection holds pointers.
std::shared_ptr<const CertificateInfo> certificate(const std::string& cn, bool leaf) {
    auto c = std::make_shared<CertificateInfo>();
    c->subject = c->subject_cn = cn;
    c->issuer = c->issuer_cn = leaf ? "Example CA" : "Example Root";
    if (leaf) c->dns_names = {"*.example.com"};
    c->has_san = leaf;
    c->signature_hash = SignatureHash::SHA256;
    c->key_algorithm = KeyAlgorithm::RSA;
    c->key_bits = 2048;
    c->not_before = 1'690'000'000;  // 2023-07-22, the capture is of 2023-11
    c->not_after = c->not_before + 300 * 86400;
    c->is_ca = c->has_basic_constraints = !leaf;
    return c;
}
ChainReader shared_chain_reader() {
    CertificateChain chain;
    chain.certs = {certificate("api.example.com", true), certificate("Example CA", false)};
    return [chain](const std::vector<std::string>&) { return chain; };
}

// Large blocks (a hash table's buckets, a big vector) are mmap'd: counted too.
size_t heap_in_use() {
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

// Tls12Unread: the same frames with no certificate reader (the chains are
// not read, the Certificate is a plain handshake message): what chains cost.
enum class Mix { Tls12, Tls12Unread, Tls13, Both };

// Heap bytes per connection for N connections of `mix`, and the settled share.
void measure(Mix mix, uint32_t n, const char* name) {
    auto state = std::make_unique<CaptureState>();
    if (mix != Mix::Tls12Unread) state->set_chain_reader(shared_chain_reader());
    const Settings settings;
    // Built before the first measure, as the plugin's are: the frames' facts.
    std::vector<std::vector<Packet>> conns;
    for (uint32_t i = 0; i < n; ++i) {
        const bool tls12 = mix == Mix::Both ? i % 2 == 0 : mix != Mix::Tls13;
        conns.push_back(tls12 ? tls12_connection(i) : tls13_connection(i));
    }
    // The first pass's table of TLS streams, one reader per connection, as
    // first_pass.cpp keeps them (in a separate count: it is the plugin's).
    auto streams = std::make_unique<PairTable<StreamReading>>();
    malloc_trim(0);
    const size_t before = heap_in_use();
    size_t table = 0;
    Frame frame = 0;
    TimeNs time = 1'700'000'000'000'000'000;
    uint32_t settled = 0, findings = 0;
    for (uint32_t i = 0; i < n; ++i) {
        const uint32_t client_address = 0x0A000000u | (i & 0xFFFFFF);
        const uint32_t server_address = 0xC6120000u | (i & 0x1FFFF);
        const uint32_t client_port = 49152 + i % 16384;
        const Endpoint client = ipv4(client_address, client_port);
        const Endpoint server = ipv4(server_address, 443);
        for (const Packet& f : conns[i]) {
            time += 1'000'000;
            state->apply(i, f.from_client ? client : server, f.from_client ? server : client,
                         ++frame, time, f.facts, settings);
        }
        CapturedConnection* s = state->find(i);
        const size_t heap = heap_in_use();
        StreamReading& t = streams->insert(0x9E3779B97F4A7C15ull * (i + 1), StreamReading{});
        t.stream = i;
        t.reader = TlsStreamReader(client_address * 65537ull + client_port,
                                   server_address * 65537ull + 443);
        t.state = s;
        t.reader.release();  // as once the connection has settled
        table += heap_in_use() - heap;
        if (s && s->diagnosed.conn().settled()) ++settled;
        if (s) findings += static_cast<uint32_t>(s->diagnosed.findings().size());
    }
    const size_t after = heap_in_use();
    std::printf(
        "%-26s %7u connections, %7u settled, %u findings: %6.1f bytes each, "
        "+ %5.1f for its stream reader\n",
        name, n, settled, findings, static_cast<double>(after - before - table) / n,
        static_cast<double>(table) / n);
}

}  // namespace

int main(int argc, char** argv) {
    const uint32_t n =
        argc > 1 ? static_cast<uint32_t>(std::strtoul(argv[1], nullptr, 10)) : 100000;
    std::printf(
        "heap in use (mallinfo2 uordblks + hblkhd: malloc'd chunks with their headers) after N\n"
        "connections, divided by N; the whole CaptureState (streams, findings and\n"
        "chains per frame, hash buckets)\n");
    std::printf(
        "sizeof: CapturedConnection %zu, Event %zu, ClientHello %zu, ServerHello %zu, "
        "StreamReading %zu\n\n",
        sizeof(CapturedConnection), sizeof(Event), sizeof(ClientHello), sizeof(ServerHello),
        sizeof(StreamReading));
    measure(Mix::Tls12, n, "TLS 1.2, 2-cert chain, h2");
    measure(Mix::Tls12Unread, n, "the same, chains not read");
    measure(Mix::Tls13, n, "TLS 1.3");
    measure(Mix::Both, n, "half and half");
    return 0;
}
