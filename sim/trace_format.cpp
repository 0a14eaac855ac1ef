// JSONL and text renderings of trace records. JSONL is written by hand (not through a JSON
// library) from the schema's tables (trace_schema.hpp), so the bytes are fixed by this file
// and those tables alone: determinism tests compare them byte for byte.
#include "sim/trace_format.hpp"

#include <cstdio>

#include "sim/trace_schema.hpp"

namespace sim {

namespace {
// Length of the valid UTF-8 sequence at s[i] (RFC 3629 §4: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when the byte there does not start one.
std::size_t utf8_at(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  return n;
}
}  // namespace

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_at(s, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = utf8_at(s, i);
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (n == 0) {
          out += "\xEF\xBF\xBD";  // U+FFFD: the exact bytes are in the sibling _b64 field
        } else if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
  return out;
}

namespace {

// Writes each field the schema gives it as `"name":value`, and a NAME_b64 sibling after a
// text that is not valid UTF-8.
class JsonSink final : public FieldSink {
 public:
  explicit JsonSink(std::string& out) : out_(out) {}
  void field(std::string_view name) { name_ = name; }

  void str(std::string_view v) override {
    key(name_);
    out_ += json_escape(v);
    if (!valid_utf8(v)) {
      key(std::string(name_) + "_b64");
      out_ += '"' + base64(v) + '"';
    }
  }
  void num(std::int64_t v) override {
    key(name_);
    out_ += std::to_string(v);
  }
  void boolean(bool v) override {
    key(name_);
    out_ += v ? "true" : "false";
  }
  void strs(const std::vector<std::string>& v) override {
    key(name_);
    out_ += '[';
    std::string bad;
    for (std::size_t i = 0; i < v.size(); ++i) {
      out_ += i ? "," : "";
      out_ += json_escape(v[i]);
      if (!valid_utf8(v[i])) bad += (bad.empty() ? "\"" : ",\"") + std::to_string(i) + "\":\"" + base64(v[i]) + '"';
    }
    out_ += ']';
    if (!bad.empty()) {
      key(std::string(name_) + "_b64");
      out_ += '{' + bad + '}';
    }
  }
  void labels(const std::vector<Label>& ls) override {
    key(name_);
    out_ += '[';
    for (std::size_t i = 0; i < ls.size(); ++i) {
      out_ += i ? "," : "";
      out_ += "{\"proto\":" + json_escape(protocols::to_string(ls[i].proto)) +
              ",\"kind\":" + json_escape(protocols::to_string(ls[i].kind)) + ",\"text\":" + json_escape(ls[i].text);
      if (!valid_utf8(ls[i].text)) out_ += ",\"text_b64\":\"" + base64(ls[i].text) + '"';
      out_ += '}';
    }
    out_ += ']';
  }
  // {"3":"\\Seen \\Flagged","4":""}: a message's flags by its UID (flag names are IMAP
  // atoms, ASCII by RFC 3501's grammar).
  void flags(const std::vector<MessageFlags>& fs) override {
    key(name_);
    out_ += '{';
    for (std::size_t i = 0; i < fs.size(); ++i)
      out_ += (i ? ",\"" : "\"") + std::to_string(fs[i].uid) + "\":" + json_escape(fs[i].flags);
    out_ += '}';
  }

 private:
  void key(std::string_view k) {
    out_ += ",\"";
    out_ += k;
    out_ += "\":";
  }
  std::string& out_;
  std::string_view name_;
};

}  // namespace

std::string to_jsonl(const TraceEntry& e, const Trace& tr) {
  std::string out = "{\"n\":" + std::to_string(e.n) + ",\"t\":" + std::to_string(protocols::ns_of(e.t)) +
                    ",\"kind\":\"" + std::string(kind_name(e.record.index())) + '"';
  JsonSink sink(out);
  const void* rec = record_ptr(e.record);
  for (const FieldDef& f : schema_of(e.record.index())) {
    if (!(f.use & kInJsonl)) continue;
    sink.field(f.name);
    f.get(rec, tr, sink);
  }
  out += '}';
  return out;
}

namespace {
std::string line(const TraceEntry& e, std::string_view from, std::string_view to, std::string_view proto,
                 const std::string& summary) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-13s  %-16s %-16s %-5s ", protocols::format_clock(e.t).c_str(),
                std::string(from).c_str(), std::string(to).c_str(), std::string(proto).c_str());
  return buf + summary;
}

