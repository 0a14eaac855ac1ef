// Canonical scenario writer: every shipped scenario round-trips (load -> write -> load gives an
// equal ScenarioSpec), writing is idempotent, the run's trace is the same byte for byte after
// formatting, and tests/data/scenarios/every_field.json (every key, none at its default) is
// itself canonical.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/read_file.hpp"
#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/scenario_writer.hpp"
#include "sim/trace_format.hpp"

namespace {

std::string problems_text(const sim::LoadResult& r) {
  std::string out;
  for (const sim::Problem& p : r.problems) out += sim::format_problem(p) + "\n";
  return out;
}

// Every scenario the project ships or tests with that loads: the assets, the lessons' worlds
// and the good ones of tests/data/scenarios.
std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> out;
  for (const char* dir : {"/assets/scenarios", "/lessons/content/scenarios", "/tests/data/scenarios"})
    for (const auto& e : std::filesystem::directory_iterator(std::string(MAILSIM_SOURCE_DIR) + dir))
      if (e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string jsonl(const sim::Trace& trace) {
  std::string out;
  for (const sim::TraceEntry& e : trace.entries()) out += sim::to_jsonl(e, trace) + "\n";
  return out;
}

const std::string kEveryField = MAILSIM_TEST_DATA "/scenarios/every_field.json";

}  // namespace

TEST_CASE("every shipped scenario round-trips through the canonical writer", "[sim][scenario][writer]") {
  int count = 0;
  for (const std::string& path : shipped_scenarios()) {
    sim::LoadResult first = sim::load_scenario(path);
    if (!first.ok()) continue;  // tests/data/scenarios holds a few on purpose-broken neighbours
    INFO(path);
    std::string text = sim::write_scenario(*first.scenario);
    sim::LoadResult again = sim::load_scenario_text(text, path);
    INFO(text << problems_text(again));
    REQUIRE(again.ok());
    CHECK(*again.scenario == *first.scenario);
    CHECK(sim::write_scenario(*again.scenario) == text);  // idempotent
    ++count;
  }
  CHECK(count >= 15);
}

TEST_CASE("formatting a scenario leaves its run's trace unchanged", "[sim][scenario][writer]") {
  int busy = 0;  // scenarios whose run records something (a mailbox-only world records nothing)
  for (const std::string& path : shipped_scenarios()) {
    sim::LoadResult first = sim::load_scenario(path);
    if (!first.ok()) continue;
    INFO(path);
    sim::LoadResult formatted = sim::load_scenario_text(sim::write_scenario(*first.scenario), path);
    REQUIRE(formatted.ok());
    sim::RunOptions options;
    options.seed = first.scenario->seed;
    options.until = protocols::kEpoch + std::chrono::hours(2);
    std::string before = jsonl(sim::simulate(*first.scenario, options).trace);
    std::string after = jsonl(sim::simulate(*formatted.scenario, options).trace);
    busy += !before.empty();
    CHECK(before == after);
  }
  CHECK(busy >= 15);
}

TEST_CASE("every_field.json uses every key and is canonical", "[sim][scenario][writer]") {
  sim::FileProblem problem;
  std::optional<std::string> text = sim::read_whole_file(kEveryField, &problem);
  REQUIRE(text);
  sim::LoadResult r = sim::load_scenario(kEveryField);
  INFO(problems_text(r));
  REQUIRE(r.ok());
  CHECK(sim::write_scenario(*r.scenario) == *text);
  // Every key of docs/scenario.md, so that a field the writer forgot cannot hide here.
  for (const char* key :
       {"mailsim", "name", "title", "description", "seed", "start", "until", "dns_server", "hosts", "links", "dns",
        "faults", "kind", "ip", "resolver", "domains", "users", "password", "maildir", "eml", "retry", "preset",
        "queue_run_interval", "minimal_backoff", "maximal_backoff", "queue_lifetime", "delay_warning",
        "max_message_size", "max_recipients", "8bitmime", "smtputf8", "address", "server", "send", "at", "to",
        "cc", "subject", "body", "attachments", "filename", "content_type", "text", "size", "read", "protocol",
        "every", "mode", "keep_for", "apop", "idle", "actions", "do", "folder", "uid", "flag", "mail_server",
        "domain", "webmail", "user", "port", "connect_to", "lines", "a", "b", "latency", "bandwidth", "loss",
        "mtu", "up", "type", "preference", "value"}) {
    INFO(key);
    CHECK(text->find("\"" + std::string(key) + "\":") != std::string::npos);
  }
  // The mailbox imports came back as the messages they name.
  const sim::HostSpec& mail = r.scenario->hosts[3];
  REQUIRE(mail.mail.users.size() == 3);
  CHECK(mail.mail.users[0].maildir == "../mailboxes/alice/Maildir");
  CHECK_FALSE(mail.mail.users[0].mailbox.empty());
  CHECK(mail.mail.users[2].eml.size() == 2);
}

TEST_CASE("the writer leaves defaults out and lays short objects on one line", "[sim][scenario][writer]") {
  sim::ScenarioSpec s;
  s.name = "tiny";
  sim::HostSpec dns;
  dns.name = "dns.example";
  dns.kind = "dns-server";
  dns.ip = "203.0.113.53";
  s.hosts.push_back(dns);
  s.dns_server = "dns.example";  // the only DNS server: implicit, so not written
  sim::LinkSpec l;
  l.a = "x";
  l.b = "y";
  l.bandwidth_bps = 2'500'000;
  l.latency = std::chrono::microseconds(1500);
  s.links.push_back(l);
  CHECK(sim::write_scenario(s) ==
        "{\n"
        "  \"mailsim\": 1,\n"
        "  \"name\": \"tiny\",\n"
        "  \"hosts\": [{\"name\": \"dns.example\", \"kind\": \"dns-server\", \"ip\": \"203.0.113.53\"}],\n"
        "  \"links\": [{\"a\": \"x\", \"b\": \"y\", \"latency\": \"1500us\", \"bandwidth\": \"2500kbps\"}]\n"
        "}\n");
}

TEST_CASE("a required host reference that is empty is a problem", "[sim][scenario]") {
  sim::LoadResult r = sim::load_scenario_text(
      R"({"mailsim": 1, "name": "x", "hosts": [
  {"name": "pc", "kind": "user-agent", "ip": "192.0.2.1", "address": "a@a.example", "password": "p", "server": ""}]})",
      "empty_ref.json");
  REQUIRE(r.problems.size() == 1);
  CHECK(sim::format_problem(r.problems[0]) == "empty_ref.json:2:112: /hosts/0/server: \"server\" names no host (empty)");
}
