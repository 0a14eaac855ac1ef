// Chaos run (chaos.hpp): build the world, schedule the faults, run for days of simulated
// time, then account for every accepted message from the servers' mailboxes and queues.
#include "sim/chaos.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "protocols/message/ascii.hpp"
#include "protocols/message/dsn.hpp"
#include "protocols/message/trace_fields.hpp"
#include "sim/fault_spec.hpp"
#include "sim/mail_server_host.hpp"
#include "sim/rng.hpp"
#include "sim/user_agent_host.hpp"
#include "sim/world.hpp"

namespace sim {

namespace msg = protocols::message;
using namespace std::chrono_literals;

namespace {

std::string domain(int d) { return "d" + std::to_string(d) + ".example"; }
std::string server(int d) { return "mail." + domain(d); }
std::string user(int u) { return "u" + std::to_string(u); }
std::string agent(int d, int u) { return user(u) + "-pc." + domain(d); }
std::string ip(int net, int hostnum) { return "10." + std::to_string(net) + ".0." + std::to_string(hostnum); }

HostSpec host(std::string name, std::string kind, std::string addr) {
  HostSpec h;
  h.name = std::move(name);
  h.kind = std::move(kind);
  h.ip = std::move(addr);
  return h;
}

LinkSpec link(std::string a, std::string b, Duration latency) {
  LinkSpec l;
  l.a = std::move(a);
  l.b = std::move(b);
  l.latency = latency;
  return l;
}

int senders(const ChaosOptions& o) { return std::min(2, o.users_per_domain); }

// The Message-ID a user agent gives its n-th message composed at `at` (user_agent_host.cpp
// seeds the builder with "host/n/ns"; the builder derives the ID from seed and Date).
std::string expected_message_id(const ScenarioSpec& sc, const std::string& agent_name, int n, Duration at,
                                const std::string& from_domain) {
  std::int64_t ns = at.count();
  std::string seed = agent_name + "/" + std::to_string(n) + "/" + std::to_string(ns);
  return msg::format_message_id(msg::message_id_left_from_seed(seed, sc.start_unix + ns / 1'000'000'000),
                                from_domain);
}

// The Message-ID field of a message or of a returned header section; "" if none.
std::string message_id_of(std::string_view m) {
  std::size_t end = m.find("\r\n\r\n");
  std::string_view head = m.substr(0, end == std::string_view::npos ? m.size() : end + 2);
  for (std::size_t p = 0; p < head.size();) {
    std::size_t nl = head.find("\r\n", p);
    if (nl == std::string_view::npos) nl = head.size();
    std::string_view line = head.substr(p, nl - p);
    if (line.size() > 11 && msg::iequals(line.substr(0, 11), "Message-ID:")) {
      std::string_view v = line.substr(11);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      if (v.empty() && nl + 2 < head.size()) {  // folded onto the next line
        std::size_t nl2 = head.find("\r\n", nl + 2);
        v = head.substr(nl + 2, nl2 - nl - 2);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      }
      return std::string(v);
    }
    p = nl + 2;
  }
  return {};
}

// Every copy in a server's mailboxes, every DSN there, and its queue, by Message-ID.
struct Found {
  std::map<std::string, std::map<std::string, int>> copies;           // id -> rcpt -> count
  std::map<std::string, std::map<std::string, std::string>> bounced;  // id -> rcpt -> whose INBOX
  std::map<std::string, std::set<std::string>> queued;                // id -> rcpts still to do
  int bad_dsn = 0;
};

void scan_server(World& w, const ChaosOptions& o, int d, Found& found) {
  auto& m = dynamic_cast<MailServerHost&>(*w.host(server(d)));
  // A server that is off has no store in memory: read the one on its disk
  // ("mailstore", written by MailServerHost::sync_store after every change).
  std::optional<protocols::store::Store> on_disk;
  if (!m.powered()) on_disk = protocols::store::Store::deserialize(m.disk()["mailstore"]);
  const protocols::store::Store* st = m.powered() ? &m.store() : on_disk ? &*on_disk : nullptr;
  for (int u = 0; u < o.users_per_domain && st; ++u)
    if (const auto* f = st->folder(user(u), "INBOX"))
      for (const auto& stored : f->messages) {
        std::string_view bytes = stored.bytes();
        // A notification: from MAILER-DAEMON with the null sender (RFC 3464 §2).
        if (bytes.find("multipart/report") != std::string_view::npos &&
            bytes.find("MAILER-DAEMON@") != std::string_view::npos) {
          auto dsn = msg::parse_dsn(bytes);
          std::string id = dsn ? message_id_of(dsn->original_headers) : "";
          if (!dsn || id.empty()) {
            ++found.bad_dsn;
            continue;
          }
          for (const auto& rc : dsn->report.recipients)
            if (rc.action == msg::DsnAction::Failed)
              found.bounced[id][rc.final_recipient] = user(u) + "@" + domain(d);
          continue;
        }
        ++found.copies[message_id_of(bytes)][user(u) + "@" + domain(d)];
      }
  // The queue as the disk holds it (a server that is off has no memory of it). A
  // recipient still to do counts as queued when it has a next attempt, when an attempt
  // is under way (its last queue record is "attempt"), or when the server is off (it is
  // tried again at boot). Pending or deferred with none of these is stuck: lost.
  std::map<std::pair<std::string, std::string>, bool> in_attempt;  // (queue id, rcpt)
  for (const auto& e : w.trace().entries()) {
    if (auto* q = std::get_if<QueueRecord>(&e.record); q && w.trace().host_name(q->host) == server(d))
      in_attempt[{q->msg, q->rcpt}] = q->action == QueueAction::Attempt;
    // Power loss ends every attempt under way: such a recipient must be picked up at boot.
    if (auto* f = std::get_if<FaultRecord>(&e.record); f && f->action == FaultAction::PowerOff && f->target == server(d))
      for (auto& [key, attempting] : in_attempt) attempting = false;
  }
  MailQueue disk(m.disk());
  for (const std::string& qid : disk.ids()) {
    std::optional<QueuedMessage> q = disk.load(qid);
    if (!q) continue;
    if (q->mail_from.empty()) {  // a DSN on its way back counts for the recipients it names
      if (auto dsn = msg::parse_dsn(q->data))
        for (const auto& rc : dsn->report.recipients)
          if (rc.action == msg::DsnAction::Failed) found.queued[message_id_of(dsn->original_headers)].insert(rc.final_recipient);
      continue;
    }
    for (const auto& rc : q->rcpts) {
      bool todo = rc.status == RcptStatus::Pending || rc.status == RcptStatus::Deferred;
      bool will_try = rc.next_attempt || !m.powered() || in_attempt[{qid, rc.address}];
      if (todo && will_try) found.queued[message_id_of(q->data)].insert(rc.address);
    }
  }
}

}  // namespace

ScenarioSpec chaos_scenario(const ChaosOptions& o) {
  ScenarioSpec s;
  s.name = "chaos";
  s.seed = o.seed;
  s.dns_server = "dns.example";
  s.hosts.push_back(host("internet", "router", "192.0.2.1"));
  s.hosts.push_back(host("dns.example", "dns-server", "192.0.2.53"));
  s.links.push_back(link("dns.example", "internet", 5ms));
  Rng rng(o.seed ^ 0x5eedc4a05ULL);
  std::vector<std::pair<int, int>> from;  // (domain, user) of each sending agent
  for (int d = 0; d < o.servers; ++d) {
    HostSpec m = host(server(d), "mail-server", ip(d + 1, 10));
    m.mail.domains = {domain(d)};
    for (int u = 0; u < o.users_per_domain; ++u) m.mail.users.push_back({user(u), "pw-" + user(u), {}, {}});
    m.mail.retry.queue_lifetime = o.queue_lifetime;
    s.hosts.push_back(m);
    s.links.push_back(link(server(d), "internet", std::chrono::milliseconds(10 + 5 * (d % 4))));
    s.dns_records.push_back({domain(d), "MX", 10, server(d), {}});
    for (int u = 0; u < senders(o); ++u) {
      HostSpec a = host(agent(d, u), "user-agent", ip(d + 1, 20 + u));
      a.agent.address = user(u) + "@" + domain(d);
      a.agent.password = "pw-" + user(u);
      a.agent.server = server(d);
      s.hosts.push_back(a);
      s.links.push_back(link(agent(d, u), server(d), 1ms));
      from.push_back({d, u});
    }
  }
  // Messages: random sender, one or two random recipients in other domains (sometimes the
  // sender's own domain), at distinct milliseconds so each agent's compose order is known.
  std::vector<std::int64_t> times;
  for (int i = 0; i < o.messages; ++i) times.push_back(static_cast<std::int64_t>(rng.below(o.send_window / 1ms)));
  std::sort(times.begin(), times.end());
  for (int i = 0; i < o.messages; ++i) {
    auto [d, u] = from[rng.below(from.size())];
    SendSpec send;
    send.at = std::chrono::milliseconds(times[i] + i);  // + i keeps the times distinct
    int n = 1 + static_cast<int>(rng.below(2));
    for (int k = 0; k < n; ++k) {
      std::string to = user(static_cast<int>(rng.below(o.users_per_domain))) + "@" +
                       domain(static_cast<int>(rng.below(o.servers)));
      if (std::find(send.to.begin(), send.to.end(), to) == send.to.end()) send.to.push_back(to);
    }
    send.subject = "chaos " + std::to_string(i);
    send.body = "message " + std::to_string(i) + " of a chaos run\n";
    for (auto& h : s.hosts)
      if (h.name == agent(d, u)) h.agent.sends.push_back(send);
  }
  // Faults: each window breaks one server (or its link) and repairs it later.
  for (int i = 0; i < o.faults; ++i) {
    std::string t = server(static_cast<int>(rng.below(o.servers)));
    Duration at = std::chrono::milliseconds(rng.below(o.fault_window / 1ms));
    // Most breaks last minutes to hours (retries cure them); one in eight outlives the
    // queue lifetime, so expiry bounces (RFC 3464 "failed", 4.4.x) happen too.
    Duration len = rng.below(8) == 0 ? o.queue_lifetime + std::chrono::hours(1 + rng.below(12))
                                     : std::chrono::seconds(30 + rng.below(3 * 3600));
    static const char* const kReplies[] = {"GREETING 421", "MAIL 451", "RCPT 451", "RCPT 452", "DATA 451",
                                           "DOT 451",      "DOT 452",  "RCPT 550", "DOT 554",  "MAIL 553"};
    std::vector<std::string> pair;
    switch (rng.below(9)) {
      case 0: pair = {"power-off " + t, "power-on " + t}; break;
      case 1: pair = {"stop-service " + t + ":25", "start-service " + t + ":25"}; break;
      case 2: pair = {"link-down " + t + "-internet", "link-up " + t + "-internet"}; break;
      case 3: pair = {"loss " + t + "-internet 30%", "loss " + t + "-internet 0%"}; break;
      case 4: pair = {"disk-full " + t, "disk-ok " + t}; break;
      case 5: pair = {"hang " + t + ":25", "hang " + t + ":25 off"}; break;
      case 6: {
        // Submission refuses whole messages (never single recipients: a user agent
        // does not track which of its recipients a server took).
        static const char* const kWhole[] = {"GREETING 421", "MAIL 451", "MAIL 553", "DATA 451", "DOT 554"};
        pair = {"reply " + t + ":587 " + kWhole[rng.below(std::size(kWhole))], "reply " + t + ":587 off"};
        break;
      }
      default: pair = {"reply " + t + ":25 " + kReplies[rng.below(std::size(kReplies))], "reply " + t + ":25 off"};
    }
    for (int k = 0; k < 2; ++k) {
      auto f = parse_fault("0s " + pair[k], nullptr);
      if (!f) continue;
      f->at = k == 0 ? at : at + len;
      s.faults.push_back(*f);
    }
  }
  return s;
}

ChaosReport run_chaos(const ChaosOptions& o) {
  ScenarioSpec sc = chaos_scenario(o);
  ChaosReport r;
  World w(sc, o.seed);
  // The accounting reads queue, mailbox, fault and note records, never a segment: without
  // them a 100,000-message run keeps less than half its records in memory.
  w.kernel().trace.set_keep_segments(false);
  for (const auto& f : sc.faults) w.schedule_fault(f, FaultSource::Chaos);
  r.end = w.run_to_idle(protocols::kEpoch + o.run_limit);
  for (const auto& e : w.trace().entries())
    if (auto* f = std::get_if<FaultRecord>(&e.record)) r.faults_applied += f->applied;

  // What each agent's server answered, in outbox order (an agent submits its oldest first).
  std::map<std::string, std::vector<int>> verdicts;  // agent -> 1 accepted, 0 rejected
  for (const auto& e : w.trace().entries())
    if (auto* n = std::get_if<NoteRecord>(&e.record)) {
      if (n->code == NoteCode::OutboxAccepted) verdicts[w.trace().host_name(n->host)].push_back(1);
      else if (n->code == NoteCode::OutboxRejected) verdicts[w.trace().host_name(n->host)].push_back(0);
    }

  Found f;
  for (int d = 0; d < o.servers; ++d) scan_server(w, o, d, f);
  r.bad_dsn = f.bad_dsn;

  for (const HostSpec& h : sc.hosts) {
    if (h.kind != "user-agent") continue;
    const std::vector<int>& v = verdicts[h.name];
    std::string from_domain = h.agent.address.substr(h.agent.address.find('@') + 1);
    for (std::size_t n = 0; n < h.agent.sends.size(); ++n) {
      const SendSpec& s = h.agent.sends[n];
      ++r.composed;
      if (n >= v.size()) { ++r.still_in_outbox; continue; }
      if (v[n] == 0) { ++r.rejected_at_submission; continue; }
      ++r.accepted;
      std::string id = expected_message_id(sc, h.name, static_cast<int>(n) + 1, s.at, from_domain);
      for (const std::string& rcpt : s.to) {
        ++r.recipients;
        int c = f.copies[id][rcpt];
        if (c > 0) {
          ++r.delivered;
          r.duplicates += c - 1;
        } else if (f.bounced[id].count(rcpt)) {
          ++r.bounced;
          r.bad_dsn += f.bounced[id][rcpt] != h.agent.address;  // told someone else
        } else if (f.queued[id].count(rcpt)) {
          ++r.queued;
        } else {
          ++r.lost;
          r.lost_detail.push_back(id + " (" + s.subject + ") from " + h.agent.address + " to " + rcpt);
        }
      }
    }
  }
  r.events = w.kernel().sched.events_run();
  return r;
}

std::string format_report(const ChaosOptions& o, const ChaosReport& r) {
  std::string s;
  auto line = [&s](const std::string& k, long long v) { s += k + std::string(26 - std::min<std::size_t>(25, k.size()), ' ') + std::to_string(v) + "\n"; };
  s += "chaos run: seed " + std::to_string(o.seed) + ", " + std::to_string(o.servers) + " servers, " +
       std::to_string(o.messages) + " messages, ended at +" + protocols::format_duration(r.end - protocols::kEpoch) + "\n";
  line("faults applied", r.faults_applied);
  line("composed", r.composed);
  line("accepted", r.accepted);
  line("rejected at submission", r.rejected_at_submission);
  line("still in an outbox", r.still_in_outbox);
  line("recipients", r.recipients);
  line("  delivered", r.delivered);
  line("  bounced (DSN)", r.bounced);
  line("  still queued", r.queued);
  line("  lost", r.lost);
  line("duplicates", r.duplicates);
  line("unreadable DSNs", r.bad_dsn);
  for (const auto& l : r.lost_detail) s += "lost: " + l + "\n";
  return s;
}

}  // namespace sim
