// Scheduler: FIFO ties, cancel, run-until boundary, time never goes backwards.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
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

TEST_CASE("near and far events, cancelled in bulk, still run in (time, insertion) order", "[sim][scheduler]") {
  // Against a reference: a random mix of events from nanoseconds to hours ahead, scheduled
  // from inside other events, most of them cancelled (as TCP re-arms its timers), some
  // at equal times. The order must be exactly that of sorting by (time, insertion).
  Scheduler s;
  std::uint64_t x = 12345;
  auto rnd = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL, x >> 33; };
  struct Planned { std::int64_t t; int seq; bool cancelled; };
  std::vector<Planned> planned;
  std::vector<int> ran;
  std::vector<sim::EventId> ids;
  int next = 0;
  std::function<void(int)> add = [&](int depth) {
    std::int64_t d = std::int64_t(rnd() % 4 == 0 ? rnd() % 7'200'000'000'000ULL : rnd() % 3'000'000'000ULL) / (rnd() % 2 ? 1 : 1000);
    if (rnd() % 8 == 0) d = 0;                                  // ties with the running event's time
    if (rnd() % 8 == 0) d = std::int64_t(rnd() % 4) * 1'000'000'000;  // ties across the window edge
    const int me = next++;
    planned.push_back({protocols::ns_of(s.now()) + d, me, false});
    ids.push_back(s.after(std::chrono::nanoseconds(d), [&, me, depth] {
      ran.push_back(me);
      if (depth < 3)
        for (int k = 0; k < 2; ++k) add(depth + 1);
      for (int k = 0; k < 3; ++k) {
        std::size_t victim = rnd() % ids.size();
        if (s.cancel(ids[victim])) planned[victim].cancelled = true;
      }
    }));
  };
  for (int i = 0; i < 3000; ++i) add(0);
  s.run();
  std::vector<Planned> expect;
  for (const auto& p : planned)
    if (!p.cancelled) expect.push_back(p);
  std::stable_sort(expect.begin(), expect.end(), [](const Planned& a, const Planned& b) { return a.t < b.t; });
  REQUIRE(ran.size() == expect.size());
  for (std::size_t i = 0; i < ran.size(); ++i) REQUIRE(ran[i] == expect[i].seq);
  CHECK(s.queued() == 0);
}

TEST_CASE("a reserved schedule queued one event at a time runs as if queued at once", "[sim][scheduler]") {
  // Ten events reserved up front, then three ordinary ones queued for the same times; the
  // reserved ones are queued one by one, each by the one before it, hours later than the
  // ordinary ones: they still run first at each equal time, in their reserved order.
  Scheduler s;
  std::vector<int> order;
  const std::uint64_t first = s.reserve_order(10);
  for (int i = 0; i < 3; ++i) s.at(protocols::kEpoch + 2h, [&, i] { order.push_back(100 + i); });
  std::function<void(int)> queue = [&](int i) {
    if (i == 10) return;
    s.at_reserved(protocols::kEpoch + 1h * (i / 5 + 1), first + i, [&, i] {
      order.push_back(i);
      queue(i + 1);
    });
  };
  queue(0);
  s.run();
  REQUIRE(order == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 101, 102});
}
