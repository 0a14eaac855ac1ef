// Human text for trace records, in English or Chinese: one catalogue that the text trace
// (`mailsim run --lang`) and the front end's transcript and hosts panel both use, so what
// the simulator records reaches a Chinese screen in Chinese. JSONL never goes through here.
// Protocol text inside a record (a command line, a reply, an address, a host name, a header)
// is shown as it is in either language.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/trace.hpp"

namespace sim {

enum class TextLang : std::uint8_t { En, Zh };
// "zh" or "en"; nullopt otherwise.
std::optional<TextLang> parse_text_lang(std::string_view s);
// From the locale as POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG; zh* is Chinese,
// anything else (or nothing) English.
TextLang text_lang_from_locale();

namespace text {

// Words a view puts around record text.
enum class Word : std::uint8_t { Retransmission, Lost, DroppedAt, Next, From, State, NotApplied, Queue };
std::string_view word(TextLang l, Word w);
// The text trace's protocol column for records that are not a protocol's: FAULT, QUEUE, MBOX, NOTE.
enum class Column : std::uint8_t { Fault, Queue, Mailbox, Note };
std::string_view column(TextLang l, Column c);

std::string_view segment_event(TextLang l, SegmentEvent e);
// A segment's drop reason ("loss", "link down", "host off", "no route", "exceeds MTU", "ttl expired").
std::string_view drop_reason(TextLang l, std::string_view reason);
std::string_view conn_event(TextLang l, ConnEvent e);
// "connects to port 25", "connection established", ... (the text trace's phrase).
std::string conn_phrase(TextLang l, const ConnRecord& r);
std::string conn_detail(TextLang l, const ConnRecord& r);  // empty for none
std::string_view dns_event(TextLang l, DnsEvent e);
std::string_view fault_action(TextLang l, FaultAction a);
std::string_view fault_source(TextLang l, FaultSource s);
std::string fault_refusal(TextLang l, const FaultRecord& r);  // empty when applied
std::string_view queue_action(TextLang l, QueueAction a);
std::string queue_reason(TextLang l, const QueueRecord& r);  // empty for none
std::string_view mailbox_action(TextLang l, MailboxAction a);
// The messages a mailbox record names, with flags as IMAP writes them, and the source of a
// copy, move or rename: "uid 1 (\Seen) from INBOX uid 1".
std::string mailbox_what(TextLang l, const MailboxRecord& r);
std::string note(TextLang l, const NoteRecord& r);
// A duration as people read it: "30m" / "30 分钟".
std::string duration(TextLang l, Duration d);

}  // namespace text
}  // namespace sim
