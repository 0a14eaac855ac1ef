// Loading and checking lesson files (docs/lessons.md); also the scenario reference and the
// fault and host:port checks that exercises share.
#include <algorithm>
#include <filesystem>
#include <set>

#include "lessons/emphasis.hpp"
#include "lessons/lesson.hpp"
#include "sim/fault_spec.hpp"

namespace lessons {

namespace {

bool has_host(const sim::ScenarioSpec& s, const std::string& name) {
  return std::any_of(s.hosts.begin(), s.hosts.end(), [&](const sim::HostSpec& h) { return h.name == name; });
}

bool has_link(const sim::ScenarioSpec& s, const std::string& a, const std::string& b) {
  return std::any_of(s.links.begin(), s.links.end(), [&](const sim::LinkSpec& l) {
    return (l.a == a && l.b == b) || (l.a == b && l.b == a);
  });
}

// "a-b" names a link; host names may contain '-', so try each split.
bool is_link(const sim::ScenarioSpec& s, const std::string& text) {
  for (std::size_t p = text.find('-'); p != std::string::npos; p = text.find('-', p + 1))
    if (has_link(s, text.substr(0, p), text.substr(p + 1))) return true;
  return false;
}

std::string unknown_host(const sim::ScenarioSpec& s, const std::string& name) {
  std::vector<std::string_view> names;
  for (const auto& h : s.hosts) names.push_back(h.name);
  std::string m = "unknown host " + quote(name);
  if (auto near = sim::closest_match(name, names)) m += " (did you mean " + quote(*near) + "?)";
  return m;
}

}  // namespace

std::string check_fault_target(const sim::FaultSpec& f, const sim::ScenarioSpec& s) {
  std::string target = f.target.substr(0, f.target.rfind(':'));
  if (has_host(s, target) || is_link(s, f.target)) return "";
  return unknown_host(s, target);
}

std::string check_fault_text(const std::string& text, const sim::ScenarioSpec& s) {
  std::string error;
  std::optional<sim::FaultSpec> f = sim::parse_fault("0s " + text, &error);
  if (!f) return "bad fault " + quote(text) + ": " + error;
  std::string e = check_fault_target(*f, s);
  return e.empty() ? "" : "bad fault " + quote(text) + ": " + e;
}

std::string check_host_port(const std::string& text, const sim::ScenarioSpec& s) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size() ||
      !std::all_of(text.begin() + static_cast<long>(colon) + 1, text.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) ||
      text.size() - colon > 6 || std::stoul(text.substr(colon + 1)) > 65535)
    return "expected host:port such as \"mail.b.example:25\", found " + quote(text);
  std::string host = text.substr(0, colon);
  return has_host(s, host) ? "" : unknown_host(s, host);
}

std::optional<sim::ScenarioSpec> read_scenario_ref(Checker& c, Obj& o) {
  const json* v = o.find("scenario", true);
  if (!v) return std::nullopt;
  sim::LoadResult r;
  if (v->is_string()) {
    std::filesystem::path p(v->get<std::string>());
    if (p.is_relative()) p = std::filesystem::path(c.doc().file).parent_path() / p;
    std::string path = p.lexically_normal().string();
    r = sim::load_scenario(path);
    if (r.problems.size() == 1 && r.problems[0].pos.line == 0) {
      c.error(o.ptr("scenario"), "cannot use the scenario " + quote(path) + ": " + r.problems[0].message);
      return std::nullopt;
    }
    if (!r.ok()) {
      c.error(o.ptr("scenario"), "the scenario " + quote(path) + " has problems (listed with its own file name)");
      for (const sim::Problem& sp : r.problems) c.add(sp);
      return std::nullopt;
    }
  } else if (v->is_object()) {
    r = sim::load_scenario_text(v->dump(), c.doc().file);
    for (const sim::Problem& p : r.problems) c.error_from(p, o.ptr("scenario"));
    if (!r.ok()) return std::nullopt;
  } else {
    c.error(o.ptr("scenario"), "expected a file name or a scenario object, found " + type_word(*v));
    return std::nullopt;
  }
  return r.scenario;
}

