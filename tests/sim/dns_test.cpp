// DNS over UDP: MX lookups with preferences, NXDOMAIN, no data, and a server that is down.
#include <catch2/catch.hpp>

#include "sim/resolver.hpp"
#include "sim/world.hpp"
#include "world_fixture.hpp"

using namespace std::chrono_literals;
using namespace sim;
namespace dns = protocols::dns;

namespace {
ScenarioSpec with_mx() {
  ScenarioSpec s = test::three_hosts();
  s.dns_records = {{"b.example", "MX", 20, "backup.b.example", {}},
                   {"b.example", "MX", 10, "b", {}},
                   {"backup.b.example", "A", 0, "198.51.100.2", {}}};
  return s;
}
std::optional<DnsResult> ask(World& w, const std::string& name, dns::RrType type, Duration wait = 30s) {
  std::optional<DnsResult> got;
  w.host("a")->resolver().query(name, type, [&](const DnsResult& r) { got = r; });
  w.run_until(w.now() + wait);
  return got;
}
}  // namespace

TEST_CASE("an MX lookup returns every exchange with its preference", "[sim][dns]") {
  World w(with_mx(), 1);
  auto r = ask(w, "b.example", dns::RrType::MX);
  REQUIRE(r);
  REQUIRE(r->status == DnsResult::Status::Ok);
  REQUIRE(r->records.size() == 2);
  CHECK(r->records[0].preference == 20);
  CHECK(r->records[0].exchange == "backup.b.example");
  CHECK(r->records[1].preference == 10);
  bool query = false, answer = false;
  for (auto& e : w.trace().entries())
    if (auto* d = std::get_if<DnsRecord>(&e.record)) {
      query |= to_string(d->event) == "query" && to_string(d->qtype) == "MX";
      answer |= to_string(d->event) == "answer" && to_string(d->rcode) == "NOERROR" && d->answers.size() == 2;
    }
  CHECK(query);
  CHECK(answer);
}

TEST_CASE("host names resolve to their scenario addresses", "[sim][dns]") {
  World w(with_mx(), 1);
  auto r = ask(w, "b", dns::RrType::A);
  REQUIRE(r);
  REQUIRE(r->status == DnsResult::Status::Ok);
  CHECK(dns::format_ipv4(r->records.at(0).address) == "198.51.100.1");
}

TEST_CASE("an unknown name is NXDOMAIN and a name without that type is no data", "[sim][dns]") {
  World w(with_mx(), 1);
  auto nx = ask(w, "nowhere.example", dns::RrType::MX);
  REQUIRE(nx);
  CHECK(nx->status == DnsResult::Status::NxDomain);
  auto nodata = ask(w, "b", dns::RrType::MX);
  REQUIRE(nodata);
  CHECK(nodata->status == DnsResult::Status::NoData);
}

TEST_CASE("with the DNS server down the resolver retries and then reports a time-out", "[sim][dns]") {
  World w(with_mx(), 1);
  w.host("dns")->power_off();
  Instant start = w.now();
  std::optional<DnsResult> got;
  Instant when{};
  w.host("a")->resolver().query("b.example", dns::RrType::MX, [&](const DnsResult& r) { got = r; when = w.now(); });
  w.run_until(start + 1min);
  REQUIRE(got);
  CHECK(got->status == DnsResult::Status::Timeout);
  CHECK(when - start == kDnsTimeout * kDnsAttempts);
}

TEST_CASE("DNS messages survive encode and decode, and garbage decodes to nothing", "[sim][dns]") {
  dns::Message m;
  m.id = 0xBEEF;
  m.response = true;
  m.qname = "b.example";
  m.qtype = dns::RrType::MX;
  dns::ResourceRecord rr;
  rr.name = "b.example";
  rr.type = dns::RrType::MX;
  rr.preference = 10;
  rr.exchange = "mail.b.example";
  m.answers.push_back(rr);
  std::string wire = dns::encode(m);
  auto back = dns::decode(wire);
  REQUIRE(back);
  CHECK(back->id == 0xBEEF);
  CHECK(back->answers.at(0).exchange == "mail.b.example");
  for (std::size_t cut = 0; cut < wire.size(); ++cut) CHECK_FALSE(dns::decode(wire.substr(0, cut)));
  sim::Rng rng(4);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng.below(64), '\0');
    for (char& c : junk) c = static_cast<char>(rng.next_u32());
    (void)dns::decode(junk);  // must not crash or loop
  }
}

#include "sim/mx_lookup.hpp"

namespace {
std::optional<MxResult> mx(World& w, const std::string& domain) {
  std::optional<MxResult> got;
  lookup_mx(*w.host("a"), domain, [&](const MxResult& r) { got = r; });
  w.run_until(w.now() + 1min);
  return got;
}
}  // namespace

TEST_CASE("mail exchangers come in preference order with their addresses", "[sim][dns][mx]") {
  World w(with_mx(), 1);
  auto r = mx(w, "b.example");
  REQUIRE(r);
  REQUIRE(r->status == MxResult::Status::Ok);
  REQUIRE(r->targets.size() == 2);
  CHECK(r->targets[0].host == "b");
  CHECK(dns::format_ipv4(r->targets[0].ip) == "198.51.100.1");
  CHECK(r->targets[1].host == "backup.b.example");
}

TEST_CASE("a domain with no MX records falls back to its address record (implicit MX)", "[sim][dns][mx]") {
  World w(with_mx(), 1);
  auto r = mx(w, "b");
  REQUIRE(r);
  REQUIRE(r->status == MxResult::Status::Ok);
  REQUIRE(r->targets.size() == 1);
  CHECK(r->targets[0].host == "b");
}

TEST_CASE("an unknown mail domain is a permanent failure and a silent DNS a temporary one", "[sim][dns][mx]") {
  World w(with_mx(), 1);
  auto nx = mx(w, "nowhere.example");
  REQUIRE(nx);
  CHECK(nx->status == MxResult::Status::Permanent);
  CHECK(nx->enhanced == "5.4.4");
  w.host("dns")->power_off();
  auto down = mx(w, "b.example");
  REQUIRE(down);
  CHECK(down->status == MxResult::Status::Temporary);
  CHECK(down->enhanced == "4.4.3");
}
