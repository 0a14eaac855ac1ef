// What a reply code means, for the inspector. The per-code SMTP catalogue (text and RFC
// section for each code) is written on another branch; reply_meaning() is the one place the
// front end asks it, and answers nothing until it lands. The class of a code (its first
// digit, RFC 5321 §4.2.1) is always known and shown meanwhile.
#pragma once
#include <optional>
#include <string>

#include "protocols/label.hpp"
#include "visual/i18n.hpp"

namespace visual {

struct ReplyMeaning {
  std::string text;     // "Requested action aborted: local error in processing"
  std::string section;  // "RFC 5321 §4.2.2"
};

// The catalogue entry for a code, when one exists for the protocol.
std::optional<ReplyMeaning> reply_meaning(protocols::Proto proto, int code, Lang lang);
// "4xx: transient failure..." by the first digit; none for codes outside 2xx..5xx.
std::optional<std::string> reply_class_meaning(int code, Lang lang);

}  // namespace visual