sim::InputLog Action::inputs(protocols::Instant now) const {
  sim::InputLog log;
  if (type == Type::Fault) log.push_back({now, "fault", "", fault});
  else
    for (const std::string& l : lines) log.push_back({now, "telnet", telnet_target, l});
  return log;
}

bool StudentAction::satisfied_by(const sim::InputEvent& e) const {
  if (!fault.empty()) {
    if (e.kind != "fault") return false;
    std::string ea, eb;
    auto a = sim::parse_fault("0s " + e.text, &ea), b = sim::parse_fault("0s " + fault, &eb);
    return a && b && a->action == b->action && a->target == b->target && (b->value.empty() || a->value == b->value);
  }
  if (e.kind != "telnet" || (!telnet_target.empty() && e.target != telnet_target)) return false;
  std::string verb = e.text.substr(0, e.text.find_first_of(" :"));
  return std::equal(verb.begin(), verb.end(), telnet_verb.begin(), telnet_verb.end(),
                    [](char x, char y) { return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y)); });
}

sim::InputEvent StudentAction::perform(protocols::Instant now) const {
  if (!fault.empty()) return {now, "fault", "", fault};
  return {now, "telnet", telnet_target, example};
}

std::string StudentAction::describe() const {
  return fault.empty() ? "telnet " + telnet_target + " " + example : "fault " + fault;
}

namespace {

void read_highlight(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, Highlight& h) {
  Obj o(c, j, p);
  o.keys({"hosts", "links", "kind"});
  o.each("hosts", false, [&](const json& e, const std::string& ep) {
    if (!e.is_string()) return c.error(ep, "expected a host name, found " + type_word(e));
    if (s && !has_host(*s, e.get<std::string>())) c.error(ep, unknown_host(*s, e.get<std::string>()));
    h.hosts.push_back(e.get<std::string>());
  });
  o.each("links", false, [&](const json& e, const std::string& ep) {
    if (!e.is_string()) return c.error(ep, "expected a link \"hostA-hostB\", found " + type_word(e));
    if (s && !is_link(*s, e.get<std::string>())) c.error(ep, "no link " + quote(e.get<std::string>()) + " in the scenario");
    h.links.push_back(e.get<std::string>());
  });
  if (auto k = o.str("kind")) {
    const auto& kinds = record_kinds();
    if (std::find(kinds.begin(), kinds.end(), *k) == kinds.end()) c.error(o.ptr("kind"), "unknown record kind " + quote(*k));
    h.kind = *k;
  }
}

// One of a few words: the index into `words`, or an error naming them.
std::optional<std::size_t> read_word(Obj& o, std::string_view key, const std::vector<std::string_view>& words) {
  std::optional<std::string> w = o.str(key);
  if (!w) return std::nullopt;
  for (std::size_t i = 0; i < words.size(); ++i)
    if (*w == words[i]) return i;
  std::string m = "expected";
  for (std::size_t i = 0; i < words.size(); ++i)
    m += (i == 0 ? " " : i + 1 == words.size() ? " or " : ", ") + quote(words[i]);
  m += ", found " + quote(*w);
  if (auto near = sim::closest_match(*w, words)) m += " (did you mean " + quote(*near) + "?)";
  o.checker().error(o.ptr(key), m);
  return std::nullopt;
}

}  // namespace

void read_view(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, View& v) {
  Obj o(c, j, p);
  if (!o.ok()) return;
  o.keys({"tcp", "lanes", "select", "panel", "host", "zoom"});
  if (auto t = read_word(o, "tcp", {"fold", "unfold"})) v.tcp = *t == 0 ? TcpView::Fold : TcpView::Unfold;
  o.each("lanes", false, [&](const json& e, const std::string& ep) {
    if (!e.is_string()) return c.error(ep, "expected a host name, found " + type_word(e));
    if (s && !has_host(*s, e.get<std::string>())) c.error(ep, unknown_host(*s, e.get<std::string>()));
    v.lanes.push_back(e.get<std::string>());
  });
  if (const json* sel = o.find("select", false)) v.select = read_condition(c, *sel, o.ptr("select"));
  if (auto w = read_word(o, "panel", {"ladder", "transcript", "inspector", "hosts"}))
    v.panel = static_cast<ViewPanel>(*w + 1);
  if (auto h = o.str("host")) {
    if (s && !has_host(*s, *h)) c.error(o.ptr("host"), unknown_host(*s, *h));
    v.host = *h;
  }
  if (auto z = o.str("zoom")) {
    if (s && !is_link(*s, *z)) c.error(o.ptr("zoom"), "no link " + quote(*z) + " in the scenario");
    v.zoom = *z;
  }
}

