// The textbook story, end to end in the simulator: alice's user agent submits to
// mail.a.example, which relays directly to mail.b.example (the MX of b.example), into bob's
// mailbox; and what the sending server does when the receiver is broken.
#include <catch2/catch.hpp>

#include "protocols/codec/base64.hpp"
#include "protocols/message/ascii.hpp"
#include "protocols/message/dsn.hpp"
#include "protocols/message/mime_part.hpp"
#include "sim/mail_server_host.hpp"
#include "sim/run.hpp"
#include "sim/fault_spec.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/world.hpp"
#include "world_fixture.hpp"

using namespace std::chrono_literals;
using namespace sim;

namespace {

ScenarioSpec default_scenario() {  // the textbook topology with SMTP only
  LoadResult r = load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/textbook.json");
  REQUIRE(r.ok());
  return *r.scenario;
}

struct Run {
  RunResult result;
  std::vector<const CommandRecord*> commands(const std::string& from, const std::string& to) const {
    std::vector<const CommandRecord*> out;
    for (const auto& e : result.trace.entries())
      if (auto* c = std::get_if<CommandRecord>(&e.record))
        if (result.trace.host_name(c->from) == from && result.trace.host_name(c->to) == to) out.push_back(c);
    return out;
  }
  std::vector<const ReplyRecord*> replies(const std::string& from, const std::string& to) const {
    std::vector<const ReplyRecord*> out;
    for (const auto& e : result.trace.entries())
      if (auto* c = std::get_if<ReplyRecord>(&e.record))
        if (result.trace.host_name(c->from) == from && result.trace.host_name(c->to) == to) out.push_back(c);
    return out;
  }
  std::vector<std::pair<Instant, const QueueRecord*>> queue(const std::string& host, const std::string& action) const {
    std::vector<std::pair<Instant, const QueueRecord*>> out;
    for (const auto& e : result.trace.entries())
      if (auto* q = std::get_if<QueueRecord>(&e.record))
        if (result.trace.host_name(q->host) == host && to_string(q->action) == action) out.push_back({e.t, q});
    return out;
  }
  int mailbox_appends(const std::string& host, const std::string& user) const {
    int n = 0;
    for (const auto& e : result.trace.entries())
      if (auto* m = std::get_if<MailboxRecord>(&e.record))
        n += result.trace.host_name(m->host) == host && m->user == user && to_string(m->action) == "append";
    return n;
  }
};

Run run(const ScenarioSpec& s, std::vector<std::string> faults = {}, std::optional<Duration> until = std::nullopt) {
  RunOptions o;
  o.seed = s.seed;
  for (const auto& f : faults) {
    std::string err;
    auto fs = parse_fault(f, &err);
    REQUIRE(fs);
    o.extra_faults.push_back(*fs);
  }
  if (until) o.until = protocols::kEpoch + *until;
  return Run{simulate(s, o)};
}

}  // namespace

namespace {

// A world stepped by hand, for tests that look into a server's mailboxes afterwards.
struct Live {
  explicit Live(const ScenarioSpec& s, std::vector<std::string> faults = {}) : world(s, s.seed) {
    for (const auto& f : faults) {
      std::string err;
      auto fs = parse_fault(f, &err);
      REQUIRE(fs);
      world.schedule_fault(*fs, sim::FaultSource::Test);
    }
  }
  MailServerHost& server(const std::string& name) { return dynamic_cast<MailServerHost&>(*world.host(name)); }
  std::vector<std::string> inbox(const std::string& server_name, const std::string& user) {
    std::vector<std::string> out;
    const protocols::store::Folder* f = server(server_name).store().folder(user, "INBOX");
    if (f)
      for (const auto& m : f->messages) out.emplace_back(m.bytes());
    return out;
  }
  Run trace() { return Run{RunResult{world.topology(), world.trace(), world.now(), 0}}; }
  World world;
};

HostSpec* host_named(ScenarioSpec& s, const std::string& name) {
  for (auto& h : s.hosts)
    if (h.name == name) return &h;
  FAIL("no host " << name);
  return nullptr;
}

}  // namespace