std::string segment_text(const SegmentRecord& r, const Trace& tr, TextLang l) {
  using text::Word;
  std::string s = r.event == SegmentEvent::Dropped ? std::string(text::word(l, Word::Lost)) + " " : "";
  if (r.udp) {
    s.append("UDP ").append(std::to_string(r.sport)).append(">").append(std::to_string(r.dport));
  } else {
    s.append("[").append(tcp_flags_string(r.flags)).append("] ").append(std::to_string(r.sport));
    s.append(">").append(std::to_string(r.dport)).append(" seq=").append(std::to_string(r.seq));
    s.append(" ack=").append(std::to_string(r.ack));
  }
  s += " len=" + std::to_string(r.len);
  if (r.retransmission) s += " (" + std::string(text::word(l, Word::Retransmission)) + ")";
  for (const Label& lb : r.labels) s += " \"" + lb.text + "\"";
  if (r.event == SegmentEvent::Dropped)
    s += " " + std::string(text::word(l, Word::DroppedAt)) + " " + tr.host_name(r.at) + ": " +
         std::string(text::drop_reason(l, r.reason));
  return s;
}

std::string reply_text(const ReplyRecord& r, TextLang l) {
  // Long multi-line replies (a RETR with a whole message) show their head only.
  constexpr std::size_t kShown = 8;
  std::string s;
  for (std::size_t i = 0; i < r.lines.size() && i < kShown; ++i) s += (i ? " | " : "") + r.lines[i];
  if (r.lines.size() > kShown) {
    std::string more = std::to_string(r.lines.size() - kShown);
    s += l == TextLang::Zh ? " | ……（另有 " + more + " 行）" : " | ... (" + more + " more lines)";
  }
  return s;
}
}  // namespace

std::string to_text(const TraceEntry& e, const Trace& tr, bool tcp, TextLang l) {
  auto host = [&](HostId h) -> const std::string& { return tr.host_name(h); };
  return std::visit([&](const auto& r) -> std::string {
    using T = std::decay_t<decltype(r)>;
    if constexpr (std::is_same_v<T, SegmentRecord>) {
      // Text shows a packet where it leaves and where it is lost; JSONL also has arrivals.
      if (!tcp || r.event == SegmentEvent::Delivered) return "";
      return line(e, host(r.from), host(r.to), r.udp ? "UDP" : "TCP", segment_text(r, tr, l));
    } else if constexpr (std::is_same_v<T, ConnRecord>) {
      std::string s = text::conn_phrase(l, r) + (l == TextLang::Zh ? " [连接 " : " [conn ") + std::to_string(r.conn) + "]";
      if (std::string d = text::conn_detail(l, r); !d.empty()) s += (l == TextLang::Zh ? "：" : ": ") + d;
      return line(e, host(r.from), host(r.to), "TCP", s);
    } else if constexpr (std::is_same_v<T, DnsRecord>) {
      std::string s = std::string(text::dns_event(l, r.event)) + " " + std::string(protocols::dns::to_string(r.qtype)) + " " + r.qname;
      if (r.event == DnsEvent::Answer) {
        s += " -> " + std::string(protocols::dns::to_string(r.rcode));
        for (const auto& a : r.answers) s += " [" + a + "]";
      }
      return line(e, host(r.from), host(r.to), "DNS", s);
    } else if constexpr (std::is_same_v<T, FaultRecord>) {
      std::string s(text::fault_action(l, r.action));
      if (!r.value.empty()) s += " " + r.value;
      if (!r.applied) {
        s += l == TextLang::Zh ? "（" + std::string(text::word(l, text::Word::NotApplied)) + "：" + text::fault_refusal(l, r) + "）"
                               : " (not applied: " + text::fault_refusal(l, r) + ")";
      }
      return line(e, text::fault_source(l, r.source), r.target, text::column(l, text::Column::Fault), s);
    } else if constexpr (std::is_same_v<T, CommandRecord>) {
      return line(e, host(r.from), host(r.to), protocols::to_string(r.proto), r.line);
    } else if constexpr (std::is_same_v<T, ReplyRecord>) {
      return line(e, host(r.from), host(r.to), protocols::to_string(r.proto), reply_text(r, l));
    } else if constexpr (std::is_same_v<T, StateRecord>) {
      return "";
    } else if constexpr (std::is_same_v<T, QueueRecord>) {
      std::string s = std::string(text::word(l, text::Word::Queue)) + " " + r.msg + (r.rcpt.empty() ? "" : " <" + r.rcpt + ">") +
                      " " + std::string(text::queue_action(l, r.action));
      if (std::string why = text::queue_reason(l, r); !why.empty()) s += (l == TextLang::Zh ? "：" : ": ") + why;
      if (r.next_attempt) {
        std::string when = protocols::format_clock(*r.next_attempt);
        s += l == TextLang::Zh ? "（下次尝试 " + when + "）" : " (next attempt " + when + ")";
      }
      return line(e, host(r.host), "-", text::column(l, text::Column::Queue), s);
    } else if constexpr (std::is_same_v<T, MailboxRecord>) {
      const std::string what = text::mailbox_what(l, r);
      return line(e, host(r.host), r.user, text::column(l, text::Column::Mailbox),
                  std::string(text::mailbox_action(l, r.action)) + " " + r.folder + (what.empty() ? "" : " " + what));
    } else {
      return line(e, host(r.host), "-", text::column(l, text::Column::Note), text::note(l, r));
    }
  }, e.record);
}

}  // namespace sim
