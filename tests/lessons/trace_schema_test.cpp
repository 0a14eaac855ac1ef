// The schema's round trip (sim/trace_schema.hpp): for a record of every kind, each field the
// JSONL writer puts on its line reads back through a lesson condition built from that very
// line and finds the record, and each query field a condition names exists in the schema.
#include <catch2/catch.hpp>

#include "lessons/condition.hpp"
#include "sim/trace_format.hpp"

namespace {

using namespace std::chrono_literals;

std::optional<lessons::Condition> parse(const lessons::json& j) {
  lessons::Problems problems;
  auto doc = lessons::parse_json_text(j.dump(), "cond.json", problems);
  REQUIRE(doc);
  lessons::Checker c(*doc, problems);
  auto cond = lessons::read_condition(c, doc->root, "");
  INFO(j.dump());
  CHECK(problems.empty());
  return cond;
}

sim::Trace one_of_each() {
  sim::Trace t;
  sim::HostId a = t.add_host("mail.a.example"), b = t.add_host("mail.b.example");
  auto at = [&](auto r) { t.append(protocols::kEpoch + 1s, std::move(r)); };
  sim::SegmentRecord s;
  s.event = sim::SegmentEvent::Dropped;
  s.from = a;
  s.to = b;
  s.conn = 4;
  s.sport = 40000;
  s.dport = 25;
  s.flags = sim::kPsh | sim::kAck;
  s.seq = 1000;
  s.ack = 2000;
  s.window = 65535;
  s.len = 27;
  s.at = a;
  s.reason = "loss";
  s.labels = {protocols::Label{protocols::Proto::SMTP, protocols::LabelKind::Command, "MAIL FROM:<alice@a.example>"}};
  s.payload = std::make_shared<const std::string>("MAIL FROM:<alice@a.example>\r\n");
  at(s);
  at(sim::ConnRecord{sim::ConnEvent::Timeout, a, b, 4, 25, sim::ConnDetail::SynUnanswered, 5});
  at(sim::DnsRecord{sim::DnsEvent::Answer, b, a, "b.example", protocols::dns::RrType::MX, protocols::dns::Rcode::NoError,
                    {"10 mail.b.example", "20 mx2.b.example"}, 9});
  sim::FaultRecord f;
  f.action = sim::FaultAction::Loss;
  f.target = "mail.a.example-mail.b.example";
  f.value = "20%";
  f.source = sim::FaultSource::Cli;
  f.applied = false;
  f.reason = sim::FaultRefusal::NoLink;
  at(f);
  at(sim::CommandRecord{protocols::Proto::IMAP, a, b, 4, "FETCH", "a1 FETCH 1 (FLAGS)", "a1"});
  at(sim::ReplyRecord{protocols::Proto::SMTP, b, a, 4, 451, "4.3.0", "", "", {"451 4.3.0 try later"}});
  at(sim::StateRecord{protocols::Proto::SMTP, b, 4, "MAIL", "RCPT"});
  sim::QueueRecord q;
  q.host = a;
  q.action = sim::QueueAction::Deferred;
  q.why = sim::QueueReason::Diagnostic;
  q.msg = "Q7";
  q.rcpt = "bob@b.example";
  q.text = "451 4.3.0 try later";
  q.next_attempt = protocols::kEpoch + 30min;
  at(q);
  sim::MailboxRecord m = sim::device_mailbox(b, sim::MailboxAction::Move, "bob", "Archive");
  m.uids = {5, 6};
  m.detail = std::make_shared<const sim::MailboxDetail>(sim::MailboxDetail{{{5, "\\Seen"}, {6, "\\Flagged"}}, "INBOX", {1, 2}});
  at(m);
  sim::NoteRecord n = sim::make_note(a, sim::NoteCode::OutboxRejected, "mail.a.example", "550 5.7.1 no");
  at(n);
  return t;
}

}  // namespace

TEST_CASE("every field JSONL writes reads back through a condition and finds its record", "[lessons][condition][schema]") {
  sim::Trace t = one_of_each();
  REQUIRE(t.size() == sim::kRecordKinds);
  for (const sim::TraceEntry& e : t.entries()) {
    const std::size_t kind = e.record.index();
    lessons::json line = lessons::json::parse(sim::to_jsonl(e, t));
    INFO(line.dump());
    std::size_t checked = 0;
    for (const auto& [key, value] : line.items()) {
      if (key == "n" || key == "t" || key == "kind" || key == "labels") continue;  // labels: read as "label"
      REQUIRE(sim::find_field(kind, key) != nullptr);
      lessons::json cond = {{"kind", line["kind"]}};
      if (value.is_array()) cond[key] = value.back();                    // any element of a list
      else if (value.is_object()) cond[key] = value.begin().value();     // a message's flags
      else cond[key] = value;
      auto c = parse(cond);
      REQUIRE(c);
      CHECK(c->defs.size() == (key == "host" ? 0u : 1u));  // "host" is the condition's own key
      CHECK(c->host.has_value() == (key == "host"));
      CHECK(c->matches(e, t));
      ++checked;
    }
    CHECK(checked >= 2);
    // Every query field of the kind is one the record can be asked about.
    for (std::string_view f : lessons::fields_of_kind(sim::kind_name(kind))) CHECK(sim::find_field(kind, f) != nullptr);
  }
}

TEST_CASE("conditions read typed fields: numbers, true/false, a segment's label and payload", "[lessons][condition][schema]") {
  sim::Trace t = one_of_each();
  auto first = [&](const lessons::json& j) { return lessons::find_record(*parse(j), t); };
  CHECK(first({{"kind", "segment"}, {"retransmission", false}, {"label", {{"contains", "MAIL FROM"}}}}) == 0u);
  CHECK(first({{"kind", "segment"}, {"payload", {{"contains", "\r\n"}}}}) == 0u);
  CHECK(first({{"kind", "fault"}, {"applied", false}, {"reason", "no-link"}}) == 3u);
  CHECK(first({{"kind", "fault"}, {"applied", true}}) == std::nullopt);
  CHECK(first({{"kind", "reply"}, {"class", "4xx"}, {"code", 451}}) == 5u);
  CHECK(first({{"kind", "mailbox"}, {"msg", "uid 5,6"}, {"source_msg", "uid 1,2"}}) == 8u);
  CHECK(first({{"kind", "note"}, {"code", "outbox-rejected"}}) == 9u);
  CHECK(lessons::record_field(t.entries()[7], t, "next_attempt") == std::to_string(protocols::ns_of(protocols::kEpoch + 30min)));
  CHECK(lessons::record_field(t.entries()[7], t, "time") == "1s");
}
