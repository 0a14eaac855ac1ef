// The event list's rows from the trace, and its filter by type.
#include "visual/event_list.hpp"

#include <algorithm>

#include "visual/flights.hpp"
#include "visual/strcat.hpp"
#include "visual/transcript.hpp"

namespace visual {

namespace {
using protocols::Proto;

EventType type_of(Proto p) {
  switch (p) {
    case Proto::TCP: return EventType::Tcp;
    case Proto::UDP:
    case Proto::DNS: return EventType::Dns;
    case Proto::SMTP: return EventType::Smtp;
    case Proto::POP3: return EventType::Pop3;
    case Proto::IMAP: return EventType::Imap;
    case Proto::HTTP: return EventType::Http;
    case Proto::ECHO:
    case Proto::RAW: break;
  }
  return EventType::Other;
}

// Where the record happens and where it came from, and its type.
void place(const sim::Record& record, EventRow& row) {
  std::visit([&](const auto& r) {
    using T = std::decay_t<decltype(r)>;
    if constexpr (std::is_same_v<T, sim::SegmentRecord>) {
      // A PDU's protocol is that of what it carries (a SYN carries nothing: TCP).
      row.type = r.udp ? EventType::Dns : r.labels.empty() ? EventType::Tcp : type_of(r.labels.front().proto);
      if (r.event == sim::SegmentEvent::Sent) row.at = r.from;
      else {
        row.last = r.from;
        row.at = r.event == sim::SegmentEvent::Dropped && r.at != sim::kNoHost ? r.at : r.to;
      }
    } else if constexpr (std::is_same_v<T, sim::ConnRecord>) {
      row.type = EventType::Tcp;
      row.last = r.from;
      row.at = r.to;
    } else if constexpr (std::is_same_v<T, sim::DnsRecord>) {
      row.type = EventType::Dns;
      // A query goes from the resolver to the server; an answer (or the time-out) is the
      // resolver's.
      if (r.event == sim::DnsEvent::Query || r.event == sim::DnsEvent::Retry) {
        row.last = r.from;
        row.at = r.to;
      } else {
        row.last = r.event == sim::DnsEvent::Answer ? r.to : sim::kNoHost;
        row.at = r.from;
      }
    } else if constexpr (std::is_same_v<T, sim::CommandRecord>) {
      // A command is recorded where it arrived and was parsed.
      row.type = type_of(r.proto);
      row.last = r.from;
      row.at = r.to;
    } else if constexpr (std::is_same_v<T, sim::ReplyRecord>) {
      // A reply is recorded where the server sends it.
      row.type = type_of(r.proto);
      row.at = r.from;
    } else if constexpr (std::is_same_v<T, sim::StateRecord>) {
      row.type = type_of(r.proto);
      row.at = r.host;
    } else if constexpr (std::is_same_v<T, sim::QueueRecord>) {
      row.type = EventType::Queue;
      row.at = r.host;
    } else if constexpr (std::is_same_v<T, sim::MailboxRecord>) {
      row.type = EventType::Mailbox;
      row.at = r.host;
    } else if constexpr (std::is_same_v<T, sim::FaultRecord>) {
      row.type = EventType::Fault;
    } else if constexpr (std::is_same_v<T, sim::NoteRecord>) {
      row.type = EventType::Other;
      row.at = r.host;
    }
  }, record);
}
}  // namespace

const char* event_type_name(EventType t, Lang lang) {
  switch (t) {
    case EventType::Tcp: return "TCP";
    case EventType::Dns: return "DNS";
    case EventType::Smtp: return "SMTP";
    case EventType::Pop3: return "POP3";
    case EventType::Imap: return "IMAP";
    case EventType::Http: return "HTTP";
    case EventType::Other: return tr(lang, Id::EventOther);
    case EventType::Queue: return tr(lang, Id::EventQueue);
    case EventType::Mailbox: return tr(lang, Id::EventMailbox);
    case EventType::Fault: return tr(lang, Id::EventFault);
    case EventType::Count: break;
  }
  return "";
}

std::vector<EventRow> event_rows(const sim::Trace& trace, Lang lang) {
  // The transcript's line for each record is the information (the trace's words in the
  // reader's language); a segment leads with what it carries, as its pill says it.
  const std::vector<TranscriptRow> lines = transcript_rows(trace, lang);
  std::vector<EventRow> rows;
  rows.reserve(lines.size());
  std::size_t i = 0;
  for (const auto& e : trace.entries()) {
    EventRow row;
    row.entry = e.n;
    row.t = e.t;
    place(e.record, row);
    row.info = lines[i++].text;
    if (const auto* seg = std::get_if<sim::SegmentRecord>(&e.record); seg && !seg->labels.empty())
      row.info = cat(pill_label(seg->labels.front().text, lang), "  ", row.info);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::size_t> filter_events(const std::vector<EventRow>& rows, const EventFilter& f,
                                       protocols::Instant until) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < rows.size() && rows[i].t <= until; ++i)
    if (f.shows(rows[i].type)) out.push_back(i);
  return out;
}

std::optional<std::size_t> row_of_entry(const std::vector<EventRow>& rows, const std::vector<std::size_t>& shown,
                                        std::size_t entry) {
  auto it = std::upper_bound(shown.begin(), shown.end(), entry,
                             [&](std::size_t e, std::size_t row) { return e < rows[row].entry; });
  if (it == shown.begin()) return std::nullopt;
  return *std::prev(it);
}

}  // namespace visual
