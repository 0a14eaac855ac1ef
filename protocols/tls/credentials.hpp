// What a TLS stage is configured with (private to protocols/tls: it includes mbedTLS):
// a certificate chain with its key (a server) or the CAs to trust (a client).
#pragma once
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include <string>

namespace protocols::tls {

struct Credentials {
  Credentials() {
    mbedtls_x509_crt_init(&chain);
    mbedtls_pk_init(&key);
  }
  ~Credentials() {
    mbedtls_x509_crt_free(&chain);
    mbedtls_pk_free(&key);
  }
  Credentials(const Credentials&) = delete;
  Credentials& operator=(const Credentials&) = delete;

  mbedtls_x509_crt chain;  // host certificate first, then its CA; or the trusted CAs
  mbedtls_pk_context key;  // the host's private key; unset for trust only
  bool has_key = false;
  std::string cert_pem;    // the first certificate, PEM
};

}  // namespace protocols::tls
