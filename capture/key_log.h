// An NSS key log (SSLKEYLOGFILE; Wireshark's tls.keylog_file): the TLS 1.3
// secrets tlsdiag derives QUIC Handshake keys from, by the client random of
// the connection they belong to. Wireshark's own decryption of QUIC keeps
// its keys to itself, so tlsdiag reads the same file.
#pragma once

#include <map>
#include <string>
#include <utility>

namespace tlsdiag::capture {

class KeyLog {
public:
    // Adds the secrets of the file's lines "LABEL <client random hex> <secret
    // hex>"; other lines are passed over. False when the file cannot be read.
    bool load(const std::string& path);
    void add_text(const std::string& text);
    // The secret of `label` (e.g. "CLIENT_HANDSHAKE_TRAFFIC_SECRET") for the
    // connection whose ClientHello has the 32-byte `client_random`; null if none.
    const std::string* secret(const std::string& label, const std::string& client_random) const;
    bool empty() const { return secrets_.empty(); }

private:
    std::map<std::pair<std::string, std::string>, std::string> secrets_;
};

}  // namespace tlsdiag::capture
