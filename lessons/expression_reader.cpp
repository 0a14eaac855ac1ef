// Reading computed-answer expressions (expression.hpp; docs/lessons.md, "Computed answers").
#include <algorithm>

#include "lessons/expression.hpp"

namespace lessons {

namespace {

const std::vector<std::string_view> kOps = {"count", "field", "time", "elapsed", "distinct", "capture",
                                            "mime", "messages", "difference", "sum", "ratio"};
const std::vector<std::string_view> kMimeProperties = {"encoded_size", "decoded_size", "type", "encoding",
                                                       "charset", "filename", "parts", "lines"};

bool has_field(std::string_view kind, std::string_view field) {
  const auto& fs = fields_of_kind(kind);
  return std::find(fs.begin(), fs.end(), field) != fs.end();
}

// The kind of record a REF reads: a reply for {"reply_to": ...}, else the condition's.
std::string read_kind(const Expression& e) { return e.reply_to ? "reply" : e.of.kind; }

// REF: a condition, or {"reply_to": COND} where COND finds a command.
bool read_ref(Checker& c, const json& j, const std::string& p, Expression& e) {
  if (j.is_object() && j.contains("reply_to")) {
    Obj o(c, j, p);
    o.keys({"reply_to"});
    const json* v = o.find("reply_to", true);
    std::optional<Condition> cond = read_condition(c, *v, o.ptr("reply_to"), true);
    if (!cond) return false;
    if (cond->kind != "command") {
      c.error(o.ptr("reply_to") + "/kind", "\"reply_to\" takes a condition on a command (\"kind\": \"command\")");
      return false;
    }
    e.of = std::move(*cond);
    e.reply_to = true;
    return true;
  }
  std::optional<Condition> cond = read_condition(c, j, p, true);
  if (cond) e.of = std::move(*cond);
  return cond.has_value();
}

// "1", "1.2", or "" (the message itself).
bool is_part_number(const std::string& s) {
  if (s.empty()) return true;
  std::size_t pos = 0;
  for (;;) {
    std::size_t dot = s.find('.', pos);
    std::string_view n(s.data() + pos, (dot == std::string::npos ? s.size() : dot) - pos);
    bool ok = !n.empty() && n[0] != '0' && std::all_of(n.begin(), n.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!ok) return false;
    if (dot == std::string::npos) return true;
    pos = dot + 1;
  }
}

void read_part(Checker& c, Obj& o, Expression& e) {
  if (auto part = o.str("part")) {
    e.part = *part;
    if (!is_part_number(e.part)) c.error(o.ptr("part"), "a part is an IMAP part number such as \"1\" or \"2.1\" (\"\" for the whole message)");
  }
}

// The record a message is found by must lie on a connection.
void need_connection(Checker& c, const std::string& p, const Expression& e) {
  if (!e.of.kind.empty() && !has_field(read_kind(e), "conn"))
    c.error(p, "a " + read_kind(e) + " record is on no connection, so it carries no message (use a segment, command or reply)");
}

void read_capture(Checker& c, Obj& o, Expression& e) {
  e.op = Expression::Op::Capture;
  e.pattern = o.str("capture", true).value_or("");
  e.field = o.str("in", true).value_or("");
  if (const json* of = o.find("of", true)) read_ref(c, *of, o.ptr("of"), e);
  read_part(c, o, e);
  if (!e.pattern.empty()) {
    try {
      auto re = std::make_shared<const std::regex>(e.pattern, std::regex::ECMAScript | std::regex::icase);
      if (re->mark_count() != 1)
        c.error(o.ptr("capture"), "the pattern needs exactly one group (...) to capture; it has " + std::to_string(re->mark_count()));
      e.regex = std::move(re);
    } catch (const std::regex_error& x) {
      c.error(o.ptr("capture"), std::string("malformed regular expression: ") + x.what());
    }
  }
  if (e.field.empty() || e.of.kind.empty()) return;
  bool header = e.field == "header" || e.field.rfind("header:", 0) == 0;
  if (header) return need_connection(c, o.ptr("in"), e);
  if (o.has("part")) c.error(o.ptr("part"), "\"part\" goes with \"in\": \"header\" (a part's header)");
  if (e.field == "time" || !has_field(read_kind(e), e.field)) {
    std::string m = "a " + read_kind(e) + " record has no field " + quote(e.field) + " to capture from";
    std::vector<std::string_view> fs = fields_of_kind(read_kind(e));
    fs.push_back("header");
    if (auto near = suggest_key(e.field, fs)) m += " (did you mean " + quote(*near) + "?)";
    c.error(o.ptr("in"), m);
  }
}

void read_mime(Checker& c, Obj& o, Expression& e) {
  e.op = Expression::Op::Mime;
  e.field = o.str("mime", true).value_or("");
  if (const json* of = o.find("of", true)) read_ref(c, *of, o.ptr("of"), e);
  read_part(c, o, e);
  need_connection(c, o.ptr("of"), e);
  bool known = std::find(kMimeProperties.begin(), kMimeProperties.end(), e.field) != kMimeProperties.end();
  if (!e.field.empty() && !known && !(e.field.rfind("header:", 0) == 0 && e.field.size() > 7)) {
    std::string m = "unknown MIME property " + quote(e.field);
    if (auto near = suggest_key(e.field, kMimeProperties)) m += " (did you mean " + quote(*near) + "?)";
    else m += " (encoded_size decoded_size type encoding charset filename parts lines header:NAME)";
    c.error(o.ptr("mime"), m);
  }
}

void read_messages(Checker& c, Obj& o, Expression& e, const sim::ScenarioSpec* s) {
  e.op = Expression::Op::Messages;
  Obj m(c, *o.find("messages", true), o.ptr("messages"));
  if (!m.ok()) return c.error(o.ptr("messages"), "expected {\"host\", \"user\", \"folder\", \"time\"}");
  m.keys({"host", "user", "folder", "time"});
  e.host = m.str("host", true).value_or("");
  e.user = m.str("user", true).value_or("");
  e.folder = m.str("folder").value_or("INBOX");
  e.at = m.duration("time");
  if (!s || e.host.empty()) return;
  auto h = std::find_if(s->hosts.begin(), s->hosts.end(), [&](const sim::HostSpec& x) { return x.name == e.host; });
  if (h == s->hosts.end() || h->kind != "mail-server")
    return c.error(m.ptr("host"), quote(e.host) + " is no mail server of the scenario");
  bool user = std::any_of(h->mail.users.begin(), h->mail.users.end(), [&](const sim::UserSpec& u) { return u.name == e.user; });
  if (!e.user.empty() && !user) c.error(m.ptr("user"), quote(e.host) + " has no user " + quote(e.user));
}

void read_arithmetic(Checker& c, Obj& o, Expression& e, const std::string& key, const sim::ScenarioSpec* s) {
  e.op = key == "difference" ? Expression::Op::Difference : key == "sum" ? Expression::Op::Sum : Expression::Op::Ratio;
  o.each(key, true, [&](const json& a, const std::string& ap) {
    if (a.is_number()) {
      Expression lit;
      lit.number = a.get<double>();
      e.args.push_back(std::move(lit));
    } else if (auto x = read_expression(c, a, ap, s)) {
      e.args.push_back(std::move(*x));
    }
  });
  if (auto r = o.integer("round", 0, 9)) e.round = static_cast<int>(*r);
  const json* list = o.find(key, false);
  std::size_t n = list && list->is_array() ? list->size() : 0;
  if (list && list->is_array() && key != "sum" && n != 2)
    c.error(o.ptr(key), quote(key) + " takes two operands, [A, B], and gives " + (key == "ratio" ? "A / B" : "A - B"));
  else if (list && list->is_array() && n < 2)
    c.error(o.ptr(key), "\"sum\" takes two operands or more");
}

// The classic expressions: count, field, time, elapsed, distinct.
void read_classic(Checker& c, Obj& o, Expression& e) {
  auto cond = [&](const char* key, Condition& out) {
    if (const json* v = o.find(key, true))
      if (auto cnd = read_condition(c, *v, o.ptr(key), true)) out = *cnd;
  };
  if (o.has("count")) {
    e.op = Expression::Op::Count;
    cond("count", e.of);
  } else if (const json* t = o.find("time", false)) {
    e.op = Expression::Op::Time;
    read_ref(c, *t, o.ptr("time"), e);
  } else if (const json* el = o.find("elapsed", false)) {
    e.op = Expression::Op::Elapsed;
    Obj eo(c, *el, o.ptr("elapsed"));
    eo.keys({"from", "to"});
    if (const json* f = eo.find("from", true))
      if (auto cnd = read_condition(c, *f, eo.ptr("from"), true)) e.of = *cnd;
    if (const json* to = eo.find("to", true))
      if (auto cnd = read_condition(c, *to, eo.ptr("to"), true)) e.to = *cnd;
  } else {
    e.op = o.has("field") ? Expression::Op::Field : Expression::Op::Distinct;
    const char* key = o.has("field") ? "field" : "distinct";
    e.field = o.str(key, true).value_or("");
    if (const json* of = o.find("of", true)) {
      if (e.op == Expression::Op::Field) read_ref(c, *of, o.ptr("of"), e);
      else cond("of", e.of);
    }
    if (!e.of.kind.empty() && !e.field.empty() && e.field != "time" && !has_field(read_kind(e), e.field)) {
      std::string m = "a " + read_kind(e) + " record has no field " + quote(e.field);
      if (auto near = suggest_key(e.field, fields_of_kind(read_kind(e)))) m += " (did you mean " + quote(*near) + "?)";
      c.error(o.ptr(key), m);
    }
  }
}

}  // namespace

std::optional<Expression> read_expression(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s) {
  Obj o(c, j, p);
  if (!o.ok()) {
    c.error(p, "a computed answer is an object such as {\"count\": CONDITION}, found " + type_word(j));
    return std::nullopt;
  }
  std::size_t before = c.count();
  std::vector<std::string_view> ops;
  for (std::string_view op : kOps)
    if (o.has(op)) ops.push_back(op);
  std::vector<std::string_view> allowed = kOps;
  for (std::string_view k : {"of", "in", "part", "round"}) allowed.push_back(k);
  o.keys(allowed);
  if (ops.size() != 1) {
    std::string m = "a computed answer takes exactly one of";
    for (std::string_view op : kOps) m += " \"" + std::string(op) + "\"";
    c.error(p, m);
    return std::nullopt;
  }
  const std::string op(ops[0]);
  Expression e;
  if (op == "capture") read_capture(c, o, e);
  else if (op == "mime") read_mime(c, o, e);
  else if (op == "messages") read_messages(c, o, e, s);
  else if (op == "difference" || op == "sum" || op == "ratio") read_arithmetic(c, o, e, op, s);
  else read_classic(c, o, e);
  bool takes_of = e.op == Expression::Op::Field || e.op == Expression::Op::Distinct ||
                  e.op == Expression::Op::Capture || e.op == Expression::Op::Mime;
  if (o.has("of") && !takes_of) c.error(o.ptr("of"), "\"of\" goes with \"field\", \"distinct\", \"capture\" or \"mime\"");
  if (o.has("in") && e.op != Expression::Op::Capture) c.error(o.ptr("in"), "\"in\" goes with \"capture\"");
  bool arithmetic = e.op == Expression::Op::Difference || e.op == Expression::Op::Sum || e.op == Expression::Op::Ratio;
  if (o.has("round") && !arithmetic) c.error(o.ptr("round"), "\"round\" goes with \"difference\", \"sum\" or \"ratio\"");
  if (o.has("part") && e.op != Expression::Op::Capture && e.op != Expression::Op::Mime)
    c.error(o.ptr("part"), "\"part\" goes with \"mime\" or \"capture\"");
  if (c.count() != before) return std::nullopt;
  return e;
}

}  // namespace lessons
