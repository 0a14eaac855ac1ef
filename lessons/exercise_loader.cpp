// Loading and checking exercise files (docs/lessons.md, docs/exercise.schema.json).
#include <algorithm>
#include <set>

#include "lessons/exercise.hpp"
#include "lessons/lesson.hpp"

namespace lessons {

std::string_view to_string(QuestionType t) {
  switch (t) {
    case QuestionType::Single: return "single";
    case QuestionType::Multiple: return "multiple";
    case QuestionType::Fill: return "fill";
    case QuestionType::Order: return "order";
    case QuestionType::Match: return "match";
  }
  return "?";
}

namespace {

sim::SourcePos pos_of(Checker& c, const std::string& pointer) {
  sim::TextPos t = c.doc().positions.value_at(pointer);
  return sim::SourcePos{c.doc().file, t.line, t.col, pointer};
}

std::vector<sim::Localized> read_choices(Checker& c, Obj& o, const char* key, bool required) {
  std::vector<sim::Localized> out;
  o.each(key, required, [&](const json& e, const std::string& ep) {
    if (e.is_string() || e.is_number_integer()) {  // language-neutral: "SMTP", "250", 25
      std::string s = e.is_string() ? e.get<std::string>() : std::to_string(e.get<long long>());
      out.push_back(sim::Localized{s, s});
    } else {
      out.push_back(read_text(c, e, ep).value_or(sim::Localized{}));
    }
  });
  if (o.has(key) && out.size() < 2) c.error(o.ptr(key), std::string("\"") + key + "\" needs at least two entries");
  if (out.size() > 26) c.error(o.ptr(key), "at most 26 choices (A to Z)");
  return out;
}

bool is_letter_of(const json& v, std::size_t n) {
  if (!v.is_string()) return false;
  std::string s = v.get<std::string>();
  return s.size() == 1 && s[0] >= 'A' && s[0] < static_cast<char>('A' + n);
}

// Checks a literal answer's shape against the question type and its choices.
void check_literal(Checker& c, const std::string& p, const Question& q) {
  const json& a = q.answer;
  std::size_t n = q.choices.size();
  std::string letters = n ? std::string("a letter A to ") + static_cast<char>('A' + n - 1) : "a letter";
  switch (q.type) {
    case QuestionType::Single:
      if (!is_letter_of(a, n)) c.error(p, "the answer to a single-choice question is " + letters);
      break;
    case QuestionType::Multiple:
    case QuestionType::Order: {
      bool ok = a.is_array() && !a.empty() && std::all_of(a.begin(), a.end(), [&](const json& v) { return is_letter_of(v, n); });
      std::set<std::string> seen;
      if (ok) for (const json& v : a) ok = seen.insert(v.get<std::string>()).second && ok;
      if (!ok) c.error(p, "the answer is an array of distinct choice letters (" + letters + ")");
      else if (q.type == QuestionType::Order && a.size() != n) c.error(p, "an order answer lists every choice once");
      break;
    }
    case QuestionType::Fill:
      if (!(a.is_string() || a.is_number_integer()) || (a.is_string() && a.get<std::string>().empty()))
        c.error(p, "the answer to a fill-in question is a non-empty string or a whole number");
      break;
    case QuestionType::Match: {
      bool ok = a.is_object() && a.size() == n;
      if (ok)
        for (const auto& item : a.items()) {
          const json& t = item.value();
          bool target = t.is_number_integer() && t.get<long long>() >= 1 && t.get<long long>() <= static_cast<long long>(q.targets.size());
          ok = ok && is_letter_of(json(item.key()), n) && target;
        }
      if (!ok) c.error(p, "a match answer maps every choice letter to a target number, e.g. {\"A\": 2, \"B\": 1}");
      break;
    }
  }
}

// "tolerance": a duration ("5ms") for a duration answer, a number (0.5) for a number answer.
void read_tolerance(Checker& c, Obj& o, Question& q) {
  const json* t = o.find("tolerance", false);
  if (!t) return;
  if (q.type != QuestionType::Fill) return c.error(o.ptr("tolerance"), "only a fill-in question has a tolerance");
  if (t->is_number()) {
    if (t->get<double>() < 0) return c.error(o.ptr("tolerance"), "a tolerance is not negative");
    q.number_tolerance = t->get<double>();
  } else {
    q.tolerance = o.duration("tolerance");
  }
}

// A students' copy's answer (lessons/exercise_digest.hpp):
// {"salt": "hex", "sha256": ["hex", ...], "form": "text" | "number"} ("form" for fill-in only).
std::optional<Question::Digest> read_digest(Checker& c, const json& j, const std::string& p, QuestionType type) {
  Obj o(c, j, p);
  if (!o.ok()) return std::nullopt;
  o.keys({"salt", "sha256", "form"});
  Question::Digest d;
  d.salt = o.str("salt", true).value_or("");
  o.each("sha256", true, [&](const json& e, const std::string& ep) {
    bool hex = e.is_string() && e.get<std::string>().size() == 64 &&
               e.get<std::string>().find_first_not_of("0123456789abcdef") == std::string::npos;
    if (hex) d.sha256.push_back(e.get<std::string>());
    else c.error(ep, "expected 64 lower-case hex digits (a SHA-256 digest)");
  });
  std::optional<std::string> form = o.str("form", type == QuestionType::Fill);
  switch (type) {
    case QuestionType::Single: d.kind = AnswerKind::Choice; break;
    case QuestionType::Multiple: d.kind = AnswerKind::Choices; break;
    case QuestionType::Order: d.kind = AnswerKind::Sequence; break;
    case QuestionType::Match: d.kind = AnswerKind::Pairs; break;
    case QuestionType::Fill:
      if (form && *form != "text" && *form != "number") c.error(o.ptr("form"), "form is \"text\" or \"number\"");
      d.kind = form == "number" ? AnswerKind::Number : AnswerKind::Text;
      break;
  }
  if (d.sha256.empty()) return std::nullopt;
  return d;
}

void read_question(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, Question& q) {
  Obj o(c, j, p);
  if (!o.ok()) return;
  o.keys({"id", "at", "pause", "type", "prompt", "choices", "targets", "answer", "accept", "tolerance", "explanation",
          "view"});
  if (const json* v = o.find("view", false)) read_view(c, *v, o.ptr("view"), s, q.view);
  q.id = o.str("id", true).value_or("");
  if (const json* at = o.find("at", true)) {
    q.at_pos = pos_of(c, o.ptr("at"));
    if (auto cond = read_condition(c, *at, o.ptr("at"), true)) q.at = *cond;
  }
  if (auto pause = o.str("pause")) {
    if (*pause != "before" && *pause != "after") c.error(o.ptr("pause"), "pause is \"before\" or \"after\" (the record)");
    q.pause_before = *pause == "before";
  }
  static const std::vector<std::pair<std::string_view, QuestionType>> types = {
      {"single", QuestionType::Single}, {"multiple", QuestionType::Multiple}, {"fill", QuestionType::Fill},
      {"order", QuestionType::Order}, {"match", QuestionType::Match}};
  auto t = o.str("type", true);
  if (!t) return;
  auto it = std::find_if(types.begin(), types.end(), [&](const auto& kv) { return kv.first == *t; });
  if (it == types.end()) {  // nothing below can be checked without the type
    std::string m = "unknown question type " + quote(*t) + " (single, multiple, fill, order, match)";
    return c.error(o.ptr("type"), m);
  }
  q.type = it->second;
  q.prompt = o.text("prompt").value_or(sim::Localized{});
  q.explanation = o.text("explanation").value_or(sim::Localized{});
  bool has_choices = q.type != QuestionType::Fill;
  if (!has_choices && o.has("choices")) c.error(o.ptr("choices"), "a fill-in question has no choices");
  if (has_choices) q.choices = read_choices(c, o, "choices", true);
  if (q.type == QuestionType::Match) q.targets = read_choices(c, o, "targets", true);
  else if (o.has("targets")) c.error(o.ptr("targets"), "only a match question has targets");
  if (o.has("accept") && q.type != QuestionType::Fill) c.error(o.ptr("accept"), "only a fill-in question has \"accept\"");
  o.each("accept", false, [&](const json& e, const std::string& ep) {
    if (e.is_string()) q.accept.push_back(e.get<std::string>());
    else c.error(ep, "expected a string, found " + type_word(e));
  });
  read_tolerance(c, o, q);
  const json* a = o.find("answer", true);
  if (!a) return;
  q.answer_pos = pos_of(c, o.ptr("answer"));
  if (a->is_object() && a->contains("computed")) {
    Obj ao(c, *a, o.ptr("answer"));
    ao.keys({"computed"});
    if (q.type == QuestionType::Match) c.error(o.ptr("answer"), "a match question's answer cannot be computed");
    else q.computed = read_expression(c, a->at("computed"), ao.ptr("computed"), s);
  } else if (a->is_object() && a->contains("digest")) {
    if (!q.accept.empty()) c.error(o.ptr("accept"), "a digested answer holds its accepted texts in its digests");
    q.digest = read_digest(c, a->at("digest"), o.ptr("answer") + "/digest", q.type);
  } else {
    q.answer = *a;
    check_literal(c, o.ptr("answer"), q);
  }
}

void read_input(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, Exercise& ex) {
  Obj o(c, j, p);
  if (!o.ok()) return;
  o.keys({"at", "when", "delay", "fault", "telnet"});
  sim::InputEvent e;
  if (o.has("at") == o.has("when")) c.error(p, "an input entry has either \"at\" (a time) or \"when\" (a trace record)");
  std::optional<protocols::Duration> at = o.duration("at");
  if (at) e.at = protocols::kEpoch + *at;
  std::optional<Condition> when;
  if (const json* w = o.find("when", false)) when = read_condition(c, *w, o.ptr("when"), true);
  std::optional<protocols::Duration> delay = o.duration("delay");
  if (o.has("delay") && !o.has("when")) c.error(o.ptr("delay"), "\"delay\" goes with \"when\" (the time after the record)");
  if (o.has("fault") == o.has("telnet")) return c.error(p, "an input entry is either \"fault\" or \"telnet\"");
  if (auto f = o.str("fault")) {
    e.kind = "fault";
    e.text = *f;
    if (s) if (std::string err = check_fault_text(*f, *s); !err.empty()) c.error(o.ptr("fault"), err);
  } else if (const json* t = o.find("telnet", false)) {
    Obj to(c, *t, o.ptr("telnet"));
    to.keys({"host", "line"});
    e.kind = "telnet";
    e.target = to.str("host", true).value_or("");
    // An empty line is a line too: the blank one between a message's header and body.
    if (to.find("line", true)) e.text = to.str("line").value_or("");
    if (e.text.find_first_of("\r\n") != std::string::npos)
      c.error(to.ptr("line"), "a line must not contain CR or LF (the console adds CR LF)");
    if (s && !e.target.empty())
      if (std::string err = check_host_port(e.target, *s); !err.empty()) c.error(to.ptr("host"), err);
  }
  if (when) {
    ex.triggered.push_back({std::move(*when), delay.value_or(protocols::Duration{}), e, pos_of(c, o.ptr("when"))});
    return;
  }
  if (!ex.input.empty() && e.at < ex.input.back().at) c.error(o.ptr("at"), "input entries must be in time order");
  ex.input.push_back(e);
}

}  // namespace

ExerciseLoad load_exercise_text(std::string text, const std::string& file) {
  ExerciseLoad out;
  std::optional<JsonDoc> doc = parse_json_text(std::move(text), file, out.problems);
  if (!doc) return out;
  Checker c(*doc, out.problems);
  Obj top(c, doc->root, "");
  if (!top.ok()) return out;
  Exercise ex;
  ex.file = file;
  top.keys({"mailsim_exercise", "id", "title", "scenario", "seed", "until", "input", "questions"});
  if (const json* v = top.find("mailsim_exercise", true); v && !(v->is_number_unsigned() && v->get<unsigned>() == 1))
    c.error("/mailsim_exercise", "unsupported exercise format version " + v->dump() + " (this MailSim reads version 1)");
  ex.id = top.str("id", true).value_or("");
  ex.title = top.text("title").value_or(sim::Localized{});
  std::optional<sim::ScenarioSpec> s = read_scenario_ref(c, top);
  if (s) ex.scenario = *s, ex.seed = s->seed;
  if (auto seed = top.integer("seed", 0, INT64_MAX)) ex.seed = static_cast<std::uint64_t>(*seed);
  ex.until = top.duration("until");
  top.each("input", false, [&](const json& e, const std::string& ep) { read_input(c, e, ep, s ? &*s : nullptr, ex); });
  std::set<std::string> ids;
  top.each("questions", true, [&](const json& e, const std::string& ep) {
    ex.questions.emplace_back();
    read_question(c, e, ep, s ? &*s : nullptr, ex.questions.back());
    const std::string& id = ex.questions.back().id;
    if (!id.empty() && !ids.insert(id).second) c.error(ep + "/id", "duplicate question id " + quote(id));
  });
  if (top.has("questions") && top.find("questions", false)->is_array() && ex.questions.empty())
    c.error("/questions", "an exercise needs at least one question");
  sort_problems(out.problems, file);
  if (out.problems.empty()) out.exercise = std::move(ex);
  return out;
}

ExerciseLoad load_exercise(const std::string& path) {
  ExerciseLoad out;
  std::optional<JsonDoc> doc = read_json_file(path, out.problems);
  if (!doc) return out;
  return load_exercise_text(std::move(doc->text), path);
}

}  // namespace lessons
