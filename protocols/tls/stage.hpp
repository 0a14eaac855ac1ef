// A TLS 1.2 endpoint (RFC 5246) as a sans-IO stage between TCP and a protocol engine, over
// mbedTLS: ciphertext in with handle_bytes, plaintext in with send; ciphertext out with
// poll_transmit (one Transmit per record, labelled with the record's name: "ClientHello",
// "Certificate", "Finished", "Application Data"), plaintext out with poll_plaintext, and
// what happened with poll_event. mbedTLS's I/O goes to in-memory buffers
// (mbedtls_ssl_set_bio), its randomness to the caller's generator (mbedtls_ssl_conf_rng),
// its clock to the simulated time handed in (sim_clock.hpp): a run stays byte-identical.
// A client verifies the server's certificate against the trusted CA and the server name
// (RFC 6125 via mbedTLS, SNI per RFC 6066 §3). Both ends export the session keys in the
// NSS key log format (SSLKEYLOGFILE) so a capture can be decrypted.
// Leaves out: TLS 1.3 (not in mbedTLS 2.28), session resumption and tickets, renegotiation,
// client certificates.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocols/time.hpp"
#include "protocols/transmit.hpp"

namespace protocols::tls {

struct Credentials;

enum class Role : std::uint8_t { Client, Server };

// Fills `out` with `n` random bytes (the world's seeded generator, in the simulator).
using RandomFn = std::function<void(unsigned char* out, std::size_t n)>;

struct StageConfig {
  Role role = Role::Client;
  std::shared_ptr<const Credentials> credentials;  // server: chain + key; client: CAs to trust
  std::string server_name;      // client: SNI and the name the certificate must carry
  bool verify = true;           // client: refuse a certificate that does not verify
  std::int64_t epoch_unix = 0;  // the Unix time simulated time 0 stands for
};

// The handshake finished (both Finished messages checked).
struct HandshakeCompleted {
  std::string version;  // "TLSv1.2"
  std::string cipher;   // "TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384"
  std::string keylog;   // "CLIENT_RANDOM <64 hex> <96 hex>" (NSS key log format)
};
// The handshake or the session failed: mbedTLS's reason; the alert (if any) is already queued.
struct Failed {
  std::string reason;   // "certificate not trusted", "certificate expired", "bad record", ...
  int code = 0;         // mbedTLS's error code
};
// The peer sent close_notify (RFC 5246 §7.2.1).
struct PeerClosed {};

using Event = std::variant<HandshakeCompleted, Failed, PeerClosed>;

class Stage {
 public:
  Stage(StageConfig config, RandomFn random);
  ~Stage();
  Stage(Stage&&) noexcept;
  Stage& operator=(Stage&&) noexcept;

  // A client sends its ClientHello; a server waits for one. Call once.
  void start(Instant now);
  // Ciphertext from the peer.
  void handle_bytes(std::string_view bytes, Instant now);
  // Plaintext to send; held back until the handshake completes.
  void send(std::string_view plaintext, Instant now);
  // Sends close_notify (once). Nothing can be sent after it.
  void close(Instant now);

  std::optional<Transmit> poll_transmit();
  std::optional<std::string> poll_plaintext();
  std::optional<Event> poll_event();

  bool established() const;
  bool failed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace protocols::tls