TEST_CASE("alice's mail goes by submission to mail.a.example and directly to bob's server", "[sim][mail][smtp]") {
  Run r = run(default_scenario());
  // Submission: user agent to its own server, with AUTH, on port 587.
  auto sub = r.commands("alice-pc", "mail.a.example");
  REQUIRE(sub.size() >= 6);
  CHECK(sub[0]->verb == "EHLO");
  CHECK(sub[1]->verb == "AUTH");
  // Relay: mail.a.example talks straight to mail.b.example (no intermediate server).
  auto relay = r.commands("mail.a.example", "mail.b.example");
  std::vector<std::string> verbs;
  for (auto* c : relay) verbs.push_back(c->verb);
  CHECK(verbs == std::vector<std::string>{"EHLO", "MAIL", "RCPT", "DATA", ".", "QUIT"});
  CHECK(relay[1]->line == "MAIL FROM:<alice@a.example> SIZE=" + relay[1]->line.substr(relay[1]->line.rfind('=') + 1));
  CHECK(relay[2]->line == "RCPT TO:<bob@b.example>");
  std::vector<int> codes;
  for (auto* rep : r.replies("mail.b.example", "mail.a.example")) codes.push_back(rep->code);
  CHECK(codes == std::vector<int>{220, 250, 250, 250, 354, 250, 221});
  CHECK(r.mailbox_appends("mail.b.example", "bob") == 1);
  auto delivered = r.queue("mail.a.example", "delivered");
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0].second->rcpt == "bob@b.example");
  bool direct = false;
  for (const auto& e : r.result.trace.entries())
    if (auto* c = std::get_if<ConnRecord>(&e.record))
      direct |= to_string(c->event) == "established" && r.result.trace.host_name(c->from) == "mail.a.example" &&
                r.result.trace.host_name(c->to) == "mail.b.example" && c->port == 25;
  CHECK(direct);
}

TEST_CASE("the delivered message carries Received fields and decodes to what alice wrote", "[sim][mail][mime]") {
  Live l(default_scenario());
  l.world.run_until(protocols::kEpoch + 1min);
  auto inbox = l.inbox("mail.b.example", "bob");
  REQUIRE(inbox.size() == 1);
  const std::string& m = inbox[0];
  // RFC 5321 §4.4: final delivery puts the reverse-path first, above the Received fields.
  CHECK(m.rfind("Return-Path: <alice@a.example>\r\nReceived: from mail.a.example", 0) == 0);
  CHECK(m.find("Return-Path:", 1) == std::string::npos);  // the relay adds none
  CHECK(m.find("by mail.a.example with ESMTPA") != std::string::npos);
  CHECK(m.find("=?UTF-8?") != std::string::npos);  // the Chinese subject travels as an encoded word
  for (unsigned char c : m) REQUIRE(c < 0x80);     // 7-bit clean on the wire
}

TEST_CASE("with the receiver off, postfix's back-off sets the attempts and delivery follows power-on", "[sim][mail][retry]") {
  Run r = run(default_scenario(), {"0s power-off mail.b.example", "2h power-on mail.b.example"}, 4h);
  auto attempts = r.queue("mail.a.example", "attempt");
  REQUIRE(attempts.size() >= 6);
  std::vector<Duration> at;
  for (auto& [t, q] : attempts) at.push_back(t - protocols::kEpoch);
  CHECK(at[1] == 10min);  // first failure at 64 s (SYN time-out) + 300 s, at the next 5-minute run
  CHECK(at[2] == 25min);
  CHECK(at[3] == 55min);
  CHECK(at[4] == 115min);
  auto deferred = r.queue("mail.a.example", "deferred");
  REQUIRE(!deferred.empty());
  CHECK(queue_reason_code(*deferred[0].second).find("Connection timed out") != std::string::npos);
  REQUIRE(deferred[0].second->next_attempt);
  auto delivered = r.queue("mail.a.example", "delivered");
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0].first > protocols::kEpoch + 2h);
  CHECK(r.mailbox_appends("mail.b.example", "bob") == 1);
}

