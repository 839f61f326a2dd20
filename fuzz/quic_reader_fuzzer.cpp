// tlsdiag's own QUIC reading (capture/quic_reader.h: Initial decryption,
// coalesced packets, CRYPTO reassembly, Retry, Version Negotiation,
// CONNECTION_CLOSE) on arbitrary datagrams of one UDP flow: see udp_flow.h
// for the input and what runs after the reader. Random bytes seldom decrypt:
// the seeds (real flows) carry the fuzzer past the AEAD tag into the frames.
#include "capture/quic_reader.h"
#include "udp_flow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return tlsdiag::fuzz::read_udp_flow<tlsdiag::capture::QuicReader>(
        data, size, tlsdiag::capture::QuicReader::starts_connection);
}
