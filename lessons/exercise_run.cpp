// Running an exercise: simulate its recorded run, place each question at its record and
// work out each expected answer (literal, or computed from the trace and mapped onto the
// question's choices).
#include <algorithm>
#include <cctype>

#include "lessons/exercise.hpp"
#include "sim/world.hpp"

namespace lessons {

namespace {

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

namespace {

// Where the playback holds for a question (see PlacedQuestion): just after its record, or a
// nanosecond before it, and in any case a nanosecond before the record its answer is read
// from. Views draw by time, so records that share that time are held back with it.
void place(PlacedQuestion& pq, const sim::Trace& trace) {
  const auto& entries = trace.entries();
  const protocols::Duration ns{1};
  protocols::Instant t = entries[pq.record].t;
  if (pq.question->pause_before) t -= ns;
  if (pq.reveal) t = std::min(t, entries[*pq.reveal].t - ns);
  pq.pause_time = t;
  pq.pause_at = static_cast<std::size_t>(
      std::partition_point(entries.begin(), entries.end(), [&](const sim::TraceEntry& e) { return e.t <= t; }) -
      entries.begin());
}

// A command is recorded when the server parses it, but the segment that carries it is on the
// canvas (a pill with its text) from the moment it is sent: that segment gives it away first.
std::size_t first_sight(std::size_t record, const sim::Trace& trace) {
  const sim::TraceEntry& r = trace.entries()[record];
  Condition command;
  command.kind = "command";
  std::optional<std::string> line = record_field(r, trace, "line"), conn = record_field(r, trace, "conn");
  if (!command.matches(r, trace) || !line || !conn) return record;
  Condition carrier;
  carrier.kind = "segment";
  carrier.fields = {{"event", ValueMatch{ValueMatch::Op::Equals, {"sent"}}},
                    {"conn", ValueMatch{ValueMatch::Op::Equals, {*conn}}},
                    {"label", ValueMatch{ValueMatch::Op::Equals, {*line}}}};
  std::optional<std::size_t> sent = find_record(carrier, trace);
  return sent && *sent < record ? *sent : record;
}

// A tolerance must fit the answer it loosens.
std::string tolerance_mismatch(const Question& q, AnswerKind kind) {
  if (q.tolerance && kind != AnswerKind::Duration) return "a duration tolerance, but the answer is not a duration";
  if (q.number_tolerance && kind != AnswerKind::Number) return "a number tolerance, but the answer is not a number";
  return "";
}

// Runs the exercise's world one event at a time while an input entry waits for its record:
// the entry is scheduled when the record is appended, `delay` later.
sim::RunResult run_triggered(const Exercise& ex, const sim::RunOptions& opt, sim::InputLog& applied) {
  sim::SteppedRun run(ex.scenario, opt);
  std::vector<ConditionWatch> watches;
  for (const TriggeredInput& t : ex.triggered) watches.emplace_back(t.when, 0);
  std::vector<bool> fired(watches.size(), false);
  std::size_t waiting = watches.size();
  bool done = false;
  while (!done) {
    done = run.advance(waiting ? 1 : UINT64_MAX);
    for (std::size_t k = 0; k < watches.size() && waiting; ++k) {
      if (fired[k] || !watches[k].check(run.world().trace())) continue;
      fired[k] = true;
      --waiting;
      sim::InputEvent e = ex.triggered[k].event;
      e.at = run.world().now() + ex.triggered[k].delay;
      run.world().schedule_input(e);
      applied.push_back(e);
    }
  }
  return run.finish();
}

}  // namespace

ExerciseRun run_exercise(const Exercise& ex) {
  ExerciseRun out;
  sim::RunOptions opt;
  opt.seed = ex.seed;
  if (ex.until) opt.until = protocols::kEpoch + *ex.until;
  opt.input = ex.input;
  opt.keep_segments = true;
  out.input = ex.input;
  out.run = ex.triggered.empty() ? sim::simulate(ex.scenario, opt) : run_triggered(ex, opt, out.input);
  std::stable_sort(out.input.begin(), out.input.end(), [](const sim::InputEvent& a, const sim::InputEvent& b) { return a.at < b.at; });
  const sim::Trace& trace = out.run.trace;
  for (const Question& q : ex.questions) {
    PlacedQuestion pq;
    pq.question = &q;
    pq.start_unix = ex.scenario.start_unix;
    pq.zone_offset_minutes = ex.scenario.zone_offset_minutes;
    std::optional<std::size_t> at = find_record(q.at, trace);
    if (!at) {
      out.problems.push_back({q.at_pos, "question " + quote(q.id) + ": the run has no record " + q.at.describe()});
      continue;
    }
    pq.record = *at;
    if (q.computed) {
      std::string error;
      std::optional<Computed> v = evaluate(*q.computed, trace, &error, &ex.scenario);
      std::optional<std::pair<json, AnswerKind>> placed;
      if (v) placed = place_answer(q, *v, &error);
      if (!placed) {
        out.problems.push_back({q.answer_pos, "question " + quote(q.id) + ": cannot compute the answer: " + error});
        continue;
      }
      std::tie(pq.expected, pq.kind) = *placed;
      if (v->record) pq.reveal = first_sight(*v->record, trace);
      pq.moment = v->moment;
    } else if (q.digest) {
      pq.kind = q.digest->kind;
    } else {
      std::tie(pq.expected, pq.kind) = literal_answer(q);
    }
    if (std::string m = tolerance_mismatch(q, pq.kind); !m.empty()) {
      out.problems.push_back({q.answer_pos, "question " + quote(q.id) + ": " + m});
      continue;
    }
    place(pq, trace);
    out.questions.push_back(std::move(pq));
  }
  std::stable_sort(out.questions.begin(), out.questions.end(),
                   [](const PlacedQuestion& a, const PlacedQuestion& b) { return a.pause_time < b.pause_time; });
  return out;
}

}  // namespace lessons
