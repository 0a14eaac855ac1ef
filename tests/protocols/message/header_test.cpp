// RFC 5322 header section: parsing (CR LF and bare LF, folding, trailing bytes, malformed
// lines) and folding on output.
#include <catch2/catch.hpp>

#include "protocols/message/header.hpp"

using namespace protocols::message;

namespace {
const std::string kMessage =
    "From: Alice <alice@a.example>\r\n"
    "Subject: a folded\r\n"
    "\tsubject line\r\n"
    "X-Empty:\r\n"
    "To: bob@b.example\r\n"
    "\r\n"
    "Body line 1\r\n"
    "Subject: not a header\r\n";
}

TEST_CASE("header parser splits fields in order and finds the body", "[protocols][message][header]") {
  HeaderBlock h = parse_headers(kMessage);
  REQUIRE(h.fields.size() == 4);
  CHECK(h.fields[0].name == "From");
  CHECK(h.fields[1].name == "Subject");
  CHECK(h.fields[1].raw_value == " a folded\r\n\tsubject line");
  CHECK(h.fields[1].value == "a folded\tsubject line");
  CHECK(h.fields[2].value.empty());
  CHECK(h.has_empty_line);
  CHECK(kMessage.substr(h.body_offset) == "Body line 1\r\nSubject: not a header\r\n");
  CHECK(h.get("subject") == "a folded\tsubject line");
  CHECK(h.find("X-Missing") == nullptr);
  CHECK(kMessage.substr(h.fields[1].range.begin, h.fields[1].range.size()) ==
        "Subject: a folded\r\n\tsubject line\r\n");
}

TEST_CASE("header parser accepts bare LF line ends", "[protocols][message][header]") {
  std::string m = "A: 1\nB: two\n  three\n\nbody\n";
  HeaderBlock h = parse_headers(m);
  REQUIRE(h.fields.size() == 2);
  CHECK(h.fields[1].value == "two  three");
  CHECK(m.substr(h.body_offset) == "body\n");
}

TEST_CASE("header parser gives the same fields with trailing bytes after the header", "[protocols][message][header]") {
  std::string head = "A: 1\r\nB: 2\r\n\r\n";
  HeaderBlock whole = parse_headers(head);
  HeaderBlock trailing = parse_headers(head + "garbage: \x01\x02\r\n\r\nmore");
  REQUIRE(whole.fields.size() == 2);
  REQUIRE(trailing.fields.size() == 2);
  CHECK(whole.body_offset == trailing.body_offset);
  CHECK(whole.fields[1].value == trailing.fields[1].value);
}

TEST_CASE("header without an empty line runs to the end of input", "[protocols][message][header]") {
  HeaderBlock h = parse_headers("A: 1\r\nB: 2");
  CHECK_FALSE(h.has_empty_line);
  REQUIRE(h.fields.size() == 2);
  CHECK(h.fields[1].value == "2");
  CHECK(h.body_offset == 10);
}

TEST_CASE("a line that is not a field ends the header section", "[protocols][message][header]") {
  std::string m = "A: 1\r\nthis is body\r\nB: 2\r\n";
  HeaderBlock h = parse_headers(m);
  REQUIRE(h.fields.size() == 1);
  CHECK(m.substr(h.body_offset) == "this is body\r\nB: 2\r\n");
}

TEST_CASE("a leading continuation line is skipped and over-long lines are flagged", "[protocols][message][header]") {
  std::string m = " stray\r\nA: " + std::string(1200, 'x') + "\r\n\r\n";
  HeaderBlock h = parse_headers(m);
  CHECK(h.skipped_lines == 1);
  REQUIRE(h.fields.size() == 1);
  CHECK(h.overlong_line);
  CHECK(h.fields[0].value.size() == 1200);
}

TEST_CASE("folding keeps lines within 78 characters and unfolds to the same words", "[protocols][message][header]") {
  std::string value;
  for (int i = 0; i < 40; ++i) value += "word" + std::to_string(i) + " ";
  std::string f = fold_header("Subject", value);
  std::size_t start = 0;
  while (start < f.size()) {
    std::size_t e = f.find("\r\n", start);
    REQUIRE(e != std::string::npos);
    CHECK(e - start <= 78);
    start = e + 2;
    if (start < f.size()) CHECK((f[start] == ' ' || f[start] == '\t'));
  }
  HeaderBlock h = parse_headers(f + "\r\n");
  REQUIRE(h.fields.size() == 1);
  CHECK(h.fields[0].value == value.substr(0, value.size() - 1));
}

TEST_CASE("folding cannot break a word longer than the line but never adds breaks inside it", "[protocols][message][header]") {
  std::string word(100, 'a');
  std::string f = fold_header("X", "short " + word);
  CHECK(f == "X: short\r\n " + word + "\r\n");
}
