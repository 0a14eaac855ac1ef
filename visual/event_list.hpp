// The event list, as Packet Tracer's simulation mode shows one: every record of the trace
// (segments sent, delivered and dropped, DNS, TCP connection events, commands and replies,
// queue decisions, mailbox changes, faults) as a row with its time, the device it came from
// ("last device"), the device where it is ("at device"), its type (the protocol of the PDU,
// or what kind of event) and a line of information; the types are filtered by check boxes.
// No ImGui here: event_list_panel.cpp draws it.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "sim/trace.hpp"
#include "visual/i18n.hpp"

namespace visual {

// TCP and DNS, the application protocols, then the events that are not PDUs.
enum class EventType { Tcp, Dns, Smtp, Pop3, Imap, Http, Other, Queue, Mailbox, Fault, Count };
constexpr std::size_t kEventTypes = static_cast<std::size_t>(EventType::Count);

// The type's name as the list shows it: protocol names as they are, the others in `lang`.
const char* event_type_name(EventType t, Lang lang);

struct EventRow {
  std::size_t entry = 0;
  protocols::Instant t{};
  sim::HostId last = sim::kNoHost;  // the device it left (none for a segment just sent)
  sim::HostId at = sim::kNoHost;    // the device where it happens
  EventType type = EventType::Other;
  std::string info;  // in the reader's language round the protocol text
};

// One row per trace entry, in trace order.
std::vector<EventRow> event_rows(const sim::Trace& trace, Lang lang);

// Which types the list shows (all of them at first).
struct EventFilter {
  std::array<bool, kEventTypes> show{};
  EventFilter() { show.fill(true); }
  bool shows(EventType t) const { return show[static_cast<std::size_t>(t)]; }
  bool operator==(const EventFilter&) const = default;
};

// Indices into `rows` of the shown types that happened at or before `until`.
std::vector<std::size_t> filter_events(const std::vector<EventRow>& rows, const EventFilter& f,
                                       protocols::Instant until);

// The row of the entry, or of the latest shown row before it (the selection follows a
// record the filter hides to its neighbour); none when there is none.
std::optional<std::size_t> row_of_entry(const std::vector<EventRow>& rows, const std::vector<std::size_t>& shown,
                                        std::size_t entry);

}  // namespace visual
