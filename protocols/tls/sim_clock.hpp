// The simulated clock as mbedTLS sees it. mbedTLS reads time() for certificate validity
// (x509.c) and for the gmt_unix_time of the hello randoms (RFC 5246 §7.4.1.2); the build
// renames those calls to mailsim_tls_time (CMakeLists.txt, objcopy --redefine-sym), which
// answers with the simulated time of the TLS call in progress. A ClockScope sets that time
// for the duration of one call into mbedTLS; the simulator never reads the wall clock.
#pragma once
#include <cstdint>

namespace protocols::tls {

class ClockScope {
 public:
  explicit ClockScope(std::int64_t unix_seconds);
  ~ClockScope();
  ClockScope(const ClockScope&) = delete;
  ClockScope& operator=(const ClockScope&) = delete;

 private:
  bool had_;
  std::int64_t previous_;
};

// The time mbedTLS sees now (for tests); 0 outside any ClockScope.
std::int64_t tls_clock_now();

}  // namespace protocols::tls
