// The design-mode editing model (sim/scenario_edit.hpp) with no UI: the textbook world built
// from nothing by its operations passes the loader, runs and delivers; undo and redo restore
// exact drafts; validation carries the loader's words at the field's pointer; a half-built
// world never crashes anything.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "sim/run.hpp"
#include "sim/scenario_edit.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/trace.hpp"

using namespace std::chrono_literals;
using sim::ScenarioJson;

namespace {

int mailbox_appends(const sim::RunResult& r, const std::string& host, const std::string& user) {
  int n = 0;
  for (const auto& e : r.trace.entries())
    if (auto* m = std::get_if<sim::MailboxRecord>(&e.record))
      n += r.trace.host_name(m->host) == host && m->user == user && to_string(m->action) == "append";
  return n;
}

std::string h(const sim::ScenarioEditor& e, const std::string& name, const std::string& field) {
  return "/hosts/" + std::to_string(*e.host_index(name)) + "/" + field;
}

// The textbook topology from an empty world, the way the design window's palette, canvas
// and property panel drive the model: five hosts, four links, two MX records, two users.
void build_textbook(sim::ScenarioEditor& e) {
  std::string pc = e.add_host("user-agent", {0.1f, 0.45f});  // no mail server yet: server ""
  std::string mail_a = e.add_host("mail-server", {0.3f, 0.45f});
  std::string dns = e.add_host("dns-server", {0.3f, 0.8f});
  std::string mail_b = e.add_host("mail-server", {0.7f, 0.45f});
  std::string bob_pc = e.add_host("user-agent", {0.9f, 0.45f});  // submits to the first mail server
  REQUIRE(e.rename_host(pc, "alice-pc"));
  REQUIRE(e.rename_host(mail_a, "mail.a.example"));
  REQUIRE(e.rename_host(dns, "dns.example"));
  REQUIRE(e.rename_host(mail_b, "mail.b.example"));
  REQUIRE(e.rename_host(bob_pc, "bob-pc"));
  CHECK(e.at(h(e, "bob-pc", "server"))->get<std::string>() == "mail.a.example");  // renamed with it
  REQUIRE(e.add_link("alice-pc", "mail.a.example"));
  REQUIRE(e.add_link("mail.a.example", "dns.example"));
  REQUIRE(e.add_link("mail.a.example", "mail.b.example"));
  REQUIRE(e.add_link("mail.b.example", "bob-pc"));
  REQUIRE(e.set(h(e, "mail.a.example", "domains"), ScenarioJson::array({"a.example"})));
  REQUIRE(e.set(h(e, "mail.b.example", "domains"), ScenarioJson::array({"b.example"})));
  REQUIRE(e.append(h(e, "mail.a.example", "users"), {{"name", "alice"}, {"password", "alice-secret"}}));
  REQUIRE(e.append(h(e, "mail.b.example", "users"), {{"name", "bob"}, {"password", "bob-secret"}}));
  REQUIRE(e.set(h(e, "alice-pc", "server"), "mail.a.example"));
  REQUIRE(e.set(h(e, "alice-pc", "address"), "alice@a.example"));
  REQUIRE(e.set(h(e, "alice-pc", "password"), "alice-secret"));
  REQUIRE(e.set(h(e, "bob-pc", "server"), "mail.b.example"));
  REQUIRE(e.set(h(e, "bob-pc", "address"), "bob@b.example"));
  REQUIRE(e.set(h(e, "bob-pc", "password"), "bob-secret"));
  REQUIRE(e.append("/dns", {{"name", "a.example"}, {"type", "MX"}, {"preference", 10}, {"value", "mail.a.example"}}));
  REQUIRE(e.append("/dns", {{"name", "b.example"}, {"type", "MX"}, {"preference", 10}, {"value", "mail.b.example"}}));
  REQUIRE(e.append(h(e, "alice-pc", "send"),
                   {{"at", "1s"}, {"to", {"bob@b.example"}}, {"subject", "Hello Bob"}, {"body", "Hi Bob,\n"}}));
  REQUIRE(e.set("/name", "textbook-by-hand"));
}

}  // namespace

TEST_CASE("the textbook world built from nothing loads, runs and delivers, and undo all gives nothing", "[sim][design]") {
  sim::ScenarioEditor e;
  const sim::Draft empty = e.draft();
  CHECK(e.problems().empty());  // an empty world is a valid one
  build_textbook(e);
  INFO(e.save_text());
  for (const sim::Problem& p : e.problems()) INFO(sim::format_problem(p));
  REQUIRE(e.problems().empty());
  CHECK(e.host_count() == 5);
  CHECK(e.doc()["links"].size() == 4);

  std::string path = (std::filesystem::temp_directory_path() / "mailsim_design_textbook.json").string();
  std::string error;
  REQUIRE(e.save(path, &error));
  sim::LoadResult loaded = sim::load_scenario(path);  // what `mailsim check` runs
  REQUIRE(loaded.ok());
  CHECK(*loaded.scenario == *e.scenario());
  std::filesystem::remove(path);

  sim::RunOptions options;
  options.until = protocols::kEpoch + 10min;
  sim::RunResult run = sim::simulate(*loaded.scenario, options);
  CHECK(mailbox_appends(run, "mail.b.example", "bob") == 1);

  while (e.undo()) {
  }
  CHECK(e.draft() == empty);
  CHECK(e.host_count() == 0);
  while (e.redo()) {
  }
  CHECK(*e.scenario() == *loaded.scenario);
}