TEST_CASE("the textbook preset scans every 30 minutes: down until 01:10 means delivery at the 01:30 scan", "[sim][mail][retry]") {
  ScenarioSpec s = default_scenario();
  host_named(s, "mail.a.example")->mail.retry.preset = "textbook";
  Run r = run(s, {"0s power-off mail.b.example", "70m power-on mail.b.example"}, 3h);
  auto delivered = r.queue("mail.a.example", "delivered");
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0].first > protocols::kEpoch + 90min);
  CHECK(delivered[0].first < protocols::kEpoch + 91min);
}

TEST_CASE("a 550 for the recipient fails it at once and alice gets an RFC 3464 bounce", "[sim][mail][dsn]") {
  ScenarioSpec s = default_scenario();
  host_named(s, "alice-pc")->agent.sends[0].to = {"nobody@b.example"};
  Live l(s);
  l.world.run_until(protocols::kEpoch + 10min);
  Run r = l.trace();
  auto failed = r.queue("mail.a.example", "failed");
  REQUIRE(failed.size() == 1);
  CHECK(queue_reason_code(*failed[0].second).find("550 5.1.1") != std::string::npos);
  CHECK(r.queue("mail.a.example", "bounced").size() == 1);
  CHECK(r.queue("mail.a.example", "deferred").empty());
  auto inbox = l.inbox("mail.a.example", "alice");
  REQUIRE(inbox.size() == 1);
  CHECK(inbox[0].rfind("Return-Path: <>\r\n", 0) == 0);  // a bounce has the null reverse path
  auto dsn = protocols::message::parse_dsn(inbox[0]);
  REQUIRE(dsn);
  CHECK(dsn->report_type == "delivery-status");
  CHECK(dsn->from.find("MAILER-DAEMON@mail.a.example") != std::string::npos);
  REQUIRE(dsn->report.recipients.size() == 1);
  const auto& rc = dsn->report.recipients[0];
  CHECK(rc.final_recipient == "nobody@b.example");
  CHECK(rc.action == protocols::message::DsnAction::Failed);
  CHECK(rc.status == "5.1.1");
  CHECK(rc.remote_mta == "mail.b.example");
  CHECK(rc.diagnostic_code.find("550") != std::string::npos);
  bool null_sender = false;
  for (auto& [t, q] : r.queue("mail.a.example", "queued")) null_sender |= queue_reason_code(*q).find("from <>") != std::string::npos;
  CHECK(null_sender);
}

TEST_CASE("greylisting answers 451 first and the retry is accepted", "[sim][mail][retry]") {
  Run r = run(default_scenario(), {"0s greylist mail.b.example on"}, 1h);
  auto deferred = r.queue("mail.a.example", "deferred");
  REQUIRE(deferred.size() == 1);
  CHECK(queue_reason_code(*deferred[0].second).find("451 4.7.1") != std::string::npos);
  auto delivered = r.queue("mail.a.example", "delivered");
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0].first >= deferred[0].second->next_attempt.value());
}

TEST_CASE("a stopped SMTP service refuses the connection and the sender defers", "[sim][mail][faults]") {
  Run r = run(default_scenario(), {"0s stop-service mail.b.example:25", "20m start-service mail.b.example:25"}, 2h);
  auto deferred = r.queue("mail.a.example", "deferred");
  REQUIRE(!deferred.empty());
  CHECK(queue_reason_code(*deferred[0].second).find("Connection refused") != std::string::npos);
  CHECK(deferred[0].first - protocols::kEpoch < 2s);  // RST comes back at once
  CHECK(r.queue("mail.a.example", "delivered").size() == 1);
}

TEST_CASE("a server that hangs after connect is given up after the 5-minute greeting time-out", "[sim][mail][faults]") {
  Run r = run(default_scenario(), {"0s hang mail.b.example"}, 20min);
  auto deferred = r.queue("mail.a.example", "deferred");
  REQUIRE(!deferred.empty());
  CHECK(queue_reason_code(*deferred[0].second).find("timed out") != std::string::npos);
  Duration waited = deferred[0].first - r.queue("mail.a.example", "attempt")[0].first;
  CHECK(waited >= 5min);
  CHECK(waited < 5min + 2s);
}

