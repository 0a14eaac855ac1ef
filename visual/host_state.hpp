// What the hosts panel shows of a host at the playback time, folded from the trace: power
// (from faults), the outbound queue (from QueueRecords: last action per message and
// recipient, next attempt, last error), mailboxes (from MailboxRecords: a mail server's
// messages by UID with their flags, followed through append, flags, copy, move, expunge,
// rename and delete) and which links are down (from link faults). Derived each frame from
// (trace, time); the panel keeps no copy. Messages a scenario starts with are not traced, so
// a mailbox shows them only from their first traced change.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/run.hpp"

namespace visual {

struct QueueLine {
  std::string msg, rcpt;
  sim::QueueAction action = sim::QueueAction::Queued;
  // The last failed try (deferred, failed, bounced, expired), for its reason in either
  // language (sim::text::queue_reason).
  std::optional<sim::QueueRecord> last_error;
  std::optional<protocols::Instant> next_attempt;
};

// A stored message: its UID and its flags as IMAP names them, e.g. \Seen \Flagged (empty: none).
struct MessageLine {
  std::uint32_t uid = 0;
  std::string flags;
  bool operator==(const MessageLine&) const = default;
};

// How many messages of a mailbox are listed: the highest UIDs (the newest mail).
constexpr std::size_t kListedMessages = 20;

struct MailboxLine {
  std::string user, folder;
  int messages = 0;        // messages whose last action was not a removal
  std::optional<sim::MailboxAction> last_action;
  std::vector<MessageLine> listed;  // the last kListedMessages messages by UID, ascending
  int unlisted = 0;                 // messages with lower UIDs than the listed ones
  bool operator==(const MailboxLine&) const = default;
};

struct HostState {
  bool powered = true;
  std::vector<QueueLine> queue;     // entries not yet delivered, failed or bounced
  std::vector<MailboxLine> mailboxes;
};

// Entry indices of the records host and link state is folded from (faults, queue and
// mailbox records): a run has few of them, so views fold these each frame, not the trace.
std::vector<std::size_t> state_entries_of(const sim::Trace& trace);

// The same, split per host: faults naming the host, its queue and its mailbox records. A
// large world's frame folds only each host's own records (the hosts panel and the canvas
// ask for every host every frame).
std::vector<std::vector<std::size_t>> state_entries_by_host(const sim::Trace& trace,
                                                           const std::vector<std::size_t>& state_entries);

HostState host_state_at(const sim::Trace& trace, const std::vector<std::size_t>& state_entries, sim::HostId host,
                        protocols::Instant t);

// The fold itself: records are added in trace order; state() is the host's state after them.
class HostFold {
 public:
  void add(const sim::Trace& trace, const sim::TraceEntry& e, sim::HostId host);
  HostState state() const;

 private:
  struct Box {
    std::map<std::uint32_t, std::string> uids;  // a mail server's messages: UID -> flags
    std::map<std::string, sim::MailboxAction> other;  // other records (a device's): msg -> last action
    std::optional<sim::MailboxAction> last;
  };
  void add_store_change(const sim::MailboxRecord& m);

  bool powered_ = true;
  std::map<std::pair<std::string, std::string>, QueueLine> queue_;
  std::map<std::pair<std::string, std::string>, Box> boxes_;  // by (user, folder)
};

// host_state_at() for every frame of the hosts panel: each host's fold goes on from where
// the last frame left it while time moves forward (and starts over when it moves back or
// the rows change, `generation`), so a playing frame folds only the records just passed.
class HostStates {
 public:
  const HostState& at(const sim::Trace& trace, const std::vector<std::size_t>& host_entries, sim::HostId host,
                      protocols::Instant t, std::uint64_t generation);

 private:
  struct Kept {
    std::uint64_t generation = 0;
    protocols::Instant t{};
    std::size_t next = 0;  // host entries folded
    HostFold fold;
    std::optional<HostState> shown;
  };
  std::vector<Kept> hosts_;
};
// Only whether the host is powered at t (power faults), without folding its queue.
bool powered_at(const sim::Trace& trace, const std::vector<std::size_t>& state_entries, sim::HostId host,
                protocols::Instant t);
HostState host_state_at(const sim::Trace& trace, sim::HostId host, protocols::Instant t);

// A link at a time: the topology's values changed by link faults up to then (link-down,
// link-up, loss, latency; faults the world refused (applied false) are skipped).
struct LinkView {
  bool up = true;
  protocols::Duration latency{};
  double loss = 0;
};

// `initially_up`, when it has one value per link, is where the links start (a scenario may
// start a link down); otherwise all start up.
std::vector<LinkView> links_at(const sim::Trace& trace, const std::vector<std::size_t>& state_entries,
                               const sim::Topology& topo, protocols::Instant t,
                               const std::vector<bool>& initially_up = {});
std::vector<LinkView> links_at(const sim::Trace& trace, const sim::Topology& topo, protocols::Instant t);

}  // namespace visual
