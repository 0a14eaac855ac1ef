// 8-bit to 7-bit down-conversion (RFC 6152 §3): decoding the result gives back the same
// bytes, multiparts are descended into, 7-bit parts are left alone, quoted-printable lines
// stay within 76 characters, and 8-bit header fields cannot be converted.
#include <catch2/catch.hpp>

#include "protocols/message/ascii.hpp"
#include "protocols/message/downgrade.hpp"
#include "protocols/message/mime_part.hpp"

using namespace protocols::message;

namespace {

std::size_t longest_line(std::string_view s) {
  std::size_t best = 0, pos = 0;
  while (pos < s.size()) {
    std::size_t nl = s.find("\r\n", pos);
    if (nl == std::string_view::npos) nl = s.size();
    best = std::max(best, nl - pos);
    pos = nl + 2;
  }
  return best;
}

// Ordinary French prose: a few accents, well under one byte in eight with the high bit.
const std::string kFrench = "Bonjour Helene,\r\nle cafe est pret a 8 heures, comme convenu hier soir.\r\n"
                            "Une ligne assez longue pour etre coupee par le codage quoted-printable, "
                            "avec un seul accent: déjà. Merci et a bientot !\r\n";
const std::string kChinese = "你好，李四！\r\n这封信的正文几乎全是中文，用 quoted-printable 会变成三倍长。\r\n";

}  // namespace

TEST_CASE("prefers_base64 follows sendmail: more than one byte in eight with the high bit", "[mime][downgrade]") {
  CHECK_FALSE(prefers_base64(kFrench, true, false));
  CHECK(prefers_base64(kChinese, true, false));
  CHECK(prefers_base64("ascii", false, false));  // not text
  CHECK(prefers_base64("ascii \xE9", true, true));  // labelled binary
  CHECK_FALSE(prefers_base64("12345678\xE9", true, false));  // 9 / 8 = 1, not < 1
  CHECK(prefers_base64("1234567\xE9\xE9", true, false));
}

TEST_CASE("a single-part 8-bit text message becomes quoted-printable and decodes to the same bytes", "[mime][downgrade]") {
  const std::string msg = "From: a@a.example\r\nSubject: cafe\r\nMIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
                          kFrench;
  Downgrade d = downgrade_8bit(msg, {false, "mail.a.example"});
  REQUIRE(d.status == DowngradeStatus::Converted);
  CHECK(d.quoted_printable == 1);
  CHECK(d.base64 == 0);
  CHECK(is_seven_bit(d.message));
  CHECK(longest_line(d.message) <= 76);
  MimePart p = parse_mime(d.message);
  CHECK(p.transfer_encoding == "quoted-printable");
  CHECK(p.headers.find_all("Content-Transfer-Encoding").size() == 1);
  CHECK(p.headers.get("X-MIME-Autoconverted") == "from 8bit to quoted-printable by mail.a.example");
  CHECK(p.headers.get("Subject") == "cafe");
  CHECK(decode_body(p, d.message) == kFrench);
  // The field keeps its place among the others.
  CHECK(d.message.find("Content-Transfer-Encoding: quoted-printable\r\nX-MIME-Autoconverted") <
        d.message.find("\r\n\r\n"));
}

TEST_CASE("mostly Chinese text becomes base64 and decodes to the same bytes", "[mime][downgrade]") {
  const std::string msg = "From: a@a.example\r\nSubject: =?UTF-8?B?5L2g5aW9?=\r\nMIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
                          kChinese;
  Downgrade d = downgrade_8bit(msg);
  REQUIRE(d.status == DowngradeStatus::Converted);
  CHECK(d.base64 == 1);
  CHECK(is_seven_bit(d.message));
  CHECK(longest_line(d.message) <= 76);
  CHECK(d.message.find("X-MIME-Autoconverted") == std::string::npos);  // no host given
  MimePart p = parse_mime(d.message);
  CHECK(p.transfer_encoding == "base64");
  CHECK(decode_body(p, d.message) == kChinese);
  CHECK(decode_text(p, d.message) == kChinese);
}

TEST_CASE("multiparts are descended into: 8-bit leaves converted, 7-bit parts untouched", "[mime][downgrade]") {
  const std::string seven = "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nplain ascii\r\n";
  const std::string msg =
      "From: a@a.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\npreamble\r\n" + seven +
      "--b1\r\nContent-Type: multipart/alternative; boundary=b2\r\n\r\n"
      "--b2\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + kFrench +
      "\r\n--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + kChinese +
      "\r\n--b2--\r\n"
      "--b1\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
      "Subject: inner\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + kFrench +
      "\r\n--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n"
      "\x01\x02\xFF\xFE\x80 bytes\r\n--b1--\r\nepilogue\r\n";
  Downgrade d = downgrade_8bit(msg);
  REQUIRE(d.status == DowngradeStatus::Converted);
  CHECK(d.quoted_printable == 2);
  CHECK(d.base64 == 2);
  CHECK(is_seven_bit(d.message));
  CHECK(d.message.find(seven) != std::string::npos);  // copied byte for byte
  MimePart before = parse_mime(msg), after = parse_mime(d.message);
  CHECK(after.transfer_encoding == "7bit");  // a multipart is never encoded (RFC 2045 §6.4)
  auto a = numbered_parts(after), b = numbered_parts(before);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].number == b[i].number);
    CHECK(a[i].part->media_type() == b[i].part->media_type());
    if (a[i].part->is_multipart() || a[i].part->is_message()) continue;
    CHECK(decode_body(*a[i].part, d.message) == decode_body(*b[i].part, msg));
  }
  const MimePart* att = find_part(after, "4");
  REQUIRE(att);
  CHECK(att->transfer_encoding == "base64");
  CHECK(find_part(after, "3")->transfer_encoding == "7bit");  // message/rfc822 stays unencoded
  CHECK(find_part(after, "3.1")->transfer_encoding == "quoted-printable");
  CHECK(find_part(after, "2.2")->transfer_encoding == "base64");
}