TEST_CASE("421 at the greeting defers, 452 defers, 552 fails", "[sim][mail][faults]") {
  Run a = run(default_scenario(), {"0s reply mail.b.example GREETING 421"}, 5min);
  REQUIRE(!a.queue("mail.a.example", "deferred").empty());
  CHECK(queue_reason_code(*a.queue("mail.a.example", "deferred")[0].second).find("421") != std::string::npos);
  Run b = run(default_scenario(), {"0s reply mail.b.example RCPT 452"}, 5min);
  REQUIRE(!b.queue("mail.a.example", "deferred").empty());
  CHECK(queue_reason_code(*b.queue("mail.a.example", "deferred")[0].second).find("452") != std::string::npos);
  Run c = run(default_scenario(), {"0s reply mail.b.example DOT 552"}, 5min);
  REQUIRE(c.queue("mail.a.example", "failed").size() == 1);
  CHECK(queue_reason_code(*c.queue("mail.a.example", "failed")[0].second).find("552") != std::string::npos);
  CHECK(c.queue("mail.a.example", "bounced").size() == 1);
}

TEST_CASE("a full disk answers 452 and nothing is lost", "[sim][mail][faults]") {
  Run r = run(default_scenario(), {"0s disk-full mail.b.example", "30m disk-ok mail.b.example"}, 3h);
  REQUIRE(!r.queue("mail.a.example", "deferred").empty());
  CHECK(queue_reason_code(*r.queue("mail.a.example", "deferred")[0].second).find("452") != std::string::npos);
  CHECK(r.mailbox_appends("mail.b.example", "bob") == 1);
}

TEST_CASE("power off right after accepting a message: it is delivered after restart, exactly once", "[sim][mail][crash]") {
  // mail.a.example answers 250 to alice at 1.011 s and is powered off a millisecond later,
  // before its own delivery attempt gets anywhere.
  Run r = run(default_scenario(), {"1012ms power-off mail.a.example", "10m power-on mail.a.example"}, 1h);
  CHECK(r.mailbox_appends("mail.b.example", "bob") == 1);
  auto delivered = r.queue("mail.a.example", "delivered");
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0].first > protocols::kEpoch + 10min);
}

TEST_CASE("power off in the middle of DATA: the sender still has it and delivers after restart", "[sim][mail][crash]") {
  // The DATA body reaches mail.b.example at about 1.58 s; it dies at 1.5 s, mid-transaction.
  Run r = run(default_scenario(), {"1500ms power-off mail.b.example", "30m power-on mail.b.example"}, 2h);
  CHECK(r.mailbox_appends("mail.b.example", "bob") == 1);
  CHECK(!r.queue("mail.a.example", "deferred").empty());
}

TEST_CASE("a lost 250 makes the sender try again: the receiver gets the message twice", "[sim][mail][crash]") {
  // RFC 5321 §6.1 is at-least-once: the receiver took responsibility (250), but the reply
  // never reached the sender, whose connection then dies. MailSim shows the duplicate.
  Run r = run(default_scenario(), {"1590ms link-down internet-mail.a.example", "20m link-up internet-mail.a.example"}, 3h);
  CHECK(r.mailbox_appends("mail.b.example", "bob") == 2);
  CHECK(r.queue("mail.a.example", "delivered").size() == 1);
}

TEST_CASE("a bounce that cannot be delivered goes to the postmaster and is never bounced", "[sim][mail][dsn]") {
  ScenarioSpec s = default_scenario();
  HostSpec* ua = host_named(s, "alice-pc");
  ua->agent.address = "ghost@nowhere.example";  // a sender address nobody can reach
  ua->agent.password = "ghost-pw";
  ua->agent.sends[0].to = {"nobody@b.example"};
  host_named(s, "mail.a.example")->mail.users.push_back(UserSpec{"ghost", "ghost-pw", {}, {}});
  Live l(s);
  l.world.run_until(protocols::kEpoch + 1h);
  Run r = l.trace();
  CHECK(r.queue("mail.a.example", "bounced").size() == 1);  // only the original message bounces
  REQUIRE(l.inbox("mail.a.example", "postmaster").size() == 1);
  CHECK(l.inbox("mail.a.example", "postmaster")[0].rfind("Return-Path: <>\r\n", 0) == 0);
  for (auto& [t, q] : r.queue("mail.a.example", "failed")) CHECK(q->rcpt != "");
}

