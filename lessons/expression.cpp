// Evaluating computed answers on a run's trace (expression.hpp). The message a MIME or header
// expression reads is the one the trace carries on that record's SMTP connection, rebuilt
// from its delivered segments (sim/carried_message.hpp), the bytes the receiver got.
#include "lessons/expression.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "protocols/message/ascii.hpp"
#include "protocols/message/mime_part.hpp"
#include "lessons/grader_forms.hpp"
#include "sim/carried_message.hpp"

namespace lessons {

namespace {

namespace msg = protocols::message;

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A text read out of the run: digits become a number, as a field's do.
Computed text_value(std::string v, std::optional<std::size_t> record) {
  if (all_digits(v)) return Computed{json(std::stoll(v)), AnswerKind::Number, record, false};
  return Computed{json(std::move(v)), AnswerKind::Text, record, false};
}

// The record a REF names: the condition's (nth) match, or the reply to that command.
std::optional<std::size_t> pick(const Expression& e, const sim::Trace& trace, std::string* error) {
  std::optional<std::size_t> i = find_record(e.of, trace);
  if (!i) {
    *error = "no record matches " + e.of.describe();
    return std::nullopt;
  }
  if (!e.reply_to) return i;
  std::optional<std::size_t> r = reply_to(*i, trace);
  if (!r) *error = "record " + std::to_string(trace.entries()[*i].n) + " (" + e.of.describe() + ") has no reply";
  return r;
}

// Every value of one field of a record (a list field gives each element).
std::vector<std::string> field_values(const sim::TraceEntry& r, const sim::Trace& trace, const std::string& name) {
  std::vector<std::string> out;
  for (auto& [k, v] : record_fields(r, trace))
    if (k == name) out.push_back(std::move(v));
  return out;
}

// The message carried on the record's SMTP connection.
std::optional<sim::CarriedMessage> carried(std::size_t record, const sim::Trace& trace, std::string* error) {
  const sim::TraceEntry& r = trace.entries()[record];
  std::optional<std::string> conn = record_field(r, trace, "conn");
  if (!conn || !all_digits(*conn) || *conn == "0") {
    *error = "record " + std::to_string(r.n) + " is on no connection";
    return std::nullopt;
  }
  for (sim::CarriedMessage& m : sim::carried_messages(trace))
    if (m.conn == static_cast<sim::ConnId>(std::stoul(*conn))) return std::move(m);
  *error = "connection " + *conn + " (record " + std::to_string(r.n) + ") carries no complete SMTP message";
  return std::nullopt;
}

// The expression's part of that message ("" for the message itself), or null.
const msg::MimePart* part_of(const Expression& e, const sim::CarriedMessage& m, std::string* error) {
  const msg::MimePart* p = e.part.empty() ? &m.root : msg::find_part(m.root, e.part);
  if (!p) *error = "the message on connection " + std::to_string(m.conn) + " has no part " + e.part;
  return p;
}

std::optional<std::string> mime_property(const Expression& e, const sim::CarriedMessage& m, const msg::MimePart& p,
                                         std::string* error) {
  const std::string& prop = e.field;
  if (prop == "encoded_size") return std::to_string(p.body_range.size());
  if (prop == "decoded_size") return std::to_string(msg::decode_body(p, m.bytes).size());
  if (prop == "type") return p.media_type();
  if (prop == "encoding") return p.transfer_encoding;
  if (prop == "charset") return p.charset();
  if (prop == "filename") return p.filename;
  if (prop == "parts") return std::to_string(p.children.size());
  if (prop == "lines") return std::to_string(p.line_count);
  const msg::HeaderField* h = p.headers.find(std::string_view(prop).substr(7));  // "header:NAME"
  if (h) return h->value;
  *error = "part " + (e.part.empty() ? std::string("(the message)") : e.part) + " has no header field " + prop.substr(7);
  return std::nullopt;
}

std::optional<Computed> capture(const Expression& e, const sim::Trace& trace, std::string* error) {
  std::optional<std::size_t> i = pick(e, trace, error);
  if (!i) return std::nullopt;
  std::vector<std::string> texts;
  if (e.field == "header" || e.field.rfind("header:", 0) == 0) {
    std::optional<sim::CarriedMessage> m = carried(*i, trace, error);
    const msg::MimePart* part = m ? part_of(e, *m, error) : nullptr;
    if (!part) return std::nullopt;
    for (const msg::HeaderField& h : part->headers.fields)
      if (e.field == "header") texts.push_back(h.name + ": " + h.value);
      else if (msg::iequals(h.name, std::string_view(e.field).substr(7))) texts.push_back(h.value);
  } else {
    texts = field_values(trace.entries()[*i], trace, e.field);
  }
  for (const std::string& t : texts) {
    std::smatch m;
    if (std::regex_search(t, m, *e.regex) && m[1].matched) return text_value(m[1].str(), i);
  }
  *error = "the pattern " + quote(e.pattern) + " matches nothing in " + e.field + " of record " +
           std::to_string(trace.entries()[*i].n);
  return std::nullopt;
}

// Messages in one folder at a moment: the world's initial mailbox, then every store change
// the trace records up to that moment (appends, copies and moves in; expunges and moves out).
std::optional<Computed> messages(const Expression& e, const sim::Trace& trace, const sim::ScenarioSpec* s) {
  std::map<std::string, std::set<std::uint32_t>> folders;  // folder -> UIDs
  if (s)
    for (const sim::HostSpec& h : s->hosts)
      if (h.name == e.host)
        for (const sim::UserSpec& u : h.mail.users)
          if (u.name == e.user) {
            std::map<std::string, std::uint32_t> next;  // the store numbers UIDs from 1 per folder
            for (const sim::InitialMessage& m : u.mailbox) folders[m.folder].insert(++next[m.folder]);
          }
  const protocols::Instant until = protocols::kEpoch + e.at.value_or(protocols::Duration::max() / 2);
  for (const sim::TraceEntry& t : trace.entries()) {
    if (t.t > until) break;
    const auto* r = std::get_if<sim::MailboxRecord>(&t.record);
    if (!r || !sim::is_store_change(r->action) || r->user != e.user || trace.host_name(r->host) != e.host) continue;
    using A = sim::MailboxAction;
    if (r->action == A::Append || r->action == A::Copy || r->action == A::Move) folders[r->folder].insert(r->uids.begin(), r->uids.end());
    if (r->action == A::Move)
      for (std::uint32_t u : r->source_uids()) folders[r->source_folder()].erase(u);
    if (r->action == A::Expunge)
      for (std::uint32_t u : r->uids) folders[r->folder].erase(u);
    if (r->action == A::Rename) folders[r->folder] = std::move(folders[r->source_folder()]), folders.erase(r->source_folder());
    if (r->action == A::Delete) folders.erase(r->folder);
  }
  return Computed{json(folders[e.folder].size()), AnswerKind::Number, std::nullopt, false};
}

// An operand as a number: a number, or a duration in nanoseconds.
struct Operand {
  double value = 0;
  bool duration = false;
};
std::optional<Computed> arithmetic(const Expression& e, const sim::Trace& trace, std::string* error, const sim::ScenarioSpec* s) {
  std::vector<Operand> ops;
  for (const Expression& a : e.args) {
    if (a.number) {
      ops.push_back({*a.number, false});
      continue;
    }
    std::optional<Computed> v = evaluate(a, trace, error, s);
    if (!v) return std::nullopt;
    if (v->kind == AnswerKind::Number) ops.push_back({v->value.get<double>(), false});
    else if (v->kind == AnswerKind::Duration)
      ops.push_back({static_cast<double>(read_duration_answer(v->value.get<std::string>()).value_or(protocols::Duration{}).count()), true});
    else {
      *error = "an operand of arithmetic gave " + v->value.dump() + ", which is neither a number nor a duration";
      return std::nullopt;
    }
  }
  double r = ops[0].value;
  bool duration = ops[0].duration;
  for (std::size_t k = 1; k < ops.size(); ++k) {
    const Operand& b = ops[k];
    if (e.op == Expression::Op::Ratio) {
      if (b.value == 0) {
        *error = "a ratio whose divisor is 0";
        return std::nullopt;
      }
      r /= b.value;
      duration = duration && !b.duration;  // duration / duration is a number; duration / n a duration
      continue;
    }
    if (b.duration != duration) {
      *error = "arithmetic mixes a duration with a number";
      return std::nullopt;
    }
    r = e.op == Expression::Op::Difference ? r - b.value : r + b.value;
  }
  if (duration) {
    protocols::Duration d{static_cast<std::int64_t>(std::llround(r))};
    return Computed{json(protocols::format_duration(d)), AnswerKind::Duration, std::nullopt, false};
  }
  if (e.round) r = std::round(r * std::pow(10.0, *e.round)) / std::pow(10.0, *e.round);
  if (r == std::floor(r) && std::fabs(r) < 1e15) return Computed{json(static_cast<long long>(r)), AnswerKind::Number, std::nullopt, false};
  return Computed{json(r), AnswerKind::Number, std::nullopt, false};
}

}  // namespace

std::optional<std::size_t> reply_to(std::size_t command, const sim::Trace& trace) {
  const auto& es = trace.entries();
  const auto* cmd = std::get_if<sim::CommandRecord>(&es[command].record);
  if (!cmd) return std::nullopt;
  auto same_conn = [&](const sim::ReplyRecord& r) { return r.conn == cmd->conn && r.from == cmd->to && r.proto == cmd->proto; };
  // IMAP (RFC 3501 §2.2.2): the tagged completion carries the command's tag.
  if (!cmd->tag.empty() && cmd->tag != "*" && cmd->tag != "+") {
    for (std::size_t i = command + 1; i < es.size(); ++i)
      if (const auto* r = std::get_if<sim::ReplyRecord>(&es[i].record); r && same_conn(*r) && r->tag == cmd->tag) return i;
    return std::nullopt;
  }
  // SMTP and POP3 answer in order (RFC 5321 §4.1.1; RFC 2920 keeps the order when pipelining):
  // each reply goes to the oldest command still waiting; one with none waiting (the
  // greeting, the reply after a message's final ".") answers no command.
  std::size_t waiting = 0;
  bool seen = false;
  std::size_t ahead = 0;  // commands waiting in front of ours when it came
  for (std::size_t i = 0; i < es.size(); ++i) {
    if (const auto* c = std::get_if<sim::CommandRecord>(&es[i].record); c && c->conn == cmd->conn && c->proto == cmd->proto) {
      if (i == command) ahead = waiting, seen = true;
      ++waiting;
    } else if (const auto* r = std::get_if<sim::ReplyRecord>(&es[i].record); r && same_conn(*r) && waiting > 0) {
      --waiting;
      if (seen && ahead-- == 0) return i;
    }
  }
  return std::nullopt;
}

std::optional<Computed> evaluate(const Expression& e, const sim::Trace& trace, std::string* error, const sim::ScenarioSpec* s) {
  switch (e.op) {
    case Expression::Op::Count:
      return Computed{json(count_records(e.of, trace)), AnswerKind::Number, std::nullopt, false};
    case Expression::Op::Field: {
      std::optional<std::size_t> i = pick(e, trace, error);
      if (!i) return std::nullopt;
      const sim::TraceEntry& r = trace.entries()[*i];
      std::optional<std::string> v = record_field(r, trace, e.field);
      if (!v || v->empty()) {
        *error = "record " + std::to_string(r.n) + " has no " + e.field;
        return std::nullopt;
      }
      if (e.field == "time") return Computed{json(*v), AnswerKind::Duration, i, true};
      return text_value(*v, i);
    }
    case Expression::Op::Time: {
      std::optional<std::size_t> i = pick(e, trace, error);
      if (!i) return std::nullopt;
      return Computed{json(protocols::format_duration(trace.entries()[*i].t.time_since_epoch())), AnswerKind::Duration, i, true};
    }
    case Expression::Op::Elapsed: {
      std::optional<std::size_t> a = find_record(e.of, trace);
      if (!a) *error = "no record matches " + e.of.describe();
      if (!a) return std::nullopt;
      std::optional<std::size_t> b = find_record(e.to, trace, *a + 1);
      if (!b) *error = "no record matches " + e.to.describe() + " after record " + std::to_string(trace.entries()[*a].n);
      if (!b) return std::nullopt;
      return Computed{json(protocols::format_duration(trace.entries()[*b].t - trace.entries()[*a].t)), AnswerKind::Duration, std::nullopt, false};
    }
    case Expression::Op::Distinct: {
      json list = json::array();
      std::vector<std::string> seen;
      for (const sim::TraceEntry& r : trace.entries()) {
        if (!e.of.matches(r, trace)) continue;
        for (std::string& v : field_values(r, trace, e.field)) {
          if (v.empty() || std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
          seen.push_back(v);
          list.push_back(v);
        }
      }
      if (list.empty()) *error = "no record matches " + e.of.describe();
      if (list.empty()) return std::nullopt;
      return Computed{list, AnswerKind::List, std::nullopt, false};
    }
    case Expression::Op::Capture: return capture(e, trace, error);
    case Expression::Op::Mime: {
      std::optional<std::size_t> i = pick(e, trace, error);
      if (!i) return std::nullopt;
      std::optional<sim::CarriedMessage> m = carried(*i, trace, error);
      const msg::MimePart* part = m ? part_of(e, *m, error) : nullptr;
      if (!part) return std::nullopt;
      std::optional<std::string> v = mime_property(e, *m, *part, error);
      if (!v) return std::nullopt;
      return text_value(*v, i);
    }
    case Expression::Op::Messages: return messages(e, trace, s);
    case Expression::Op::Difference:
    case Expression::Op::Sum:
    case Expression::Op::Ratio: return arithmetic(e, trace, error, s);
  }
  return std::nullopt;
}

}  // namespace lessons
