// Traces built by hand for the front end's tests (an SMTP exchange between two servers
// over a router, with a retransmission, a drop, queue and mailbox records), and a small
// echo world that the real simulate() runs.
#pragma once
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sim/run.hpp"

namespace vtest {

using namespace std::chrono_literals;
using protocols::at_ns;
using protocols::Instant;
using protocols::Label;
using protocols::LabelKind;
using protocols::Proto;

// Every shipped scenario file (assets/scenarios and the lessons' scenarios) under the
// checkout source_dir, sorted.
inline std::vector<std::string> shipped_scenarios(const std::string& source_dir) {
  std::vector<std::string> out;
  for (const char* dir : {"/assets/scenarios", "/lessons/content/scenarios"})
    for (const auto& e : std::filesystem::directory_iterator(source_dir + dir))
      if (e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

inline Instant ms(std::int64_t v) { return at_ns(v * 1'000'000); }

inline sim::SegmentRecord seg(sim::SegmentEvent ev, sim::HostId from, sim::HostId to, std::uint32_t seq,
                              std::uint8_t flags, std::uint32_t len, std::vector<Label> labels = {},
                              bool retx = false) {
  sim::SegmentRecord s;
  s.event = ev;
  s.from = from;
  s.to = to;
  s.conn = 1;
  s.sport = from == 0 ? 40000 : 25;
  s.dport = from == 0 ? 25 : 40000;
  s.seq = seq;
  s.flags = flags;
  s.len = len;
  s.window = 65535;
  if (!labels.empty()) s.payload = std::make_shared<const std::string>(labels.front().text + "\r\n");
  s.labels = std::move(labels);
  s.retransmission = retx;
  return s;
}

// A queue record whose reason is a diagnostic as an MTA logs it (empty: none).
inline sim::QueueRecord queue_record(sim::HostId host, std::string msg, std::string rcpt, sim::QueueAction action,
                                     std::string reason, std::optional<protocols::Instant> next) {
  sim::QueueRecord q;
  q.host = host;
  q.action = action;
  q.why = reason.empty() ? sim::QueueReason::None : sim::QueueReason::Diagnostic;
  q.msg = std::move(msg);
  q.rcpt = std::move(rcpt);
  q.text = std::move(reason);
  q.next_attempt = next;
  return q;
}

// A fault from the front end (input), applied unless `refused` says why not.
inline sim::FaultRecord fault_record(sim::FaultAction action, std::string target, std::string value = {},
                                     sim::FaultRefusal refused = sim::FaultRefusal::None) {
  sim::FaultRecord f;
  f.action = action;
  f.target = std::move(target);
  f.value = std::move(value);
  f.source = sim::FaultSource::Input;
  f.applied = refused == sim::FaultRefusal::None;
  f.reason = refused;
  return f;
}

// Hosts: 0 mail.a.example, 1 router, 2 mail.b.example. Times in ms.
//   0 SYN sent, 10 delivered; 20 "220" sent, 30 delivered; 40 "MAIL FROM" sent, dropped at
//   45 (router, loss); 240 MAIL FROM retransmitted, 250 delivered; 250 command recorded;
//   260 reply 250 sent, 270 delivered; 280 QUIT; queue and mailbox records; a fault at 300.
inline sim::RunResult smtp_run() {
  using E = sim::SegmentEvent;
  sim::RunResult r;
  r.topology.hosts = {{"mail.a.example", "mail-server", "192.0.2.25"},
                      {"router", "router", "192.0.2.1"},
                      {"mail.b.example", "mail-server", "198.51.100.25"}};
  r.topology.links = {{0, 1, 5ms, 100'000'000, 0, 1500}, {1, 2, 5ms, 100'000'000, 0, 1500}};
  sim::Trace& t = r.trace;
  for (const auto& h : r.topology.hosts) t.add_host(h.name);
  const Label mail{Proto::SMTP, LabelKind::Command, "MAIL FROM:<alice@a.example>"};
  const Label r220{Proto::SMTP, LabelKind::Reply, "220 mail.b.example ESMTP"};
  const Label r250{Proto::SMTP, LabelKind::Reply, "250 2.1.0 Ok"};
  const Label quit{Proto::SMTP, LabelKind::Command, "QUIT"};
  t.append(ms(0), sim::ConnRecord{sim::ConnEvent::Connect, 0, 2, 1, 25, sim::ConnDetail::None, 0});
  t.append(ms(0), seg(E::Sent, 0, 2, 100, sim::kSyn, 0));
  t.append(ms(10), seg(E::Delivered, 0, 2, 100, sim::kSyn, 0));
  t.append(ms(20), seg(E::Sent, 2, 0, 500, sim::kPsh | sim::kAck, 26, {r220}));
  t.append(ms(30), seg(E::Delivered, 2, 0, 500, sim::kPsh | sim::kAck, 26, {r220}));
  t.append(ms(40), seg(E::Sent, 0, 2, 101, sim::kPsh | sim::kAck, 29, {mail}));
  auto drop = seg(E::Dropped, 0, 2, 101, sim::kPsh | sim::kAck, 29, {mail});
  drop.at = 1;
  drop.reason = "loss";
  t.append(ms(45), drop);
  t.append(ms(240), seg(E::Sent, 0, 2, 101, sim::kPsh | sim::kAck, 29, {mail}, true));
  t.append(ms(250), seg(E::Delivered, 0, 2, 101, sim::kPsh | sim::kAck, 29, {mail}, true));
  t.append(ms(250), sim::CommandRecord{Proto::SMTP, 0, 2, 1, "MAIL", "MAIL FROM:<alice@a.example>", ""});
  t.append(ms(260), sim::ReplyRecord{Proto::SMTP, 2, 0, 1, 250, "2.1.0", "", "", {"250 2.1.0 Ok"}});
  t.append(ms(260), seg(E::Sent, 2, 0, 526, sim::kPsh | sim::kAck, 14, {r250}));
  t.append(ms(270), seg(E::Delivered, 2, 0, 526, sim::kPsh | sim::kAck, 14, {r250}));
  t.append(ms(280), seg(E::Sent, 0, 2, 130, sim::kPsh | sim::kAck, 6, {quit}));
  t.append(ms(290), seg(E::Delivered, 0, 2, 130, sim::kPsh | sim::kAck, 6, {quit}));
  t.append(ms(290), queue_record(0, "Q1", "bob@b.example", sim::QueueAction::Deferred, "451 4.3.0 try later", ms(900)));
  sim::MailboxRecord download = sim::device_mailbox(2, sim::MailboxAction::Download, "bob", "INBOX");
  download.text = "M1";
  t.append(ms(295), download);
  t.append(ms(300), fault_record(sim::FaultAction::PowerOff, "mail.b.example"));
  t.append(ms(310), queue_record(0, "Q1", "bob@b.example", sim::QueueAction::Delivered, "", std::nullopt));
  r.end = ms(400);
  return r;
}

// Client 0 sends `chunks` to server 2 on connection 5, one segment each, all delivered; the
// chunk at `again` is sent and delivered twice (a retransmission).
inline sim::Trace smtp_stream(const std::vector<std::string>& chunks, int again = -1) {
  sim::Trace t;
  for (auto n : {"mail.a.example", "router", "mail.b.example"}) t.add_host(n);
  std::uint32_t seq = 1000;
  std::int64_t now = 0;
  for (int i = 0; i < static_cast<int>(chunks.size()); ++i) {
    for (int copy = 0; copy < (i == again ? 2 : 1); ++copy) {
      auto s = seg(sim::SegmentEvent::Sent, 0, 2, seq, sim::kPsh | sim::kAck, std::uint32_t(chunks[i].size()),
                   {Label{Proto::SMTP, i == 0 ? LabelKind::Command : LabelKind::Data, "chunk"}}, copy == 1);
      s.conn = 5;
      s.payload = std::make_shared<const std::string>(chunks[i]);
      t.append(ms(now), s);
      s.event = sim::SegmentEvent::Delivered;
      t.append(ms(now + 5), s);
      now += 10;
    }
    seq += static_cast<std::uint32_t>(chunks[i].size());
  }
  return t;
}

inline const std::string kMime =
    "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: =?UTF-8?B?5L2g5aW9?=\r\n"
    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
    "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    "5L2g5aW9IEJvYg==\r\n"
    "--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"a.bin\"\r\n\r\n"
    "xyz\r\n--b1--\r\n";

inline sim::ScenarioSpec smtp_scenario() {
  sim::ScenarioSpec s;
  s.name = "hand-built";
  for (auto [n, k, ip] : {std::tuple{"mail.a.example", "mail-server", "192.0.2.25"},
                          std::tuple{"router", "router", "192.0.2.1"},
                          std::tuple{"mail.b.example", "mail-server", "198.51.100.25"}}) {
    sim::HostSpec h;
    h.name = n;
    h.kind = k;
    h.ip = ip;
    s.hosts.push_back(h);
  }
  return s;
}

// A real world for simulate(): an echo client talks to an echo server over a router,
// with a DNS server; the client sends two lines at 1 s.
inline sim::ScenarioSpec echo_scenario() {
  sim::ScenarioSpec s;
  s.name = "echo";
  s.title = {"Echo over TCP", "TCP 回显"};
  auto host = [](std::string n, std::string k, std::string ip) {
    sim::HostSpec h;
    h.name = std::move(n);
    h.kind = std::move(k);
    h.ip = std::move(ip);
    return h;
  };
  sim::HostSpec client = host("client.example", "echo-client", "192.0.2.10");
  client.echo.connect_to = "server.example";
  client.echo.at = 1s;
  client.echo.lines = {"hello", "world"};
  s.hosts = {client, host("router", "router", "192.0.2.1"), host("server.example", "echo-server", "198.51.100.7"),
             host("dns", "dns-server", "203.0.113.53")};
  auto link = [](std::string a, std::string b, std::chrono::nanoseconds lat) {
    sim::LinkSpec l;
    l.a = std::move(a);
    l.b = std::move(b);
    l.latency = lat;
    return l;
  };
  s.links = {link("client.example", "router", 10ms), link("router", "server.example", 30ms), link("router", "dns", 2ms)};
  s.dns_server = "dns";
  s.until = 10s;
  return s;
}

}  // namespace vtest
