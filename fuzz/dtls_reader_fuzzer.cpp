// tlsdiag's own DTLS reading (capture/dtls_reader.h: records, fragments,
// retransmissions) on arbitrary datagrams of one UDP flow: see udp_flow.h
// for the input and what runs after the reader.
#include "capture/dtls_reader.h"
#include "udp_flow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return tlsdiag::fuzz::read_udp_flow<tlsdiag::capture::DtlsReader>(
        data, size, tlsdiag::capture::DtlsReader::starts_handshake);
}
