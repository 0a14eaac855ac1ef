// Fault vocabulary: every action parses and formats back to the same text, values are
// canonicalised, and each kind of mistake gets its own clear message.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "sim/fault_spec.hpp"

using namespace std::chrono_literals;

namespace {

std::string error_of(std::string_view text) {
  std::string error;
  auto fault = sim::parse_fault(text, &error);
  INFO(text);
  REQUIRE_FALSE(fault.has_value());
  return error;
}

}  // namespace

TEST_CASE("a power-off fault parses into time, action and target", "[sim][fault]") {
  std::string error;
  auto f = sim::parse_fault("10m power-off mail.b.example", &error);
  REQUIRE(f);
  CHECK(f->at == 10min);
  CHECK(f->action == "power-off");
  CHECK(f->target == "mail.b.example");
  CHECK(f->value.empty());
}

TEST_CASE("every action in canonical form survives format_fault(parse_fault(text))", "[sim][fault]") {
  const char* texts[] = {
      "10m power-off mail.b.example",        "1d power-on mail.b.example",
      "0s stop-service mail.b.example:25",   "90s start-service mail.b.example:25",
      "1500ms link-down mail.b.example",     "2h link-up mail.a.example-internet",
      "0s loss mail.a.example-internet 20%", "0s loss internet 0.2",
      "5s latency bob-pc 300ms",             "0s hang mail.b.example",
      "0s hang mail.b.example:110",          "5m hang mail.b.example off",          "0s reply mail.b.example RCPT 451",
      "0s reply mail.b.example:25 DOT 552",  "1h reply mail.b.example off",
      "0s greylist mail.b.example on",       "3d greylist mail.b.example off",
      "0s disk-full mail.b.example",         "12h disk-ok mail.b.example",
      "0s max-sessions mail.b.example 32",   "1h max-sessions mail.b.example off",
      "0s max-commands mail.b.example 1000",
      "0s drop-after mail.b.example:110 DELE", "1m drop-after mail.b.example off",
  };
  for (const char* text : texts) {
    std::string error;
    auto f = sim::parse_fault(text, &error);
    INFO(text << " -> " << error);
    REQUIRE(f);
    CHECK(sim::format_fault(*f) == text);
    auto again = sim::parse_fault(sim::format_fault(*f), &error);
    REQUIRE(again);
    CHECK((again->at == f->at && again->action == f->action && again->target == f->target &&
           again->value == f->value));
  }
  CHECK(sim::fault_actions().size() == 16);
}

TEST_CASE("parse_fault canonicalises time, case and spacing", "[sim][fault]") {
  std::string error;
  auto f = sim::parse_fault("  1.5s   REPLY  mail.b.example\trcpt 451 ", &error);
  REQUIRE(f);
  CHECK(sim::format_fault(*f) == "1500ms reply mail.b.example RCPT 451");
  auto g = sim::parse_fault("0.5m greylist x ON", &error);
  REQUIRE(g);
  CHECK(sim::format_fault(*g) == "30s greylist x on");
}

