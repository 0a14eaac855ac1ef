// RFC 5322 §3.3 dates, §3.6.4 Message-ID, RFC 5321 §4.4 Received.
#include <catch2/catch.hpp>

#include "protocols/message/date.hpp"
#include "protocols/message/header.hpp"
#include "protocols/message/trace_fields.hpp"

using namespace protocols::message;

namespace {
constexpr std::int64_t kJan5 = 1767574800;  // 2026-01-05 01:00:00 UTC, a Monday
}

TEST_CASE("date formats local time with the zone offset", "[protocols][message][date]") {
  CHECK(format_date(kJan5, 480) == "Mon, 05 Jan 2026 09:00:00 +0800");
  CHECK(format_date(kJan5, 0) == "Mon, 05 Jan 2026 01:00:00 +0000");
  CHECK(format_date(kJan5, -300) == "Sun, 04 Jan 2026 20:00:00 -0500");
  CHECK(format_date(0, 0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(format_date(951782400, 0) == "Tue, 29 Feb 2000 00:00:00 +0000");
  CHECK(format_date(-1, 0) == "Wed, 31 Dec 1969 23:59:59 +0000");
}

TEST_CASE("date parser reads what the formatter writes and obsolete forms", "[protocols][message][date]") {
  for (std::int64_t t : {std::int64_t{0}, kJan5, std::int64_t{951782400}, std::int64_t{4102444799}})
    for (int off : {0, 480, -300, 330}) {
      auto d = parse_date(format_date(t, off));
      REQUIRE(d);
      CHECK(d->unix_seconds == t);
      CHECK(d->zone_offset_minutes == off);
    }
  auto obs = parse_date("5 Jan 26 01:00 GMT");
  REQUIRE(obs);
  CHECK(obs->unix_seconds == kJan5);
  auto cmt = parse_date(" Mon, 05 Jan 2026 09:00:00 +0800 (CST)");
  REQUIRE(cmt);
  CHECK(cmt->unix_seconds == kJan5);
  CHECK(parse_date("Sun, 04 Jan 2026 15:00:00 PST")->unix_seconds == kJan5 - 3600 * 2);
}

TEST_CASE("date parser rejects invalid dates", "[protocols][message][date]") {
  CHECK_FALSE(parse_date(""));
  CHECK_FALSE(parse_date("yesterday"));
  CHECK_FALSE(parse_date("Mon, 05 Foo 2026 09:00:00 +0800"));
  CHECK_FALSE(parse_date("Mon, 05 Jan 2026 25:00:00 +0800"));
  CHECK_FALSE(parse_date("Mon 05 Jan 2026 09:00:00 +0800"));
  CHECK_FALSE(parse_date("Mon, 05 Jan 2026 09:00:00 +08"));
}

TEST_CASE("message ids are deterministic and always parse as msg-id", "[protocols][message][trace]") {
  std::string a = format_message_id(message_id_left_from_seed("run-1", kJan5), "a.example");
  CHECK(a == format_message_id(message_id_left_from_seed("run-1", kJan5), "a.example"));
  CHECK(a != format_message_id(message_id_left_from_seed("run-2", kJan5), "a.example"));
  CHECK(a.front() == '<');
  CHECK(a.find("@a.example>") != std::string::npos);
  CHECK(format_message_id("a b..c", "x y") == "<a.b.c@x.y>");
}

TEST_CASE("received field follows the RFC 5321 time-stamp line", "[protocols][message][trace]") {
  ReceivedInfo r;
  r.helo = "a.example";
  r.reverse_name = "mail.a.example";
  r.ip = "192.0.2.1";
  r.by = "mx.b.example";
  r.id = "4F2A";
  r.for_recipient = "bob@b.example";
  r.unix_seconds = kJan5;
  r.zone_offset_minutes = 480;
  CHECK(received_value(r) ==
        "from a.example (mail.a.example [192.0.2.1]) by mx.b.example with ESMTP id 4F2A "
        "for <bob@b.example>; Mon, 05 Jan 2026 09:00:00 +0800");
  std::string f = received_field(r);
  HeaderBlock h = parse_headers(f + "\r\n");
  REQUIRE(h.fields.size() == 1);
  CHECK(h.fields[0].name == "Received");
  CHECK(f.find("\r\n ") != std::string::npos);  // folded
  std::string v = h.fields[0].value;
  auto semi = v.rfind(';');
  REQUIRE(semi != std::string::npos);
  CHECK(parse_date(v.substr(semi + 1))->unix_seconds == kJan5);
}
