// Faults in the middle of a session: drop-after cuts a POP3 or IMAP session right after the
// reply to one command (RFC 1939 §6: a POP3 session that never reaches QUIT deletes
// nothing), and link-down loses the packets already on the link, not only later ones.
#include <catch2/catch.hpp>

#include "sim/fault_spec.hpp"
#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"

using namespace std::chrono_literals;
using namespace sim;

namespace {

ScenarioSpec pop3_scenario() {
  LoadResult r = load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/lessons/content/scenarios/pop3.json");
  REQUIRE(r.ok());
  return *r.scenario;
}

RunResult run(ScenarioSpec s, const std::vector<std::string>& faults) {
  for (const std::string& f : faults) {
    std::string error;
    std::optional<FaultSpec> spec = parse_fault(f, &error);
    INFO(error);
    REQUIRE(spec);
    s.faults.push_back(*spec);
  }
  RunOptions o;
  o.until = protocols::kEpoch + 50s;  // the laptop's check at 30 s, not the office PC's
  return simulate(s, o);
}

int commands(const RunResult& r, const std::string& verb) {
  int n = 0;
  for (const auto& e : r.trace.entries())
    if (auto* c = std::get_if<CommandRecord>(&e.record); c && c->proto == Proto::POP3 && c->verb == verb) ++n;
  return n;
}

int expunges(const RunResult& r) {
  int n = 0;
  for (const auto& e : r.trace.entries())
    if (auto* m = std::get_if<MailboxRecord>(&e.record); m && m->action == MailboxAction::Expunge) ++n;
  return n;
}

const NoteRecord* pop3_note(const RunResult& r) {
  const NoteRecord* last = nullptr;
  for (const auto& e : r.trace.entries())
    if (auto* n = std::get_if<NoteRecord>(&e.record); n && n->code == NoteCode::Pop3Check) last = n;
  return last;
}

}  // namespace

TEST_CASE("drop-after DELE: the +OK is sent, the session is cut, nothing is deleted", "[sim][faults][pop3]") {
  RunResult normal = run(pop3_scenario(), {});
  REQUIRE(commands(normal, "DELE") == 1);
  REQUIRE(commands(normal, "QUIT") == 1);
  REQUIRE(expunges(normal) == 1);

  RunResult cut = run(pop3_scenario(), {"0s drop-after mail.b.example:110 dele"});
  CHECK(commands(cut, "DELE") == 1);
  CHECK(commands(cut, "QUIT") == 0);  // the server reads nothing after the cut
  CHECK(expunges(cut) == 0);          // RFC 1939 §6: no QUIT, no UPDATE
  bool ok_to_dele = false, server_fin = false;
  ConnId pop3_conn = 0;
  for (const auto& e : cut.trace.entries()) {
    if (auto* c = std::get_if<CommandRecord>(&e.record); c && c->verb == "DELE") pop3_conn = c->conn;
    if (auto* rep = std::get_if<ReplyRecord>(&e.record); rep && pop3_conn && rep->conn == pop3_conn && rep->code == 0)
      ok_to_dele = ok_to_dele || rep->status == "+OK";
    if (auto* s = std::get_if<SegmentRecord>(&e.record); s && pop3_conn && s->conn == pop3_conn && (s->flags & kFin) &&
                                                         cut.trace.host_name(s->from) == "mail.b.example")
      server_fin = true;
  }
  CHECK(ok_to_dele);
  CHECK(server_fin);
  const NoteRecord* n = pop3_note(cut);
  REQUIRE(n);
  CHECK(note_text_code(*n).find("kept (no QUIT)") != std::string::npos);  // marked, not deleted
  CHECK(static_cast<Pop3End>(n->n[3]) != Pop3End::Done);
}

TEST_CASE("drop-after parses as a verb or off, on a host or host:port", "[sim][faults]") {
  std::string error;
  std::optional<FaultSpec> f = parse_fault("1s drop-after mail.b.example:143 fetch", &error);
  REQUIRE(f);
  CHECK(format_fault(*f) == "1s drop-after mail.b.example:143 FETCH");
  CHECK(parse_fault("0s drop-after mail.b.example off", &error));
  CHECK(!parse_fault("0s drop-after mail.b.example", &error));
  CHECK(error == "drop-after needs a command such as DELE or FETCH, or off");
  CHECK(!parse_fault("0s drop-after mail.b.example RE TR", &error));
  CHECK(error == "too many words after drop-after (unexpected 'TR')");
  CHECK(!parse_fault("0s drop-after mail.b.example 451", &error));
  CHECK(error == "drop-after value '451' must be a command verb such as DELE or FETCH, or off");
}

TEST_CASE("drop-after on an SMTP port or a host without mail is not applied", "[sim][faults]") {
  RunResult r = run(pop3_scenario(), {"0s drop-after mail.b.example:25 DATA", "0s drop-after internet RETR"});
  int refused = 0;
  for (const auto& e : r.trace.entries())
    if (auto* f = std::get_if<FaultRecord>(&e.record); f && f->action == FaultAction::DropAfter)
      refused += !f->applied && f->reason == FaultRefusal::NotApplicable;
  CHECK(refused == 2);
}

TEST_CASE("link-down loses a packet already on the link", "[sim][faults][net]") {
  // The internet - mail.b.example link has 30 ms latency: find the first segment that crosses it
  // towards mail.b.example, then cut the link 10 ms after it left.
  RunResult normal = run(pop3_scenario(), {});
  std::optional<protocols::Instant> left;
  std::uint32_t seq = 0;
  ConnId conn = 0;
  for (const auto& e : normal.trace.entries())
    if (auto* s = std::get_if<SegmentRecord>(&e.record);
        s && !s->udp && s->event == SegmentEvent::Sent && normal.trace.host_name(s->to) == "mail.b.example" &&
        normal.trace.host_name(s->from) == "mail.a.example") {
      left = e.t, seq = s->seq, conn = s->conn;
      break;
    }
  REQUIRE(left);
  Duration cut_at = *left - protocols::kEpoch + 10ms;
  RunResult cut = run(pop3_scenario(), {format_fault(FaultSpec{cut_at, "link-down", "internet-mail.b.example", "", {}})});
  bool delivered = false, dropped = false;
  for (const auto& e : cut.trace.entries())
    if (auto* s = std::get_if<SegmentRecord>(&e.record); s && s->conn == conn && s->seq == seq && !s->retransmission) {
      delivered = delivered || s->event == SegmentEvent::Delivered;
      if (s->event == SegmentEvent::Dropped) {
        dropped = true;
        CHECK(s->reason == "link down");
        CHECK(e.t > protocols::kEpoch + cut_at);
      }
    }
  CHECK(dropped);
  CHECK(!delivered);
}
