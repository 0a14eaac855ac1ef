// Grading exercise answers (see grader.hpp).
#include "lessons/grader.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "lessons/emphasis.hpp"
#include "lessons/grader_forms.hpp"
#include "protocols/codec/sha256.hpp"

namespace lessons {

namespace {

std::string trim(std::string s) {
  auto sp = [](unsigned char c) { return std::isspace(c); };
  while (!s.empty() && sp(s.back())) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && sp(s[i])) ++i;
  return s.substr(i);
}

std::string norm(std::string s) {
  s = trim(std::move(s));
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); }

// Splits on commas, semicolons and white space (also the full-width comma and 、).
std::vector<std::string> words(std::string s) {
  for (std::string_view sep : {std::string_view("，"), std::string_view("、"), std::string_view("；")})
    for (std::size_t p; (p = s.find(sep)) != std::string::npos;) s.replace(p, sep.size(), 1, ',');
  for (char& ch : s)
    if (ch == ',' || ch == ';') ch = ' ';
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// A list answer given as an array or as one line.
std::vector<std::string> as_list(const json& v) {
  std::vector<std::string> out;
  if (v.is_array())
    for (const json& x : v) out.push_back(norm(text_of(x)));
  else
    for (const std::string& w : words(text_of(v))) out.push_back(norm(w));
  return out;
}

// The clock time of a moment of the run, in the scenario's zone: "09:30:00".
std::string clock_of(const PlacedQuestion& q, protocols::Duration since_start) {
  const std::int64_t day = 86400;
  std::int64_t local = q.start_unix + q.zone_offset_minutes * 60LL +
                       std::chrono::duration_cast<std::chrono::seconds>(since_start).count();
  std::int64_t sec = ((local % day) + day) % day;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", int(sec / 3600), int(sec / 60 % 60), int(sec % 60));
  return buf;
}

// A clock time as a moment of the run: the day that puts it nearest the expected moment.
bool clock_matches(const PlacedQuestion& q, const ClockAnswer& c, protocols::Duration want, protocols::Duration tolerance) {
  using std::chrono::seconds;
  const std::int64_t day = 86400;
  std::int64_t start_of_day = ((q.start_unix + q.zone_offset_minutes * 60LL) % day + day) % day;
  std::int64_t offset = c.seconds - start_of_day;  // the clock time on the start's day
  double want_s = std::chrono::duration<double>(want).count();
  std::int64_t k = static_cast<std::int64_t>(std::llround((want_s - double(offset)) / double(day)));
  protocols::Duration from = seconds(offset + k * day), to = from + seconds(c.precision);
  return want >= from - tolerance && want < to + tolerance;
}

std::string plain(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  for (int digits = 1; digits <= 17; ++digits) {  // the shortest form that reads back exactly
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) return buf;
  }
  return s;
}

std::string joined(const std::vector<std::string>& v, std::string_view sep) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : std::string(sep)) + x;
  return s;
}

}  // namespace

std::string choice_label(std::size_t i) { return std::string(1, static_cast<char>('A' + i)); }

