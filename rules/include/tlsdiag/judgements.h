// The rules' judgements that the report repeats in its own words (timeline,
// likely causes): defined once here, so that the report never says what the
// rules do not.
#pragma once

#include <optional>
#include <string>

#include "tlsdiag/engine.h"
#include "tlsdiag/model.h"

namespace tlsdiag {

// The ClientHello that the server close `close` answers
// (tcp.rst_after_client_hello, tcp.fin_after_client_hello): nothing from the
// server and no TCP close between the last ClientHello and `close`, and
// `close` within settings.close_answer_window_s of it. nullptr otherwise.
const Event* client_hello_answered_by_close(const Connection& conn, const Event& close,
                                            const Settings& settings);

// A client close sooner than this after its ClientHello is no timeout: the
// client closed for its own reasons (tls.no_reply_to_client_hello).
constexpr double kClientGaveUpAfterS = 1.0;

// tls.no_reply_to_client_hello, when the client gives up: `close` is the
// client's first FIN or RST, nothing at all came from the server since the
// last ClientHello, and the client waited kClientGaveUpAfterS or more. The
// ClientHello, or nullptr.
const Event* client_hello_unanswered_at_close(const Connection& conn, const Event& close);

// tls.no_reply_to_client_hello, at the capture's end: nothing from the
// server and no close from the client since the last ClientHello, and the
// capture ended settings.close_answer_window_s or more after it. The
// ClientHello, or nullptr.
const Event* client_hello_unanswered_at_end(const Connection& conn, const CaptureEnd& end,
                                            const Settings& settings);

// tls.split_client_hello_dropped: the ClientHello came in two or more TCP
// segments (HelloDelivery::split) and `latest` is the server's close that
// answers it or the client's close that gives up on it. The ClientHello, or
// nullptr.
const Event* split_client_hello_refused(const Connection& conn, const Event& latest,
                                        const Settings& settings);
// The same at the capture's end: the split ClientHello got no answer.
const Event* split_client_hello_unanswered_at_end(const Connection& conn, const CaptureEnd& end,
                                                  const Settings& settings);

// The server's TCP acknowledged the client's whole first flight
// (HelloDelivery::acked): a process accepted it, the path did not drop it.
bool server_acknowledged_hello(const Connection& conn);
// The client's first flight came in two or more TCP segments.
bool hello_split(const Connection& conn);
// A key share of a hybrid post-quantum group (X25519MLKEM768 0x11EC,
// X25519Kyber768Draft00 0x6399, SecP256r1MLKEM768 0x11EB, SecP384r1MLKEM1024
// 0x11ED): about 1.2 kB that push a ClientHello past one packet.
bool is_post_quantum_group(uint16_t group);
bool offers_post_quantum_key_share(const ClientHello& ch);

// tls.no_sni: the ClientHello has no server_name extension and hides no
// name in ECH or ESNI either.
bool sends_no_sni(const ClientHello& ch);

// tls.sni_ip_literal: `name` is an IPv4 dotted quad or an IPv6 address
// (RFC 4291 §2.2 text forms, with or without brackets), which RFC 6066 §3
// does not allow in server_name.
bool is_ip_literal(const std::string& name);

// tls.version_fallback: the ClientHello carries TLS_FALLBACK_SCSV (RFC 7507),
// read from its suites (kept until the connection is compacted).
bool signals_fallback(const ClientHello& ch);

// tls.downgrade_sentinel: the ServerHello negotiated below TLS 1.3 with the
// downgrade sentinel in its random although `ch` offered TLS 1.3.
bool downgrade_detected(const ClientHello& ch, const ServerHello& sh);

// tls.legacy_client_version: the ClientHello offers nothing newer than TLS 1.1.
bool is_legacy_client(const ClientHello& ch);

// An alert that only warns: level warning, neither close_notify nor
// user_canceled, on a connection not negotiated at TLS 1.3 (where every error
// alert is fatal, RFC 8446 §6.2).
bool is_warning_alert(const Connection& conn, const Alert& a);

// The warning alert (is_warning_alert) that the TCP close `close` ends the
// connection on: between the two, nothing but closure alerts, other closes
// and unreadable bytes. nullptr otherwise. The alert.* rule of that alert
// reports it as an error: the connection did not go on.
const Event* warning_alert_ended_by_close(const Connection& conn, const Event& close);

// A server alert that answers the client's certificate: the client's last
// flight before it (handshake messages and records, nothing from the server
// in between) holds a Certificate that carried a certificate (an empty one,
// read as such, is no certificate to reject).
bool alert_answers_client_certificate(const Connection& conn, const Event& alert);

// The client sent no certificate: no Certificate message from it in clear,
// or one read as empty. (In TLS 1.3 without a key log its Certificate is
// encrypted: this cannot tell, and holds.)
bool client_sent_no_certificate(const Connection& conn);

// tls.client_cert_missing: the server sent a CertificateRequest, the client
// answered it readably (TLS 1.2, or TLS 1.3 decrypted with a key log) with an
// empty Certificate or none, and `failure` is the server's first reply to
// that answer: an error alert, a closure alert, a FIN or a RST.
struct MissingClientCertificate {
    const Event* request = nullptr;      // the CertificateRequest; null: no finding
    const Event* certificate = nullptr;  // the client's empty Certificate; null: none sent
};
MissingClientCertificate client_certificate_missing(const Connection& conn, const Event& failure);
// h2.tls_requirements: RFC 7540 §9.2.1's smallest ephemeral keys.
constexpr uint32_t kH2MinDheBits = 2048, kH2MinEcdheBits = 224;
// An ephemeral key below them: a finite-field DH prime or group, or an
// elliptic curve; `group` is 0 for a ServerKeyExchange's DH prime.
struct SmallEphemeralKey {
    bool finite_field = false;
    uint32_t bits = 0;
    uint16_t group = 0;
};
// A named group below its kind's minimum (a group of no known size is not).
std::optional<SmallEphemeralKey> small_h2_key(uint16_t group);
std::optional<SmallEphemeralKey> small_h2_key(const ServerKeyExchange& ske);
// What the first ServerKeyExchange with a readable key after the negotiating
// ServerHello carries; nullptr when there is none.
const ServerKeyExchange* first_key_exchange(const Connection& conn);
// The key h2.tls_requirements reports: the negotiating ServerHello chose h2
// with TLS 1.2 or later and no compression, and its TLS 1.3 key share, or the
// first ServerKeyExchange after it, is below the minimum.
std::optional<SmallEphemeralKey> h2_small_ephemeral_key(const Connection& conn);
// RFC 7540 §9.2.1 lets HTTP/2 over TLS 1.2 renegotiate only before the
// connection preface, the client's first application data. A side's handshake
// records after its own Finished are a renegotiation (HelloRequest,
// ClientHello, ...): their content type shows without keys, and decrypted
// they are handshake messages. The first of them after the preface, on a
// connection whose first ServerHello chose h2 below TLS 1.3; null if none.
const Event* h2_renegotiation(const Connection& conn);

}  // namespace tlsdiag
