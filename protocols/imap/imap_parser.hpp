// IMAP4rev1 command syntax (RFC 3501 §9, formal syntax): the incremental command reader
// that frames one command with its literals ({n} synchronizing, RFC 3501 §4.3, and {n+}
// non-synchronizing, RFC 7888 LITERAL+), and the argument parser that turns a framed command
// into values: atoms, quoted strings, literals, NIL, parenthesised lists, and the
// bracketed part of fetch attributes (BODY[HEADER.FIELDS (From)]<0.100>) kept in one atom.
// Limits: line length, literal size, nesting depth; breaking one is an Invalid result
// with a reason, answered BAD by the server. Sequence sets (§9 sequence-set) are parsed here.
// Leaves out: UTF-7 mailbox name decoding (RFC 3501 §5.1.3): names are used as sent.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protocols::imap {

struct Limits {
  std::size_t max_line = 8192;                  // one line of a command, excluding literals
  std::size_t max_literal = 16 * 1024 * 1024;   // one literal (APPEND of a large message)
  std::size_t max_command = 32 * 1024 * 1024;   // the whole command with its literals
  int max_depth = 16;                           // nested parenthesised lists
};

// Frames commands out of a byte stream (RFC 3501 §2.2.1: a command is lines joined by
// literals). Feed bytes, then call next() until it returns NeedMore.
class CommandReader {
 public:
  enum class Status : std::uint8_t { NeedMore, Complete, Invalid };
  struct Result {
    Status status = Status::NeedMore;
    std::string command;  // Complete: the command with literal bytes inline, no final CR LF
    std::string reason;   // Invalid
    std::string tag;      // Invalid: the tag, when one could be read (for the BAD reply)
  };

  explicit CommandReader(Limits limits = {}) : limits_(limits) {}
  void feed(std::string_view bytes) { buf_.append(bytes); }
  Result next();
  // True once per synchronizing literal whose bytes the client waits to send after "+".
  bool take_continuation_request();
  std::size_t buffered() const { return buf_.size(); }

 private:
  void reset_command(std::size_t consumed);
  Limits limits_;
  std::string buf_;
  std::size_t scan_ = 0;       // where scanning resumes
  std::size_t line_start_ = 0; // start of the current line of the command
  std::size_t literal_left_ = 0;
  std::uint64_t skip_ = 0;     // bytes of a refused literal still to drop (64 bits on wasm32 too)
  bool discard_line_ = false;  // drop up to the next LF (after an Invalid)
  bool continuation_ = false;
};

struct Value {
  enum class Kind : std::uint8_t { Atom, String, List };  // NIL arrives as the atom "NIL"
  Kind kind = Kind::Atom;
  std::string text;            // atom text or string contents
  bool literal = false;        // a String that came as a literal
  std::vector<Value> items;    // List

  bool is_atom() const { return kind == Kind::Atom; }
  bool is_string_like() const { return kind == Kind::Atom || kind == Kind::String; }  // astring
  std::string upper() const;   // the atom text upper-cased
};

struct Parsed {
  std::string tag;
  std::vector<Value> args;  // the verb is args[0] (an atom)
  std::string error;        // non-empty: malformed (BAD)
};

// Parses a framed command: tag SP verb *(SP argument).
Parsed parse_command(std::string_view command, const Limits& limits = {});

// Parses "value *(SP value)" (response data such as a FETCH list); nullopt when malformed.
std::optional<std::vector<Value>> parse_values(std::string_view text, const Limits& limits = {});

// RFC 3501 §9 sequence-set: "1,3:5,7:*". '*' is the largest number in use (`star`).
struct SequenceSet {
  struct Range {
    std::uint32_t lo, hi;  // 0 stands for '*'
  };
  std::vector<Range> ranges;
  bool contains(std::uint32_t n, std::uint32_t star) const;
};
std::optional<SequenceSet> parse_sequence_set(std::string_view text);

// Quotes a string for a response: atom-safe text as a quoted string, anything with CR, LF
// or 8-bit bytes as a literal {n}\r\n... (RFC 3501 §4.3). "NIL" for nullopt.
std::string quote(std::string_view s);
std::string nstring(const std::optional<std::string>& s);
// A mailbox name as an astring: atom when it can be, else quoted.
std::string astring(std::string_view s);

}  // namespace protocols::imap
