// Retry presets and the arithmetic of the next attempt.
#include "sim/retry_policy.hpp"

#include <algorithm>
#include <cassert>

namespace sim {

using namespace std::chrono_literals;

std::optional<RetryPolicy> retry_preset(const std::string& name) {
  RetryPolicy p;
  p.name = name;
  if (name == "textbook") {
    p.backoff = RetryPolicy::Backoff::EveryRun;
    p.queue_run_interval = 30min;
    p.queue_lifetime = 72h;
  } else if (name == "postfix") {
    p.backoff = RetryPolicy::Backoff::AgeClamped;
    p.queue_run_interval = 300s;
    p.minimal_backoff = 300s;
    p.maximal_backoff = 4000s;
    p.queue_lifetime = 120h;
  } else if (name == "exim") {
    p.backoff = RetryPolicy::Backoff::EximRules;
    p.queue_run_interval = 5min;
    p.queue_lifetime = 96h;
    p.delay_warning = 24h;
    p.exim_rules = {{false, 2h, 15min, 1.0}, {true, 16h, 1h, 1.5}, {false, 96h, 6h, 1.0}};
  } else if (name == "rfc5321") {
    p.backoff = RetryPolicy::Backoff::Fixed;
    p.queue_run_interval = 5min;
    p.minimal_backoff = 30min;
    p.queue_lifetime = 120h;
  } else {
    return std::nullopt;
  }
  return p;
}

RetryPolicy make_retry_policy(const RetrySpec& spec) {
  std::optional<RetryPolicy> p = retry_preset(spec.preset);
  assert(p && "retry preset validated by the scenario loader");
  if (!p) p = retry_preset("postfix");
  if (spec.queue_run_interval) p->queue_run_interval = *spec.queue_run_interval;
  if (spec.minimal_backoff) p->minimal_backoff = *spec.minimal_backoff;
  if (spec.maximal_backoff) p->maximal_backoff = *spec.maximal_backoff;
  if (spec.queue_lifetime) p->queue_lifetime = *spec.queue_lifetime;
  if (spec.delay_warning) {
    if (spec.delay_warning->count() > 0) p->delay_warning = *spec.delay_warning;
    else p->delay_warning.reset();  // 0 turns the warning off, as in Postfix
  }
  if (p->queue_run_interval <= Duration::zero()) p->queue_run_interval = 1s;
  return *p;
}

std::optional<Instant> RetryPolicy::next_attempt(Instant arrival, Instant first_failure, Instant now,
                                                 Duration* last_interval) const {
  if (now - arrival >= queue_lifetime) return std::nullopt;
  Instant next = now;
  switch (backoff) {
    case Backoff::EveryRun:
      next = now + 1ns;  // the next scan of the queue
      break;
    case Backoff::Fixed:
      next = now + minimal_backoff;
      break;
    case Backoff::AgeClamped: {
      // Postfix qmgr: wait as long as the message has already waited, within bounds.
      Duration age = now - arrival;
      next = now + std::clamp(age, minimal_backoff, maximal_backoff);
      break;
    }
    case Backoff::EximRules: {
      Duration since = now - first_failure;
      const EximRule* rule = nullptr;
      for (const EximRule& r : exim_rules)
        if (since < r.until) {
          rule = &r;
          break;
        }
      if (!rule) return std::nullopt;  // past the last rule: Exim times the address out
      Duration interval = rule->interval;
      if (rule->geometric && last_interval && *last_interval >= rule->interval)
        interval = Duration(static_cast<std::int64_t>(static_cast<double>(last_interval->count()) * rule->factor));
      if (last_interval) *last_interval = interval;
      next = now + interval;
      break;
    }
  }
  if (next - arrival >= queue_lifetime) next = arrival + queue_lifetime;  // last try at expiry
  return next;
}

Instant RetryPolicy::next_queue_run(Instant boot, Instant t) const {
  if (t <= boot) return boot;
  std::int64_t k = ((t - boot).count() + queue_run_interval.count() - 1) / queue_run_interval.count();
  return boot + queue_run_interval * k;
}

std::string RetryPolicy::describe() const {
  using protocols::format_duration;
  std::string s = name + ": queue run every " + format_duration(queue_run_interval);
  switch (backoff) {
    case Backoff::EveryRun: s += ", every deferred message tried at each run"; break;
    case Backoff::Fixed: s += ", at least " + format_duration(minimal_backoff) + " between tries"; break;
    case Backoff::AgeClamped:
      s += ", back-off = message age within [" + format_duration(minimal_backoff) + ", " +
           format_duration(maximal_backoff) + "]";
      break;
    case Backoff::EximRules: s += ", retry rule F,2h,15m; G,16h,1h,1.5; F,4d,6h"; break;
  }
  s += ", give up after " + format_duration(queue_lifetime);
  s += delay_warning ? ", delay warning after " + format_duration(*delay_warning) : ", no delay warning";
  return s;
}

}  // namespace sim
