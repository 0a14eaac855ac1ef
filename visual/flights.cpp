// Pairing of sent segments with their fate, and their positions at a playback time.
#include "visual/flights.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <tuple>

namespace visual {

using protocols::LabelKind;
using protocols::Proto;

std::optional<PillStyle> reply_style(Proto proto, std::string_view text) {
  if (proto == Proto::SMTP || proto == Proto::HTTP) {
    // SMTP "250 2.1.0 Ok"; HTTP "HTTP/1.1 200 OK" carries the code after the version.
    if (proto == Proto::HTTP && text.starts_with("HTTP/")) {
      auto sp = text.find(' ');
      text = sp == std::string_view::npos ? std::string_view{} : text.substr(sp + 1);
    }
    if (text.size() >= 3 && text[0] >= '2' && text[0] <= '5' && isdigit(text[1]) && isdigit(text[2]))
      return static_cast<PillStyle>(static_cast<int>(PillStyle::Reply2) + (text[0] - '2'));
    return std::nullopt;
  }
  if (proto == Proto::POP3) {  // RFC 1939 §3: +OK or -ERR
    if (text.starts_with("+OK")) return PillStyle::Reply2;
    if (text.starts_with("-ERR")) return PillStyle::Reply5;
    if (text.starts_with("+")) return PillStyle::Reply3;  // continuation (SASL)
    return std::nullopt;
  }
  if (proto == Proto::IMAP) {  // RFC 3501 §7.1: tag or "*" then OK / NO / BAD
    auto sp = text.find(' ');
    if (text.starts_with("+")) return PillStyle::Reply3;
    if (sp == std::string_view::npos) return std::nullopt;
    std::string_view cond = text.substr(sp + 1);
    if (cond.starts_with("OK")) return PillStyle::Reply2;
    if (cond.starts_with("NO")) return PillStyle::Reply4;
    if (cond.starts_with("BAD")) return PillStyle::Reply5;
  }
  return std::nullopt;
}

PillStyle style_of_label(const protocols::Label& l) {
  if (l.kind == LabelKind::Reply)
    if (auto s = reply_style(l.proto, l.text)) return *s;
  switch (l.proto) {
    case Proto::SMTP: return PillStyle::Smtp;
    case Proto::POP3: return PillStyle::Pop3;
    case Proto::IMAP: return PillStyle::Imap;
    case Proto::HTTP: return PillStyle::Http;
    case Proto::DNS: return PillStyle::Dns;
    case Proto::TCP: return PillStyle::TcpControl;
    default: return PillStyle::Other;
  }
}

namespace {
// A segment is the same on the wire at both ends: match on everything the sender chose.
using Key = std::tuple<bool, sim::HostId, sim::HostId, sim::ConnId, std::uint16_t, std::uint16_t,
                       std::uint8_t, std::uint32_t, std::uint32_t, std::uint32_t>;
Key key_of(const sim::SegmentRecord& s) {
  return {s.udp, s.from, s.to, s.conn, s.sport, s.dport, s.flags, s.seq, s.ack, s.len};
}

Flight flight_of(const sim::SegmentRecord& s, std::size_t entry, Instant t) {
  Flight f;
  f.sent = entry;
  f.t0 = f.t1 = t;
  f.from = s.from;
  f.to = s.to;
  f.retransmission = s.retransmission;
  f.conn = s.conn;
  f.udp = s.udp;
  if (!s.labels.empty()) {
    f.text = s.labels.front().text;
    // Pipelined commands (RFC 2920) share a segment: say how many more ride along.
    if (s.labels.size() > 1) f.text += " +" + std::to_string(s.labels.size() - 1);
    f.style = style_of_label(s.labels.front());
    for (const auto& l : s.labels) f.has_payload_label |= l.kind != LabelKind::Data || l.proto == Proto::DNS;
    f.has_payload_label |= s.len > 0;
  } else {
    f.text = s.udp ? "UDP" : sim::tcp_flags_string(s.flags);
    f.style = s.len > 0 ? PillStyle::Other : PillStyle::TcpControl;
    f.has_payload_label = s.len > 0;
  }
  return f;
}
}  // namespace

FlightIndex::FlightIndex(const sim::Trace& trace) {
  const auto& es = trace.entries();
  by_entry_.assign(es.size(), 0);
  // Sent segments waiting for their fate, oldest first: a retransmitted copy is identical
  // on the wire, so copies resolve in the order they were sent.
  std::map<Key, std::deque<std::size_t>> waiting;
  for (std::size_t i = 0; i < es.size(); ++i) {
    const auto* s = std::get_if<sim::SegmentRecord>(&es[i].record);
    if (!s) continue;
    if (s->event == sim::SegmentEvent::Sent) {
      waiting[key_of(*s)].push_back(flights_.size());
      flights_.push_back(flight_of(*s, i, es[i].t));
      by_entry_[i] = flights_.size();
      continue;
    }
    auto it = waiting.find(key_of(*s));
    if (it == waiting.end() || it->second.empty()) continue;  // its Sent was not kept
    Flight& f = flights_[it->second.front()];
    it->second.pop_front();
    f.arrived = i;
    f.t1 = es[i].t;
    f.dropped = s->event == sim::SegmentEvent::Dropped;
    if (f.dropped) f.dropped_at = s->at;
    by_entry_[i] = by_entry_[f.sent];
  }
  for (const Flight& f : flights_) {
    Duration d = f.t1 - f.t0;
    if (f.dropped) d += std::max(kDropFade, f.t1 - f.t0);
    longest_ = std::max(longest_, d);
  }
}

std::vector<std::size_t> FlightIndex::visible_at(Instant t) const {
  std::vector<std::size_t> out;
  // Flights are ordered by t0; only those sent within `longest_` before t can be visible.
  auto hi = std::upper_bound(flights_.begin(), flights_.end(), t,
                             [](Instant v, const Flight& f) { return v < f.t0; });
  for (auto it = hi; it != flights_.begin();) {
    --it;
    if (t - it->t0 > longest_) break;
    if (!it->arrived) continue;
    bool in_air = it->t0 <= t && t < it->t1;
    bool fading = it->dropped && t >= it->t1 && opacity(*it, t) > 0;
    if (in_air || fading) out.push_back(static_cast<std::size_t>(it - flights_.begin()));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

double FlightIndex::progress(const Flight& f, Instant t) {
  if (t <= f.t0) return 0;
  if (t >= f.t1 || f.t1 == f.t0) return 1;
  return double((t - f.t0).count()) / double((f.t1 - f.t0).count());
}

double FlightIndex::opacity(const Flight& f, Instant t) {
  if (!f.dropped || t < f.t1) return 1;
  Duration fade = std::max(kDropFade, f.t1 - f.t0);
  double gone = double((t - f.t1).count()) / double(fade.count());
  return gone >= 1 ? 0 : 1 - gone;
}

std::optional<std::size_t> FlightIndex::flight_of_entry(std::size_t entry) const {
  if (entry >= by_entry_.size() || by_entry_[entry] == 0) return std::nullopt;
  return by_entry_[entry] - 1;
}

std::string pill_label(const std::string& text, Lang lang) {
  // "<what> (N bytes)": an SMTP message, an IMAP literal, an HTTP body of a media type.
  static constexpr std::string_view kBytes = " bytes)";
  const std::size_t open = text.rfind(" (");
  if (text.ends_with(kBytes) && open != std::string::npos) {
    const std::string what = text.substr(0, open), n = text.substr(open + 2, text.size() - open - 2 - kBytes.size());
    const bool message = what == "message", literal = what == "literal",
               media = what.find('/') != std::string::npos && what.find(' ') == std::string::npos;
    if ((message || literal || media) && !n.empty() &&
        std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      if (lang == Lang::En) return text;
      return std::string(message ? "邮件内容" : literal ? "字面量" : what) + "（" + n + " 字节）";
    }
  }
  if (lang == Lang::Zh) {  // a DNS question and its answer
    if (text.starts_with("answer ")) return "应答 " + text.substr(7);
    if (text.starts_with("query ")) return "查询 " + text.substr(6);
  }
  return text;
}

}  // namespace visual
