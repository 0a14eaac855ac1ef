// Folding queue, mailbox and fault records into a host's state at a time.
#include "visual/host_state.hpp"


namespace visual {

namespace {
bool is_final(sim::QueueAction a) {
  using A = sim::QueueAction;
  return a == A::Delivered || a == A::Failed || a == A::Bounced || a == A::Expired || a == A::Removed;
}
bool is_failure(sim::QueueAction a) {
  using A = sim::QueueAction;
  return a == A::Deferred || a == A::Failed || a == A::Bounced || a == A::Expired;
}
bool is_power(const sim::FaultRecord& f) {
  return f.applied && (f.action == sim::FaultAction::PowerOff || f.action == sim::FaultAction::PowerOn);
}
}  // namespace

std::vector<std::size_t> state_entries_of(const sim::Trace& trace) {
  std::vector<std::size_t> out;
  const auto& es = trace.entries();
  for (std::size_t i = 0; i < es.size(); ++i)
    if (std::holds_alternative<sim::FaultRecord>(es[i].record) || std::holds_alternative<sim::QueueRecord>(es[i].record) ||
        std::holds_alternative<sim::MailboxRecord>(es[i].record))
      out.push_back(i);
  return out;
}

std::vector<std::vector<std::size_t>> state_entries_by_host(const sim::Trace& trace,
                                                           const std::vector<std::size_t>& state_entries) {
  std::vector<std::vector<std::size_t>> out(trace.hosts().size());
  std::map<std::string, sim::HostId> by_name;
  for (sim::HostId h = 0; h < trace.hosts().size(); ++h) by_name[trace.host_name(h)] = h;
  for (std::size_t i : state_entries) {
    const sim::Record& r = trace.entries()[i].record;
    sim::HostId h = sim::kNoHost;
    if (const auto* f = std::get_if<sim::FaultRecord>(&r)) {
      if (auto it = by_name.find(f->target); it != by_name.end()) h = it->second;
    } else if (const auto* q = std::get_if<sim::QueueRecord>(&r)) {
      h = q->host;
    } else if (const auto* m = std::get_if<sim::MailboxRecord>(&r)) {
      h = m->host;
    }
    if (h < out.size()) out[h].push_back(i);
  }
  return out;
}

bool powered_at(const sim::Trace& trace, const std::vector<std::size_t>& state_entries, sim::HostId host,
                protocols::Instant t) {
  bool powered = true;
  const std::string& name = trace.host_name(host);
  for (std::size_t i : state_entries) {
    const sim::TraceEntry& e = trace.entries()[i];
    if (e.t > t) break;
    if (const auto* f = std::get_if<sim::FaultRecord>(&e.record); f && f->target == name && is_power(*f))
      powered = f->action == sim::FaultAction::PowerOn;
  }
  return powered;
}

HostState host_state_at(const sim::Trace& trace, sim::HostId host, protocols::Instant t) {
  return host_state_at(trace, state_entries_of(trace), host, t);
}

std::vector<LinkView> links_at(const sim::Trace& trace, const sim::Topology& topo, protocols::Instant t) {
  return links_at(trace, state_entries_of(trace), topo, t);
}

void HostFold::add(const sim::Trace& trace, const sim::TraceEntry& e, sim::HostId host) {
  if (const auto* f = std::get_if<sim::FaultRecord>(&e.record)) {
    if (f->target == trace.host_name(host) && is_power(*f)) powered_ = f->action == sim::FaultAction::PowerOn;
  } else if (const auto* q = std::get_if<sim::QueueRecord>(&e.record); q && q->host == host) {
    if (q->rcpt.empty()) {  // a whole-message action: it applies to the message's recipients
      for (auto& [k, other] : queue_)
        if (k.first == q->msg) other.action = q->action;
      return;
    }
    QueueLine& l = queue_[{q->msg, q->rcpt}];
    l.msg = q->msg;
    l.rcpt = q->rcpt;
    l.action = q->action;
    l.next_attempt = q->next_attempt;
    // Only a failed try has an error; "attempt" and "queued" reasons say what happens next.
    if (q->why != sim::QueueReason::None && is_failure(q->action)) l.last_error = *q;
  } else if (const auto* m = std::get_if<sim::MailboxRecord>(&e.record); m && m->host == host) {
    if (sim::is_store_change(m->action)) {
      add_store_change(*m);
    } else {
      Box& b = boxes_[{m->user, m->folder}];
      b.other[sim::mailbox_msg_code(*m)] = m->action;
      b.last = m->action;
    }
  }
}

// One change of a mail server's store (docs/trace.md): the messages it names by UID, with
// the flags it left them with.
void HostFold::add_store_change(const sim::MailboxRecord& m) {
  using A = sim::MailboxAction;
  const A a = m.action;
  const std::vector<std::uint32_t>& uids = m.uids;
  if (a == A::Delete) {
    boxes_.erase({m.user, m.folder});
    return;
  }
  if (a == A::Rename && m.source_folder() == "INBOX") {
    // RFC 3501 §6.3.5: INBOX's messages move to the new name (with new UIDs, in the record)
    // and INBOX stays, empty.
    if (auto src = boxes_.find({m.user, "INBOX"}); src != boxes_.end()) {
      src->second.uids.clear();
      src->second.last = a;
    }
  } else if (a == A::Rename) {
    // The folder and its inferiors take the new name; their messages keep their UIDs.
    std::vector<std::string> names;
    for (const auto& [k, b] : boxes_)
      if (k.first == m.user && (k.second == m.source_folder() || k.second.starts_with(m.source_folder() + "/")))
        names.push_back(k.second);
    for (const std::string& n : names) {
      Box moved = std::move(boxes_[{m.user, n}]);
      boxes_.erase({m.user, n});
      boxes_[{m.user, m.folder + n.substr(m.source_folder().size())}] = std::move(moved);
    }
  }
  if (a == A::Move) {  // RFC 6851: the messages leave the source
    if (auto src = boxes_.find({m.user, m.source_folder()}); src != boxes_.end())
      for (std::uint32_t uid : m.source_uids()) src->second.uids.erase(uid);
  }
  Box& b = boxes_[{m.user, m.folder}];
  b.last = a;
  if (a == A::Expunge) {
    for (std::uint32_t uid : uids) b.uids.erase(uid);
    return;
  }
  for (std::uint32_t uid : uids) b.uids.try_emplace(uid);
  for (const sim::MessageFlags& f : m.flags()) b.uids[f.uid] = f.flags;
}

HostState HostFold::state() const {
  HostState s;
  s.powered = powered_;
  for (const auto& [k, l] : queue_)
    if (!is_final(l.action)) s.queue.push_back(l);
  for (const auto& [k, box] : boxes_) {
    MailboxLine b{k.first, k.second, static_cast<int>(box.uids.size()), box.last, {}, 0};
    b.messages += static_cast<int>(box.other.size());  // a device's records never remove one
    // The newest messages only: a mailbox of thousands lists a screenful, not all of them.
    auto first = box.uids.end();
    for (std::size_t n = 0; n < kListedMessages && first != box.uids.begin(); ++n) --first;
    for (auto it = first; it != box.uids.end(); ++it) b.listed.push_back(MessageLine{it->first, it->second});
    b.unlisted = static_cast<int>(box.uids.size() - b.listed.size());
    s.mailboxes.push_back(std::move(b));
  }
  return s;
}

HostState host_state_at(const sim::Trace& trace, const std::vector<std::size_t>& state_entries, sim::HostId host,
                        protocols::Instant t) {
  HostFold fold;
  for (std::size_t i : state_entries) {
    const sim::TraceEntry& e = trace.entries()[i];
    if (e.t > t) break;
    fold.add(trace, e, host);
  }
  return fold.state();
}

const HostState& HostStates::at(const sim::Trace& trace, const std::vector<std::size_t>& entries, sim::HostId host,
                                protocols::Instant t, std::uint64_t generation) {
  if (host >= hosts_.size()) hosts_.resize(host + 1);
  Kept& k = hosts_[host];
  if (k.generation != generation || t < k.t) {  // new rows, or back in time: fold again
    k = Kept{};
    k.generation = generation;
  }
  k.t = t;
  bool moved = !k.shown;
  for (; k.next < entries.size() && trace.entries()[entries[k.next]].t <= t; ++k.next, moved = true)
    k.fold.add(trace, trace.entries()[entries[k.next]], host);
  if (moved) {
    k.shown = k.fold.state();
  }
  return *k.shown;
}

std::vector<LinkView> links_at(const sim::Trace& trace, const std::vector<std::size_t>& state_entries,
                               const sim::Topology& topo, protocols::Instant t, const std::vector<bool>& initially_up) {
  std::vector<LinkView> links;
  for (std::size_t i = 0; i < topo.links.size(); ++i)
    links.push_back({initially_up.size() == topo.links.size() ? bool(initially_up[i]) : true, topo.links[i].latency,
                     topo.links[i].loss});
  auto name = [&](sim::HostId h) { return h < topo.hosts.size() ? topo.hosts[h].name : std::string(); };
  for (std::size_t i : state_entries) {
    const sim::TraceEntry& e = trace.entries()[i];
    if (e.t > t) break;
    const auto* f = std::get_if<sim::FaultRecord>(&e.record);
    if (!f || !f->applied) continue;
    using A = sim::FaultAction;
    const A a = f->action;
    if (a != A::LinkDown && a != A::LinkUp && a != A::Loss && a != A::Latency) continue;
    for (std::size_t i = 0; i < topo.links.size(); ++i) {
      const std::string x = name(topo.links[i].a), y = name(topo.links[i].b);
      // docs/faults.md: "hostA-hostB" names one link, a host name all of its links.
      if (f->target != x + "-" + y && f->target != y + "-" + x && f->target != x && f->target != y) continue;
      LinkView& v = links[i];
      if (a == A::LinkDown) v.up = false;
      else if (a == A::LinkUp) v.up = true;
      else if (a == A::Loss) v.loss = f->loss;
      else v.latency = f->latency;
    }
  }
  return links;
}

}  // namespace visual
