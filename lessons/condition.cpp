// Trace conditions: reading them from JSON and matching them against records.
#include "lessons/condition.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
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
  static const std::vector<std::string_view> kinds = [] {
    std::vector<std::string_view> v;
    for (std::size_t k = 0; k < sim::kRecordKinds; ++k) v.push_back(sim::kind_name(k));
    return v;
  }();
  return kinds;
}

const std::vector<std::string_view>& fields_of_kind(std::string_view kind) {
  // The schema's query fields of each kind, each name once.
  static const std::vector<std::vector<std::string_view>> fields = [] {
    std::vector<std::vector<std::string_view>> all(sim::kRecordKinds);
    for (std::size_t k = 0; k < sim::kRecordKinds; ++k)
      for (const sim::FieldDef& f : sim::schema_of(k))
        if ((f.use & sim::kInQuery) && std::find(all[k].begin(), all[k].end(), f.name) == all[k].end())
          all[k].push_back(f.name);
    return all;
  }();
  static const std::vector<std::string_view> none;
  std::size_t k = sim::kind_index(kind);
  return k < fields.size() ? fields[k] : none;
}

namespace {

// Each value of a field as text, as conditions and exercises compare it.
class TextSink final : public sim::FieldSink {
 public:
  explicit TextSink(std::function<void(std::string_view)> out) : out_(std::move(out)) {}
  void str(std::string_view v) override { out_(v); }
  void num(std::int64_t v) override {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_(std::string_view(buf, static_cast<std::size_t>(end - buf)));
  }
  void boolean(bool v) override { out_(v ? "true" : "false"); }
  void strs(const std::vector<std::string>& v) override {
    for (const auto& s : v) out_(s);
  }
  void labels(const std::vector<sim::Label>& v) override {
    for (const auto& l : v) out_(l.text);
  }
  void flags(const std::vector<sim::MessageFlags>& v) override {
    for (const auto& f : v) out_(f.flags);  // one per message, like a reply's lines
  }

 private:
  std::function<void(std::string_view)> out_;
};

// True when any value of the field matches.
bool field_matches(const sim::FieldDef& f, const void* rec, const sim::Trace& trace, const ValueMatch& m) {
  bool hit = false;
  TextSink sink([&](std::string_view v) { hit = hit || m.matches(v); });
  f.get(rec, trace, sink);
  return hit;
}

// "host" matches a record's host, either end of a from/to record, or a fault's target host.
bool host_matches(std::size_t kind, const void* rec, const sim::Trace& trace, const ValueMatch& m) {
  for (std::string_view name : {"host", "from", "to"})
    if (const sim::FieldDef* f = sim::find_field(kind, name); f && field_matches(*f, rec, trace, m)) return true;
  const sim::FieldDef* target = sim::find_field(kind, "target");
  if (!target) return false;
  bool any = false;
  TextSink sink([&](std::string_view v) {  // "mail.b.example", "mail.b.example:25" or a link "a-b"
    std::string t(v.substr(0, v.rfind(':')));
    for (const std::string& h : m.any_of) any = any || iequals(t, h) || icontains(t, h + "-") || icontains(t, "-" + h);
  });
  target->get(rec, trace, sink);
  return any;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> record_fields(const sim::TraceEntry& e, const sim::Trace& tr) {
  std::vector<std::pair<std::string, std::string>> f;
  f.emplace_back("t", std::to_string(protocols::ns_of(e.t)));
  f.emplace_back("time", protocols::format_duration(e.t.time_since_epoch()));
  const void* rec = sim::record_ptr(e.record);
  for (const sim::FieldDef& d : sim::schema_of(e.record.index())) {
    if (!(d.use & sim::kInQuery)) continue;
    TextSink sink([&](std::string_view v) { f.emplace_back(std::string(d.name), std::string(v)); });
    d.get(rec, tr, sink);
  }
  return f;
}

std::optional<std::string> record_field(const sim::TraceEntry& e, const sim::Trace& trace, std::string_view name) {
  if (name == "t") return std::to_string(protocols::ns_of(e.t));
  if (name == "time") return protocols::format_duration(e.t.time_since_epoch());
  const sim::FieldDef* f = sim::find_field(e.record.index(), name);
  if (!f) return std::nullopt;
  std::optional<std::string> first;
  TextSink sink([&](std::string_view v) {
    if (!first) first = std::string(v);
  });
  f->get(sim::record_ptr(e.record), trace, sink);
  return first;
}

bool Condition::matches(const sim::TraceEntry& e, const sim::Trace& trace) const {
  const std::size_t k = kind_index < sim::kRecordKinds ? kind_index : sim::kind_index(kind);
  if (e.record.index() != k) return false;
  protocols::Duration since = e.t.time_since_epoch();
  if (after && since < *after) return false;
  if (before && since > *before) return false;
  const void* rec = sim::record_ptr(e.record);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const sim::FieldDef* d = i < defs.size() ? defs[i] : sim::find_field(k, fields[i].first);
    if (!d || !field_matches(*d, rec, trace, fields[i].second)) return false;
  }
  return !host || host_matches(k, rec, trace, *host);
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
  if (nth == -1) s += " (the last)";
  else if (nth < 0) s += " (" + ordinal(-nth) + " from the end)";
  else if (nth != 1) s += " (" + ordinal(nth) + ")";
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

std::optional<Condition> read_condition(Checker& c, const json& j, const std::string& pointer, bool whole_run) {
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
  if (const json* n = o.find("nth", false); n && n->is_number_integer() && n->get<long long>() < 0 && !whole_run)
    c.error(o.ptr("nth"), "a lesson cannot count from the end of a run it is still playing (\"nth\" from 1)");
  else if (auto v = o.integer("nth", whole_run ? -1000000 : 1, 1000000)) cond.nth = static_cast<int>(*v);
  if (cond.nth == 0) c.error(o.ptr("nth"), "\"nth\" counts from 1 (the first match) or back from -1 (the last)");
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
  cond.kind_index = sim::kind_index(cond.kind);
  for (const auto& field : cond.fields) cond.defs.push_back(sim::find_field(cond.kind_index, field.first));
  return cond;
}

std::optional<std::size_t> find_record(const Condition& c, const sim::Trace& trace, std::size_t from) {
  int seen = 0;
  const auto& es = trace.entries();
  if (c.nth < 0) {
    for (std::size_t i = es.size(); i > from; --i)
      if (c.matches(es[i - 1], trace) && --seen == c.nth) return i - 1;
    return std::nullopt;
  }
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
