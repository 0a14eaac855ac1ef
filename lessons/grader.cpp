// Grading exercise answers (see grader.hpp).
#include "lessons/grader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

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

// "30m", "30m 41ms", "1d 2h", "1h30m"; nullopt when not a duration.
std::optional<protocols::Duration> parse_long_duration(std::string s) {
  protocols::Duration total{};
  std::string token;
  bool any = false;
  auto flush = [&]() -> bool {
    if (token.empty()) return true;
    auto d = protocols::parse_duration(token);
    token.clear();
    if (!d) return false;
    total += *d;
    any = true;
    return true;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!flush()) return std::nullopt;
    } else if (std::isdigit(static_cast<unsigned char>(c)) && !token.empty() && std::isalpha(static_cast<unsigned char>(token.back()))) {
      if (!flush()) return std::nullopt;
      token += c;
    } else {
      token += c;
    }
  }
  if (!flush() || !any) return std::nullopt;
  return total;
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

bool is_correct(const PlacedQuestion& q, const json& given) {
  if (given.is_null()) return false;
  const json& want = q.expected;
  switch (q.kind) {
    case AnswerKind::Choice: return norm(text_of(given)) == norm(text_of(want));
    case AnswerKind::Choices:
    case AnswerKind::List: {
      std::vector<std::string> a = as_list(given), b = as_list(want);
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      a.erase(std::unique(a.begin(), a.end()), a.end());
      return a == b;
    }
    case AnswerKind::Sequence: return as_list(given) == as_list(want);
    case AnswerKind::Pairs: {
      json g = given.is_object() ? given : answer_from_line(QuestionType::Match, text_of(given));
      if (!g.is_object() || g.size() != want.size()) return false;
      std::map<std::string, std::string> given_pairs;
      for (const auto& item : g.items()) given_pairs[norm(item.key())] = norm(text_of(item.value()));
      for (const auto& item : want.items()) {
        auto it = given_pairs.find(item.key());
        if (it == given_pairs.end() || it->second != norm(text_of(item.value()))) return false;
      }
      return true;
    }
    case AnswerKind::Number: {
      std::string s = trim(text_of(given));
      char* end = nullptr;
      double v = std::strtod(s.c_str(), &end);
      return !s.empty() && end && *end == '\0' && std::fabs(v - want.get<double>()) < 1e-9;
    }
    case AnswerKind::Duration: {
      auto g = parse_long_duration(text_of(given)), w = parse_long_duration(text_of(want));
      if (!g || !w) return false;
      auto tolerance = q.question->tolerance.value_or(std::max<protocols::Duration>(std::chrono::milliseconds(1), *w / 100));
      return (*g > *w ? *g - *w : *w - *g) <= tolerance;
    }
    case AnswerKind::Text: {
      std::string g = norm(text_of(given));
      if (g == norm(text_of(want))) return true;
      return std::any_of(q.question->accept.begin(), q.question->accept.end(), [&](const std::string& a) { return norm(a) == g; });
    }
  }
  return false;
}

std::string expected_text(const PlacedQuestion& q, Lang lang) {
  const Question& qu = *q.question;
  auto choice = [&](const json& letter) {
    std::string l = text_of(letter);
    std::size_t i = static_cast<std::size_t>(l.empty() ? 0 : l[0] - 'A');
    return i < qu.choices.size() ? l + ". " + text_in(qu.choices[i], lang) : l;
  };
  std::string s;
  switch (q.kind) {
    case AnswerKind::Choice: return choice(q.expected);
    case AnswerKind::Choices:
    case AnswerKind::Sequence:
      for (const json& l : q.expected) s += (s.empty() ? "" : q.kind == AnswerKind::Sequence ? " -> " : "; ") + choice(l);
      return s;
    case AnswerKind::Pairs:
      for (const auto& item : q.expected.items()) s += (s.empty() ? "" : " ") + item.key() + text_of(item.value());
      return s;
    case AnswerKind::List:
      for (const json& v : q.expected) s += (s.empty() ? "" : ", ") + text_of(v);
      return s;
    case AnswerKind::Duration: {
      auto d = parse_long_duration(text_of(q.expected));
      if (!d) return text_of(q.expected);
      auto ms = std::chrono::round<std::chrono::milliseconds>(*d);
      return protocols::format_duration(ms);
    }
    case AnswerKind::Number:
    case AnswerKind::Text: return text_of(q.expected);
  }
  return text_of(q.expected);
}

int ExerciseResult::score() const {
  return static_cast<int>(std::count_if(questions.begin(), questions.end(), [](const QuestionResult& r) { return r.correct; }));
}

json ExerciseResult::to_json(const ExerciseRun& run) const {
  json j;
  j["mailsim_exercise_result"] = 1;
  j["exercise"] = exercise;
  j["file"] = file;
  if (!student.empty()) j["student"] = student;
  j["score"] = score();
  j["total"] = questions.size();
  j["questions"] = json::array();
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const QuestionResult& r = questions[i];
    json q = {{"id", r.id}, {"answered", r.answered}, {"correct", r.correct}, {"given", r.given}};
    if (i < run.questions.size()) {
      q["type"] = to_string(run.questions[i].question->type);
      q["expected"] = run.questions[i].expected;
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
