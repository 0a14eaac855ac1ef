// A world's TLS (docs/tls.md): its certificate authority, made from the world's seed at the
// first use (a world without TLS never makes one), a certificate per server host, and the
// stage configuration for each side of a connection. Random bytes for the stages come from
// the world's one generator, so a TLS run is as deterministic as any other.
// Only in builds with TLS (MAILSIM_HAVE_TLS; the web build has none).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "protocols/tls/authority.hpp"
#include "protocols/tls/stage.hpp"

namespace sim {

struct Kernel;

class TlsContext {
 public:
  // Certificates are valid from a day before `epoch_unix` (simulated time 0) for 825 days.
  TlsContext(std::uint64_t seed, std::int64_t epoch_unix) : seed_(seed), epoch_unix_(epoch_unix) {}

  // The server side of a connection to `host`, with its certificate (issued on first use).
  protocols::tls::StageConfig server(const std::string& host);
  // The client side, trusting the world's CA and checking the name `server_name`.
  protocols::tls::StageConfig client(const std::string& server_name);
  // The CA certificate (PEM), for a real client to trust.
  const std::string& ca_pem();

 private:
  protocols::tls::Authority& authority();

  std::uint64_t seed_;
  std::int64_t epoch_unix_;
  std::unique_ptr<protocols::tls::Authority> authority_;
  std::map<std::string, std::shared_ptr<const protocols::tls::Credentials>> issued_;
};

// Random bytes drawn from the world's generator.
protocols::tls::RandomFn world_random(Kernel& k);

}  // namespace sim
