// MIME tree: nested multiparts, encapsulated messages, IMAP part numbers, byte ranges,
// decoding, and best-effort reading of broken input (never crashes, never throws).
#include <catch2/catch.hpp>

#include <functional>

#include "protocols/message/mime_part.hpp"

using namespace protocols::message;

namespace {
// multipart/mixed
//   1 text/plain (QP, UTF-8)
//   2 multipart/alternative
//     2.1 text/plain (GB2312, base64)
//     2.2 text/html
//   3 message/rfc822
//     3.1 text/plain (the encapsulated message's body... inside a multipart)
//     3.2 application/octet-stream
//   4 image/png (base64, attachment with RFC 2231 name)
constexpr char kNestedText[] =
    "From: a@a.example\r\n"
    "Subject: nested\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "preamble\r\n"
    "--outer\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "=E4=BD=A0=E5=A5=BD soft=\r\nbreak\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=inner\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/plain; charset=gb2312\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "1tDOxA==\r\n"
    "--inner\r\n"
    "Content-Type: text/html\r\n"
    "\r\n"
    "<p>hi</p>\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    "Content-Type: message/rfc822\r\n"
    "Content-Description: =?UTF-8?B?6L2s5Y+R?=\r\n"
    "\r\n"
    "From: b@b.example\r\n"
    "Subject: inner message\r\n"
    "Content-Type: multipart/mixed; boundary=\"m2\"\r\n"
    "\r\n"
    "--m2\r\n"
    "\r\n"
    "default typed\r\n"
    "--m2\r\n"
    "Content-Type: application/octet-stream\r\n"
    "\r\n"
    "\x00\x01\x02\r\n"
    "--m2--\r\n"
    "\r\n"
    "--outer\r\n"
    "Content-Type: image/png; name=x.png\r\n"
    "Content-Disposition: attachment; filename*=UTF-8''%E5%9B%BE.png\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-ID: <img1@a.example>\r\n"
    "\r\n"
    "iVBORw0KGgo=\r\n"
    "--outer--\r\n"
    "epilogue\r\n";
const std::string kNested(kNestedText, sizeof kNestedText - 1);

std::string_view slice(const std::string& s, ByteRange r) { return std::string_view(s).substr(r.begin, r.size()); }

void walk(const MimePart& p, const std::function<void(const MimePart&)>& f) {
  f(p);
  for (const auto& c : p.children) walk(c, f);
}
}  // namespace

TEST_CASE("MIME parser builds the tree of nested multiparts and messages", "[protocols][message][mime]") {
  std::string m(kNested.data(), kNested.size());
  MimePart root = parse_mime(m);
  CHECK(root.defects.empty());
  REQUIRE(root.is_multipart());
  REQUIRE(root.children.size() == 4);
  CHECK(root.children[0].media_type() == "text/plain");
  CHECK(decode_text(root.children[0], m) == "你好 softbreak");
  const MimePart& alt = root.children[1];
  CHECK(alt.media_type() == "multipart/alternative");
  REQUIRE(alt.children.size() == 2);
  CHECK(decode_text(alt.children[0], m) == "中文");
  CHECK(slice(m, alt.children[1].body_range) == "<p>hi</p>");
  const MimePart& msg = root.children[2];
  REQUIRE(msg.is_message());
  CHECK(msg.description == "转发");
  const MimePart& inner = msg.children[0];
  CHECK(inner.headers.get("Subject") == "inner message");
  REQUIRE(inner.children.size() == 2);
  CHECK(inner.children[0].media_type() == "text/plain");
  CHECK(slice(m, inner.children[1].body_range) == std::string_view("\x00\x01\x02", 3));
  const MimePart& png = root.children[3];
  CHECK(png.filename == "图.png");
  CHECK(png.disposition == "attachment");
  CHECK(png.content_id == "<img1@a.example>");
  CHECK(decode_body(png, m) == "\x89PNG\r\n\x1a\n");
}

