// See tls_context.hpp.
#include "sim/tls_context.hpp"

#include "sim/kernel.hpp"

namespace sim {

protocols::tls::Authority& TlsContext::authority() {
  // The CA's own generator is seeded from the world's seed, not drawn from the world's
  // generator: making it does not move the sequence other draws see.
  if (!authority_)
    authority_ = std::make_unique<protocols::tls::Authority>(seed_, epoch_unix_ - 86400, epoch_unix_ + 825 * 86400);
  return *authority_;
}

protocols::tls::StageConfig TlsContext::server(const std::string& host) {
  auto& creds = issued_[host];
  if (!creds) creds = authority().issue(host);
  protocols::tls::StageConfig c;
  c.role = protocols::tls::Role::Server;
  c.credentials = creds;
  c.epoch_unix = epoch_unix_;
  return c;
}

protocols::tls::StageConfig TlsContext::client(const std::string& server_name) {
  protocols::tls::StageConfig c;
  c.role = protocols::tls::Role::Client;
  c.credentials = authority().trust();
  c.server_name = server_name;
  c.epoch_unix = epoch_unix_;
  return c;
}

const std::string& TlsContext::ca_pem() { return authority().ca_pem(); }

protocols::tls::RandomFn world_random(Kernel& k) {
  return [&k](unsigned char* out, std::size_t n) {
    for (std::size_t i = 0; i < n; i += 8) {
      const std::uint64_t v = k.rng.next_u64();
      for (std::size_t j = 0; j < 8 && i + j < n; ++j) out[i + j] = static_cast<unsigned char>(v >> (8 * j));
    }
  };
}

}  // namespace sim
