// Scheduler: FIFO ties, cancel, run-until boundary, time never goes backwards.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/scheduler.hpp"

using namespace std::chrono_literals;
using sim::Scheduler;

TEST_CASE("events at equal times run in insertion order", "[sim][scheduler]") {
  Scheduler s;
  std::vector<int> order;
  for (int i = 0; i < 5; ++i) s.at(protocols::kEpoch + 1s, [&, i] { order.push_back(i); });
  s.at(protocols::kEpoch + 500ms, [&] { order.push_back(-1); });
  s.run();
  REQUIRE(order == std::vector<int>{-1, 0, 1, 2, 3, 4});
}

TEST_CASE("a cancelled event does not run and its stale id cancels nothing later", "[sim][scheduler]") {
  Scheduler s;
  int ran = 0;
  auto id = s.after(1s, [&] { ran += 1; });
  REQUIRE(s.cancel(id));
  REQUIRE_FALSE(s.cancel(id));
  s.run();
  REQUIRE(ran == 0);
  auto id2 = s.after(1s, [&] { ran += 10; });  // may reuse the slot
  REQUIRE_FALSE(s.cancel(id));
  REQUIRE(s.pending(id2));
  s.run();
  REQUIRE(ran == 10);
}

TEST_CASE("run_until runs events at the boundary and stops after it", "[sim][scheduler]") {
  Scheduler s;
  std::vector<int> seen;
  s.at(protocols::kEpoch + 1s, [&] { seen.push_back(1); });
  s.at(protocols::kEpoch + 2s, [&] { seen.push_back(2); });
  s.at(protocols::kEpoch + 2s + 1ns, [&] { seen.push_back(3); });
  s.run_until(protocols::kEpoch + 2s);
  REQUIRE(seen == std::vector<int>{1, 2});
  REQUIRE(s.now() == protocols::kEpoch + 2s);
  s.run_until(protocols::kEpoch + 10s);
  REQUIRE(seen == std::vector<int>{1, 2, 3});
  REQUIRE(s.now() == protocols::kEpoch + 10s);
}

TEST_CASE("time seen by events never goes backwards", "[sim][scheduler]") {
  Scheduler s;
  sim::Instant last{};
  bool monotonic = true;
  std::uint64_t x = 12345;
  for (int i = 0; i < 10000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    s.at(protocols::kEpoch + std::chrono::nanoseconds(x >> 40), [&] {
      if (s.now() < last) monotonic = false;
      last = s.now();
      // events scheduled from inside events land at or after now
      if ((x & 7) == 0) s.after(0ns, [&] { if (s.now() < last) monotonic = false; });
    });
  }
  s.run();
  REQUIRE(monotonic);
}

TEST_CASE("an event scheduled for now from inside an event runs after those already due", "[sim][scheduler]") {
  Scheduler s;
  std::vector<int> order;
  s.at(protocols::kEpoch + 1s, [&] {
    order.push_back(1);
    s.after(0s, [&] { order.push_back(3); });
  });
  s.at(protocols::kEpoch + 1s, [&] { order.push_back(2); });
  s.run();
  REQUIRE(order == std::vector<int>{1, 2, 3});
}
