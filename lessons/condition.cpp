// Trace conditions: reading them from JSON and matching them against records.
#include "lessons/condition.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "sim/fault_spec.hpp"

namespace lessons {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool icontains(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) == std::tolower(y);
  });
  return it != hay.end();
}

const char* seg_event(sim::SegmentEvent e) {
  return e == sim::SegmentEvent::Sent ? "sent" : e == sim::SegmentEvent::Delivered ? "delivered" : "dropped";
}

std::string ordinal(int n) {
  std::string suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  return std::to_string(n) + suffix;
}

}  // namespace

bool ValueMatch::matches(std::string_view value) const {
  for (const std::string& want : any_of)
    if (op == Op::Equals ? iequals(value, want) : icontains(value, want)) return true;
  return false;
}

const std::vector<std::string_view>& record_kinds() {
  static const std::vector<std::string_view> kinds = {"segment", "conn",  "dns",   "fault",   "command",
                                                      "reply",   "state", "queue", "mailbox", "note"};
  return kinds;
}

const std::vector<std::string_view>& fields_of_kind(std::string_view kind) {
  static const std::vector<std::vector<std::string_view>> fields = {
      {"event", "from", "to", "proto", "conn", "sport", "dport", "flags", "len", "retransmission", "at", "reason", "label",
       "payload"},
      {"event", "from", "to", "conn", "port", "detail"},
      {"event", "from", "to", "id", "qname", "qtype", "rcode", "answers"},
      {"action", "target", "value", "source"},
      {"proto", "from", "to", "conn", "verb", "line", "tag"},
      {"proto", "from", "to", "conn", "code", "class", "enhanced", "status", "tag", "lines"},
      {"proto", "host", "conn", "from_state", "to_state"},
      {"host", "msg", "rcpt", "action", "reason"},
      {"host", "user", "folder", "action", "msg", "flags", "source_folder", "source_msg"},
      {"host", "text"},
  };
  static const std::vector<std::string_view> none;
  const auto& kinds = record_kinds();
  auto it = std::find(kinds.begin(), kinds.end(), kind);
  return it == kinds.end() ? none : fields[static_cast<std::size_t>(it - kinds.begin())];
}

std::vector<std::pair<std::string, std::string>> record_fields(const sim::TraceEntry& e, const sim::Trace& tr) {
  std::vector<std::pair<std::string, std::string>> f;
  auto add = [&](const char* k, std::string v) { f.emplace_back(k, std::move(v)); };
  auto num = [&](const char* k, long long v) { f.emplace_back(k, std::to_string(v)); };
  auto host = [&](sim::HostId h) { return tr.host_name(h); };
  num("t", protocols::ns_of(e.t));
  add("time", protocols::format_duration(e.t.time_since_epoch()));
  std::visit([&](const auto& r) {
    using T = std::decay_t<decltype(r)>;
    if constexpr (std::is_same_v<T, sim::SegmentRecord>) {
      add("event", seg_event(r.event));
      add("from", host(r.from));
      add("to", host(r.to));
      add("proto", r.udp ? "UDP" : "TCP");
      num("conn", r.conn);
      num("sport", r.sport);
      num("dport", r.dport);
      if (!r.udp) add("flags", sim::tcp_flags_string(r.flags));
      num("len", r.len);
      add("retransmission", r.retransmission ? "true" : "false");
      if (r.event == sim::SegmentEvent::Dropped) {
        add("at", host(r.at));
        add("reason", r.reason);
      }
      for (const auto& l : r.labels) add("label", l.text);
      if (r.payload) add("payload", *r.payload);
    } else if constexpr (std::is_same_v<T, sim::ConnRecord>) {
      add("event", r.event);
      add("from", host(r.from));
      add("to", host(r.to));
      num("conn", r.conn);
      num("port", r.port);
      add("detail", r.detail);
    } else if constexpr (std::is_same_v<T, sim::DnsRecord>) {
      add("event", r.event);
      add("from", host(r.from));
      add("to", host(r.to));
      num("id", r.id);
      add("qname", r.qname);
      add("qtype", r.qtype);
      add("rcode", r.rcode);
      for (const auto& a : r.answers) add("answers", a);
    } else if constexpr (std::is_same_v<T, sim::FaultRecord>) {
      add("action", r.action);
      add("target", r.target);
      add("value", r.value);
      add("source", r.source);
    } else if constexpr (std::is_same_v<T, sim::CommandRecord>) {
      add("proto", std::string(protocols::to_string(r.proto)));
      add("from", host(r.from));
      add("to", host(r.to));
      num("conn", r.conn);
      add("verb", r.verb);
      add("line", r.line);
      add("tag", r.tag);
    } else if constexpr (std::is_same_v<T, sim::ReplyRecord>) {
      add("proto", std::string(protocols::to_string(r.proto)));
      add("from", host(r.from));
      add("to", host(r.to));
      num("conn", r.conn);
      if (r.code) {
        num("code", r.code);
        add("class", std::to_string(r.code / 100) + "xx");
      }
      add("enhanced", r.enhanced);
      add("status", r.status);
      add("tag", r.tag);
      for (const auto& l : r.lines) add("lines", l);
    } else if constexpr (std::is_same_v<T, sim::StateRecord>) {
      add("proto", std::string(protocols::to_string(r.proto)));
      add("host", host(r.host));
      num("conn", r.conn);
      add("from_state", r.from);
      add("to_state", r.to);
    } else if constexpr (std::is_same_v<T, sim::QueueRecord>) {
      add("host", host(r.host));
      add("msg", r.msg);
      add("rcpt", r.rcpt);
      add("action", r.action);
      add("reason", r.reason);
    } else if constexpr (std::is_same_v<T, sim::MailboxRecord>) {
      add("host", host(r.host));
      add("user", r.user);
      add("folder", r.folder);
      add("action", r.action);
      add("msg", r.msg);
      for (const auto& m : r.flags()) add("flags", m.flags);  // one per message, like a reply's lines
      add("source_folder", r.source_folder());
      add("source_msg", r.source_msg());
    } else {
      add("host", host(r.host));
      add("text", r.text);
    }
  }, e.record);
  return f;
}

