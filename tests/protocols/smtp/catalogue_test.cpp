// The SMTP catalogue: complete for RFC 821 and RFC 5321, bilingual, and found by lookups.
#include <catch2/catch.hpp>

#include "protocols/smtp/reply_catalogue.hpp"

using namespace protocols::smtp;

TEST_CASE("catalogue holds every RFC 5321 and AUTH reply code with both languages", "[smtp][catalogue]") {
  for (int code : {211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 455, 500, 501, 502,
                   503, 504, 530, 534, 535, 538, 550, 551, 552, 553, 554, 555}) {
    const ReplyCodeInfo* r = find_reply_code(code);
    REQUIRE(r);
    CHECK_FALSE(r->text.empty());
    CHECK_FALSE(r->meaning_zh.empty());
    CHECK(r->rfc.rfind("RFC ", 0) == 0);
  }
  CHECK(find_reply_code(354)->meaning_zh == "开始邮件输入，以 <CRLF>.<CRLF> 结束");
  CHECK(find_reply_code(299) == nullptr);
}

TEST_CASE("catalogue marks RFC 821's 21 reply codes and 14 commands", "[smtp][catalogue]") {
  int codes = 0, cmds = 0;
  for (const auto& r : reply_codes()) codes += r.rfc821;
  for (const auto& c : commands()) cmds += c.rfc821;
  CHECK(codes == 21);
  CHECK(cmds == 14);
  for (const char* v : {"HELO", "MAIL", "RCPT", "DATA", "SEND", "SOML", "SAML", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "TURN"}) {
    REQUIRE(find_command(v));
    CHECK(find_command(v)->rfc821);
  }
  CHECK(find_command("ehlo")->verb == "EHLO");
  CHECK_FALSE(find_command("EHLO")->rfc821);
  CHECK(find_command("FROB") == nullptr);
}

TEST_CASE("catalogue finds enhanced codes of any class and classifies replies", "[smtp][catalogue]") {
  for (const char* e : {"2.0.0", "2.1.0", "2.1.5", "2.6.0", "4.2.2", "4.3.1", "4.4.1", "4.4.2", "4.7.1", "5.1.1",
                        "5.2.2", "5.3.4", "5.5.1", "5.5.2", "5.5.4", "5.7.0", "5.7.8"}) {
    INFO(e);
    REQUIRE(find_enhanced_code(e));
    CHECK_FALSE(find_enhanced_code(e)->meaning_zh.empty());
  }
  CHECK(find_enhanced_code("5.1.1")->meaning_en.find("mailbox") != std::string_view::npos);
  CHECK(find_enhanced_code("3.1.1") == nullptr);
  CHECK(find_enhanced_code("5.9.9") == nullptr);
  CHECK(reply_class(250) == ReplyClass::PositiveCompletion);
  CHECK(reply_class(354) == ReplyClass::PositiveIntermediate);
  CHECK(reply_class(451) == ReplyClass::TransientNegative);
  CHECK(reply_class(550) == ReplyClass::PermanentNegative);
  CHECK(reply_class(199) == ReplyClass::Invalid);
  for (const auto& r : reply_codes())
    if (!r.default_enhanced.empty()) CHECK(r.default_enhanced[0] == static_cast<char>('0' + r.code / 100));
}
