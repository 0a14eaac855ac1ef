// Folding queue, mailbox and fault records into a host's state at a time.
#include "visual/host_state.hpp"

#include <charconv>
#include <cstdlib>

namespace visual {

namespace {
// The store's change kinds (protocols/store, docs/trace.md): what a mail server records, by UID.
bool is_store_change(const std::string& a) {
  return a == "append" || a == "expunge" || a == "flags" || a == "copy" || a == "move" || a == "create" ||
         a == "delete" || a == "rename" || a == "subscribe";
}

// "uid 3,4" -> {3, 4}; "" -> {}; any other text (a device's own wording) -> nullopt.
std::optional<std::vector<std::uint32_t>> uids_of(std::string_view msg) {
  std::vector<std::uint32_t> out;
  if (msg.empty()) return out;
  if (!msg.starts_with("uid ")) return std::nullopt;
  msg.remove_prefix(4);
  for (;;) {
    std::uint32_t uid = 0;
    auto [end, ec] = std::from_chars(msg.data(), msg.data() + msg.size(), uid);
    if (ec != std::errc()) return std::nullopt;
    out.push_back(uid);
    msg.remove_prefix(static_cast<std::size_t>(end - msg.data()));
    if (msg.empty()) return out;
    if (msg.front() != ',') return std::nullopt;
    msg.remove_prefix(1);
  }
}

bool is_final(const std::string& action) {
  return action == "delivered" || action == "failed" || action == "bounced" || action == "expired" ||
         action == "removed";
}
bool is_removal(const std::string& action) {
  return action == "deleted" || action == "delete" || action == "expunged" || action == "expunge" ||
         action == "moved-out" || action == "retrieved-deleted";
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
    if (const auto* f = std::get_if<sim::FaultRecord>(&e.record);
        f && f->target == name && f->value.find("not applied") == std::string::npos) {
      if (f->action == "power-off") powered = false;
      if (f->action == "power-on") powered = true;
    }
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
    if (f->target == trace.host_name(host) && f->value.find("not applied") == std::string::npos) {
      if (f->action == "power-off") powered_ = false;
      if (f->action == "power-on") powered_ = true;
    }
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
    if (!q->reason.empty() && (q->action == "deferred" || q->action == "failed" || q->action == "bounced" ||
                               q->action == "expired"))
      l.last_error = q->reason;
  } else if (const auto* m = std::get_if<sim::MailboxRecord>(&e.record); m && m->host == host) {
    std::optional<std::vector<std::uint32_t>> uids;
    if (is_store_change(m->action)) uids = uids_of(m->msg);
    if (uids) {
      add_store_change(*m, *uids);
    } else {
      Box& b = boxes_[{m->user, m->folder}];
      b.other[m->msg] = m->action;
      b.last = m->action;
    }
  }
}

// One change of a mail server's store (docs/trace.md): the messages it names by UID, with
// the flags it left them with.
void HostFold::add_store_change(const sim::MailboxRecord& m, const std::vector<std::uint32_t>& uids) {
  const std::string& a = m.action;
  if (a == "delete") {
    boxes_.erase({m.user, m.folder});
    return;
  }
  if (a == "rename" && m.source_folder() == "INBOX") {
    // RFC 3501 §6.3.5: INBOX's messages move to the new name (with new UIDs, in the record)
    // and INBOX stays, empty.
    if (auto src = boxes_.find({m.user, "INBOX"}); src != boxes_.end()) {
      src->second.uids.clear();
      src->second.last = a;
    }
  } else if (a == "rename") {
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
  if (a == "move") {  // RFC 6851: the messages leave the source
    auto src = boxes_.find({m.user, m.source_folder()});
    std::optional<std::vector<std::uint32_t>> gone = uids_of(m.source_msg());
    if (src != boxes_.end() && gone)
      for (std::uint32_t uid : *gone) src->second.uids.erase(uid);
  }
  Box& b = boxes_[{m.user, m.folder}];
  b.last = a;
  if (a == "expunge") {
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
    for (const auto& [msg, action] : box.other) b.messages += is_removal(action) ? 0 : 1;
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
    if (!f || f->value.find("not applied") != std::string::npos) continue;
    const std::string& a = f->action;
    if (a != "link-down" && a != "link-up" && a != "loss" && a != "latency") continue;
    for (std::size_t i = 0; i < topo.links.size(); ++i) {
      const std::string x = name(topo.links[i].a), y = name(topo.links[i].b);
      // docs/faults.md: "hostA-hostB" names one link, a host name all of its links.
      if (f->target != x + "-" + y && f->target != y + "-" + x && f->target != x && f->target != y) continue;
      LinkView& v = links[i];
      if (a == "link-down") v.up = false;
      else if (a == "link-up") v.up = true;
      else if (a == "loss") {
        char* end = nullptr;
        double p = std::strtod(f->value.c_str(), &end);
        if (end != f->value.c_str()) v.loss = (end && *end == '%') ? p / 100 : p;
      } else if (auto d = protocols::parse_duration(f->value)) {
        v.latency = *d;
      }
    }
  }
  return links;
}

}  // namespace visual
