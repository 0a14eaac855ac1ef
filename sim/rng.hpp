// The world's one seeded random generator (xoshiro256** seeded through splitmix64).
// Written out rather than taken from <random>, whose distributions differ between standard
// libraries: the same seed must give the same trace everywhere.
#pragma once
#include <cstdint>

namespace sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1);
  std::uint64_t next_u64();
  std::uint32_t next_u32() { return static_cast<std::uint32_t>(next_u64() >> 32); }
  // Uniform in [0, n); n > 0.
  std::uint64_t below(std::uint64_t n);
  // Uniform in [0, 1).
  double unit();
  // True with probability p (p <= 0 never, p >= 1 always; no draw is made in those cases,
  // so a loss-free link does not perturb the sequence of draws).
  bool chance(double p);

 private:
  std::uint64_t s_[4];
};

}  // namespace sim
