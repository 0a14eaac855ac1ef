// Message builder: 7-bit clean output, line limits, encoded subjects and file names,
// deterministic boundaries, and a full round trip through the MIME parser.
#include <catch2/catch.hpp>

#include "protocols/message/encoded_word.hpp"
#include "protocols/message/message_builder.hpp"
#include "protocols/message/mime_part.hpp"

using namespace protocols::message;

namespace {
MessageSpec sample() {
  MessageSpec s;
  s.from = {"Alice Liu", "alice", "a.example"};
  s.to = {{"刘小明", "xm", "b.example"}, {"", "bob", "b.example"}};
  s.cc = {{"Carol \"CC\"", "carol", "c.example"}};
  s.subject = "关于下周实验课的安排 — please read (long subject to force several encoded words)";
  s.date = {1767574800, 480};
  s.text = "你好，\n\nThe lab moves to Monday.\n" + std::string(1500, 'L') + "\nend with space \n";
  std::string bin;
  for (int i = 0; i < 1000; ++i) bin += char((i * 37) & 0xFF);
  s.attachments.push_back({"实验报告模板（第三版）.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bin, "", false});
  s.attachments.push_back({"notes.txt", "text/plain", "plain notes\r\n", "n1@a.example", true});
  s.seed = "scenario-1/msg-1";
  return s;
}

void check_seven_bit_and_short(const std::string& m) {
  std::size_t col = 0;
  for (char c : m) {
    REQUIRE(static_cast<unsigned char>(c) < 0x80);
    if (c == '\n') col = 0;
    else if (c != '\r') REQUIRE(++col <= 998);
  }
  // Every line break is CR LF.
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m[i] == '\n') REQUIRE((i > 0 && m[i - 1] == '\r'));
}
}  // namespace

TEST_CASE("builder writes a 7-bit message with lines within 998 characters", "[protocols][message][builder]") {
  std::string m = build_message(sample());
  check_seven_bit_and_short(m);
  CHECK(m.find("MIME-Version: 1.0\r\n") != std::string::npos);
  CHECK(m.find("Date: Mon, 05 Jan 2026 09:00:00 +0800\r\n") == 0);
  CHECK(m.find("Subject: =?UTF-8?B?") != std::string::npos);
  CHECK(m.find("From: \"Alice Liu\" <alice@a.example>\r\n") != std::string::npos);
  CHECK(m.find("Content-Transfer-Encoding: quoted-printable") != std::string::npos);
  CHECK(m.find("Content-Transfer-Encoding: base64") != std::string::npos);
}

TEST_CASE("builder output parses back to the same subject, text and attachments", "[protocols][message][builder]") {
  MessageSpec s = sample();
  std::string m = build_message(s);
  MimePart root = parse_mime(m);
  CHECK(root.defects.empty());
  CHECK(decode_encoded_words(root.headers.get("Subject")) == s.subject);
  REQUIRE(root.media_type() == "multipart/mixed");
  REQUIRE(root.children.size() == 3);
  std::string crlf_text = to_crlf(s.text);
  CHECK(decode_text(root.children[0], m) == crlf_text);
  CHECK(root.children[1].filename == s.attachments[0].filename);
  CHECK(root.children[1].disposition == "attachment");
  CHECK(decode_body(root.children[1], m) == s.attachments[0].data);
  CHECK(root.children[2].disposition == "inline");
  CHECK(root.children[2].content_id == "<n1@a.example>");
  CHECK(decode_body(root.children[2], m) == "plain notes\r\n");
  CHECK(root.headers.get("Message-ID").find("@a.example>") != std::string::npos);
}

TEST_CASE("builder is deterministic and the seed changes boundaries", "[protocols][message][builder]") {
  MessageSpec s = sample();
  std::string a = build_message(s);
  CHECK(a == build_message(s));
  s.seed = "scenario-1/msg-2";
  std::string b = build_message(s);
  CHECK(a != b);
  CHECK(a.find(make_boundary("scenario-1/msg-1", 0)) != std::string::npos);
}

TEST_CASE("builder picks another boundary when a part contains the first one", "[protocols][message][builder]") {
  MessageSpec s;
  s.from = {"", "a", "a.example"};
  s.to = {{"", "b", "b.example"}};
  s.subject = "plain";
  s.seed = "collide";
  s.text = "--" + make_boundary("collide", 0) + "\r\nline that looks like a delimiter\r\n";
  s.attachments.push_back({"x.bin", "application/octet-stream", "x", "", false});
  std::string m = build_message(s);
  MimePart root = parse_mime(m);
  REQUIRE(root.children.size() == 2);
  CHECK(root.param("boundary") == make_boundary("collide", 1));
  CHECK(decode_text(root.children[0], m) == s.text);
}

TEST_CASE("an ASCII text with short lines goes as 7bit, a single part without multipart", "[protocols][message][builder]") {
  MessageSpec s;
  s.from = {"", "a", "a.example"};
  s.to = {{"", "b", "b.example"}};
  s.subject = "Hello";
  s.text = "Hi Bob,\nsee you.\n";
  s.date = {0, 0};
  std::string m = build_message(s);
  CHECK(m.find("Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\nHi Bob,\r\nsee you.\r\n") != std::string::npos);
  CHECK(m.find("Subject: Hello\r\n") != std::string::npos);
  MimePart root = parse_mime(m);
  CHECK(root.children.empty());
  CHECK(decode_text(root, m) == "Hi Bob,\r\nsee you.\r\n");
}

TEST_CASE("an ASCII subject with a word longer than a line is encoded so it can fold", "[protocols][message][builder]") {
  std::string word(2000, 'w');
  std::string f = unstructured_field("Subject", "x " + word);
  std::size_t col = 0;
  for (char c : f) {
    if (c == '\n') col = 0;
    else if (c != '\r') REQUIRE(++col <= 78);
  }
  CHECK(decode_encoded_words(parse_mime(f + "\r\n").headers.get("Subject")) == "x " + word);
}

TEST_CASE("extra headers keep structured ASCII values and encode non-ASCII ones", "[protocols][message][builder]") {
  MessageSpec s;
  s.from = {"", "a", "a.example"};
  s.subject = "re";
  std::string long_id = "<" + std::string(90, 'i') + "@a.example>";
  s.extra_headers = {{"In-Reply-To", long_id}, {"X-Note", "备注"}};
  std::string m = build_message(s);
  MimePart root = parse_mime(m);
  CHECK(root.headers.get("In-Reply-To") == long_id);
  CHECK(root.headers.get("X-Note").find("=?UTF-8?B?") == 0);
  CHECK(decode_encoded_words(root.headers.get("X-Note")) == "备注");
}
