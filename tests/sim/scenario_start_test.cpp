// The scenario's start date: the wall-clock moment simulated time 0 stands for.
#include <catch2/catch.hpp>

#include "sim/scenario_loader.hpp"

TEST_CASE("a scenario's start date sets the clock its hosts write in Date fields", "[sim][scenario]") {
  const char* text = R"({"mailsim": 1, "name": "t", "start": "Tue, 10 Mar 2026 10:00:00 +0800",
    "hosts": [{"name": "r", "kind": "router", "ip": "192.0.2.1"}]})";
  sim::LoadResult r = sim::load_scenario_text(text, "t.json");
  REQUIRE(r.ok());
  CHECK(r.scenario->start_unix == 1773108000);
  CHECK(r.scenario->zone_offset_minutes == 480);
}

TEST_CASE("a malformed start date is reported at its position", "[sim][scenario]") {
  const char* text = "{\"mailsim\": 1, \"name\": \"t\",\n \"start\": \"next tuesday\",\n"
                     " \"hosts\": [{\"name\": \"r\", \"kind\": \"router\", \"ip\": \"192.0.2.1\"}]}";
  sim::LoadResult r = sim::load_scenario_text(text, "t.json");
  REQUIRE(r.problems.size() == 1);
  CHECK(sim::format_problem(r.problems[0]).rfind("t.json:2:11: /start: malformed date", 0) == 0);
}
