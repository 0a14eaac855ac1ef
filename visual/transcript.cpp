// Turning trace records into transcript lines, and filtering them.
#include "visual/transcript.hpp"

#include <algorithm>
#include <cstdio>

#include "visual/strcat.hpp"
#include "visual/terms.hpp"

namespace visual {

using protocols::Proto;

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

TranscriptRow row_of(const sim::Trace& tr, const sim::TraceEntry& e, Lang lang) {
  namespace text = sim::text;
  const sim::TextLang l = text_lang(lang);
  auto sw = [](std::string_view v) { return std::string(v); };
  TranscriptRow row;
  row.entry = e.n;
  row.t = e.t;
  std::visit([&](const auto& r) {
    using T = std::decay_t<decltype(r)>;
    if constexpr (std::is_same_v<T, sim::SegmentRecord>) {
      row.segment = true;
      row.from = r.from;
      row.to = r.to;
      row.conn = r.conn;
      row.proto = r.udp ? Proto::UDP : Proto::TCP;
      row.prefix = r.udp ? "UDP" : "TCP";
      std::string flags = r.udp ? std::string() : cat("[", sim::tcp_flags_string(r.flags), "] ");
      if (r.event == sim::SegmentEvent::Dropped) {
        // Said as a sentence: where and why first, then what was lost.
        row.text = cat(drop_phrase(lang, tr.host_name(r.at), text::drop_reason(l, r.reason)), lang == Lang::Zh ? "：" : ": ", tr.host_name(r.from),
                       " > ", tr.host_name(r.to), " ", flags);
        if (r.len > 0) row.text += segment_bytes(lang, r.len, r.seq);
      } else {
        row.text = cat(sw(text::segment_event(l, r.event)), " ", tr.host_name(r.from), " > ", tr.host_name(r.to), " ", flags,
                       "seq=", std::to_string(r.seq), " ack=", std::to_string(r.ack), " len=", std::to_string(r.len));
      }
      if (r.retransmission) row.text += cat(" (", sw(text::word(l, text::Word::Retransmission)), ")");
    } else if constexpr (std::is_same_v<T, sim::ConnRecord>) {
      row.from = r.from;
      row.to = r.to;
      row.conn = r.conn;
      row.proto = Proto::TCP;
      row.prefix = "TCP";
      row.text = cat(sw(text::conn_event(l, r.event)), " ", tr.host_name(r.from), " > ", tr.host_name(r.to), ":", std::to_string(r.port));
      if (std::string d = text::conn_detail(l, r); !d.empty()) row.text += cat(" (", d, ")");
    } else if constexpr (std::is_same_v<T, sim::DnsRecord>) {
      row.from = r.from;
      row.to = r.to;
      row.proto = Proto::DNS;
      row.prefix = "DNS";
      row.text = cat(sw(text::dns_event(l, r.event)), " ", sw(protocols::dns::to_string(r.qtype)), " ", r.qname);
      if (r.event == sim::DnsEvent::Answer)
        row.text += cat(" ", sw(protocols::dns::to_string(r.rcode)), r.answers.empty() ? "" : ": ", join(r.answers, ", "));
    } else if constexpr (std::is_same_v<T, sim::FaultRecord>) {
      row.prefix = "!";
      row.text = cat(sw(text::fault_action(l, r.action)), " ", r.target, r.value.empty() ? "" : " ", r.value, " (",
                     sw(text::fault_source(l, r.source)), ")");
      if (!r.applied) row.text += cat(" ", sw(text::word(l, text::Word::NotApplied)), ": ", text::fault_refusal(l, r));
    } else if constexpr (std::is_same_v<T, sim::CommandRecord>) {
      row.from = r.from;
      row.to = r.to;
      row.conn = r.conn;
      row.proto = r.proto;
      row.prefix = "C:";
      row.text = r.line;
    } else if constexpr (std::is_same_v<T, sim::ReplyRecord>) {
      row.from = r.from;
      row.to = r.to;
      row.conn = r.conn;
      row.proto = r.proto;
      row.prefix = "S:";
      row.text = join(r.lines, " / ");
    } else if constexpr (std::is_same_v<T, sim::StateRecord>) {
      row.from = r.host;
      row.conn = r.conn;
      row.proto = r.proto;
      row.prefix = "#";
      row.text = cat(protocols::to_string(r.proto), " ", sw(text::word(l, text::Word::State)), " ", r.from, " -> ", r.to);
    } else if constexpr (std::is_same_v<T, sim::QueueRecord>) {
      row.from = r.host;
      row.proto = Proto::SMTP;
      row.prefix.assign(1, 'Q');  // not = "Q": a GCC 12 -Wrestrict false positive
      row.text = cat(sw(text::queue_action(l, r.action)), " ", r.msg);
      if (!r.rcpt.empty()) row.text += cat(" <", r.rcpt, ">");
      if (std::string why = text::queue_reason(l, r); !why.empty()) row.text += cat(": ", why);
      if (r.next_attempt)
        row.text += cat(" ", sw(text::word(l, text::Word::Next)), " ", protocols::format_clock(*r.next_attempt));
    } else if constexpr (std::is_same_v<T, sim::MailboxRecord>) {
      row.from = r.host;
      row.prefix = "MB";
      row.text = cat(sw(text::mailbox_action(l, r.action)), " ", r.user, "/", r.folder);
      if (std::string what = text::mailbox_what(l, r); !what.empty()) row.text += cat(" ", what);
    } else if constexpr (std::is_same_v<T, sim::NoteRecord>) {
      row.from = r.host;
      row.prefix = "#";
      row.text = text::note(l, r);
    }
  }, e.record);
  if (row.from != sim::kNoHost && !row.segment && row.prefix != "!" && row.to == sim::kNoHost)
    row.text = tr.host_name(row.from) + ": " + row.text;
  return row;
}
}  // namespace