TEST_CASE("past the warning time the sender is told of the delay, past the lifetime, of the failure", "[sim][mail][dsn]") {
  ScenarioSpec s = default_scenario();
  RetrySpec& retry = host_named(s, "mail.a.example")->mail.retry;
  retry.delay_warning = 20min;
  retry.queue_lifetime = 2h;
  Live l(s, {"0s power-off mail.b.example"});
  l.world.run_until(protocols::kEpoch + 4h);
  Run r = l.trace();
  CHECK(r.queue("mail.a.example", "delayed-dsn").size() == 1);
  CHECK(r.queue("mail.a.example", "expired").size() == 1);
  CHECK(r.queue("mail.a.example", "bounced").size() == 1);
  auto inbox = l.inbox("mail.a.example", "alice");
  REQUIRE(inbox.size() == 2);
  auto delayed = protocols::message::parse_dsn(inbox[0]);
  auto failed = protocols::message::parse_dsn(inbox[1]);
  REQUIRE(delayed);
  REQUIRE(failed);
  CHECK(delayed->report.recipients.at(0).action == protocols::message::DsnAction::Delayed);
  CHECK(delayed->report.recipients.at(0).will_retry_until.has_value());
  CHECK(failed->report.recipients.at(0).action == protocols::message::DsnAction::Failed);
  CHECK(failed->report.recipients.at(0).status.rfind("4.", 0) == 0);  // the last temporary status, as Postfix
}

TEST_CASE("the same scenario and seed give the same mail trace", "[sim][mail][determinism]") {
  Run a = run(default_scenario(), {"0s loss internet 10%"}, 1h);
  Run b = run(default_scenario(), {"0s loss internet 10%"}, 1h);
  REQUIRE(a.result.trace.size() == b.result.trace.size());
  CHECK(a.mailbox_appends("mail.b.example", "bob") == 1);
}

TEST_CASE("a user agent sends by time, equal times in file order, and skips what a power cycle passed over", "[sim][mail][agent]") {
  // The sends are queued one at a time (a long schedule does not sit in the event queue):
  // they must still go in time order, equal times in the order of the file, and a send whose
  // time passed while the machine was off is not replayed when it boots again.
  ScenarioSpec s = default_scenario();
  HostSpec* alice = host_named(s, "alice-pc");
  SendSpec one = alice->agent.sends.at(0);
  alice->agent.sends.clear();
  for (auto [at, subject] : {std::pair{30s, "B"}, {1s, "A"}, {1s, "C"}, {10min, "D"}}) {
    one.at = at;
    one.subject = subject;
    alice->agent.sends.push_back(one);
  }
  Run r = run(s, {"20s power-off alice-pc", "40s power-on alice-pc"}, 1h);
  std::vector<std::pair<Instant, std::string>> composed;
  for (const auto& e : r.result.trace.entries())
    if (auto* n = std::get_if<NoteRecord>(&e.record))
      if (r.result.trace.host_name(n->host) == "alice-pc" && note_text_code(*n).rfind("composes", 0) == 0) composed.push_back({e.t, note_text_code(*n)});
  REQUIRE(composed.size() == 3);
  CHECK(composed[0].first == protocols::kEpoch + 1s);
  CHECK(composed[0].second.find("\"A\"") != std::string::npos);
  CHECK(composed[1].first == protocols::kEpoch + 1s);
  CHECK(composed[1].second.find("\"C\"") != std::string::npos);
  CHECK(composed[2].first == protocols::kEpoch + 10min);
  CHECK(composed[2].second.find("\"D\"") != std::string::npos);
  CHECK(r.mailbox_appends("mail.b.example", "bob") == 3);
}