TEST_CASE("undo and redo restore the exact previous draft", "[sim][design]") {
  sim::ScenarioEditor e;
  std::string mail = e.add_host("mail-server", {0.2f, 0.2f});
  sim::Draft one = e.draft();
  // A drag is many moves and one undo step.
  for (int i = 1; i <= 10; ++i) e.move_host(mail, {0.2f + 0.01f * float(i), 0.3f});
  sim::Draft moved = e.draft();
  CHECK(moved.places[0] == sim::Place{0.3f, 0.3f});
  // Typing in one field is one step too.
  for (const char* text : {"a", "a.", "a.ex", "a.example"}) e.set(h(e, mail, "domains/0"), text);
  sim::Draft typed = e.draft();
  REQUIRE(e.undo());
  CHECK(e.draft() == moved);
  REQUIRE(e.undo());
  CHECK(e.draft() == one);
  REQUIRE(e.redo());
  REQUIRE(e.redo());
  CHECK(e.draft() == typed);
  CHECK_FALSE(e.redo());
  // A new edit after undo drops the redo branch.
  REQUIRE(e.undo());
  REQUIRE(e.remove_host(mail));
  CHECK_FALSE(e.can_redo());
  CHECK(e.host_count() == 0);
  CHECK(e.places().empty());
}

TEST_CASE("validation gives the loader's messages at the field's pointer", "[sim][design]") {
  sim::ScenarioEditor e;
  std::string pc = e.add_host("user-agent", {0.1f, 0.1f});  // no mail server to submit to
  std::string server = h(e, pc, "server");
  auto at_server = e.problems_at(server);
  REQUIRE(at_server.size() == 1);
  CHECK(at_server[0].message == "\"server\" names no host (empty)");
  CHECK_FALSE(e.scenario());

  REQUIRE(e.set(h(e, pc, "ip"), "192.0.2.300"));
  auto at_ip = e.problems_at(h(e, pc, "ip"));
  REQUIRE(at_ip.size() == 1);
  CHECK(at_ip[0].message == "malformed IPv4 address \"192.0.2.300\"");
  CHECK(e.problems_at("/hosts/0", true).size() == 2);

  REQUIRE(e.set(h(e, pc, "server"), "mail.nowhere"));
  CHECK(e.problems_at(server)[0].message == "unknown host \"mail.nowhere\"");
  std::string dns = e.add_host("dns-server", {0.5f, 0.5f});
  REQUIRE(e.set(h(e, pc, "server"), dns));
  CHECK(e.problems_at(server)[0].message == "\"dns-1.example\" is a dns-server, not a mail-server");
}

TEST_CASE("operations refuse what does not apply and a half-built world never crashes", "[sim][design]") {
  sim::ScenarioEditor e;
  std::string a = e.add_host("router", {0.1f, 0.1f});
  std::string b = e.add_host("router", {0.2f, 0.1f});
  CHECK(e.add_host("toaster", {}) == "");
  CHECK_FALSE(e.add_link(a, a));
  CHECK(e.add_link(a, b));
  CHECK_FALSE(e.add_link(b, a));  // the same link
  CHECK_FALSE(e.add_link(a, "nowhere"));
  CHECK_FALSE(e.rename_host(a, b));
  CHECK_FALSE(e.rename_host(a, ""));
  CHECK_FALSE(e.set("not a pointer", 1));
  CHECK_FALSE(e.set("/name/x", 1));  // through a string
  CHECK_FALSE(e.erase("/hosts/7"));
  // Broken values of every shape: the loader reports, nothing throws.
  for (const ScenarioJson& v : {ScenarioJson(nullptr), ScenarioJson(42), ScenarioJson("x"), ScenarioJson::array(),
                                ScenarioJson::object(), ScenarioJson(-1.5), ScenarioJson(true)}) {
    for (const char* p : {"/hosts/0", "/hosts/0/kind", "/links/0", "/links/0/a", "/hosts", "/links", "/dns", "/faults",
                          "/seed", "/mailsim"}) {
      bool changed = e.set(p, v);
      CHECK_NOTHROW(e.problems());
      CHECK_NOTHROW(e.save_text());
      if (changed) e.undo();
    }
  }
  // Removing a host takes its links; the link's end elsewhere is then reported, not followed.
  REQUIRE(e.remove_host(a));
  CHECK(e.doc()["links"].empty());
  CHECK(e.places().size() == 1);
}

TEST_CASE("renaming a host renames every reference to it", "[sim][design]") {
  sim::ScenarioEditor e;
  std::string mail = e.add_host("mail-server", {});
  std::string pc = e.add_host("user-agent", {});
  std::string dns = e.add_host("dns-server", {});
  e.add_link(pc, mail);
  e.set(h(e, pc, "resolver"), dns);
  e.set("/dns_server", dns);
  e.append("/dns", {{"name", "b.example"}, {"type", "MX"}, {"preference", 5}, {"value", mail}});
  e.append("/faults", "10m power-off " + mail);
  e.append("/faults", "1m link-down " + pc + "-" + mail);
  REQUIRE(e.rename_host(mail, "mx.b.example"));
  REQUIRE(e.rename_host(dns, "ns.example"));
  CHECK(e.at(h(e, pc, "server"))->get<std::string>() == "mx.b.example");
  CHECK(e.at(h(e, pc, "resolver"))->get<std::string>() == "ns.example");
  CHECK(e.at("/dns_server")->get<std::string>() == "ns.example");
  CHECK(e.at("/links/0/b")->get<std::string>() == "mx.b.example");
  CHECK(e.at("/dns/0/value")->get<std::string>() == "mx.b.example");
  CHECK(e.at("/faults/0")->get<std::string>() == "10m power-off mx.b.example");
  CHECK(e.at("/faults/1")->get<std::string>() == "1m link-down pc-1-mx.b.example");
}
