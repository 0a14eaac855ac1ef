// The two printed forms of a trace (docs/trace.md): one JSON object per line (JSONL), and
// one human line per record "+HH:MM:SS.mmm  from  to  PROTO  summary" in English or Chinese.
#pragma once
#include <string>

#include "sim/trace.hpp"
#include "sim/trace_text.hpp"

namespace sim {

// Always valid UTF-8: a text field whose bytes are not valid UTF-8 is written with U+FFFD
// for each bad byte, and its exact bytes follow in base64 in a sibling field NAME_b64 (a
// list gives NAME_b64 as an object from index to base64, a label its own text_b64).
std::string to_jsonl(const TraceEntry& e, const Trace& trace);
// Empty when the record is not shown in text form (segments unless `tcp`).
std::string to_text(const TraceEntry& e, const Trace& trace, bool tcp, TextLang lang = TextLang::En);
// A JSON string literal of s: quotes, escapes, and U+FFFD for each byte that is not part
// of valid UTF-8 (so the line always parses).
std::string json_escape(std::string_view s);
bool valid_utf8(std::string_view s);
std::string base64(std::string_view bytes);

}  // namespace sim
