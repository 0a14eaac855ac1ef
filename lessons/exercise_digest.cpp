// Students' copies and digests of exercises and runs (see exercise_digest.hpp).
#include "lessons/exercise_digest.hpp"

#include <filesystem>

#include "lessons/grader.hpp"
#include "protocols/codec/sha256.hpp"
#include "sim/trace_format.hpp"

namespace lessons {

namespace {

// How a literal answer is kept: its kind, or an error when a digest cannot hold it.
std::optional<AnswerKind> digest_kind(const Question& q, std::string* error) {
  switch (q.type) {
    case QuestionType::Single: return AnswerKind::Choice;
    case QuestionType::Multiple: return AnswerKind::Choices;
    case QuestionType::Order: return AnswerKind::Sequence;
    case QuestionType::Match: return AnswerKind::Pairs;
    case QuestionType::Fill: break;
  }
  if (q.answer.is_number()) {
    if (q.number_tolerance.value_or(0) > 0) {
      *error = "a number answer with a tolerance cannot be kept as a digest (compute it from the run)";
      return std::nullopt;
    }
    return AnswerKind::Number;
  }
  const std::string s = q.answer.get<std::string>();
  if (s != "0" && protocols::parse_duration(s)) {
    *error = "a duration answer cannot be kept as a digest, which compares exactly (compute it from the run)";
    return std::nullopt;
  }
  return AnswerKind::Text;
}

json digest_of(const Question& q, AnswerKind kind, const std::string& file_text) {
  // The salt is fixed by the teacher's file and the question, so exporting twice gives the
  // same copy; it is no secret, it only makes each digest particular to this question.
  const std::string salt = protocols::codec::sha256_hex(file_text + '\0' + q.id).substr(0, 32);
  json hashes = json::array();
  auto add = [&](const json& answer) {
    if (std::optional<std::string> form = normal_form(kind, answer)) hashes.push_back(answer_digest(salt, *form));
  };
  add(q.answer);
  for (const std::string& a : q.accept) add(json(a));
  json d = {{"salt", salt}, {"sha256", hashes}};
  if (q.type == QuestionType::Fill) d["form"] = kind == AnswerKind::Number ? "number" : "text";
  return d;
}

}  // namespace

std::optional<json> student_copy(const std::string& path, const Exercise& ex, Problems& problems) {
  std::optional<JsonDoc> doc = read_json_file(path, problems);
  if (!doc) return std::nullopt;
  Checker c(*doc, problems);
  const std::size_t before = c.count();
  json copy = doc->root;
  if (copy["scenario"].is_string()) {  // inline, so the copy is one file
    std::filesystem::path p(copy["scenario"].get<std::string>());
    if (p.is_relative()) p = std::filesystem::path(path).parent_path() / p;
    std::optional<JsonDoc> scenario = read_json_file(p.lexically_normal().string(), problems);
    if (!scenario) return std::nullopt;
    copy["scenario"] = scenario->root;
  }
  for (std::size_t i = 0; i < ex.questions.size(); ++i) {
    const Question& q = ex.questions[i];
    if (q.computed || q.digest) continue;
    std::string error;
    std::optional<AnswerKind> kind = digest_kind(q, &error);
    const std::string ptr = "/questions/" + std::to_string(i) + "/answer";
    if (!kind) {
      c.error(ptr, "question " + quote(q.id) + ": " + error);
      continue;
    }
    json& jq = copy["questions"][i];
    jq["answer"] = {{"digest", digest_of(q, *kind, doc->text)}};
    jq.erase("accept");
  }
  if (c.count() != before) return std::nullopt;
  return copy;
}

std::string exercise_digest(const std::string& path, const Exercise& ex) {
  Problems ignored;
  std::optional<json> copy = student_copy(path, ex, ignored);
  return copy ? protocols::codec::sha256_hex(copy->dump()) : "";
}

std::string trace_digest(const sim::Trace& trace) {
  std::string jsonl;
  for (const sim::TraceEntry& e : trace.entries()) jsonl += sim::to_jsonl(e, trace) + "\n";
  return protocols::codec::sha256_hex(jsonl);
}

}  // namespace lessons
