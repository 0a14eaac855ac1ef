// Trace conditions: a small matcher over trace records, written in JSON, that lessons use
// to know when a step is done and exercises use to place questions and compute answers.
//
//   {"kind": "reply", "proto": "SMTP", "code": 354}
//   {"kind": "queue", "action": "deferred", "host": "mail.a.example", "nth": 2}
//   {"kind": "command", "verb": ["RCPT", "DATA"], "time": "after 30m"}
//   {"kind": "note", "text": {"contains": "echoed"}}
//
// Every key but kind/host/nth/time names a field of the record as docs/trace.md prints it
// (plus "class" of a reply, "2xx".."5xx", and a segment's "label" and "payload" bytes, so
// {"kind":"segment","payload":{"contains":"Content-Type: multipart/mixed"}} finds MIME). A value is a string or
// number (equal, ASCII case-insensitive), an array (any of) or {"contains": "text"}.
// "host" matches a record's host, either end of a from/to record, or a fault's target host.
// docs/lessons.md is the reference. Leaves out: boolean combinations and conditions on two
// records at once (an exercise's "elapsed" expression covers the common case).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lessons/json_reader.hpp"
#include "sim/trace.hpp"
#include "sim/trace_schema.hpp"

namespace lessons {

struct ValueMatch {
  enum class Op { Equals, Contains };
  Op op = Op::Equals;
  std::vector<std::string> any_of;  // one for a scalar, several for an array
  bool matches(std::string_view value) const;
};

struct Condition {
  std::string kind;  // segment, conn, dns, fault, command, reply, state, queue, mailbox, note
  std::vector<std::pair<std::string, ValueMatch>> fields;
  // Compiled once by read_condition against the schema (sim/trace_schema.hpp): the kind's
  // index in sim::Record and each field's definition, so matching reads only those fields.
  std::size_t kind_index = sim::kRecordKinds;
  std::vector<const sim::FieldDef*> defs;
  std::optional<ValueMatch> host;
  int nth = 1;  // the nth matching record, from 1; -1 the last, -2 the one before it

  std::optional<protocols::Duration> after, before;  // since the start of the run
  // True when this record matches (nth aside).
  bool matches(const sim::TraceEntry& e, const sim::Trace& trace) const;
  // "reply proto=SMTP code=354 (2nd)": for messages and the front end.
  std::string describe() const;
};

// The record kinds and, for each, the field names a condition may use.
const std::vector<std::string_view>& record_kinds();
const std::vector<std::string_view>& fields_of_kind(std::string_view kind);

// The fields of one record as text, in docs/trace.md's names; list fields (labels, answers,
// lines) give one pair per element. Also "t" (ns since start) and "time" (a duration).
// For listing and exercises; matching a condition does not build these.
std::vector<std::pair<std::string, std::string>> record_fields(const sim::TraceEntry& e, const sim::Trace& trace);
// The first value of one field, if the record has it.
std::optional<std::string> record_field(const sim::TraceEntry& e, const sim::Trace& trace, std::string_view name);

// Reads a condition; reports problems (unknown kind or field, bad value, bad time).
// `whole_run`: the condition is evaluated on a finished run (an exercise), so "nth" may count
// from the end (-1 the last match); a lesson watches its run grow and cannot know the last.
std::optional<Condition> read_condition(Checker& c, const json& j, const std::string& pointer, bool whole_run = false);

// Index of the nth record matching `c` at or after index `from`, if any (a negative nth
// counts back from the end of the trace).
std::optional<std::size_t> find_record(const Condition& c, const sim::Trace& trace, std::size_t from = 0);
// How many records at or after `from` match (nth aside).
std::size_t count_records(const Condition& c, const sim::Trace& trace, std::size_t from = 0);

// Watches a growing trace from a start index and remembers where the condition was met;
// each check() looks only at records appended since the last one.
class ConditionWatch {
 public:
  ConditionWatch(Condition c, std::size_t start) : cond_(std::move(c)), next_(start) {}
  // Returns the index of the matching record once met.
  std::optional<std::size_t> check(const sim::Trace& trace);
  std::optional<std::size_t> hit() const { return hit_; }
  const Condition& condition() const { return cond_; }

 private:
  Condition cond_;
  std::size_t next_;
  int seen_ = 0;
  std::optional<std::size_t> hit_;
};

}  // namespace lessons
