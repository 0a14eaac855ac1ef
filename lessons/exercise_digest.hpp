// Keeping an exercise's key private and knowing where a result came from.
//
// A students' copy (`mailsim exercise FILE --export-student OUT`) is the exercise with the
// scenario written inline (one file to hand out) and every literal answer replaced by
// {"digest": {"salt", "sha256": [...], "form"}}: SHA-256 of the salt and the answer's normal
// form (grader.hpp normal_form), one digest for the answer and one per "accept" text. The
// copy grades as the original does; it does not say what the answers are. Computed answers
// stay as they are: they come from the run, not from the file.
//
// The exercise digest is SHA-256 of the students' copy's canonical JSON, so the teacher's
// file and the copy made from it have the same digest; the trace digest is SHA-256 of the
// run's JSONL trace. A result file records both (grader.hpp ExerciseResult).
// Leaves out: literal duration answers and number answers with a tolerance, which a digest
// cannot compare within a margin; the export refuses them (compute them from the run).
#pragma once
#include <optional>
#include <string>

#include "lessons/exercise.hpp"

namespace lessons {

// The students' copy of the exercise file at `path` (already loaded as `ex`); nullopt with
// problems (file:line:col) when an answer cannot be kept as a digest or the scenario
// cannot be read.
std::optional<json> student_copy(const std::string& path, const Exercise& ex, Problems& problems);
// SHA-256 of the students' copy, hex; empty when the copy cannot be made.
std::string exercise_digest(const std::string& path, const Exercise& ex);
// SHA-256 of the trace as JSONL (sim::to_jsonl, one line per record), hex.
std::string trace_digest(const sim::Trace& trace);

}  // namespace lessons