std::string drop_phrase(Lang lang, const std::string& host, std::string_view reason) {
  const std::string why(reason);
  char buf[256];
  std::snprintf(buf, sizeof buf, tr(lang, Id::DroppedAtPhrase), host.c_str(), why.c_str());
  return buf;
}

std::string segment_bytes(Lang lang, std::uint32_t len, std::uint32_t seq) {
  char buf[128];
  std::snprintf(buf, sizeof buf, tr(lang, Id::SegmentBytesFrom), len, seq);
  return buf;
}

std::vector<TranscriptRow> transcript_rows(const sim::Trace& trace, Lang lang) {
  std::vector<TranscriptRow> rows;
  rows.reserve(trace.size());
  for (const auto& e : trace.entries()) rows.push_back(row_of(trace, e, lang));
  return rows;
}

namespace {
bool passes(const TranscriptRow& r, const TranscriptFilter& f) {
  if (r.segment && !f.segments) return false;
  if (f.host != sim::kNoHost && r.from != f.host && r.to != f.host) return false;
  if (f.proto && r.proto != f.proto) return false;
  if (f.conn && r.conn != f.conn) return false;
  return true;
}
}  // namespace

std::vector<std::size_t> filter_rows(const std::vector<TranscriptRow>& rows, const TranscriptFilter& f,
                                     protocols::Instant until) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < rows.size() && rows[i].t <= until; ++i)
    if (passes(rows[i], f)) out.push_back(i);
  return out;
}

std::vector<std::size_t> filter_rows(const std::vector<TranscriptRow>& rows, const std::vector<std::size_t>& candidates,
                                     const TranscriptFilter& f, protocols::Instant until) {
  std::vector<std::size_t> out;
  for (std::size_t i : candidates) {
    if (rows[i].t > until) break;
    if (passes(rows[i], f)) out.push_back(i);
  }
  return out;
}

const std::vector<std::size_t>& RowFilter::update(const std::vector<TranscriptRow>& rows,
                                                  const std::vector<std::size_t>* candidates, const TranscriptFilter& f,
                                                  protocols::Instant until, std::uint64_t generation) {
  const std::size_t n = candidates ? candidates->size() : rows.size();
  auto row_at = [&](std::size_t pos) { return candidates ? (*candidates)[pos] : pos; };
  if (generation_ != generation || candidates_ != candidates || !(filter_ == f)) {
    shown_.clear();
    scanned_ = 0;
    generation_ = generation;
    candidates_ = candidates;
    filter_ = f;
  } else if (until < until_) {  // back in time: drop what happened after, scan again from there
    while (!shown_.empty() && rows[shown_.back()].t > until) shown_.pop_back();
    std::size_t lo = 0, hi = scanned_;
    while (lo < hi) {
      std::size_t mid = (lo + hi) / 2;
      if (rows[row_at(mid)].t <= until) lo = mid + 1;
      else hi = mid;
    }
    scanned_ = lo;
  }
  until_ = until;
  for (; scanned_ < n && rows[row_at(scanned_)].t <= until; ++scanned_)
    if (passes(rows[row_at(scanned_)], f)) shown_.push_back(row_at(scanned_));
  return shown_;
}

std::vector<sim::ConnId> connections_of(const std::vector<TranscriptRow>& rows) {
  std::vector<sim::ConnId> out;
  for (const auto& r : rows)
    if (r.conn && (r.proto == Proto::TCP || !r.segment)) out.push_back(*r.conn);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace visual
