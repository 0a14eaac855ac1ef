// The two printed forms of a trace (docs/trace.md): one JSON object per line (JSONL), and
// one human line per record "+HH:MM:SS.mmm  from  to  PROTO  summary".
#pragma once
#include <string>

#include "sim/trace.hpp"

namespace sim {

std::string to_jsonl(const TraceEntry& e, const Trace& trace);
// Empty when the record is not shown in text form (segments unless `tcp`).
std::string to_text(const TraceEntry& e, const Trace& trace, bool tcp);
std::string json_escape(std::string_view s);
// A mailbox record's messages with their flags as IMAP writes them, "uid 3 (\Seen \Flagged),
// uid 4 ()", when it has flags; otherwise its msg.
std::string mailbox_messages_text(const MailboxRecord& r);

}  // namespace sim
