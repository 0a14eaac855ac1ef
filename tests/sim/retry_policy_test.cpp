// Retry presets: the attempt times each real MTA's settings give.
#include <catch2/catch.hpp>

#include "sim/retry_policy.hpp"

using namespace std::chrono_literals;
using namespace sim;
using protocols::kEpoch;

namespace {
// Times of attempts for a recipient that always fails, attempts at queue runs.
std::vector<Duration> attempts(const RetryPolicy& p, Duration horizon) {
  std::vector<Duration> out;
  Instant t = kEpoch;  // first attempt at arrival
  Duration last{};
  Duration* lp = &last;
  bool first = true;
  while (t - kEpoch < horizon) {
    out.push_back(t - kEpoch);
    auto next = p.next_attempt(kEpoch, kEpoch, t, first ? nullptr : lp);
    if (first) last = Duration{};
    first = false;
    if (!next) break;
    t = p.next_queue_run(kEpoch, *next);
  }
  return out;
}
}  // namespace

TEST_CASE("the textbook preset tries at every 30-minute scan and gives up after three days", "[sim][retry]") {
  RetryPolicy p = *retry_preset("textbook");
  auto a = attempts(p, 100h);
  REQUIRE(a.size() >= 4);
  CHECK(a[1] == 30min);
  CHECK(a[2] == 60min);
  CHECK(a[3] == 90min);
  CHECK(a.back() == 72h);
  CHECK_FALSE(p.next_attempt(kEpoch, kEpoch, kEpoch + 72h, nullptr));
}

TEST_CASE("a receiver down from 10:00 to 11:10 gets the mail at the 11:30 scan", "[sim][retry]") {
  // The exam question: the queue is scanned every 30 minutes.
  RetryPolicy p = *retry_preset("textbook");
  auto a = attempts(p, 2h);
  Duration up = 70min;
  Duration delivered{};
  for (Duration t : a)
    if (t >= up) {
      delivered = t;
      break;
    }
  CHECK(delivered == 90min);
}

TEST_CASE("the postfix preset backs off with the message's age between 300 and 4000 seconds", "[sim][retry]") {
  RetryPolicy p = *retry_preset("postfix");
  auto a = attempts(p, 6h);
  REQUIRE(a.size() >= 6);
  CHECK(a[1] == 300s);   // age 0 -> minimal 300 s
  CHECK(a[2] == 600s);   // age 300 s -> 300 s
  CHECK(a[3] == 1200s);  // age 600 s
  CHECK(a[4] == 2400s);  // age 1200 s
  CHECK(a[5] == 4800s);  // age 2400 s
  CHECK(a[6] == 9000s);  // 4800 s + 4000 s (clamped) = 8800 s, tried at the next run
  CHECK(p.queue_lifetime == 120h);
  CHECK_FALSE(p.delay_warning);
}

TEST_CASE("the exim preset follows F,2h,15m then G,16h,1h,1.5 then F,4d,6h", "[sim][retry]") {
  RetryPolicy p = *retry_preset("exim");
  auto a = attempts(p, 5 * 24h);
  REQUIRE(a.size() > 12);
  CHECK(a[1] == 15min);
  CHECK(a[8] == 120min);  // 8 tries at 15-minute steps fill the first 2 h
  CHECK(a[9] - a[8] == 60min);
  CHECK(a[10] - a[9] == 90min);
  CHECK(a.back() <= 96h);
  CHECK(p.delay_warning == 24h);
}

TEST_CASE("scenario overrides replace a preset's values", "[sim][retry]") {
  RetrySpec s;
  s.preset = "postfix";
  s.queue_lifetime = 1h;
  s.delay_warning = 10min;
  RetryPolicy p = make_retry_policy(s);
  CHECK(p.queue_lifetime == 1h);
  CHECK(p.delay_warning == 10min);
  CHECK_FALSE(p.next_attempt(kEpoch, kEpoch, kEpoch + 1h, nullptr));
  CHECK_FALSE(retry_preset("sendmail"));
}
