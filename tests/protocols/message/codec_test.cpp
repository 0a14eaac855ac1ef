// Quoted-printable (RFC 2045 §6.7), encoded words (RFC 2047), parameter values (RFC 2231)
// and charset conversion: known vectors, round trips with Chinese text, malformed input.
#include <catch2/catch.hpp>

#include "protocols/message/charset.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/mime_params.hpp"
#include "protocols/message/quoted_printable.hpp"

using namespace protocols::message;

namespace {
std::uint64_t next(std::uint64_t& s) {  // xorshift64: a deterministic byte source
  s ^= s << 13;
  s ^= s >> 7;
  s ^= s << 17;
  return s;
}

void check_lines_at_most(const std::string& s, std::size_t limit) {
  std::size_t col = 0;
  for (char c : s) {
    if (c == '\n') col = 0;
    else if (c != '\r') REQUIRE(++col <= limit);
  }
}
}  // namespace

TEST_CASE("quoted-printable encodes specials, trailing space and long lines", "[protocols][message][qp]") {
  CHECK(qp_encode("a=b") == "a=3Db");
  CHECK(qp_encode("end \nx") == "end=20\r\nx");
  CHECK(qp_encode("tab\t") == "tab=09");
  CHECK(qp_encode("\xE4\xB8\xAD") == "=E4=B8=AD");
  CHECK(qp_encode(".dot\n.") == "=2Edot\r\n=2E");
  CHECK(qp_encode("From me\nFrom you") == "=46rom me\r\n=46rom you");
  CHECK(qp_decode(qp_encode("From me\nFrom you")) == "From me\r\nFrom you");
  std::string long_line(200, 'x');
  std::string enc = qp_encode(long_line);
  check_lines_at_most(enc, 76);
  CHECK(enc.find("=\r\n") != std::string::npos);
  CHECK(qp_decode(enc) == long_line);
}

TEST_CASE("quoted-printable decodes soft breaks, lower-case hex and transport padding", "[protocols][message][qp]") {
  CHECK(qp_decode("a=3Db") == "a=b");
  CHECK(qp_decode("soft=\r\nbreak") == "softbreak");
  CHECK(qp_decode("soft= \t\r\nbreak") == "softbreak");
  CHECK(qp_decode("pad   \r\nnext") == "pad\r\nnext");
  CHECK(qp_decode("lf\nonly") == "lf\r\nonly");
  CHECK(qp_decode("=e4=b8=ad") == "\xE4\xB8\xAD");
  CHECK(qp_decode("bad=ZZ=") == "bad=ZZ");
  CHECK(qp_decode("=4") == "=4");
}

TEST_CASE("quoted-printable round-trips text with Chinese and binary data", "[protocols][message][qp]") {
  std::string text = "你好，世界！ Hello =world= \r\n第二行\t\r\n" + std::string(300, 'z') + " \r\n";
  std::string enc = qp_encode(text);
  check_lines_at_most(enc, 76);
  CHECK(qp_decode(enc) == text);
  std::uint64_t seed = 42;
  for (int round = 0; round < 50; ++round) {
    std::string bin;
    std::size_t n = next(seed) % 500;
    for (std::size_t i = 0; i < n; ++i) bin += char(next(seed) & 0xFF);
    std::string b = qp_encode(bin, QpMode::Binary);
    check_lines_at_most(b, 76);
    REQUIRE(qp_decode(b) == bin);
  }
}

TEST_CASE("encoded words decode B and Q in several charsets", "[protocols][message][rfc2047]") {
  CHECK(decode_encoded_words("=?UTF-8?B?5Lit5paH5Li76aKY?=") == "中文主题");
  CHECK(decode_encoded_words("=?utf-8?q?caf=C3=A9_au_lait?=") == "café au lait");
  CHECK(decode_encoded_words("=?ISO-8859-1?Q?Andr=E9?= Pirard") == "André Pirard");
  CHECK(decode_encoded_words("=?GB2312?B?1tDOxA==?=") == "中文");
  CHECK(decode_encoded_words("=?GBK?B?1tDOxA==?=") == "中文");
  CHECK(decode_encoded_words("=?GB18030?B?1tDOxA==?=") == "中文");
  CHECK(decode_encoded_words("=?US-ASCII*en?Q?Keith_Moore?=") == "Keith Moore");
}

TEST_CASE("adjacent encoded words join without the whitespace between them", "[protocols][message][rfc2047]") {
  // RFC 2047 §8 examples.
  CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?=)") == "(a)");
  CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?= b)") == "(a b)");
  CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)") == "(ab)");
  CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)") == "(ab)");
  CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a_b?=)") == "(a b)");
  // A character split across two words still decodes when the bytes join.
  CHECK(decode_encoded_words("=?UTF-8?B?5Lit?= =?UTF-8?B?5paH?=") == "中文");
}

