// What the hosts panel shows of a host at the playback time, folded from the trace: power
// (from faults), the outbound queue (from QueueRecords: last action per message and
// recipient, next attempt, last error), mailboxes (from MailboxRecords) and which links are
// down (from link faults). Derived each frame from (trace, time); the panel keeps no copy.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/run.hpp"

namespace visual {

struct QueueLine {
  std::string msg, rcpt, action, last_error;
  std::optional<protocols::Instant> next_attempt;
};

struct MailboxLine {
  std::string user, folder;
  int messages = 0;        // messages whose last action was not a removal
  std::string last_action;
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
// Only whether the host is powered at t (power faults), without folding its queue.
bool powered_at(const sim::Trace& trace, const std::vector<std::size_t>& state_entries, sim::HostId host,
                protocols::Instant t);
HostState host_state_at(const sim::Trace& trace, sim::HostId host, protocols::Instant t);

// A link at a time: the topology's values changed by link faults up to then (link-down,
// link-up, loss, latency; faults the world refused, "(not applied: ...)", are skipped).
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
