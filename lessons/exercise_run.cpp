// Running an exercise: simulate its recorded run, place each question at its record and
// work out each expected answer (literal, or computed from the trace and mapped onto the
// question's choices).
#include <algorithm>
#include <cctype>

#include "lessons/exercise.hpp"

namespace lessons {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string value_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The letter of the choice whose text (either language) equals `value`, ignoring case.
std::optional<std::string> choice_letter(const std::vector<sim::Localized>& choices, const std::string& value) {
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (lower(choices[i].en) == lower(value) || lower(choices[i].zh) == lower(value))
      return std::string(1, static_cast<char>('A' + i));
  return std::nullopt;
}

}  // namespace

std::optional<Computed> evaluate(const Expression& e, const sim::Trace& trace, std::string* error) {
  auto nth_record = [&](const Condition& c, std::size_t from) -> const sim::TraceEntry* {
    std::optional<std::size_t> i = find_record(c, trace, from);
    if (!i) {
      *error = "no record matches " + c.describe();
      return nullptr;
    }
    return &trace.entries()[*i];
  };
  switch (e.op) {
    case Expression::Op::Count:
      return Computed{json(count_records(e.of, trace)), AnswerKind::Number};
    case Expression::Op::Field: {
      const sim::TraceEntry* r = nth_record(e.of, 0);
      if (!r) return std::nullopt;
      std::optional<std::string> v = record_field(*r, trace, e.field);
      if (!v || v->empty()) {
        *error = "record " + std::to_string(r->n) + " has no " + e.field;
        return std::nullopt;
      }
      if (e.field == "time") return Computed{json(*v), AnswerKind::Duration};
      if (all_digits(*v)) return Computed{json(std::stoll(*v)), AnswerKind::Number};
      return Computed{json(*v), AnswerKind::Text};
    }
    case Expression::Op::Time: {
      const sim::TraceEntry* r = nth_record(e.of, 0);
      if (!r) return std::nullopt;
      return Computed{json(protocols::format_duration(r->t.time_since_epoch())), AnswerKind::Duration};
    }
    case Expression::Op::Elapsed: {
      std::optional<std::size_t> a = find_record(e.of, trace, 0);
      if (!a) {
        *error = "no record matches " + e.of.describe();
        return std::nullopt;
      }
      const sim::TraceEntry* b = nth_record(e.to, *a + 1);
      if (!b) return std::nullopt;
      return Computed{json(protocols::format_duration(b->t - trace.entries()[*a].t)), AnswerKind::Duration};
    }
    case Expression::Op::Distinct: {
      json list = json::array();
      std::vector<std::string> seen;
      for (const sim::TraceEntry& r : trace.entries()) {
        if (!e.of.matches(r, trace)) continue;
        for (const auto& [k, v] : record_fields(r, trace)) {
          if (k != e.field || v.empty() || std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
          seen.push_back(v);
          list.push_back(v);
        }
      }
      if (list.empty()) {
        *error = "no record matches " + e.of.describe();
        return std::nullopt;
      }
      return Computed{list, AnswerKind::List};
    }
  }
  return std::nullopt;
}

namespace {

// Maps a computed value onto a question: choice letters for choice questions.
std::optional<std::pair<json, AnswerKind>> place_answer(const Question& q, const Computed& v, std::string* error) {
  std::vector<std::string> values;
  if (v.value.is_array())
    for (const json& x : v.value) values.push_back(value_text(x));
  else
    values.push_back(value_text(v.value));
  if (q.type == QuestionType::Fill) return std::pair{v.value, v.kind};
  json letters = json::array();
  for (const std::string& s : values) {
    std::optional<std::string> l = choice_letter(q.choices, s);
    if (!l) {
      *error = "the computed answer " + quote(s) + " is none of the choices";
      return std::nullopt;
    }
    letters.push_back(*l);
  }
  switch (q.type) {
    case QuestionType::Single:
      if (letters.size() != 1) {
        *error = "a single-choice question's computed answer gave " + std::to_string(letters.size()) + " values";
        return std::nullopt;
      }
      return std::pair{letters[0], AnswerKind::Choice};
    case QuestionType::Multiple: {
      std::vector<std::string> l = letters.get<std::vector<std::string>>();
      std::sort(l.begin(), l.end());
      return std::pair{json(l), AnswerKind::Choices};
    }
    case QuestionType::Order:
      if (letters.size() != q.choices.size()) {
        *error = "the computed order has " + std::to_string(letters.size()) + " values for " +
                 std::to_string(q.choices.size()) + " choices";
        return std::nullopt;
      }
      return std::pair{letters, AnswerKind::Sequence};
    default:
      break;
  }
  *error = "this question type cannot have a computed answer";
  return std::nullopt;
}

std::pair<json, AnswerKind> literal_answer(const Question& q) {
  switch (q.type) {
    case QuestionType::Single: return {q.answer, AnswerKind::Choice};
    case QuestionType::Multiple: {
      std::vector<std::string> l = q.answer.get<std::vector<std::string>>();
      std::sort(l.begin(), l.end());
      return {json(l), AnswerKind::Choices};
    }
    case QuestionType::Order: return {q.answer, AnswerKind::Sequence};
    case QuestionType::Match: {
      json m = json::object();
      for (const auto& item : q.answer.items()) m[item.key()] = std::to_string(item.value().get<long long>());
      return {m, AnswerKind::Pairs};
    }
    case QuestionType::Fill:
      if (q.answer.is_number()) return {q.answer, AnswerKind::Number};
      if (protocols::parse_duration(q.answer.get<std::string>()) && q.answer.get<std::string>() != "0")
        return {q.answer, AnswerKind::Duration};
      return {q.answer, AnswerKind::Text};
  }
  return {q.answer, AnswerKind::Text};
}

}  // namespace

ExerciseRun run_exercise(const Exercise& ex) {
  ExerciseRun out;
  sim::RunOptions opt;
  opt.seed = ex.seed;
  if (ex.until) opt.until = protocols::kEpoch + *ex.until;
  opt.input = ex.input;
  opt.keep_segments = true;
  out.run = sim::simulate(ex.scenario, opt);
  const sim::Trace& trace = out.run.trace;
  for (const Question& q : ex.questions) {
    PlacedQuestion pq;
    pq.question = &q;
    std::optional<std::size_t> at = find_record(q.at, trace);
    if (!at) {
      out.problems.push_back({q.at_pos, "question " + quote(q.id) + ": the run has no record " + q.at.describe()});
      continue;
    }
    pq.record = *at;
    pq.pause_at = q.pause_before ? *at : *at + 1;
    if (q.computed) {
      std::string error;
      std::optional<Computed> v = evaluate(*q.computed, trace, &error);
      std::optional<std::pair<json, AnswerKind>> placed;
      if (v) placed = place_answer(q, *v, &error);
      if (!placed) {
        out.problems.push_back({q.answer_pos, "question " + quote(q.id) + ": cannot compute the answer: " + error});
        continue;
      }
      std::tie(pq.expected, pq.kind) = *placed;
    } else {
      std::tie(pq.expected, pq.kind) = literal_answer(q);
    }
    out.questions.push_back(std::move(pq));
  }
  std::stable_sort(out.questions.begin(), out.questions.end(),
                   [](const PlacedQuestion& a, const PlacedQuestion& b) { return a.pause_at < b.pause_at; });
  return out;
}

}  // namespace lessons
