// The trace's own vocabulary (record kinds, segment and connection events, DNS events,
// queue and mailbox actions, drop reasons, fault actions) in Chinese for the transcript and
// the inspector. Protocol text (commands, replies, header values) is never translated: it is
// what travels on the wire.
#pragma once
#include <string_view>

#include "sim/trace_text.hpp"
#include "visual/i18n.hpp"

namespace visual {

// The record-text catalogue's language (sim/trace_text.hpp) for the UI's.
inline sim::TextLang text_lang(Lang lang) { return lang == Lang::Zh ? sim::TextLang::Zh : sim::TextLang::En; }

// The word in `lang`; the word itself in English or when the table does not know it.
std::string_view term(Lang lang, std::string_view word);

}  // namespace visual
