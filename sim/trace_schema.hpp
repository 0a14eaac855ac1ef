// The trace's one schema: for each record kind, its fields in JSONL order, each with a name,
// a type and an accessor. The JSONL writer, lesson and exercise conditions and the
// transcript's field listing all walk these tables, so a field is added in one place and
// every reader sees it (docs/trace.md lists them).
//
// An accessor gives a field's value to a FieldSink, typed (text, number, true/false, a list),
// or gives nothing when the record has no such field (a DNS query has no rcode). The sink
// decides what to do with it: write JSON, compare with a condition, collect text.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trace.hpp"

namespace sim {

class FieldSink {
 public:
  virtual ~FieldSink() = default;
  virtual void str(std::string_view v) = 0;
  virtual void num(std::int64_t v) = 0;
  virtual void boolean(bool v) = 0;
  virtual void strs(const std::vector<std::string>& v) = 0;   // a list of texts (lines, answers)
  virtual void labels(const std::vector<Label>& v) = 0;       // a segment's protocol units
  virtual void flags(const std::vector<MessageFlags>& v) = 0;  // a mailbox record's flags by UID
};

enum class FieldType : std::uint8_t { Text, Number, Bool, Host, TextList, Labels, Flags };

// Where a field appears: JSONL, conditions (and the field listing), or both.
enum FieldUse : std::uint8_t { kInJsonl = 1, kInQuery = 2, kInBoth = 3 };

struct FieldDef {
  std::string_view name;
  FieldType type;
  std::uint8_t use;
  // rec points at the record alternative of this field's kind.
  void (*get)(const void* rec, const Trace& trace, FieldSink& sink);
};

constexpr std::size_t kRecordKinds = std::variant_size_v<Record>;
// The kind's name ("segment", ...) by its index in Record; the index of a name, or kRecordKinds.
std::string_view kind_name(std::size_t kind);
std::size_t kind_index(std::string_view name);

// The fields of one kind, in JSONL order (query-only fields among them).
std::span<const FieldDef> schema_of(std::size_t kind);
// The field of that name in a kind, or null.
const FieldDef* find_field(std::size_t kind, std::string_view name);

// The record alternative's address, for FieldDef::get.
const void* record_ptr(const Record& r);

}  // namespace sim
