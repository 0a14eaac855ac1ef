// IMAP command reader and parser: whole buffer, byte at a time, trailing bytes, literals
// ({n} and {n+}), limits, sequence sets, quoting, random bytes.
#include <catch2/catch.hpp>

#include <random>

#include "imap_grammar.hpp"
#include "protocols/imap/imap_parser.hpp"

using namespace protocols::imap;

namespace {

std::vector<CommandReader::Result> read_all(CommandReader& r) {
  std::vector<CommandReader::Result> out;
  while (true) {
    auto res = r.next();
    if (res.status == CommandReader::Status::NeedMore) break;
    out.push_back(res);
  }
  return out;
}

const std::string kAppend = "a1 APPEND INBOX (\\Seen) {12}\r\nHello\r\nWorld\r\n";

}  // namespace

TEST_CASE("reader frames a command with a literal from one buffer", "[protocols][imap][parser]") {
  CommandReader r;
  r.feed(kAppend);
  auto out = read_all(r);
  REQUIRE(out.size() == 1);
  CHECK(out[0].status == CommandReader::Status::Complete);
  CHECK(out[0].command == "a1 APPEND INBOX (\\Seen) {12}\r\nHello\r\nWorld");
  CHECK(r.take_continuation_request() == false);  // the bytes were all there: nothing to ask for
  Parsed p = parse_command(out[0].command);
  REQUIRE(p.error.empty());
  CHECK(p.tag == "a1");
  REQUIRE(p.args.size() == 4);
  CHECK(p.args[0].upper() == "APPEND");
  CHECK(p.args[2].kind == Value::Kind::List);
  CHECK(p.args[2].items[0].text == "\\Seen");
  CHECK(p.args[3].literal);
  CHECK(p.args[3].text == "Hello\r\nWorld");
}

TEST_CASE("reader frames the same command fed one byte at a time", "[protocols][imap][parser]") {
  CommandReader r;
  std::vector<CommandReader::Result> out;
  bool asked = false;
  for (char c : kAppend) {
    r.feed(std::string(1, c));
    for (auto& res : read_all(r)) out.push_back(res);
    asked |= r.take_continuation_request();
  }
  CHECK(asked);  // RFC 3501 §4.3: the server must say "+" before a synchronizing literal
  REQUIRE(out.size() == 1);
  CHECK(out[0].command == "a1 APPEND INBOX (\\Seen) {12}\r\nHello\r\nWorld");
}

TEST_CASE("reader leaves trailing bytes for the next command", "[protocols][imap][parser]") {
  CommandReader r;
  r.feed(kAppend + "a2 NOOP\r\na3 FET");
  auto out = read_all(r);
  REQUIRE(out.size() == 2);
  CHECK(out[1].command == "a2 NOOP");
  CHECK(r.buffered() == 6);
  r.feed("CH 1 FLAGS\n");  // a bare LF ends a line too
  out = read_all(r);
  REQUIRE(out.size() == 1);
  CHECK(out[0].command == "a3 FETCH 1 FLAGS");
}

TEST_CASE("a non-synchronizing literal asks for no continuation", "[protocols][imap][parser]") {
  CommandReader r;
  r.feed("a1 LOGIN {5+}\r\n");
  CHECK(read_all(r).empty());
  CHECK_FALSE(r.take_continuation_request());
  r.feed("alice {6+}\r\nsecret\r\n");
  auto out = read_all(r);
  REQUIRE(out.size() == 1);
  Parsed p = parse_command(out[0].command);
  REQUIRE(p.error.empty());
  CHECK(p.args[1].text == "alice");
  CHECK(p.args[2].text == "secret");
}

TEST_CASE("limits turn into Invalid results and the reader recovers", "[protocols][imap][parser]") {
  Limits lim;
  lim.max_line = 100;
  lim.max_literal = 50;
  CommandReader r(lim);
  r.feed("t1 APPEND INBOX {51}\r\n");
  auto out = read_all(r);
  REQUIRE(out.size() == 1);
  CHECK(out[0].status == CommandReader::Status::Invalid);
  CHECK(out[0].tag == "t1");
  CHECK_FALSE(r.take_continuation_request());
  r.feed("t2 APPEND INBOX {60+}\r\n" + std::string(60, 'x') + "\r\nt3 NOOP\r\n");
  out = read_all(r);
  REQUIRE(out.size() == 2);
  CHECK(out[0].status == CommandReader::Status::Invalid);
  CHECK(out[1].command == "t3 NOOP");  // the refused literal's bytes were skipped
  r.feed("t4 " + std::string(200, 'a'));
  out = read_all(r);
  REQUIRE(out.size() == 1);
  CHECK(out[0].reason == "command line too long");
  r.feed("aaaa\r\nt5 NOOP\r\n");
  out = read_all(r);
  REQUIRE(out.size() == 1);
  CHECK(out[0].command == "t5 NOOP");
}

TEST_CASE("parser refuses malformed commands with a reason", "[protocols][imap][parser]") {
  CHECK_FALSE(parse_command("").error.empty());
  CHECK_FALSE(parse_command("a1").error.empty());
  CHECK_FALSE(parse_command("+ NOOP").error.empty());
  CHECK_FALSE(parse_command("a1 LOGIN \"unterminated").error.empty());
  CHECK_FALSE(parse_command("a1 FETCH 1 (FLAGS").error.empty());
  CHECK_FALSE(parse_command("a1 FETCH 1 BODY[HEADER").error.empty());
  CHECK_FALSE(parse_command("a1 LOGIN \"a\\x\" b").error.empty());
  CHECK_FALSE(parse_command("a1 APPEND x {10}\r\nshort").error.empty());
  CHECK_FALSE(parse_command("a1  NOOP").error.empty());
  std::string deep = "a1 X " + std::string(40, '(') + std::string(40, ')');
  CHECK(parse_command(deep).error == "lists nested too deeply");
  Parsed ok = parse_command("a1 FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From To)]<0.100>)");
  REQUIRE(ok.error.empty());
  REQUIRE(ok.args[2].items.size() == 2);
  CHECK(ok.args[2].items[1].text == "BODY.PEEK[HEADER.FIELDS (From To)]<0.100>");
  Parsed q = parse_command("a2 LOGIN \"al \\\"x\\\\\" NIL");
  REQUIRE(q.error.empty());
  CHECK(q.args[1].text == "al \"x\\");
}

