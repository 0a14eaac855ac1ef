// JSONL and text renderings of trace records. Written by hand (not through a JSON library)
// so the bytes are fixed by this file alone: determinism tests compare them byte for byte.
#include "sim/trace_format.hpp"

#include <cstdio>

namespace sim {

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
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

class Obj {
 public:
  Obj& str(const char* k, std::string_view v) { return raw(k, json_escape(v)); }
  Obj& num(const char* k, long long v) { return raw(k, std::to_string(v)); }
  Obj& boolean(const char* k, bool v) { return raw(k, v ? "true" : "false"); }
  Obj& strs(const char* k, const std::vector<std::string>& v) {
    std::string a = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) a += ',';
      a += json_escape(v[i]);
    }
    return raw(k, a + "]");
  }
  Obj& raw(const char* k, const std::string& v) {
    out_ += out_.size() > 1 ? "," : "";
    out_ += '"';
    out_ += k;
    out_ += "\":";
    out_ += v;
    return *this;
  }
  std::string done() { return out_ + "}"; }

 private:
  std::string out_ = "{";
};

const char* seg_event(SegmentEvent e) {
  return e == SegmentEvent::Sent ? "sent" : e == SegmentEvent::Delivered ? "delivered" : "dropped";
}

std::string labels_json(const std::vector<Label>& ls) {
  std::string a = "[";
  for (std::size_t i = 0; i < ls.size(); ++i) {
    a += i ? "," : "";
    a += "{\"proto\":" + json_escape(protocols::to_string(ls[i].proto)) +
         ",\"kind\":" + json_escape(protocols::to_string(ls[i].kind)) + ",\"text\":" + json_escape(ls[i].text) + "}";
  }
  return a + "]";
}

// {"3":"\\Seen \\Flagged","4":""}: a message's flags by its UID.
std::string flags_json(const std::vector<MessageFlags>& fs) {
  std::string a = "{";
  for (std::size_t i = 0; i < fs.size(); ++i)
    a += (i ? ",\"" : "\"") + std::to_string(fs[i].uid) + "\":" + json_escape(fs[i].flags);
  return a + "}";
}

}  // namespace

std::string to_jsonl(const TraceEntry& e, const Trace& tr) {
  Obj o;
  o.num("n", static_cast<long long>(e.n)).num("t", protocols::ns_of(e.t)).str("kind", kind_of(e.record));
  auto host = [&](HostId h) { return tr.host_name(h); };
  std::visit([&](const auto& r) {
    using T = std::decay_t<decltype(r)>;
    if constexpr (std::is_same_v<T, SegmentRecord>) {
      o.str("event", seg_event(r.event)).str("from", host(r.from)).str("to", host(r.to));
      o.str("proto", r.udp ? "UDP" : "TCP").num("conn", r.conn).num("sport", r.sport).num("dport", r.dport);
      if (!r.udp) {
        o.str("flags", tcp_flags_string(r.flags)).num("tcp_seq", r.seq).num("tcp_ack", r.ack).num("window", r.window);
      }
      o.num("len", r.len).boolean("retransmission", r.retransmission).raw("labels", labels_json(r.labels));
      if (r.event == SegmentEvent::Dropped) o.str("at", host(r.at)).str("reason", r.reason);
    } else if constexpr (std::is_same_v<T, ConnRecord>) {
      o.str("event", r.event).str("from", host(r.from)).str("to", host(r.to)).num("conn", r.conn).num("port", r.port);
      if (!r.detail.empty()) o.str("detail", r.detail);
    } else if constexpr (std::is_same_v<T, DnsRecord>) {
      o.str("event", r.event).str("from", host(r.from)).str("to", host(r.to)).num("id", r.id);
      o.str("qname", r.qname).str("qtype", r.qtype);
      if (r.event == "answer") o.str("rcode", r.rcode).strs("answers", r.answers);
    } else if constexpr (std::is_same_v<T, FaultRecord>) {
      o.str("action", r.action).str("target", r.target).str("value", r.value).str("source", r.source);
    } else if constexpr (std::is_same_v<T, CommandRecord>) {
      o.str("proto", protocols::to_string(r.proto)).str("from", host(r.from)).str("to", host(r.to)).num("conn", r.conn);
      o.str("verb", r.verb).str("line", r.line);
      if (!r.tag.empty()) o.str("tag", r.tag);
    } else if constexpr (std::is_same_v<T, ReplyRecord>) {
      o.str("proto", protocols::to_string(r.proto)).str("from", host(r.from)).str("to", host(r.to)).num("conn", r.conn);
      if (r.code) o.num("code", r.code);
      if (!r.enhanced.empty()) o.str("enhanced", r.enhanced);
      if (!r.status.empty()) o.str("status", r.status);
      if (!r.tag.empty()) o.str("tag", r.tag);
      o.strs("lines", r.lines);
    } else if constexpr (std::is_same_v<T, StateRecord>) {
      o.str("proto", protocols::to_string(r.proto)).str("host", host(r.host)).num("conn", r.conn);
      o.str("from_state", r.from).str("to_state", r.to);
    } else if constexpr (std::is_same_v<T, QueueRecord>) {
      o.str("host", host(r.host)).str("msg", r.msg).str("rcpt", r.rcpt).str("action", r.action);
      if (!r.reason.empty()) o.str("reason", r.reason);
      if (r.next_attempt) o.num("next_attempt", protocols::ns_of(*r.next_attempt));
    } else if constexpr (std::is_same_v<T, MailboxRecord>) {
      o.str("host", host(r.host)).str("user", r.user).str("folder", r.folder).str("action", r.action).str("msg", r.msg);
      if (!r.flags().empty()) o.raw("flags", flags_json(r.flags()));
      if (!r.source_folder().empty()) o.str("source_folder", r.source_folder());
      if (!r.source_msg().empty()) o.str("source_msg", r.source_msg());
    } else if constexpr (std::is_same_v<T, NoteRecord>) {
      o.str("host", host(r.host)).str("text", r.text);
    }
  }, e.record);
  return o.done();
}

