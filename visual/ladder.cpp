// Ladder rows and SMTP phases from the flights and the labels their segments carry.
#include "visual/ladder.hpp"

#include <algorithm>
#include <iterator>
#include <map>

namespace visual {

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
  for (std::size_t i = 0; i < fl.size(); ++i) {
    const Flight& f = fl[i];
    const auto& seg = std::get<sim::SegmentRecord>(es[f.sent].record);
    bool smtp = false;
    SmtpPhase& p = phase[f.conn];
    for (const auto& l : seg.labels) {
      if (l.proto != protocols::Proto::SMTP) continue;
      smtp = true;
      if (p == SmtpPhase::None) p = SmtpPhase::Establishment;
      if (l.kind != protocols::LabelKind::Command) continue;
      // RFC 5321 §3.3: a transaction starts with MAIL; §4.1.1.10: QUIT ends the session.
      if (l.text.starts_with("MAIL") && p == SmtpPhase::Establishment) p = SmtpPhase::Transfer;
      if (l.text.starts_with("QUIT")) p = SmtpPhase::Release;
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