TEST_CASE("the mail store survives a power cycle with its UIDs and UIDVALIDITY", "[sim][mail][crash][store]") {
  ScenarioSpec s = default_scenario();
  HostSpec* ua = host_named(s, "alice-pc");
  SendSpec second = ua->agent.sends[0];
  second.at = 10min;
  ua->agent.sends.push_back(second);
  Live l(s, {"5m power-off mail.b.example", "6m power-on mail.b.example"});
  l.world.run_until(protocols::kEpoch + 4min);
  const protocols::store::Folder* before = l.server("mail.b.example").store().folder("bob", "INBOX");
  REQUIRE(before);
  REQUIRE(before->messages.size() == 1);
  std::uint32_t validity = before->uidvalidity;
  std::uint32_t uid = before->messages[0].uid;
  l.world.run_until(protocols::kEpoch + 20min);
  const protocols::store::Folder* after = l.server("mail.b.example").store().folder("bob", "INBOX");
  REQUIRE(after);
  REQUIRE(after->messages.size() == 2);
  CHECK(after->uidvalidity == validity);
  CHECK(after->messages[0].uid == uid);
  CHECK(after->messages[1].uid > uid);
}

namespace {
// textbook.json as the loader reads it, with `keys` added to mail.b.example's host object.
ScenarioSpec textbook_with_b_keys(const std::string& keys) {
  std::string text = test::source_text(MAILSIM_SOURCE_DIR "/assets/scenarios/textbook.json");
  const std::string anchor = "\"domains\": [\"b.example\"],";
  std::size_t at = text.find(anchor);
  REQUIRE(at != std::string::npos);
  text.insert(at + anchor.size(), " " + keys + ",");
  LoadResult r = load_scenario_text(text, "textbook.json");
  REQUIRE(r.ok());
  return *r.scenario;
}

// 8-bit mail typed by hand to mail.a.example's submission port (AUTH PLAIN as alice), to
// bob at a mail.b.example with `b_keys` (e.g. "8bitmime": false) in the scenario file.
RunResult eight_bit_run(const std::string& b_keys, const std::string& subject, std::vector<std::string>* bob_inbox) {
  ScenarioSpec s = textbook_with_b_keys(b_keys);
  host_named(s, "alice-pc")->agent.sends.clear();
  RunOptions o;
  o.seed = s.seed;
  o.until = protocols::kEpoch + 10min;
  const std::string creds = std::string(1, '\0') + "alice" + std::string(1, '\0') + "alice-secret";
  std::vector<std::string> lines = {"EHLO console", "AUTH PLAIN " + protocols::codec::base64_encode(creds),
                                    "MAIL FROM:<alice@a.example> BODY=8BITMIME", "RCPT TO:<bob@b.example>", "DATA",
                                    "From: alice@a.example", "To: bob@b.example", "Subject: " + subject,
                                    "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
                                    "Content-Transfer-Encoding: 8bit", "", "你好 Bob，这是一封八位的信。", "Alice",
                                    ".", "QUIT"};
  for (std::size_t i = 0; i < lines.size(); ++i)
    o.input.push_back(InputEvent{protocols::kEpoch + 2s + std::chrono::milliseconds(200) * i, "telnet",
                                 "mail.a.example:587", lines[i]});
  o.at_end = [bob_inbox](World& w) {
    auto& b = dynamic_cast<MailServerHost&>(*w.host("mail.b.example"));
    if (const protocols::store::Folder* f = b.store().folder("bob", "INBOX"))
      for (const auto& m : f->messages) bob_inbox->emplace_back(m.bytes());
  };
  return simulate(s, o);
}

const std::string kOldServer = R"("8bitmime": false, "smtputf8": false)";
}  // namespace