json answer_from_line(QuestionType type, const std::string& line) {
  switch (type) {
    case QuestionType::Single: return norm(line);
    case QuestionType::Fill: return trim(line);
    case QuestionType::Multiple:
    case QuestionType::Order: {
      std::vector<std::string> w = words(line);
      if (w.size() == 1 && w[0].size() > 1 &&
          std::all_of(w[0].begin(), w[0].end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
        std::vector<std::string> letters;  // "CAB"
        for (char c : w[0]) letters.emplace_back(1, c);
        w = letters;
      }
      json a = json::array();
      for (const std::string& s : w) a.push_back(norm(s));
      return a;
    }
    case QuestionType::Match: {
      json m = json::object();
      for (const std::string& w : words(line)) {
        std::string k = norm(w.substr(0, 1)), v = trim(w.substr(1));
        if (!v.empty() && (v[0] == '-' || v[0] == '=' || v[0] == ':')) v = v.substr(1);
        m[k] = v;
      }
      return m;
    }
  }
  return line;
}

namespace {

// Pairs as a map from letter to target number, from an object or a line "A2 B1".
std::map<std::string, std::string> pairs_of(const json& v) {
  json g = v.is_object() ? v : answer_from_line(QuestionType::Match, text_of(v));
  std::map<std::string, std::string> out;
  if (g.is_object())
    for (const auto& item : g.items()) out[norm(item.key())] = norm(text_of(item.value()));
  return out;
}

// Choice letters from an array or a line: "A,C", "C A B" and "CAB" alike.
std::vector<std::string> letters_of(const json& v) {
  return as_list(v.is_string() ? answer_from_line(QuestionType::Order, v.get<std::string>()) : v);
}

std::vector<std::string> sorted_set(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

protocols::Duration duration_tolerance(const PlacedQuestion& q, protocols::Duration want) {
  return q.question->tolerance.value_or(std::max<protocols::Duration>(std::chrono::milliseconds(1), want / 100));
}

bool duration_correct(const PlacedQuestion& q, const json& given) {
  std::optional<protocols::Duration> w = read_duration_answer(text_of(q.expected));
  if (!w) return false;
  const protocols::Duration tolerance = duration_tolerance(q, *w);
  if (std::optional<protocols::Duration> g = read_duration_answer(text_of(given)))
    return (*g > *w ? *g - *w : *w - *g) <= tolerance;
  if (std::optional<ClockAnswer> c = q.moment ? read_clock_answer(text_of(given)) : std::nullopt)
    return clock_matches(q, *c, *w, tolerance);
  return false;
}

bool digest_correct(const PlacedQuestion& q, const json& given) {
  const Question::Digest& d = *q.question->digest;
  std::optional<std::string> form = normal_form(d.kind, given);
  return form && std::find(d.sha256.begin(), d.sha256.end(), answer_digest(d.salt, *form)) != d.sha256.end();
}

}  // namespace

std::optional<std::string> normal_form(AnswerKind kind, const json& answer) {
  if (answer.is_null()) return std::nullopt;
  switch (kind) {
    case AnswerKind::Choice:
    case AnswerKind::Text: return norm(text_of(answer));
    case AnswerKind::Choices: return joined(sorted_set(letters_of(answer)), ",");
    case AnswerKind::Sequence: return joined(letters_of(answer), ",");
    case AnswerKind::Pairs: {
      std::vector<std::string> v;
      for (const auto& [k, t] : pairs_of(answer)) v.push_back(k + "=" + t);
      return joined(v, ",");
    }
    case AnswerKind::Number: {
      std::optional<double> v = answer.is_number() ? std::optional<double>(answer.get<double>()) : read_number_answer(text_of(answer));
      if (!v) return std::nullopt;
      return plain(*v);
    }
    case AnswerKind::Duration:
    case AnswerKind::List: return std::nullopt;
  }
  return std::nullopt;
}

std::string answer_digest(const std::string& salt, const std::string& form) {
  return protocols::codec::sha256_hex(salt + "\n" + form);
}

bool is_correct(const PlacedQuestion& q, const json& given) {
  if (given.is_null()) return false;
  if (q.question && q.question->digest) return digest_correct(q, given);
  const json& want = q.expected;
  switch (q.kind) {
    case AnswerKind::Choice: return norm(text_of(given)) == norm(text_of(want));
    case AnswerKind::Choices: return sorted_set(letters_of(given)) == sorted_set(as_list(want));
    case AnswerKind::List: return sorted_set(as_list(given)) == sorted_set(as_list(want));
    case AnswerKind::Sequence: return letters_of(given) == as_list(want);
    case AnswerKind::Pairs: return pairs_of(given) == pairs_of(want);
    case AnswerKind::Number: {
      std::optional<double> v = given.is_number() ? std::optional<double>(given.get<double>()) : read_number_answer(text_of(given));
      double tolerance = q.question ? q.question->number_tolerance.value_or(0) : 0;
      return v && std::fabs(*v - want.get<double>()) <= tolerance + 1e-9;
    }
    case AnswerKind::Duration: return duration_correct(q, given);
    case AnswerKind::Text: {
      std::string g = norm(text_of(given));
      if (g == norm(text_of(want))) return true;
      return std::any_of(q.question->accept.begin(), q.question->accept.end(), [&](const std::string& a) { return norm(a) == g; });
    }
  }
  return false;
}

std::string answer_text(const PlacedQuestion& q, const json& answer, Lang lang) {
  const Question& qu = *q.question;
  auto labelled = [&](const std::string& letter, const std::vector<sim::Localized>& list, std::size_t i) {
    return i < list.size() ? letter + ". " + text_in(list[i], lang) : letter;
  };
  auto choice = [&](const std::string& l) {
    return labelled(l, qu.choices, l.size() == 1 && l[0] >= 'A' ? static_cast<std::size_t>(l[0] - 'A') : qu.choices.size());
  };
  std::vector<std::string> parts;
  switch (qu.type) {
    case QuestionType::Single: return choice(norm(text_of(answer)));
    case QuestionType::Multiple:
      for (const std::string& l : sorted_set(letters_of(answer))) parts.push_back(choice(l));
      return joined(parts, "; ");
    case QuestionType::Order:
      for (const std::string& l : letters_of(answer)) parts.push_back(choice(l));
      return joined(parts, " → ");
    case QuestionType::Match:
      for (const auto& [l, t] : pairs_of(answer)) {
        std::size_t n = t.empty() || !std::isdigit(static_cast<unsigned char>(t[0])) ? qu.targets.size() : std::stoul(t) - 1;
        parts.push_back(choice(l) + " → " + labelled(t, qu.targets, n));
      }
      return joined(parts, "; ");
    case QuestionType::Fill: break;
  }
  if (answer.is_array()) {
    for (const json& v : answer) parts.push_back(text_of(v));
    return joined(parts, ", ");
  }
  return text_of(answer);
}

std::string expected_text(const PlacedQuestion& q, Lang lang) {
  if (q.expected.is_null())
    return lang == Lang::Zh ? "（这份副本不含答案，由老师的文件评分）" : "(not in this copy; the teacher's file has it)";
  if (q.kind == AnswerKind::Duration) {  // rounded to the millisecond, a moment also as a clock time
    std::optional<protocols::Duration> d = read_duration_answer(text_of(q.expected));
    if (!d) return text_of(q.expected);
    std::string s = protocols::format_duration(std::chrono::round<std::chrono::milliseconds>(*d));
    return q.moment ? s + " (" + clock_of(q, *d) + ")" : s;
  }
  return answer_text(q, q.expected, lang);
}

std::string answer_hint(const PlacedQuestion& q, Lang lang) {
  const bool zh = lang == Lang::Zh;
  switch (q.question->type) {
    case QuestionType::Single: return zh ? "一个字母，例如 B" : "one letter, e.g. B";
    case QuestionType::Multiple: return zh ? "所有正确的字母，例如 A,C" : "every right letter, e.g. A,C";
    case QuestionType::Order: return zh ? "按顺序写出字母，例如 C A B" : "the letters in order, e.g. C A B";
    case QuestionType::Match: return zh ? "字母配数字，例如 A2 B1" : "each letter with a number, e.g. A2 B1";
    case QuestionType::Fill: break;
  }
  switch (q.kind) {
    case AnswerKind::Number: return zh ? "一个数，例如 42 或 1,500" : "a number, e.g. 42 or 1,500";
    case AnswerKind::Duration:
      if (q.moment) return zh ? "从开始算起的时长（例如 2h 30m）或钟点（例如 11:30）" : "time since the start (e.g. 2h 30m) or a clock time (e.g. 11:30)";
      return zh ? "一段时长，例如 1.5 秒、30 ms 或 2 分钟" : "a duration, e.g. 1.5 s, 30 ms or 2 min";
    default: return zh ? "输入答案" : "type the answer";
  }
}

std::string question_title(const Question& q, Lang lang) {
  std::string s;
  for (const Span& span : parse_emphasis(text_in(q.prompt, lang))) s += span.text;
  return s;
}

int ExerciseResult::score() const {
  return static_cast<int>(std::count_if(questions.begin(), questions.end(), [](const QuestionResult& r) { return r.correct; }));
}

json ExerciseResult::to_json(const ExerciseRun& run) const {
  json j;
  j["mailsim_exercise_result"] = 1;
  j["exercise"] = exercise;
  j["file"] = file;
  if (!exercise_digest.empty()) j["exercise_digest"] = exercise_digest;
  if (!trace_digest.empty()) j["trace_digest"] = trace_digest;
  if (!student.empty()) j["student"] = student;
  j["score"] = score();
  j["total"] = questions.size();
  j["questions"] = json::array();
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const QuestionResult& r = questions[i];
    json q = {{"id", r.id}, {"answered", r.answered}, {"correct", r.correct}, {"given", r.given}};
    if (i < run.questions.size()) {
      const PlacedQuestion& pq = run.questions[i];
      q["type"] = to_string(pq.question->type);
      q["title"] = {{"zh", question_title(*pq.question, Lang::Zh)}, {"en", question_title(*pq.question, Lang::En)}};
      q["expected"] = pq.expected;  // null in a students' copy
    }
    j["questions"].push_back(q);
  }
  return j;
}

std::optional<std::pair<std::string, json>> load_answers(const std::string& path, Problems& problems) {
  std::optional<JsonDoc> doc = read_json_file(path, problems);
  if (!doc) return std::nullopt;
  Checker c(*doc, problems);
  std::size_t before = c.count();
  Obj top(c, doc->root, "");
  if (!top.ok()) return std::nullopt;
  std::string student;
  json answers = doc->root;
  if (top.has("answers")) {
    top.keys({"student", "answers"});
    student = top.str("student").value_or("");
    answers = doc->root["answers"];
    if (!answers.is_object()) c.error("/answers", "expected an object of answers by question id, found " + type_word(answers));
  }
  if (c.count() != before) return std::nullopt;
  return std::pair{student, answers};
}

}  // namespace lessons
