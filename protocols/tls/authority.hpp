// A scenario's certificate authority, made deterministically from a seed: an ECDSA P-256
// CA key and self-signed CA certificate, and for each host a key and a certificate for its
// name (subjectAltName dNSName, RFC 5280 §4.2.1.6; CN too) signed by that CA. Keys and
// signatures come from an HMAC_DRBG (NIST SP 800-90A) seeded with the seed alone, so the
// same seed gives the same PEM bytes on every machine. Validity is given in Unix seconds
// of the simulated clock, which is what the TLS stage checks it against (sim_clock.hpp).
// Leaves out: revocation, intermediate CAs, RSA keys.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace protocols::tls {

struct Credentials;  // parsed certificates and key (credentials.hpp), shared by stages

class Authority {
 public:
  Authority(std::uint64_t seed, std::int64_t not_before, std::int64_t not_after);
  ~Authority();
  Authority(const Authority&) = delete;
  Authority& operator=(const Authority&) = delete;

  // A certificate for `host` (and its key), with the CA certificate behind it in the chain.
  // Hosts are issued serial numbers in call order; the same calls give the same bytes.
  std::shared_ptr<const Credentials> issue(std::string_view host);
  // What a client trusts: the CA certificate alone.
  std::shared_ptr<const Credentials> trust() const { return trust_; }
  const std::string& ca_pem() const { return ca_pem_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::shared_ptr<const Credentials> trust_;
  std::string ca_pem_;
};

// The first certificate of `c` (the host's, or the CA's), PEM.
const std::string& certificate_pem(const Credentials& c);

// "20260105000000" (UTC), the form X.509 writing takes (RFC 5280 §4.1.2.5).
std::string x509_time(std::int64_t unix_seconds);

}  // namespace protocols::tls