TEST_CASE("IMAP part numbers address every part", "[protocols][message][mime][imap]") {
  std::string m(kNested.data(), kNested.size());
  MimePart root = parse_mime(m);
  auto parts = numbered_parts(root);
  std::vector<std::string> numbers;
  for (const auto& n : parts) {
    numbers.push_back(n.number);
    CHECK(find_part(root, n.number) == n.part);
  }
  CHECK(numbers == std::vector<std::string>{"1", "2", "2.1", "2.2", "3", "3.1", "3.2", "4"});
  CHECK(find_part(root, "3")->is_message());
  CHECK(find_part(root, "3.2")->media_type() == "application/octet-stream");
  CHECK(find_part(root, "2.1")->part_number == "2.1");
  CHECK(find_part(root, "5") == nullptr);
  CHECK(find_part(root, "1.1") == nullptr);
  CHECK(find_part(root, "2.") == nullptr);
  CHECK(find_part(root, "x") == nullptr);
  CHECK(find_part(root, "0") == nullptr);
  CHECK(find_part(root, "") == nullptr);
}

TEST_CASE("a single-part message is its own part 1 and an encapsulated one continues", "[protocols][message][mime][imap]") {
  std::string single = "Subject: x\r\n\r\nhello\r\nworld";
  MimePart root = parse_mime(single);
  CHECK(find_part(root, "1") == &root);
  CHECK(find_part(root, "2") == nullptr);
  CHECK(root.line_count == 2);
  CHECK(root.size() == 12);
  std::string fwd =
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
      "Subject: inner\r\n\r\nbody\r\n--b--\r\n";
  MimePart r2 = parse_mime(fwd);
  const MimePart* p1 = find_part(r2, "1");
  REQUIRE(p1);
  REQUIRE(p1->is_message());
  const MimePart* p11 = find_part(r2, "1.1");
  REQUIRE(p11);
  CHECK(p11 == &p1->children[0]);
  CHECK(slice(fwd, p11->body_range) == "body");
}

TEST_CASE("byte ranges cover headers and bodies exactly", "[protocols][message][mime][imap]") {
  std::string m(kNested.data(), kNested.size());
  MimePart root = parse_mime(m);
  walk(root, [&](const MimePart& p) {
    CHECK(p.header_range.begin == p.range.begin);
    CHECK(p.header_range.end == p.body_range.begin);
    CHECK(p.body_range.end == p.range.end);
    CHECK(p.line_count == count_lines(slice(m, p.body_range)));
    for (const auto& f : p.headers.fields) {
      CHECK(f.range.begin >= p.header_range.begin);
      CHECK(f.range.end <= p.header_range.end);
      CHECK(slice(m, f.range).substr(0, f.name.size()) == f.name);
    }
  });
  const MimePart& text = root.children[0];
  CHECK(slice(m, text.header_range) ==
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
  CHECK(slice(m, text.body_range) == "=E4=BD=A0=E5=A5=BD soft=\r\nbreak");
}

TEST_CASE("bytes after the close delimiter or a whole copy do not change the parts", "[protocols][message][mime]") {
  std::string m(kNested.data(), kNested.size());
  MimePart whole = parse_mime(m);
  MimePart trailing = parse_mime(m + "trailing --outer\r\n--outer\r\nmore");
  REQUIRE(trailing.children.size() == whole.children.size());
  auto a = numbered_parts(whole);
  auto b = numbered_parts(trailing);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].number == b[i].number);
    CHECK(a[i].part->body_range == b[i].part->body_range);
    CHECK(a[i].part->media_type() == b[i].part->media_type());
  }
}

TEST_CASE("bare LF messages parse like CR LF ones", "[protocols][message][mime]") {
  std::string lf = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo\n--b--\n";
  MimePart r = parse_mime(lf);
  REQUIRE(r.children.size() == 2);
  CHECK(slice(lf, r.children[0].body_range) == "one");
  CHECK(slice(lf, r.children[1].body_range) == "two");
}

TEST_CASE("digest parts default to message/rfc822", "[protocols][message][mime]") {
  std::string d = "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: one\r\n\r\nfirst\r\n--d--\r\n";
  MimePart r = parse_mime(d);
  REQUIRE(r.children.size() == 1);
  CHECK(r.children[0].is_message());
  CHECK(r.children[0].children[0].headers.get("Subject") == "one");
}