namespace {

void read_action(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, Action& a) {
  Obj o(c, j, p);
  if (!o.ok()) return;
  o.keys({"fault", "telnet"});
  if (o.has("fault") == o.has("telnet")) return c.error(p, "an action is either \"fault\" or \"telnet\"");
  if (auto f = o.str("fault")) {
    a.type = Action::Type::Fault;
    a.fault = *f;
    if (s) if (std::string e = check_fault_text(*f, *s); !e.empty()) c.error(o.ptr("fault"), e);
  }
  if (const json* t = o.find("telnet", false)) {
    a.type = Action::Type::Telnet;
    Obj to(c, *t, o.ptr("telnet"));
    to.keys({"host", "lines"});
    if (auto h = to.str("host", true)) {
      a.telnet_target = *h;
      if (s) if (std::string e = check_host_port(*h, *s); !e.empty()) c.error(to.ptr("host"), e);
    }
    to.each("lines", true, [&](const json& e, const std::string& ep) {
      if (!e.is_string()) return c.error(ep, "expected a line of text, found " + type_word(e));
      std::string line = e.get<std::string>();
      if (line.find_first_of("\r\n") != std::string::npos) c.error(ep, "a line must not contain CR or LF (the console adds CR LF)");
      a.lines.push_back(line);
    });
  }
}

void read_student(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, StudentAction& a) {
  Obj o(c, j, p);
  if (!o.ok()) return;
  o.keys({"fault", "telnet_verb", "host", "example"});
  if (o.has("fault") == o.has("telnet_verb")) return c.error(p, "a student action is either \"fault\" or \"telnet_verb\"");
  if (o.has("fault")) {
    if (auto f = o.str("fault")) {
      a.fault = *f;
      if (s) if (std::string e = check_fault_text(*f, *s); !e.empty()) c.error(o.ptr("fault"), e);
    }
    return;
  }
  a.telnet_verb = o.str("telnet_verb", true).value_or("");
  if (auto h = o.str("host", true)) {
    a.telnet_target = *h;
    if (s) if (std::string e = check_host_port(*h, *s); !e.empty()) c.error(o.ptr("host"), e);
  }
  if (auto ex = o.str("example", true)) {
    a.example = *ex;
    sim::InputEvent probe{{}, "telnet", a.telnet_target, *ex};
    if (!a.telnet_verb.empty() && !a.satisfied_by(probe))
      c.error(o.ptr("example"), "the example line does not start with the verb " + quote(a.telnet_verb));
  }
}

void read_until(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, Until& u) {
  Obj o(c, j, p);
  if (!o.ok()) return;
  o.keys({"next", "trace", "wait", "student"});
  int n = o.has("next") + o.has("trace") + o.has("wait") + o.has("student");
  if (n != 1) return c.error(p, "\"until\" takes exactly one of \"next\", \"trace\", \"wait\", \"student\"");
  if (auto nx = o.boolean("next")) {
    if (!*nx) c.error(o.ptr("next"), "\"next\" can only be true");
    u.type = Until::Type::Next;
  } else if (const json* t = o.find("trace", false)) {
    u.type = Until::Type::Trace;
    if (auto cond = read_condition(c, *t, o.ptr("trace"))) u.trace = *cond;
  } else if (o.has("wait")) {
    u.type = Until::Type::Wait;
    if (auto d = o.duration("wait", true)) u.wait = *d;
  } else if (const json* st = o.find("student", false)) {
    u.type = Until::Type::Student;
    read_student(c, *st, o.ptr("student"), s, u.student);
  }
}

void read_check(Checker& c, const json& j, const std::string& p, CheckQuestion& q) {
  Obj o(c, j, p);
  if (!o.ok()) return;
  o.keys({"question", "choices", "answer", "explanation"});
  q.question = o.text("question").value_or(sim::Localized{});
  q.explanation = o.text("explanation").value_or(sim::Localized{});
  o.each("choices", true, [&](const json& e, const std::string& ep) {
    q.choices.push_back(read_text(c, e, ep).value_or(sim::Localized{}));
  });
  if (o.has("choices") && q.choices.size() < 2) c.error(o.ptr("choices"), "a check question needs at least two choices");
  if (auto a = o.integer("answer", 0, 1000, true)) {
    if (*a >= static_cast<long long>(q.choices.size()) && !q.choices.empty())
      c.error(o.ptr("answer"), "answer " + std::to_string(*a) + " is not a choice (choices count from 0)");
    q.answer = static_cast<int>(*a);
  }
}

void read_step(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, Step& st) {
  Obj o(c, j, p);
  if (!o.ok()) return;
  o.keys({"id", "narration", "highlight", "actions", "until", "check", "view"});
  st.id = o.str("id", true).value_or("");
  st.narration = o.text("narration").value_or(sim::Localized{});
  for (const auto& [lang, text] : {std::pair{"en", &st.narration.en}, std::pair{"zh", &st.narration.zh}}) {
    std::string error;
    if (parse_emphasis(*text, &error).empty() && !error.empty()) c.error(o.ptr("narration") + "/" + lang, error);
  }
  if (const json* h = o.find("highlight", false)) read_highlight(c, *h, o.ptr("highlight"), s, st.highlight);
  o.each("actions", false, [&](const json& e, const std::string& ep) {
    st.actions.emplace_back();
    read_action(c, e, ep, s, st.actions.back());
  });
  if (const json* u = o.find("until", true)) read_until(c, *u, o.ptr("until"), s, st.until);
  if (const json* q = o.find("check", false)) {
    st.check.emplace();
    read_check(c, *q, o.ptr("check"), *st.check);
  }
  if (const json* v = o.find("view", false)) read_view(c, *v, o.ptr("view"), s, st.view);
}

}  // namespace