namespace {
std::string line(const TraceEntry& e, const std::string& from, const std::string& to,
                 std::string_view proto, const std::string& summary) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%-13s  %-16s %-16s %-5s ", protocols::format_clock(e.t).c_str(),
                from.c_str(), to.c_str(), std::string(proto).c_str());
  return buf + summary;
}
// The messages, then the source of a copy, move or rename.
std::string mailbox_summary(const MailboxRecord& r) {
  std::string s = mailbox_messages_text(r);
  if (!r.source_folder().empty()) s += (s.empty() ? "from " : " from ") + r.source_folder();
  if (!r.source_msg().empty()) s += " " + r.source_msg();
  return s;
}
}  // namespace

std::string mailbox_messages_text(const MailboxRecord& r) {
  if (r.flags().empty()) return r.msg;
  std::string s;
  for (const MessageFlags& f : r.flags()) s += (s.empty() ? "uid " : ", uid ") + std::to_string(f.uid) + " (" + f.flags + ")";
  return s;
}

std::string to_text(const TraceEntry& e, const Trace& tr, bool tcp) {
  auto host = [&](HostId h) { return tr.host_name(h); };
  return std::visit([&](const auto& r) -> std::string {
    using T = std::decay_t<decltype(r)>;
    if constexpr (std::is_same_v<T, SegmentRecord>) {
      // Text shows a packet where it leaves and where it is lost; JSONL also has arrivals.
      if (!tcp || r.event == SegmentEvent::Delivered) return "";
      std::string s = r.event == SegmentEvent::Dropped ? "LOST " : "";
      if (r.udp) {
        s.append("UDP ").append(std::to_string(r.sport)).append(">").append(std::to_string(r.dport));
      } else {
        s.append("[").append(tcp_flags_string(r.flags)).append("] ").append(std::to_string(r.sport));
        s.append(">").append(std::to_string(r.dport)).append(" seq=").append(std::to_string(r.seq));
        s.append(" ack=").append(std::to_string(r.ack));
      }
      s += " len=" + std::to_string(r.len);
      if (r.retransmission) s += " (retransmission)";
      for (const Label& l : r.labels) s += " \"" + l.text + "\"";
      if (r.event == SegmentEvent::Dropped) s += " dropped at " + host(r.at) + ": " + r.reason;
      return line(e, host(r.from), host(r.to), r.udp ? "UDP" : "TCP", s);
    } else if constexpr (std::is_same_v<T, ConnRecord>) {
      std::string what = r.event == "connect"       ? "connects to port " + std::to_string(r.port)
                         : r.event == "established" ? "connection established"
                         : r.event == "refused"     ? "connection refused (RST)"
                         : r.event == "timeout"     ? "connection timed out"
                         : r.event == "reset"       ? "connection reset"
                                                    : "connection " + r.event;
      std::string s = what + " [conn " + std::to_string(r.conn) + "]";
      if (!r.detail.empty()) s += ": " + r.detail;
      return line(e, host(r.from), host(r.to), "TCP", s);
    } else if constexpr (std::is_same_v<T, DnsRecord>) {
      std::string s = r.event + " " + r.qtype + " " + r.qname;
      if (r.event == "answer") {
        s += " -> " + r.rcode;
        for (const auto& a : r.answers) s += " [" + a + "]";
      }
      return line(e, host(r.from), host(r.to), "DNS", s);
    } else if constexpr (std::is_same_v<T, FaultRecord>) {
      return line(e, r.source, r.target, "FAULT", r.action + (r.value.empty() ? "" : " " + r.value));
    } else if constexpr (std::is_same_v<T, CommandRecord>) {
      return line(e, host(r.from), host(r.to), protocols::to_string(r.proto), r.line);
    } else if constexpr (std::is_same_v<T, ReplyRecord>) {
      // Long multi-line replies (a RETR with a whole message) show their head only.
      constexpr std::size_t kShown = 8;
      std::string s;
      for (std::size_t i = 0; i < r.lines.size() && i < kShown; ++i) s += (i ? " | " : "") + r.lines[i];
      if (r.lines.size() > kShown) {
        s.append(" | ... (").append(std::to_string(r.lines.size() - kShown)).append(" more lines)");
      }
      return line(e, host(r.from), host(r.to), protocols::to_string(r.proto), s);
    } else if constexpr (std::is_same_v<T, StateRecord>) {
      return "";
    } else if constexpr (std::is_same_v<T, QueueRecord>) {
      std::string s = "queue " + r.msg + (r.rcpt.empty() ? "" : " <" + r.rcpt + ">") + " " + r.action;
      if (!r.reason.empty()) s += ": " + r.reason;
      if (r.next_attempt) s += " (next attempt " + protocols::format_clock(*r.next_attempt) + ")";
      return line(e, host(r.host), "-", "QUEUE", s);
    } else if constexpr (std::is_same_v<T, MailboxRecord>) {
      const std::string what = mailbox_summary(r);
      return line(e, host(r.host), r.user, "MBOX", r.action + " " + r.folder + (what.empty() ? "" : " " + what));
    } else {
      return line(e, host(r.host), "-", "NOTE", r.text);
    }
  }, e.record);
}

}  // namespace sim