std::optional<std::string> record_field(const sim::TraceEntry& e, const sim::Trace& trace, std::string_view name) {
  for (auto& [k, v] : record_fields(e, trace))
    if (k == name) return v;
  return std::nullopt;
}

bool Condition::matches(const sim::TraceEntry& e, const sim::Trace& trace) const {
  if (sim::kind_of(e.record) != kind) return false;
  protocols::Duration since = e.t.time_since_epoch();
  if (after && since < *after) return false;
  if (before && since > *before) return false;
  std::vector<std::pair<std::string, std::string>> f = record_fields(e, trace);
  for (const auto& field : fields) {  // not a structured binding: clang 14 cannot capture one
    bool any = std::any_of(f.begin(), f.end(),
                           [&](const auto& kv) { return kv.first == field.first && field.second.matches(kv.second); });
    if (!any) return false;
  }
  if (host) {
    bool any = false;
    for (const auto& [k, v] : f) {
      if (k == "host" || k == "from" || k == "to") any = any || host->matches(v);
      if (k == "target") {  // "mail.b.example", "mail.b.example:25" or a link "a-b"
        std::string t = v.substr(0, v.rfind(':'));
        for (const std::string& h : host->any_of)
          any = any || iequals(t, h) || icontains(t, h + "-") || icontains(t, "-" + h);
      }
    }
    if (!any) return false;
  }
  return true;
}

std::string Condition::describe() const {
  std::string s = kind;
  auto value = [](const ValueMatch& m) {
    std::string v = m.op == ValueMatch::Op::Contains ? "~" : "";
    for (std::size_t i = 0; i < m.any_of.size(); ++i) v += (i ? "|" : "") + m.any_of[i];
    return v;
  };
  for (const auto& [k, m] : fields) s += " " + k + "=" + value(m);
  if (host) s += " host=" + value(*host);
  if (after) s += " after " + protocols::format_duration(*after);
  if (before) s += " before " + protocols::format_duration(*before);
  if (nth != 1) s += " (" + ordinal(nth) + ")";
  return s;
}

