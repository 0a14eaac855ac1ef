// What a reply code, an enhanced status code or a command means, for the inspector. The
// SMTP reference catalogue (protocols/smtp/reply_catalogue.hpp: RFC 5321 §4.1-§4.2, RFC 3463,
// RFC 4954) answers for SMTP; other protocols have no catalogue yet. The class of a
// three-digit code (its first digit, RFC 5321 §4.2.1) is always known.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "protocols/label.hpp"
#include "visual/i18n.hpp"

namespace visual {

struct Meaning {
  std::string text;     // "Requested action aborted: local error in processing" / 中文
  std::string section;  // "RFC 5321 §4.2.2"
  std::string syntax;   // commands only: "MAIL FROM:<reverse-path> [SP parameters]"
};

// The catalogue entry for a reply code of the protocol.
std::optional<Meaning> reply_meaning(protocols::Proto proto, int code, Lang lang);
// An enhanced status code such as "5.1.1" (RFC 3463), SMTP only.
std::optional<Meaning> enhanced_meaning(std::string_view code, Lang lang);
// A command verb ("MAIL", "rcpt"), SMTP only.
std::optional<Meaning> command_meaning(protocols::Proto proto, std::string_view verb, Lang lang);
// "4xx: transient failure..." by the first digit; none for codes outside 2xx..5xx. SMTP's
// classes (RFC 5321 §4.2.1), a 5x0 syntax error told apart from a refusal that bounces the
// mail; HTTP's classes (RFC 9110 §15) for HTTP.
std::optional<std::string> reply_class_meaning(int code, Lang lang, protocols::Proto proto = protocols::Proto::SMTP);

// The leading three-digit code of an SMTP reply line ("250 2.1.0 Ok" -> 250), and the
// enhanced code after it when there is one ("2.1.0").
std::optional<int> reply_code_of(std::string_view line);
std::string enhanced_code_of(std::string_view line);

}  // namespace visual
