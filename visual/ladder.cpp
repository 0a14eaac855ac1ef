// Ladder rows and SMTP phases from the flights and the labels their segments carry.
#include "visual/ladder.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace visual {

namespace {
bool starts_with_verb(std::string_view line, std::string_view verb) {
  if (line.size() < verb.size()) return false;
  for (std::size_t i = 0; i < verb.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(line[i])) != verb[i]) return false;
  return true;
}

// Numbers the segments of one message's content: rows whose first label is a Data label
// with the same text on the same connection, first sendings only (a retransmission repeats
// the number of the segment it resends, found by its sequence number).
void number_parts(std::vector<LadderRow>& rows, const std::vector<Flight>& fl, const sim::Trace& trace) {
  const auto& es = trace.entries();
  std::map<std::pair<sim::ConnId, std::string>, std::vector<std::pair<std::uint32_t, LadderRow*>>> groups;
  for (LadderRow& r : rows) {
    const auto& seg = std::get<sim::SegmentRecord>(es[fl[r.flight].sent].record);
    if (seg.labels.empty() || seg.labels.front().kind != protocols::LabelKind::Data) continue;
    groups[{seg.conn, seg.labels.front().text}].push_back({seg.seq, &r});
  }
  for (auto& [key, members] : groups) {
    std::vector<std::uint32_t> seqs;
    for (const auto& m : members)
      if (std::find(seqs.begin(), seqs.end(), m.first) == seqs.end()) seqs.push_back(m.first);
    if (seqs.size() < 2) continue;
    for (auto& [seq, row] : members) {
      row->part = static_cast<int>(std::find(seqs.begin(), seqs.end(), seq) - seqs.begin()) + 1;
      row->parts = static_cast<int>(seqs.size());
    }
  }
}
bool is_verb(std::string_view verb, std::string_view want) {
  return verb.size() == want.size() && starts_with_verb(verb, want);
}

// The server's reply code to each MAIL command on each connection, in order (0: not answered
// yet). The server records each command as it parses it and each reply as it sends it, in
// order (pipelined commands too, RFC 2920 §3.1: replies in the order of the commands); a
// reply with no command waiting (the greeting, the end of DATA) answers none.
std::map<sim::ConnId, std::vector<int>> mail_replies(const sim::Trace& trace) {
  std::map<sim::ConnId, std::vector<int>> out;
  std::map<sim::ConnId, std::vector<std::optional<std::size_t>>> waiting;  // FIFO: MAIL's index, or none
  std::map<sim::ConnId, std::size_t> answered;
  for (const auto& e : trace.entries()) {
    if (const auto* c = std::get_if<sim::CommandRecord>(&e.record); c && c->proto == protocols::Proto::SMTP) {
      std::optional<std::size_t> mail;
      if (is_verb(c->verb, "MAIL")) {
        mail = out[c->conn].size();
        out[c->conn].push_back(0);
      }
      waiting[c->conn].push_back(mail);
    } else if (const auto* r = std::get_if<sim::ReplyRecord>(&e.record); r && r->proto == protocols::Proto::SMTP) {
      auto& w = waiting[r->conn];
      std::size_t& next = answered[r->conn];
      if (next >= w.size()) continue;
      if (w[next]) out[r->conn][*w[next]] = r->code;
      ++next;
    }
  }
  return out;
}
}  // namespace

bool is_ladder_event(const sim::Record& r) {
  if (std::holds_alternative<sim::FaultRecord>(r)) return true;
  const auto* q = std::get_if<sim::QueueRecord>(&r);
  using A = sim::QueueAction;
  return q && (q->action == A::Deferred || q->action == A::Delivered || q->action == A::Failed || q->action == A::Bounced);
}

std::vector<LadderRow> ladder_rows(const FlightIndex& index, const sim::Trace& trace, bool fold_tcp) {
  std::vector<LadderRow> rows;
  std::map<sim::ConnId, SmtpPhase> phase;  // per connection, advanced by the commands seen
  const auto& es = trace.entries();
  const auto& fl = index.flights();
  const std::map<sim::ConnId, std::vector<int>> mail_codes = mail_replies(trace);
  std::map<sim::ConnId, std::size_t> mails_sent;  // MAIL commands seen per connection (first sendings)
  for (std::size_t i = 0; i < fl.size(); ++i) {
    const Flight& f = fl[i];
    const auto& seg = std::get<sim::SegmentRecord>(es[f.sent].record);
    bool smtp = false;
    SmtpPhase& p = phase[f.conn];
    for (const auto& l : seg.labels) {
      // Lines typed in the telnet console travel as raw text; on a connection whose server
      // speaks SMTP they are SMTP commands all the same (lesson 03_commands_by_hand).
      const bool typed = l.proto == protocols::Proto::RAW && p != SmtpPhase::None;
      if (l.proto != protocols::Proto::SMTP && !typed) continue;
      smtp = true;
      if (p == SmtpPhase::None) p = SmtpPhase::Establishment;
      if (l.kind != protocols::LabelKind::Command) continue;
      // RFC 5321 §3.3: a transaction starts with a MAIL the server accepts (a 501 for a bad
      // address, a 5xx or 4xx, leaves the session where it was: no transaction), or one not
      // answered yet; §4.1.1.10: QUIT ends the session. Verbs are case-insensitive (§2.4),
      // as a person may type them.
      if (starts_with_verb(l.text, "MAIL") && !f.retransmission) {
        const std::size_t k = mails_sent[f.conn]++;
        const auto codes = mail_codes.find(f.conn);
        const int code = codes != mail_codes.end() && k < codes->second.size() ? codes->second[k] : 0;
        if (p == SmtpPhase::Establishment && (code == 0 || code / 100 == 2)) p = SmtpPhase::Transfer;
      }
      if (starts_with_verb(l.text, "QUIT")) p = SmtpPhase::Release;
    }
    bool payload = f.has_payload_label && f.style != PillStyle::TcpControl;
    if (fold_tcp && !payload) continue;
    rows.push_back({i, (smtp || p != SmtpPhase::None) && !f.udp ? p : SmtpPhase::None, std::nullopt, f.t0, f.sent});
  }
  // Unfolded, the handshake comes before the greeting (the first SMTP byte): it belongs to
  // connection establishment once the connection turns out to be SMTP.
  for (auto& r : rows) {
    const Flight& f = fl[r.flight];
    if (r.phase == SmtpPhase::None && !f.udp && phase[f.conn] != SmtpPhase::None)
      r.phase = SmtpPhase::Establishment;
  }
  number_parts(rows, fl, trace);
  // Events, merged in trace order (flights are in the order of their Sent records).
  std::vector<LadderRow> events;
  for (std::size_t i = 0; i < es.size(); ++i)
    if (is_ladder_event(es[i].record)) events.push_back({0, SmtpPhase::None, i, es[i].t, i});
  std::vector<LadderRow> merged;
  merged.reserve(rows.size() + events.size());
  std::merge(rows.begin(), rows.end(), events.begin(), events.end(), std::back_inserter(merged),
             [](const LadderRow& a, const LadderRow& b) { return a.entry < b.entry; });
  return merged;
}

}  // namespace visual
