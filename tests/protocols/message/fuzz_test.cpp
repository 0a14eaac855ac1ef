// Every parser of protocols/message fed deterministic random bytes and mutated valid
// messages: nothing may crash, throw or produce ranges outside the input. Also the header
// parser fed a message one byte at a time, as a stream reader would.
#include <catch2/catch.hpp>

#include "protocols/message/address.hpp"
#include "protocols/message/date.hpp"
#include "protocols/message/dsn.hpp"
#include "protocols/message/header.hpp"
#include "protocols/message/message_builder.hpp"
#include "protocols/message/mime_part.hpp"

using namespace protocols::message;

namespace {
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

std::string sample_dsn() {
  DsnSpec d;
  d.report.reporting_mta = "mail.a.example";
  d.report.arrival_date = DateTime{1767574800, 480};
  d.report.recipients.push_back({"bob@b.example", "", DsnAction::Failed, "5.1.1", "mx.b.example",
                                 "550 5.1.1 no such user", DateTime{1767574900, 480}, std::nullopt});
  d.to = {"", "alice", "a.example"};
  d.date = {1767576000, 480};
  MessageSpec m;
  m.from = {"Alice", "alice", "a.example"};
  m.to = {{"", "bob", "b.example"}};
  m.subject = "测试";
  m.text = "正文\n";
  m.attachments.push_back({"附件.bin", "application/octet-stream", std::string(300, '\x7F'), "", false});
  m.seed = "fuzz";
  d.original = build_message(m);
  d.return_full_message = true;
  d.seed = "fuzz-dsn";
  return build_dsn(d);
}

void check_tree(const MimePart& p, std::size_t size) {
  REQUIRE(p.range.begin <= p.range.end);
  REQUIRE(p.range.end <= size);
  REQUIRE(p.header_range.end == p.body_range.begin);
  REQUIRE(p.body_range.end <= size);
  for (const auto& c : p.children) check_tree(c, size);
}
}  // namespace

TEST_CASE("header parser fed one byte at a time agrees once the empty line arrives", "[protocols][message][header]") {
  std::string m = "From: a@a.example\r\nSubject: folded\r\n  line\r\nTo: b@b.example\r\n\r\nbody\r\n";
  HeaderBlock final_block = parse_headers(m);
  std::size_t blank = m.find("\r\n\r\n") + 4;
  for (std::size_t n = 0; n <= m.size(); ++n) {
    HeaderBlock h = parse_headers(std::string_view(m).substr(0, n));
    REQUIRE(h.has_empty_line == (n >= blank));
    if (h.has_empty_line) {
      REQUIRE(h.fields.size() == final_block.fields.size());
      for (std::size_t i = 0; i < h.fields.size(); ++i) REQUIRE(h.fields[i].value == final_block.fields[i].value);
      REQUIRE(h.body_offset == final_block.body_offset);
    }
  }
}

TEST_CASE("all message parsers survive random bytes", "[protocols][message][fuzz]") {
  Rng r{12345};
  const std::string tokens[] = {"\r\n", "\n", ":", "<", ">", "@", ",", ";", "\"", "(", ")", "\\", "=?", "?=",
                                "Content-Type: multipart/report; boundary=x\r\n", "--x\r\n", "--x--",
                                "Reporting-MTA: dns; a\r\n", "Final-Recipient: rfc822; b@c\r\n",
                                "Content-Type: message/delivery-status\r\n", " ", "\t", "Mon, 05 Jan 2026 ",
                                "+0800", "[", "]"};
  for (int round = 0; round < 4000; ++round) {
    std::string s;
    std::size_t n = r.below(60);
    for (std::size_t i = 0; i < n; ++i)
      s += r.below(2) ? tokens[r.below(std::size(tokens))] : std::string(1, char(r.next() & 0xFF));
    HeaderBlock h = parse_headers(s);
    REQUIRE(h.body_offset <= s.size());
    for (const auto& f : h.fields) REQUIRE(f.range.end <= s.size());
    (void)parse_address_list(s);
    (void)parse_mailbox(s);
    (void)parse_date(s);
    (void)parse_delivery_status(s);
    (void)parse_dsn(s);
    check_tree(parse_mime(s), s.size());
  }
}

TEST_CASE("mutated DSNs and messages parse without crashing", "[protocols][message][fuzz]") {
  const std::string base = sample_dsn();
  REQUIRE(parse_dsn(base));
  Rng r{777};
  for (int round = 0; round < 300; ++round) {
    std::string m = base;
    std::size_t edits = 1 + r.below(8);
    for (std::size_t e = 0; e < edits; ++e) {
      std::size_t pos = r.below(m.size());
      switch (r.below(3)) {
        case 0: m[pos] = char(r.next() & 0xFF); break;
        case 1: m.erase(pos, r.below(40)); break;
        default: m.insert(pos, m.substr(r.below(m.size()), r.below(60))); break;
      }
      if (m.empty()) m.push_back('x');
    }
    MimePart root = parse_mime(m);
    check_tree(root, m.size());
    for (const auto& np : numbered_parts(root)) (void)decode_text(*np.part, m);
    (void)parse_dsn(m);
  }
}