TEST_CASE("malformed encoded words are left as written", "[protocols][message][rfc2047]") {
  CHECK(decode_encoded_words("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=");
  CHECK(decode_encoded_words("=?no-such-charset?Q?abc?=") == "=?no-such-charset?Q?abc?=");
  CHECK(decode_encoded_words("=?UTF-8?B?unterminated") == "=?UTF-8?B?unterminated");
  CHECK(decode_encoded_words("plain text") == "plain text");
  CHECK(decode_encoded_words("raw \xFF byte") == "raw \xEF\xBF\xBD byte");
}

TEST_CASE("encoded words round-trip Chinese subjects within 75 characters each", "[protocols][message][rfc2047]") {
  std::string subject;
  for (int i = 0; i < 12; ++i) subject += "关于下周一网络课程实验安排的通知 ";
  subject += "🙂 end";
  auto words = encode_words(subject, 60);
  REQUIRE(words.size() > 3);
  CHECK(words.front().size() <= 60);
  for (const auto& w : words) {
    CHECK(w.size() <= 75);
    // Each word decodes alone to valid UTF-8: no character is split (RFC 2047 §5).
    std::string alone = decode_encoded_words(w);
    CHECK(alone == sanitize_utf8(alone));
    CHECK(alone.find("\xEF\xBF\xBD") == std::string::npos);
  }
  CHECK(decode_encoded_words(encode_header_text(subject)) == subject);
  CHECK(needs_encoding(subject));
  CHECK_FALSE(needs_encoding("Plain ASCII subject"));
  CHECK(needs_encoding("looks like =?UTF-8?B?eA==?= a word"));
}

TEST_CASE("charset conversion handles GB18030 four-byte forms and invalid bytes", "[protocols][message][charset]") {
  CHECK(to_utf8("\x81\x30\x81\x30", "GB18030") == std::string("\xC2\x80"));
  CHECK(to_utf8("\xD6\xD0\xFF", "gb2312") == std::string("中\xEF\xBF\xBD"));
  CHECK(to_utf8("\xE9", "iso-8859-1") == std::string("é"));
  CHECK_FALSE(to_utf8("x", "no-such-charset"));
  CHECK_FALSE(to_utf8("x", "bad name/with slash"));
  CHECK(sanitize_utf8("ok\xC0\xAF\xE4\xB8") == "ok\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("MIME parameters parse tokens, quoted strings and comments", "[protocols][message][rfc2231]") {
  auto v = parse_parameterized("Text/Plain (comment); charset=\"UTF-8\"; format=flowed; name=\"a \\\"b\\\".txt\"");
  CHECK(v.value == "text/plain");
  CHECK(v.param("CHARSET") == "UTF-8");
  CHECK(v.param("format") == "flowed");
  CHECK(v.param("name") == "a \"b\".txt");
  CHECK_FALSE(v.malformed);
  auto bad = parse_parameterized("attachment; junk; filename=ok.txt;;");
  CHECK(bad.value == "attachment");
  CHECK(bad.malformed);
  CHECK(bad.param("filename") == "ok.txt");
}

TEST_CASE("RFC 2231 continuations and charset values decode to UTF-8", "[protocols][message][rfc2231]") {
  // RFC 2231 §3 and §4 examples.
  auto a = parse_parameterized(
      "message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"");
  CHECK(a.param("url") == "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
  auto b = parse_parameterized("application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A");
  CHECK(b.param("title") == "This is ***fun***");
  auto c = parse_parameterized(
      "attachment; filename*1*=%E6%96%87; filename*0*=UTF-8''%E4%B8%AD; filename*2=.txt");
  CHECK(c.param("filename") == "中文.txt");
  auto gb = parse_parameterized("attachment; filename*=GB2312''%D6%D0%CE%C4.doc");
  CHECK(gb.param("filename") == "中文.doc");
  auto old = parse_parameterized("attachment; filename=\"=?UTF-8?B?5Lit5paH?=.pdf\"");
  CHECK(old.param("filename") == "中文.pdf");
  auto gap = parse_parameterized("attachment; filename*0=a; filename*2=c");
  CHECK(gap.param("filename") == "a");
}

TEST_CASE("RFC 2231 encoding round-trips long Chinese file names", "[protocols][message][rfc2231]") {
  std::string name;
  for (int i = 0; i < 8; ++i) name += "网络协议课程实验报告";
  name += " (final) 100%.pdf";
  std::string enc = encode_parameter("filename", name);
  CHECK(enc.find("filename*0*=UTF-8''") != std::string::npos);
  CHECK(enc.find("filename=\"=?UTF-8?B?") != std::string::npos);
  check_lines_at_most(enc, 78);
  auto parsed = parse_parameterized("attachment" + enc);
  CHECK(parsed.param("filename") == name);
  CHECK(encode_parameter("filename", "plain.txt") == ";\r\n\tfilename=plain.txt");
  CHECK(encode_parameter("filename", "with space.txt") == ";\r\n\tfilename=\"with space.txt\"");
}

TEST_CASE("parameter and encoded-word parsers survive random bytes", "[protocols][message][fuzz]") {
  std::uint64_t seed = 7;
  const std::string alphabet = "=?*'%;\"\\()abcQB09 \t\r\n\x80\xFF/";
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    std::size_t n = next(seed) % 80;
    for (std::size_t i = 0; i < n; ++i)
      s += (next(seed) & 1) ? alphabet[next(seed) % alphabet.size()] : char(next(seed) & 0xFF);
    auto v = parse_parameterized(s);
    std::string d = decode_encoded_words(s);
    CHECK(d == sanitize_utf8(d));
    (void)qp_decode(s);
    (void)v;
  }
}