namespace {

std::optional<ValueMatch> read_value(Checker& c, const json& j, const std::string& p) {
  ValueMatch m;
  auto scalar = [&](const json& v, const std::string& vp) -> bool {
    if (v.is_string()) m.any_of.push_back(v.get<std::string>());
    else if (v.is_number_integer()) m.any_of.push_back(std::to_string(v.get<long long>()));
    else if (v.is_boolean()) m.any_of.push_back(v.get<bool>() ? "true" : "false");
    else {
      c.error(vp, "expected a string, a whole number or true/false, found " + type_word(v));
      return false;
    }
    return true;
  };
  if (j.is_array()) {
    if (j.empty()) c.error(p, "an array of alternatives must not be empty");
    bool ok = !j.empty();
    for (std::size_t i = 0; i < j.size(); ++i) ok = scalar(j[i], p + "/" + std::to_string(i)) && ok;
    return ok ? std::optional(m) : std::nullopt;
  }
  if (j.is_object()) {
    Obj o(c, j, p);
    o.keys({"contains"});
    auto s = o.str("contains", true);
    if (!s) return std::nullopt;
    m.op = ValueMatch::Op::Contains;
    m.any_of.push_back(*s);
    return m;
  }
  return scalar(j, p) ? std::optional(m) : std::nullopt;
}

// "after 30m", "before 2h", "after 30m before 2h".
bool read_time(Checker& c, const std::string& text, const std::string& p, Condition& out) {
  std::istringstream in(text);
  std::string word, value;
  bool any = false;
  while (in >> word) {
    if ((word != "after" && word != "before") || !(in >> value)) {
      c.error(p, "malformed time " + quote(text) + " (use \"after 30m\", \"before 2h\" or \"after 30m before 2h\")");
      return false;
    }
    auto d = protocols::parse_duration(value);
    if (!d) {
      c.error(p, "malformed duration " + quote(value) + " in time " + quote(text));
      return false;
    }
    (word == "after" ? out.after : out.before) = *d;
    any = true;
  }
  if (!any) c.error(p, "time must not be empty (use \"after 30m\" or \"before 2h\")");
  return any;
}

}  // namespace

std::optional<Condition> read_condition(Checker& c, const json& j, const std::string& pointer) {
  Obj o(c, j, pointer);
  if (!o.ok()) return std::nullopt;
  std::size_t before = c.count();
  Condition cond;
  std::optional<std::string> kind = o.str("kind", true);
  if (!kind) return std::nullopt;
  const auto& kinds = record_kinds();
  if (std::find(kinds.begin(), kinds.end(), *kind) == kinds.end()) {
    std::string m = "unknown record kind " + quote(*kind);
    if (auto near = sim::closest_match(*kind, kinds)) m += " (did you mean " + quote(*near) + "?)";
    else m += " (expected one of: segment conn dns fault command reply state queue mailbox note)";
    c.error(o.ptr("kind"), m);
    return std::nullopt;
  }
  cond.kind = *kind;
  std::vector<std::string_view> allowed = {"kind", "host", "nth", "time"};
  for (std::string_view f : fields_of_kind(*kind))
    if (f != "host") allowed.push_back(f);
  o.keys(allowed);
  if (auto n = o.integer("nth", 1, 1000000)) cond.nth = static_cast<int>(*n);
  if (auto t = o.str("time")) read_time(c, *t, o.ptr("time"), cond);
  for (const auto& item : j.items()) {
    const std::string& k = item.key();
    if (k == "kind" || k == "nth" || k == "time") continue;
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) continue;
    std::optional<ValueMatch> m = read_value(c, item.value(), o.ptr(k));
    if (!m) continue;
    if (k == "host") cond.host = std::move(*m);
    else cond.fields.emplace_back(k, std::move(*m));
  }
  if (c.count() != before) return std::nullopt;
  return cond;
}

std::optional<std::size_t> find_record(const Condition& c, const sim::Trace& trace, std::size_t from) {
  int seen = 0;
  const auto& es = trace.entries();
  for (std::size_t i = from; i < es.size(); ++i)
    if (c.matches(es[i], trace) && ++seen == c.nth) return i;
  return std::nullopt;
}

std::size_t count_records(const Condition& c, const sim::Trace& trace, std::size_t from) {
  std::size_t n = 0;
  const auto& es = trace.entries();
  for (std::size_t i = from; i < es.size(); ++i) n += c.matches(es[i], trace);
  return n;
}

std::optional<std::size_t> ConditionWatch::check(const sim::Trace& trace) {
  const auto& es = trace.entries();
  for (; !hit_ && next_ < es.size(); ++next_)
    if (cond_.matches(es[next_], trace) && ++seen_ == cond_.nth) hit_ = next_;
  return hit_;
}

}  // namespace lessons
