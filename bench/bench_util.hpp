// What the two benchmark programs (bench_main.cpp, ns3/ns3_bench.cc) measure the same way,
// so that bench/run compares like with like: wall time, peak memory, and the connection
// count per host both read from the environment.
#pragma once
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

inline long peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// MAILSIM_BENCH_CONNS_PER_HOST (default 100): the short connections each of the 1,000 hosts
// opens in the "conns" workload; bench/run sets 5, the scale ns-3 can run.
inline int conns_per_host() {
  const char* per = std::getenv("MAILSIM_BENCH_CONNS_PER_HOST");
  return per ? std::max(1, std::atoi(per)) : 100;
}

}  // namespace bench
