// Folding queue, mailbox and fault records into a host's state at a time.
#include "visual/host_state.hpp"

namespace visual {

namespace {
bool is_final(const std::string& action) {
  return action == "delivered" || action == "failed" || action == "bounced" || action == "expired";
}
bool is_removal(const std::string& action) {
  return action == "deleted" || action == "delete" || action == "expunged" || action == "expunge" ||
         action == "moved-out" || action == "retrieved-deleted";
}
}  // namespace

HostState host_state_at(const sim::Trace& trace, sim::HostId host, protocols::Instant t) {
  HostState s;
  std::map<std::pair<std::string, std::string>, QueueLine> queue;
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> boxes;
  std::map<std::pair<std::string, std::string>, std::string> box_last;
  const std::string& name = trace.host_name(host);
  for (const auto& e : trace.entries()) {
    if (e.t > t) break;
    if (const auto* f = std::get_if<sim::FaultRecord>(&e.record)) {
      if (f->target == name && f->value.find("not applied") == std::string::npos) {
        if (f->action == "power-off") s.powered = false;
        if (f->action == "power-on") s.powered = true;
      }
    } else if (const auto* q = std::get_if<sim::QueueRecord>(&e.record); q && q->host == host) {
      QueueLine& l = queue[{q->msg, q->rcpt}];
      l.msg = q->msg;
      l.rcpt = q->rcpt;
      l.action = q->action;
      l.next_attempt = q->next_attempt;
      if (!q->reason.empty() && q->action != "delivered") l.last_error = q->reason;
      if (q->rcpt.empty() && is_final(q->action)) {  // whole-message action ends its recipients
        for (auto& [k, other] : queue)
          if (k.first == q->msg) other.action = q->action;
      }
    } else if (const auto* m = std::get_if<sim::MailboxRecord>(&e.record); m && m->host == host) {
      boxes[{m->user, m->folder}][m->msg] = m->action;
      box_last[{m->user, m->folder}] = m->action;
    }
  }
  for (auto& [k, l] : queue)
    if (!is_final(l.action)) s.queue.push_back(std::move(l));
  for (auto& [k, msgs] : boxes) {
    MailboxLine b{k.first, k.second, 0, box_last[k]};
    for (const auto& [msg, action] : msgs) b.messages += is_removal(action) ? 0 : 1;
    s.mailboxes.push_back(std::move(b));
  }
  return s;
}

std::set<std::size_t> links_down_at(const sim::Trace& trace, const sim::Topology& topo,
                                    protocols::Instant t) {
  std::set<std::size_t> down;
  auto name = [&](sim::HostId h) { return h < topo.hosts.size() ? topo.hosts[h].name : std::string(); };
  for (const auto& e : trace.entries()) {
    if (e.t > t) break;
    const auto* f = std::get_if<sim::FaultRecord>(&e.record);
    if (!f || (f->action != "link-down" && f->action != "link-up")) continue;
    if (f->value.find("not applied") != std::string::npos) continue;
    for (std::size_t i = 0; i < topo.links.size(); ++i) {
      const std::string a = name(topo.links[i].a), b = name(topo.links[i].b);
      bool hit = f->target == a + "-" + b || f->target == b + "-" + a || f->target == a || f->target == b;
      if (!hit) continue;
      if (f->action == "link-down") down.insert(i);
      else down.erase(i);
    }
  }
  return down;
}

}  // namespace visual
