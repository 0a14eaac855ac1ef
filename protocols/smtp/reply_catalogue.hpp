// The SMTP reference catalogue: every reply code (RFC 5321 §4.2.2/§4.2.3, RFC 4954 §6 for
// AUTH), the common enhanced status codes (RFC 3463 §3, by subject.detail), and the commands
// (RFC 821 §4.1 and RFC 5321 §4.1.1), each with its meaning in English and Simplified Chinese
// and the RFC section. Lessons and the UI inspector read it; the server takes the default
// enhanced code and text of a forced reply from it.
// Leaves out: extension-specific codes beyond AUTH (DSN, BURL, ...).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace protocols::smtp {

// RFC 5321 §4.2.1: the first digit says whether the command was accepted.
enum class ReplyClass : std::uint8_t {
  PositiveCompletion = 2,    // 2yz
  PositiveIntermediate = 3,  // 3yz
  TransientNegative = 4,     // 4yz: try again later
  PermanentNegative = 5,     // 5yz: do not repeat as is
  Invalid = 0,               // not a reply code
};
ReplyClass reply_class(int code);
std::string_view to_string(ReplyClass c);      // "positive completion", ...
std::string_view meaning_zh(ReplyClass c);     // "肯定完成应答", ...

struct ReplyCodeInfo {
  int code = 0;
  std::string_view text;              // the RFC's wording ("Start mail input; end with <CRLF>.<CRLF>")
  std::string_view meaning_zh;        // 简体中文
  std::string_view rfc;               // "RFC 5321 §4.2.3"
  bool rfc821 = false;                // one of RFC 821's 21 reply codes
  std::string_view default_enhanced;  // what MailSim's server puts beside it ("4.3.0"), may be empty
};

struct EnhancedCodeInfo {
  std::string_view subject_detail;    // "1.1": RFC 3463 meanings hold for classes 2, 4 and 5
  std::string_view meaning_en;
  std::string_view meaning_zh;
  std::string_view rfc;               // "RFC 3463 §3.2"
};

struct CommandInfo {
  std::string_view verb;
  std::string_view syntax;            // "MAIL FROM:<reverse-path> [SP parameters]"
  std::string_view meaning_en;
  std::string_view meaning_zh;
  std::string_view rfc;               // "RFC 5321 §4.1.1.2"
  bool rfc821 = false;                // one of RFC 821's 14 commands
};

std::span<const ReplyCodeInfo> reply_codes();
std::span<const EnhancedCodeInfo> enhanced_codes();
std::span<const CommandInfo> commands();

const ReplyCodeInfo* find_reply_code(int code);
// "5.1.1" -> the X.1.1 entry (class 2, 4 or 5 and a known subject.detail); nullptr otherwise.
const EnhancedCodeInfo* find_enhanced_code(std::string_view code);
// Case-insensitive: "mail" finds MAIL.
const CommandInfo* find_command(std::string_view verb);

}  // namespace protocols::smtp
