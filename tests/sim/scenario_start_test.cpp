// The scenario's start date: the wall-clock moment simulated time 0 stands for.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/input_log.hpp"
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

TEST_CASE("start is marked as given only when the file has it", "[sim][scenario]") {
  const char* with = R"({"mailsim": 1, "name": "t", "start": "Tue, 10 Mar 2026 10:00:00 +0800",
    "hosts": [{"name": "r", "kind": "router", "ip": "192.0.2.1"}]})";
  const char* without = R"({"mailsim": 1, "name": "t", "hosts": [{"name": "r", "kind": "router", "ip": "192.0.2.1"}]})";
  CHECK(sim::load_scenario_text(with, "t.json").scenario->start_given);
  CHECK_FALSE(sim::load_scenario_text(without, "t.json").scenario->start_given);
}

TEST_CASE("an input log's start entry sets the calendar of the replay, and a log without one keeps the scenario's",
          "[sim][scenario][replay]") {
  sim::LoadResult r = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/textbook.json");
  REQUIRE(r.ok());
  sim::ScenarioSpec s = *r.scenario;
  s.start_unix = 1796547600;  // Sun, 06 Dec 2026 09:00:00 +0000
  s.zone_offset_minutes = 0;
  const sim::InputEvent start = sim::start_entry(s);
  CHECK(start.kind == "start");
  CHECK(start.at == protocols::kEpoch);
  CHECK(start.text == "Sun, 06 Dec 2026 09:00:00 +0000");
  CHECK(sim::input_event_to_json(start) == R"({"t":0,"kind":"start","text":"Sun, 06 Dec 2026 09:00:00 +0000"})");

  sim::ScenarioSpec replayed = *r.scenario;
  sim::apply_recorded_start(replayed, {start});
  CHECK(replayed.start_unix == 1796547600);
  CHECK(replayed.zone_offset_minutes == 0);
  sim::ScenarioSpec old = *r.scenario;
  sim::apply_recorded_start(old, {sim::InputEvent{protocols::kEpoch, "fault", "", "max-sessions mail.b.example 4"}});
  CHECK(old.start_unix == r.scenario->start_unix);

  // The run itself writes that calendar: the Received field of the delivered message.
  sim::RunOptions o;
  o.seed = s.seed;
  o.input = {start};
  o.until = protocols::kEpoch + std::chrono::minutes(5);
  sim::RunResult run = sim::simulate(*r.scenario, o);
  bool dated = false;
  for (const auto& e : run.trace.entries())
    if (const auto* seg = std::get_if<sim::SegmentRecord>(&e.record); seg && seg->payload)
      dated |= seg->payload->find("Sun, 06 Dec 2026 09:0") != std::string::npos;
  CHECK(dated);
}

TEST_CASE("an input log whose start date does not parse is refused with its line", "[sim][scenario][replay]") {
  const std::string path = (std::filesystem::temp_directory_path() / "mailsim_bad_start_log.jsonl").string();
  {
    std::ofstream f(path);
    f << R"({"t":0,"kind":"start","text":"tomorrow"})" << "\n";
  }
  sim::InputLog log;
  std::string error;
  CHECK_FALSE(sim::read_input_log(path, &log, &error));
  CHECK(error.find(":1: the start date \"tomorrow\"") != std::string::npos);
  std::filesystem::remove(path);
}
