// Reply, enhanced-code and command meanings from the SMTP catalogue, and code classes.
#include "visual/reply_meaning.hpp"

#include <cctype>

#include "protocols/smtp/reply_catalogue.hpp"

namespace visual {

namespace smtp = protocols::smtp;

std::optional<Meaning> reply_meaning(protocols::Proto proto, int code, Lang lang) {
  if (proto != protocols::Proto::SMTP) return std::nullopt;
  const smtp::ReplyCodeInfo* i = smtp::find_reply_code(code);
  if (!i) return std::nullopt;
  return Meaning{std::string(lang == Lang::Zh ? i->meaning_zh : i->text), std::string(i->rfc), {}};
}

std::optional<Meaning> enhanced_meaning(std::string_view code, Lang lang) {
  const smtp::EnhancedCodeInfo* i = smtp::find_enhanced_code(code);
  if (!i) return std::nullopt;
  return Meaning{std::string(lang == Lang::Zh ? i->meaning_zh : i->meaning_en), std::string(i->rfc), {}};
}

std::optional<Meaning> command_meaning(protocols::Proto proto, std::string_view verb, Lang lang) {
  if (proto != protocols::Proto::SMTP) return std::nullopt;
  const smtp::CommandInfo* i = smtp::find_command(verb);
  if (!i) return std::nullopt;
  return Meaning{std::string(lang == Lang::Zh ? i->meaning_zh : i->meaning_en), std::string(i->rfc),
                 std::string(i->syntax)};
}

std::optional<std::string> reply_class_meaning(int code, Lang lang, protocols::Proto proto) {
  if (proto == protocols::Proto::HTTP) {
    if (code < 200 || code > 599) return std::nullopt;
    return tr(lang, static_cast<Id>(static_cast<int>(Id::HttpClass2) + code / 100 - 2));
  }
  // RFC 5321 §4.2.1: x0z replies are syntax errors. A 500 for a typo refuses the command,
  // not the mail: the session goes on.
  if (code / 100 == 5 && code / 10 % 10 == 0) return tr(lang, Id::ReplyClass5Syntax);
  switch (code / 100) {
    case 2: return tr(lang, Id::ReplyClass2);
    case 3: return tr(lang, Id::ReplyClass3);
    case 4: return tr(lang, Id::ReplyClass4);
    case 5: return tr(lang, Id::ReplyClass5);
    default: return std::nullopt;
  }
}

std::optional<int> reply_code_of(std::string_view line) {
  if (line.size() < 3 || !isdigit(static_cast<unsigned char>(line[0])) || !isdigit(static_cast<unsigned char>(line[1])) ||
      !isdigit(static_cast<unsigned char>(line[2])))
    return std::nullopt;
  if (line.size() > 3 && line[3] != ' ' && line[3] != '-') return std::nullopt;
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

std::string enhanced_code_of(std::string_view line) {
  // RFC 2034 §4: the enhanced code follows the reply code and a space: "250 2.1.0 Ok".
  if (line.size() < 9) return {};
  std::string_view rest = line.substr(4);
  std::size_t end = rest.find(' ');
  std::string_view code = rest.substr(0, end);
  int dots = 0;
  for (char c : code) {
    if (c == '.') ++dots;
    else if (!isdigit(static_cast<unsigned char>(c))) return {};
  }
  return dots == 2 ? std::string(code) : std::string();
}

}  // namespace visual