TEST_CASE("bad faults are explained in words a student can act on", "[sim][fault]") {
  CHECK(error_of("10m powr-off mail.b.example") == "unknown action 'powr-off' (did you mean 'power-off'?)");
  CHECK(error_of("10m explode mail.b.example") == "unknown action 'explode'");
  CHECK(error_of("0s loss a-b") == "loss needs a value such as 20%");
  CHECK(error_of("0s latency a-b") == "latency needs a value such as 300ms");
  CHECK(error_of("0s loss a-b 120%") == "loss value '120%' is not a percentage 0%..100% or a fraction 0..1");
  CHECK(error_of("0s latency a-b fast") == "latency value 'fast' is not a duration such as 300ms");
  CHECK(error_of("") == "empty fault; expected TIME ACTION TARGET [VALUE], e.g. '10m power-off mail.b.example'");
  CHECK(error_of("soon power-off x") == "malformed time 'soon' (use e.g. 0s, 300ms, 1.5s, 10m, 2h, 1d)");
  CHECK(error_of("power-off mail.b.example") == "a fault starts with its time, e.g. '0s power-off ...'");
  CHECK(error_of("10m") == "missing action after the time '10m'");
  CHECK(error_of("10m power-off") == "power-off needs a target host");
  CHECK(error_of("10m power-off mail.b.example:25") ==
        "power-off takes a host, not host:port (got 'mail.b.example:25')");
  CHECK(error_of("0s stop-service mail.b.example") ==
        "stop-service needs a target host:port such as mail.b.example:25 (got 'mail.b.example')");
  CHECK(error_of("0s stop-service mail.b.example:99999") ==
        "bad port '99999' in 'mail.b.example:99999' (use 1..65535)");
  CHECK(error_of("0s power-off mail.b.example now") == "power-off takes no value (got 'now')");
  CHECK(error_of("0s reply mail.b.example") == "reply needs a value such as 'RCPT 451' or 'off'");
  CHECK(error_of("0s reply mail.b.example QUIT 451") ==
        "reply phase 'QUIT' is not one of GREETING EHLO HELO MAIL RCPT DATA DOT");
  CHECK(error_of("0s reply mail.b.example RCPT 250") == "reply code '250' must be a 4xx or 5xx code such as 451");
  CHECK(error_of("0s reply mail.b.example RCPT 451 now") == "too many words after reply (unexpected 'now')");
  CHECK(error_of("0s hang mail.b.example 5m") == "hang takes no value or off (got '5m')");
  CHECK(error_of("0s greylist mail.b.example") == "greylist needs a value: on or off");
  CHECK(error_of("0s greylist mail.b.example maybe") == "greylist value 'maybe' must be on or off");
  CHECK(error_of("0s power-off mail/b") == "malformed target 'mail/b' for power-off");
  CHECK(error_of("0s max-sessions mail.b.example") == "max-sessions needs a number such as 32, or off");
  CHECK(error_of("0s max-commands mail.b.example 0") == "max-commands value '0' must be a number 1..999999999 or off");
}

TEST_CASE("reply values, loss and bandwidth parse to numbers", "[sim][fault]") {
  auto r = sim::parse_reply_value("rcpt 451");
  REQUIRE(r);
  CHECK(r->phase == "RCPT");
  CHECK(r->code == 451);
  auto off = sim::parse_reply_value("off");
  REQUIRE(off);
  CHECK(off->phase.empty());
  CHECK_FALSE(sim::parse_reply_value("RCPT 45"));
  CHECK(*sim::parse_loss("20%") == Approx(0.2));
  CHECK(*sim::parse_loss("0.2") == Approx(0.2));
  CHECK(*sim::parse_loss("100%") == Approx(1.0));
  CHECK_FALSE(sim::parse_loss("1.5"));
  CHECK_FALSE(sim::parse_loss("-1%"));
  CHECK_FALSE(sim::parse_loss("%"));
  CHECK(*sim::parse_bandwidth("100Mbps") == 100'000'000u);
  CHECK(*sim::parse_bandwidth("1Gbps") == 1'000'000'000u);
  CHECK(*sim::parse_bandwidth("56kbps") == 56'000u);
  CHECK(*sim::parse_bandwidth("1.5Mbps") == 1'500'000u);
  CHECK_FALSE(sim::parse_bandwidth("100 Mbps"));
  CHECK_FALSE(sim::parse_bandwidth("Mbps"));
  CHECK_FALSE(sim::parse_bandwidth("0bps"));
  CHECK(sim::compact_duration(90s) == "90s");
  CHECK(sim::compact_duration(1500ms) == "1500ms");
  CHECK(sim::compact_duration(std::chrono::hours(48)) == "2d");
}

TEST_CASE("random text never crashes parse_fault and every rejection has a message", "[sim][fault]") {
  std::mt19937 rng(7);
  const char alphabet[] = "0123456789msdh .:%-abcdefoprstuwyRCPT\t\xff";
  for (int i = 0; i < 5000; ++i) {
    std::string text(rng() % 40, ' ');
    for (char& c : text) c = alphabet[rng() % (sizeof alphabet - 1)];
    std::string error;
    auto f = sim::parse_fault(text, &error);
    if (f) {
      auto again = sim::parse_fault(sim::format_fault(*f), &error);
      REQUIRE(again);
      REQUIRE(sim::format_fault(*again) == sim::format_fault(*f));
    } else {
      REQUIRE_FALSE(error.empty());
    }
  }
}
