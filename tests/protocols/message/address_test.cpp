// RFC 5322 §3.4 addresses: mailboxes, groups, lists, quoted local parts, comments, encoded
// display names, and formatting back.
#include <catch2/catch.hpp>

#include "protocols/message/address.hpp"

using namespace protocols::message;

TEST_CASE("address parser reads a quoted display name and an angle address", "[protocols][message][address]") {
  auto m = parse_mailbox("\"Alice Liu\" <alice@a.example>");
  REQUIRE(m);
  CHECK(m->display_name == "Alice Liu");
  CHECK(m->local_part == "alice");
  CHECK(m->domain == "a.example");
  CHECK(format_mailbox(*m) == "\"Alice Liu\" <alice@a.example>");
}

TEST_CASE("address parser reads comma lists with groups and comments", "[protocols][message][address]") {
  auto list = parse_address_list(
      "bob@b.example (Bob), Team: carol@c.example, \"Dan D.\" <dan@d.example>;, "
      "Undisclosed recipients:;, <eve@e.example>");
  REQUIRE(list);
  REQUIRE(list->size() == 4);
  CHECK(std::get<Mailbox>((*list)[0]).addr_spec() == "bob@b.example");
  const Group& g = std::get<Group>((*list)[1]);
  CHECK(g.display_name == "Team");
  REQUIRE(g.members.size() == 2);
  CHECK(g.members[1].display_name == "Dan D.");
  CHECK(std::get<Group>((*list)[2]).members.empty());
  CHECK(mailboxes_of(*list).size() == 4);
  auto again = parse_address_list(format_address_list(*list));
  REQUIRE(again);
  bool same = *again == *list;
  CHECK(same);
}

TEST_CASE("address parser keeps quoted local parts and re-quotes them", "[protocols][message][address]") {
  auto m = parse_mailbox("\"john doe\"@example.org");
  REQUIRE(m);
  CHECK(m->local_part == "john doe");
  CHECK(m->addr_spec() == "\"john doe\"@example.org");
  auto lit = parse_mailbox("x@[192.0.2.1]");
  REQUIRE(lit);
  CHECK(lit->domain == "[192.0.2.1]");
}

TEST_CASE("address parser decodes RFC 2047 display names and formatting encodes them", "[protocols][message][address]") {
  auto m = parse_mailbox("=?UTF-8?B?5YiY5bCP5piO?= <xm@b.example>");
  REQUIRE(m);
  CHECK(m->display_name == "刘小明");
  std::string f = format_mailbox(*m);
  CHECK(f.find("=?UTF-8?B?") == 0);
  auto back = parse_mailbox(f);
  REQUIRE(back);
  CHECK(*back == *m);
}

TEST_CASE("address parser skips obsolete routes and empty list elements", "[protocols][message][address]") {
  auto list = parse_address_list(", <@relay.example,@r2.example:a@a.example>,,b@b.example,");
  REQUIRE(list);
  REQUIRE(list->size() == 2);
  CHECK(std::get<Mailbox>((*list)[0]).addr_spec() == "a@a.example");
}

TEST_CASE("address parser rejects what is not an address", "[protocols][message][address]") {
  CHECK_FALSE(parse_address_list("just words"));
  CHECK_FALSE(parse_address_list("a@b.example trailing"));
  CHECK_FALSE(parse_address_list("<a@b.example"));
  CHECK_FALSE(parse_address_list("\"unterminated <a@b.example>"));
  CHECK_FALSE(parse_mailbox("a@b.example, c@d.example"));
  CHECK_FALSE(parse_addr_spec("Name <a@b.example>"));
  CHECK(parse_addr_spec("<a@b.example>"));
  CHECK_FALSE(parse_mailbox("a@.example."));
}

TEST_CASE("address parser result does not depend on trailing list elements", "[protocols][message][address]") {
  auto one = parse_address_list("\"A, B\" <ab@x.example>");
  auto more = parse_address_list("\"A, B\" <ab@x.example>, c@y.example");
  REQUIRE(one);
  REQUIRE(more);
  REQUIRE(more->size() == 2);
  bool same = (*more)[0] == (*one)[0];
  CHECK(same);
  CHECK(std::get<Mailbox>((*one)[0]).display_name == "A, B");
}

TEST_CASE("adjacent encoded words in a display name join without the space between them", "[protocols][message][address]") {
  // RFC 2047 §6.2 applies to phrases too (Python's email before gh-128110 keeps the space).
  auto m = parse_mailbox("=?UTF-8?B?5Lit?= =?UTF-8?B?5paH?= Name <a@b.example>");
  REQUIRE(m);
  CHECK(m->display_name == "中文 Name");
}
