// Chaos runs (sim/chaos.hpp): under a seeded storm of faults, nothing a server accepted is
// lost — every recipient is delivered, bounced with a DSN, or still queued.
#include <catch2/catch.hpp>

#include "sim/chaos.hpp"

using namespace sim;

TEST_CASE("a chaos run accounts for every accepted message", "[sim][chaos]") {
  for (std::uint64_t seed : {1, 2, 3}) {
    ChaosOptions o;
    o.seed = seed;
    o.servers = 5;
    o.messages = 40;
    o.faults = 25;
    ChaosReport r = run_chaos(o);
    INFO(format_report(o, r));
    CHECK(r.composed == 40);
    CHECK(r.faults_applied == 50);
    // The run must have exercised all three outcomes, or it proves little.
    CHECK(r.accepted > 20);
    CHECK(r.delivered > 0);
    CHECK(r.bounced > 0);
    CHECK(r.delivered + r.bounced + r.queued + r.lost == r.recipients);
    CHECK(r.bad_dsn == 0);
    CHECK(r.lost == 0);
  }
}

TEST_CASE("a chaos run is a pure function of its options", "[sim][chaos]") {
  ChaosOptions o;
  o.seed = 7;
  o.servers = 3;
  o.messages = 15;
  o.faults = 10;
  ChaosReport a = run_chaos(o), b = run_chaos(o);
  CHECK(format_report(o, a) == format_report(o, b));
  CHECK(a.events == b.events);
}
