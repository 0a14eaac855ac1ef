// Reply code meanings: the catalogue hook and the code classes of RFC 5321 §4.2.1.
#include "visual/reply_meaning.hpp"

namespace visual {

std::optional<ReplyMeaning> reply_meaning(protocols::Proto, int, Lang) {
  // The SMTP reply catalogue (protocols/smtp, another branch) is not on this branch yet;
  // until it is merged, callers fall back to reply_class_meaning().
  return std::nullopt;
}

std::optional<std::string> reply_class_meaning(int code, Lang lang) {
  switch (code / 100) {
    case 2: return tr(lang, Id::ReplyClass2);
    case 3: return tr(lang, Id::ReplyClass3);
    case 4: return tr(lang, Id::ReplyClass4);
    case 5: return tr(lang, Id::ReplyClass5);
    default: return std::nullopt;
  }
}

}  // namespace visual