TEST_CASE("8-bit mail is down-converted for a next hop without 8BITMIME, and the trace says so", "[sim][mail][8bitmime]") {
  std::vector<std::string> inbox;
  Run r{eight_bit_run(kOldServer, "lunch", &inbox)};
  REQUIRE(r.queue("mail.a.example", "delivered").size() == 1);
  bool noted = false;
  for (const auto& e : r.result.trace.entries())
    if (auto* n = std::get_if<NoteRecord>(&e.record))
      noted |= r.result.trace.host_name(n->host) == "mail.a.example" &&
               note_text_code(*n).find("does not offer 8BITMIME; 8-bit message converted to 7 bit (1 part(s) to base64") != std::string::npos;
  CHECK(noted);
  bool body_param = false;
  for (const auto* c : r.commands("mail.a.example", "mail.b.example"))
    body_param |= c->verb == "MAIL" && c->line.find("BODY=") != std::string::npos;
  CHECK_FALSE(body_param);
  REQUIRE(inbox.size() == 1);
  CHECK(protocols::message::is_seven_bit(inbox[0]));
  auto p = protocols::message::parse_mime(inbox[0]);
  CHECK(p.transfer_encoding == "base64");
  CHECK(p.headers.get("X-MIME-Autoconverted") == "from 8bit to base64 by mail.a.example");
  CHECK(protocols::message::decode_text(p, inbox[0]) == "你好 Bob，这是一封八位的信。\r\nAlice\r\n");
}

TEST_CASE("8-bit header fields for a next hop without 8BITMIME nor SMTPUTF8 fail with 5.6.3 and bounce", "[sim][mail][8bitmime][dsn]") {
  std::vector<std::string> inbox;
  Run r{eight_bit_run(kOldServer, "午饭", &inbox)};
  CHECK(inbox.empty());
  auto failed = r.queue("mail.a.example", "failed");
  REQUIRE(failed.size() == 1);
  CHECK(queue_reason_code(*failed[0].second).find("554 5.6.3 Conversion required but not supported: 8-bit bytes in header field Subject") !=
        std::string::npos);
  CHECK(r.queue("mail.a.example", "bounced").size() == 1);
  CHECK(r.queue("mail.a.example", "deferred").empty());
  for (const auto* c : r.commands("mail.a.example", "mail.b.example")) CHECK(c->verb != "MAIL");
}

TEST_CASE("a scenario's '8bitmime': false takes 8BITMIME out of EHLO and gets 8-bit mail converted to 7 bit",
          "[sim][mail][8bitmime][scenario]") {
  std::vector<std::string> inbox;
  Run r{eight_bit_run(R"("8bitmime": false)", "lunch", &inbox)};
  REQUIRE(r.queue("mail.a.example", "delivered").size() == 1);
  auto offers = [&](const std::string& server, const std::string& client, const std::string& keyword) {
    bool ehlo = false, found = false;
    for (const auto* rep : r.replies(server, client))
      for (const std::string& line : rep->lines) {  // as sent: "250-8BITMIME", "250 SMTPUTF8"
        std::string text = line.size() > 4 ? line.substr(4) : "";
        ehlo |= text == "PIPELINING";
        found |= text == keyword;
      }
    REQUIRE(ehlo);
    return found;
  };
  CHECK_FALSE(offers("mail.b.example", "mail.a.example", "8BITMIME"));
  CHECK(offers("mail.b.example", "mail.a.example", "SMTPUTF8"));  // the other key is still on
  CHECK(offers("mail.a.example", "real-client", "8BITMIME"));      // and so is the submission server
  int mails = 0;
  for (const auto* c : r.commands("mail.a.example", "mail.b.example")) {
    mails += c->verb == "MAIL";
    CHECK(c->line.find("BODY=8BITMIME") == std::string::npos);
  }
  CHECK(mails == 1);
  REQUIRE(inbox.size() == 1);
  CHECK(protocols::message::is_seven_bit(inbox[0]));
  auto p = protocols::message::parse_mime(inbox[0]);
  CHECK(p.headers.get("X-MIME-Autoconverted") == "from 8bit to base64 by mail.a.example");
  CHECK(protocols::message::decode_text(p, inbox[0]) == "你好 Bob，这是一封八位的信。\r\nAlice\r\n");
}