LessonLoad load_lesson_text(std::string text, const std::string& file) {
  LessonLoad out;
  std::optional<JsonDoc> doc = parse_json_text(std::move(text), file, out.problems);
  if (!doc) return out;
  Checker c(*doc, out.problems);
  Obj top(c, doc->root, "");
  if (!top.ok()) return out;
  Lesson l;
  l.file = file;
  top.keys({"mailsim_lesson", "id", "title", "scenario", "seed", "step_limit", "steps"});
  if (const json* v = top.find("mailsim_lesson", true); v && !(v->is_number_unsigned() && v->get<unsigned>() == 1))
    c.error("/mailsim_lesson", "unsupported lesson format version " + v->dump() + " (this MailSim reads version 1)");
  l.id = top.str("id", true).value_or("");
  l.title = top.text("title").value_or(sim::Localized{});
  std::optional<sim::ScenarioSpec> s = read_scenario_ref(c, top);
  if (s) l.scenario = *s, l.seed = s->seed;
  if (auto seed = top.integer("seed", 0, INT64_MAX)) l.seed = static_cast<std::uint64_t>(*seed);
  if (auto lim = top.duration("step_limit")) l.step_limit = *lim;
  std::set<std::string> ids;
  top.each("steps", true, [&](const json& e, const std::string& ep) {
    l.steps.emplace_back();
    read_step(c, e, ep, s ? &*s : nullptr, l.steps.back());
    const std::string& id = l.steps.back().id;
    if (!id.empty() && !ids.insert(id).second) c.error(ep + "/id", "duplicate step id " + quote(id));
  });
  if (top.has("steps") && top.find("steps", false)->is_array() && l.steps.empty())
    c.error("/steps", "a lesson needs at least one step");
  sort_problems(out.problems, file);
  if (out.problems.empty()) out.lesson = std::move(l);
  return out;
}

LessonLoad load_lesson(const std::string& path) {
  LessonLoad out;
  std::optional<JsonDoc> doc = read_json_file(path, out.problems);
  if (!doc) return out;
  return load_lesson_text(std::move(doc->text), path);
}

}  // namespace lessons
