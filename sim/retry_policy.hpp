// When a mail server tries a deferred recipient again, and when it gives up: named presets
// with the real values of real MTAs, each value overridable from the scenario.
//   textbook  the course book's model: the queue is scanned every 30 min and every deferred
//             message is tried at each scan; give up after 3 days.
//   postfix   queue_run_delay 300s; after a failure the next try waits the message's age,
//             clamped to [minimal_backoff_time 300s, maximal_backoff_time 4000s];
//             maximal_queue_lifetime 5d; delay_warning_time 0 (off) unless set.
//   exim      retry rule "F,2h,15m; G,16h,1h,1.5; F,4d,6h" (from the first failure: every
//             15 min for 2 h, then intervals from 1 h growing by 1.5 up to 16 h, then every
//             6 h up to 4 d, then give up); delay_warning 24h; queue runs every 5 min here.
//   rfc5321   RFC 5321 §4.5.4.1: at least 30 min between tries, give up after 5 days.
// An attempt happens at the first queue run at or after the time the policy allows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "protocols/time.hpp"
#include "sim/scenario.hpp"

namespace sim {

using protocols::Instant;

struct RetryPolicy {
  enum class Backoff { EveryRun, AgeClamped, EximRules, Fixed };
  std::string name;
  Backoff backoff = Backoff::EveryRun;
  Duration queue_run_interval{};
  Duration minimal_backoff{}, maximal_backoff{};
  Duration queue_lifetime{};
  std::optional<Duration> delay_warning;
  struct EximRule {
    bool geometric = false;  // F (fixed) or G (geometric)
    Duration until{};        // measured from the first failure
    Duration interval{};
    double factor = 1.0;
  };
  std::vector<EximRule> exim_rules;

  // The earliest time of the next try after a failure at `now`, or none when the message
  // must be given up (past its lifetime).
  //   arrival: when the message entered the queue; first_failure: its first deferral;
  //   last_interval: the interval the previous deferral used (Exim's G rule grows it).
  std::optional<Instant> next_attempt(Instant arrival, Instant first_failure, Instant now,
                                      Duration* last_interval) const;
  // The first queue run at or after t, for a queue manager started at `boot`.
  Instant next_queue_run(Instant boot, Instant t) const;
  std::string describe() const;  // one line for panels and docs
};

std::optional<RetryPolicy> retry_preset(const std::string& name);
// The preset of the spec with its overrides applied; the preset name must be valid
// (the scenario loader checks it).
RetryPolicy make_retry_policy(const RetrySpec& spec);

}  // namespace sim