TEST_CASE("broken multiparts are read best effort with defects", "[protocols][message][mime][broken]") {
  MimePart no_boundary = parse_mime("Content-Type: multipart/mixed\r\n\r\nbody");
  CHECK(no_boundary.media_type() == "text/plain");
  CHECK_FALSE(no_boundary.defects.empty());
  MimePart no_delim = parse_mime("Content-Type: multipart/mixed; boundary=zz\r\n\r\nno parts here\r\n");
  CHECK(no_delim.media_type() == "text/plain");
  CHECK(no_delim.children.empty());
  std::string unterminated = "Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n\r\npart one\r\n--zz\r\n\r\ncut off";
  MimePart u = parse_mime(unterminated);
  REQUIRE(u.children.size() == 2);
  CHECK(slice(unterminated, u.children[1].body_range) == "cut off");
  CHECK_FALSE(u.defects.empty());
  MimePart bad_type = parse_mime("Content-Type: garbage\r\nContent-Transfer-Encoding: BASE64\r\n\r\nYWJj");
  CHECK(bad_type.media_type() == "text/plain");
  CHECK(bad_type.transfer_encoding == "base64");
  CHECK(decode_body(bad_type, "Content-Type: garbage\r\nContent-Transfer-Encoding: BASE64\r\n\r\nYWJj") == "abc");
  MimePart enc_msg = parse_mime("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\nU3ViamVjdDogeA0KDQp4");
  CHECK(enc_msg.children.empty());
  CHECK_FALSE(enc_msg.defects.empty());
}

TEST_CASE("deep nesting stops at the depth limit without crashing", "[protocols][message][mime][broken]") {
  std::string m;
  for (int i = 0; i < 300; ++i)
    m += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" + std::to_string(i) + "\r\n";
  m += "\r\nleaf\r\n";
  MimePart root = parse_mime(m);
  int depth = 0;
  const MimePart* p = &root;
  while (!p->children.empty()) {
    p = &p->children[0];
    ++depth;
  }
  CHECK(depth <= kMaxMimeDepth);
  CHECK(depth >= kMaxMimeDepth - 1);
  CHECK_FALSE(p->defects.empty());
  std::string msgs;
  for (int i = 0; i < 300; ++i) msgs += "Content-Type: message/rfc822\r\n\r\n";
  MimePart r2 = parse_mime(msgs);
  CHECK_FALSE(numbered_parts(r2).empty());
}

TEST_CASE("MIME parser survives random bytes and every truncation", "[protocols][message][mime][fuzz]") {
  std::string m(kNested.data(), kNested.size());
  for (std::size_t cut = 0; cut <= m.size(); ++cut) {
    std::string t = m.substr(0, cut);
    MimePart r = parse_mime(t);
    for (const auto& n : numbered_parts(r)) {
      REQUIRE(n.part->body_range.end <= t.size());
      REQUIRE(find_part(r, n.number) == n.part);
      (void)decode_text(*n.part, t);
    }
  }
  std::uint64_t s = 0x9E3779B97F4A7C15ULL;
  auto rnd = [&] {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  };
  const std::string pieces[] = {"\r\n", "--outer", "--inner--", "Content-Type: multipart/mixed; boundary=outer\r\n",
                                "Content-Type: message/rfc822\r\n", "\r\n\r\n", "=?UTF-8?B?", ";", "\"", "=\r\n"};
  for (int round = 0; round < 2000; ++round) {
    std::string t;
    int n = static_cast<int>(rnd() % 40);
    for (int i = 0; i < n; ++i) {
      if (rnd() % 3 == 0) t += char(rnd() & 0xFF);
      else t += pieces[rnd() % std::size(pieces)];
    }
    MimePart r = parse_mime(t);
    for (const auto& np : numbered_parts(r)) {
      REQUIRE(np.part->body_range.begin <= np.part->body_range.end);
      REQUIRE(np.part->body_range.end <= t.size());
      (void)decode_text(*np.part, t);
    }
  }
}
