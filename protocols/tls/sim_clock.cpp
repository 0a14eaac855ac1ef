// See sim_clock.hpp. One value per thread, so two worlds on two threads do not mix clocks.
#include "protocols/tls/sim_clock.hpp"

#include <cassert>
#include <ctime>

namespace protocols::tls {
namespace {
thread_local bool t_set = false;
thread_local std::int64_t t_unix = 0;
}  // namespace

ClockScope::ClockScope(std::int64_t unix_seconds) : had_(t_set), previous_(t_unix) {
  t_set = true;
  t_unix = unix_seconds;
}

ClockScope::~ClockScope() {
  t_set = had_;
  t_unix = previous_;
}

std::int64_t tls_clock_now() { return t_set ? t_unix : 0; }

}  // namespace protocols::tls

// mbedTLS's time(), renamed at link time. Every call into mbedTLS that can reach it runs
// inside a ClockScope; outside one it answers the epoch rather than the wall clock.
extern "C" std::time_t mailsim_tls_time(std::time_t* out) {
  assert(protocols::tls::t_set && "mbedTLS read the clock outside a ClockScope");
  const auto t = static_cast<std::time_t>(protocols::tls::tls_clock_now());
  if (out) *out = t;
  return t;
}