TEST_CASE("a 7-bit message is left exactly as it was", "[mime][downgrade]") {
  const std::string msg = "Subject: hi\r\nContent-Type: text/plain\r\n\r\nHello\r\n";
  Downgrade d = downgrade_8bit(msg);
  CHECK(d.status == DowngradeStatus::Unchanged);
  CHECK(d.message == msg);
  CHECK(d.quoted_printable + d.base64 == 0);
}

TEST_CASE("a message without MIME fields gains MIME-Version, Content-Type and the encoding", "[mime][downgrade]") {
  const std::string msg = "Subject: plain\r\n\r\n" + kFrench;
  Downgrade d = downgrade_8bit(msg);
  REQUIRE(d.status == DowngradeStatus::Converted);
  MimePart p = parse_mime(d.message);
  CHECK(p.headers.get("MIME-Version") == "1.0");
  CHECK(p.charset() == "utf-8");
  CHECK(p.transfer_encoding == "quoted-printable");
  CHECK(decode_text(p, d.message) == kFrench);
  Downgrade latin1 = downgrade_8bit("Subject: x\r\n\r\ncaf\xE9\r\n");
  CHECK(parse_mime(latin1.message).charset() == "unknown-8bit");  // RFC 1428
}

TEST_CASE("quoted-printable lines stay within 76 characters, also for 998-character 8-bit lines", "[mime][downgrade]") {
  std::string line;
  while (line.size() < 990) line += "é and twenty ascii chars ";
  const std::string msg = "Content-Type: text/plain; charset=utf-8\r\n\r\n" + line + "\r\n.leading dot\r\n";
  Downgrade d = downgrade_8bit(msg);
  REQUIRE(d.status == DowngradeStatus::Converted);
  REQUIRE(d.quoted_printable == 1);
  CHECK(longest_line(d.message) <= 76);
  MimePart p = parse_mime(d.message);
  CHECK(decode_body(p, d.message) == line + "\r\n.leading dot\r\n");
}

TEST_CASE("8-bit header fields cannot be converted unless they may be sent as they are", "[mime][downgrade]") {
  const std::string msg = "From: a@a.example\r\nSubject: Grüße\r\nContent-Type: text/plain; charset=utf-8\r\n"
                          "Content-Transfer-Encoding: 8bit\r\n\r\n" + kFrench;
  Downgrade d = downgrade_8bit(msg);
  CHECK(d.status == DowngradeStatus::NotPossible);
  CHECK(d.problem == "8-bit bytes in header field Subject");
  CHECK(d.message.empty());
  Downgrade allowed = downgrade_8bit(msg, {true, ""});  // SMTPUTF8
  REQUIRE(allowed.status == DowngradeStatus::Converted);
  CHECK(allowed.headers_8bit);
  CHECK(allowed.message.find("Subject: Grüße\r\n") != std::string::npos);
  MimePart p = parse_mime(allowed.message);
  CHECK(decode_body(p, allowed.message) == kFrench);
  // A part's header counts too (a raw UTF-8 file name).
  const std::string part = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                           "Content-Type: text/plain; name=\"报告.txt\"\r\n\r\nx\r\n--b--\r\n";
  Downgrade dp = downgrade_8bit(part);
  CHECK(dp.status == DowngradeStatus::NotPossible);
  CHECK(dp.problem == "8-bit bytes in header field Content-Type (part 1)");
}

TEST_CASE("down-conversion of damaged messages never fails and leaves no 8-bit body", "[mime][downgrade]") {
  const std::string base =
      "Content-Type: multipart/mixed; boundary=b\r\n\r\npre\xE9\r\n--b\r\nContent-Type: text/plain\r\n\r\n" + kFrench +
      "\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\n" + kChinese + "\r\n--b--\r\n";
  std::uint64_t x = 42;
  auto rnd = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL, x >> 33; };
  for (int round = 0; round < 2000; ++round) {
    std::string m = base;
    for (int k = 0, n = int(rnd() % 6); k < n; ++k) {
      std::size_t at = rnd() % m.size();
      switch (rnd() % 3) {
        case 0: m[at] = static_cast<char>(rnd() % 256); break;
        case 1: m.erase(at, rnd() % 40); break;
        default: m.insert(at, rnd() % 2 ? "\r\n--b\r\n" : "\r\n\r\n"); break;
      }
      if (m.empty()) m = "x";
    }
    Downgrade d = downgrade_8bit(m);
    if (d.status == DowngradeStatus::NotPossible) {
      CHECK_FALSE(d.problem.empty());
      continue;
    }
    // Only header bytes could stay 8-bit, and they would have made it NotPossible.
    REQUIRE(is_seven_bit(d.message));
  }
}