TEST_CASE("sequence sets handle ranges, star and reversed ranges", "[protocols][imap][parser]") {
  auto s = parse_sequence_set("1,3:5,9:*");
  REQUIRE(s);
  CHECK(s->contains(1, 20));
  CHECK_FALSE(s->contains(2, 20));
  CHECK(s->contains(4, 20));
  CHECK(s->contains(20, 20));
  auto rev = parse_sequence_set("5:3");
  CHECK(rev->contains(4, 10));
  auto star = parse_sequence_set("*");
  CHECK(star->contains(7, 7));
  CHECK_FALSE(star->contains(6, 7));
  CHECK_FALSE(parse_sequence_set(""));
  CHECK_FALSE(parse_sequence_set("0"));
  CHECK_FALSE(parse_sequence_set("1,"));
  CHECK_FALSE(parse_sequence_set("a:b"));
  CHECK_FALSE(parse_sequence_set("99999999999"));
}

TEST_CASE("quote picks quoted strings or literals", "[protocols][imap][parser]") {
  CHECK(quote("abc") == "\"abc\"");
  CHECK(quote("a\"b\\") == "\"a\\\"b\\\\\"");
  CHECK(quote("a\r\nb") == "{4}\r\na\r\nb");
  CHECK(astring("INBOX") == "INBOX");
  CHECK(astring("My Folder") == "\"My Folder\"");
  CHECK(nstring(std::nullopt) == "NIL");
}

namespace {
struct Framed {
  CommandReader::Status status;
  std::string text;  // the command, or the Invalid result's tag
  bool operator==(const Framed&) const = default;
};
std::vector<Framed> frame(CommandReader& r) {
  std::vector<Framed> out;
  for (auto& res : read_all(r)) out.push_back({res.status, res.status == CommandReader::Status::Complete ? res.command : res.tag});
  return out;
}
}  // namespace

// Random bytes: framing does not depend on how the bytes are cut (chunks as they come, or one
// byte at a time, give the same commands); a Complete command never ends in CR or LF and
// stays inside the limits; an Invalid result gives a reason; a parsed command has a valid tag
// (RFC 3501 §9) and an atom verb, or an error for the BAD reply; and a valid command after
// the junk is framed whole.
TEST_CASE("random bytes are framed the same however they are cut, within the limits", "[protocols][imap][parser]") {
  std::mt19937 rng(3501);
  const std::string alphabet = "a1 {}()[]<>\"\\*%:,.+\r\n0123456789BODYFETCH";
  int recovered = 0;
  for (int round = 0; round < 300; ++round) {
    Limits lim;
    lim.max_line = 64;
    lim.max_literal = 32;
    CommandReader chunked(lim), bytewise(lim);
    std::vector<Framed> a, b;
    std::string all;
    for (int i = 0; i < 30; ++i) {
      std::string chunk;
      for (unsigned n = rng() % 20; n > 0; --n)
        chunk += rng() % 4 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() % 256);
      all += chunk;
      chunked.feed(chunk);
      for (auto& res : read_all(chunked)) {
        a.push_back({res.status, res.status == CommandReader::Status::Complete ? res.command : res.tag});
        if (res.status == CommandReader::Status::Invalid) {
          CHECK_FALSE(res.reason.empty());
          continue;
        }
        CHECK_FALSE(res.command.ends_with("\n"));
        CHECK_FALSE(res.command.ends_with("\r"));
        CHECK(res.command.size() <= lim.max_command);
        Parsed p = parse_command(res.command, lim);
        if (p.error.empty()) {
          CHECK(imap_test::is_tag(p.tag));
          REQUIRE_FALSE(p.args.empty());
          CHECK(p.args[0].is_atom());
        }
      }
      chunked.take_continuation_request();
    }
    for (char ch : all) {
      bytewise.feed(std::string_view(&ch, 1));
      for (auto& f : frame(bytewise)) b.push_back(f);
      bytewise.take_continuation_request();
    }
    auto show = [](const std::vector<Framed>& v) {
      std::string o;
      for (const auto& f : v) o += (f.status == CommandReader::Status::Complete ? "[C " : "[I ") + f.text + "] ";
      return o;
    };
    INFO("round " << round << "\nchunked:  " << show(a) << "\nbytewise: " << show(b));
    CHECK(a == b);
    // Recovery: a pending literal (at most 32 octets) or a line being discarded takes what
    // comes first; within a few tries "zN NOOP" is framed exactly.
    bool whole = false;
    for (int k = 0; k < 8 && !whole; ++k) {
      std::string cmd = "z" + std::to_string(k) + " NOOP";
      chunked.feed("\r\n");
      chunked.feed(cmd);
      chunked.feed("\r\n");
      for (auto& f : frame(chunked)) whole |= f.status == CommandReader::Status::Complete && f.text == cmd;
      chunked.take_continuation_request();
    }
    CHECK(whole);
    recovered += whole;
  }
  CHECK(recovered == 300);
}
