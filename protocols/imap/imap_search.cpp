// IMAP SEARCH (RFC 3501 §6.4.4): search keys ALL, flags (SEEN UNSEEN ANSWERED UNANSWERED
// DELETED UNDELETED FLAGGED UNFLAGGED DRAFT UNDRAFT RECENT NEW OLD KEYWORD UNKEYWORD), header
// text (FROM TO CC BCC SUBJECT HEADER), BODY, TEXT, LARGER, SMALLER, UID, sequence sets,
// SINCE/BEFORE/ON (internal date), SENTSINCE/SENTBEFORE/SENTON (Date header), NOT, OR and
// parenthesised groups; CHARSET US-ASCII or UTF-8. Matching is case-insensitive (ASCII)
// substring; a header value matches as written or with its RFC 2047 words decoded to UTF-8
// (§6.4.4: "strings in the search are compared... after decoding"), so SUBJECT 中文 finds
// "=?GB2312?B?1tDOxA==?=". Leaves out: decoding transfer encodings of BODY and TEXT before
// matching, ESEARCH (RFC 4731).
#include <charconv>
#include <memory>

#include "protocols/imap/imap_date.hpp"
#include "protocols/imap/imap_server.hpp"
#include "protocols/message/date.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/header.hpp"

namespace protocols::imap {
namespace {

using store::SystemFlag;

struct Key {
  std::string op;  // upper-case key name; "AND" for a group, "SET" for a sequence set
  std::string a, b;
  std::int64_t n = 0;
  std::optional<SequenceSet> set;
  std::vector<Key> children;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  return lower(hay).find(lower(needle)) != std::string::npos;
}

bool parse_key(const std::vector<Value>& v, std::size_t& i, Key& k, std::string& err, int depth) {
  if (depth > 16) return err = "search keys nested too deeply", false;
  if (i >= v.size()) return err = "missing search key", false;
  const Value& x = v[i++];
  if (x.kind == Value::Kind::List) {
    k.op = "AND";
    std::size_t j = 0;
    if (x.items.empty()) return err = "empty search group", false;
    while (j < x.items.size()) {
      Key c;
      if (!parse_key(x.items, j, c, err, depth + 1)) return false;
      k.children.push_back(std::move(c));
    }
    return true;
  }
  if (!x.is_atom()) return err = "search key expected, got a string", false;
  k.op = x.upper();
  auto arg = [&](std::string& out) {
    if (i >= v.size() || !v[i].is_string_like()) return err = k.op + " needs an argument", false;
    out = v[i++].text;
    return true;
  };
  static const std::vector<std::string> plain = {"ALL", "SEEN", "UNSEEN", "ANSWERED", "UNANSWERED", "DELETED",
                                                 "UNDELETED", "FLAGGED", "UNFLAGGED", "DRAFT", "UNDRAFT",
                                                 "RECENT", "NEW", "OLD"};
  for (const auto& p : plain)
    if (k.op == p) return true;
  if (k.op == "FROM" || k.op == "TO" || k.op == "CC" || k.op == "BCC" || k.op == "SUBJECT" || k.op == "BODY" ||
      k.op == "TEXT" || k.op == "KEYWORD" || k.op == "UNKEYWORD")
    return arg(k.a);
  if (k.op == "HEADER") return arg(k.a) && arg(k.b);
  if (k.op == "LARGER" || k.op == "SMALLER") {
    if (!arg(k.a)) return false;
    auto [p, ec] = std::from_chars(k.a.data(), k.a.data() + k.a.size(), k.n);
    if (ec != std::errc() || p != k.a.data() + k.a.size() || k.n < 0) return err = "bad number", false;
    return true;
  }
  if (k.op == "SINCE" || k.op == "BEFORE" || k.op == "ON" || k.op == "SENTSINCE" || k.op == "SENTBEFORE" ||
      k.op == "SENTON") {
    if (!arg(k.a)) return false;
    auto d = parse_search_date(k.a);
    if (!d) return err = "bad date " + k.a, false;
    k.n = *d;
    return true;
  }
  if (k.op == "UID") {
    if (!arg(k.a) || !(k.set = parse_sequence_set(k.a))) return err = "bad UID set", false;
    return true;
  }
  if (k.op == "NOT") return k.children.emplace_back(), parse_key(v, i, k.children.back(), err, depth + 1);
  if (k.op == "OR") {
    k.children.resize(2);
    return parse_key(v, i, k.children[0], err, depth + 1) && parse_key(v, i, k.children[1], err, depth + 1);
  }
  if ((k.set = parse_sequence_set(x.text))) return k.op = "SET", true;
  return err = "unknown search key " + x.text, false;
}

struct Candidate {
  std::uint32_t seq, uid, max_seq, max_uid;
  const store::Message* m;
  bool recent;
  Duration epoch{};  // ServerConfig::epoch_unix
};

std::string header_value(std::string_view raw, std::string_view name) {
  message::HeaderBlock h = message::parse_headers(raw);
  std::string all;
  for (const auto* f : h.find_all(name)) all += f->value + "\n";
  return all;
}

// A header's values as written or decoded (RFC 2047 words in any charset to UTF-8).
bool header_contains(std::string_view raw, std::string_view name, std::string_view needle) {
  const std::string values = header_value(raw, name);
  return contains_ci(values, needle) || contains_ci(message::decode_encoded_words(values), needle);
}

bool match(const Key& k, const Candidate& c) {
  const auto& f = c.m->flags;
  const std::string& op = k.op;
  if (op == "ALL") return true;
  if (op == "AND") {
    for (const auto& ch : k.children)
      if (!match(ch, c)) return false;
    return true;
  }
  if (op == "NOT") return !match(k.children[0], c);
  if (op == "OR") return match(k.children[0], c) || match(k.children[1], c);
  if (op == "SEEN") return f.has(SystemFlag::Seen);
  if (op == "UNSEEN") return !f.has(SystemFlag::Seen);
  if (op == "ANSWERED") return f.has(SystemFlag::Answered);
  if (op == "UNANSWERED") return !f.has(SystemFlag::Answered);
  if (op == "DELETED") return f.has(SystemFlag::Deleted);
  if (op == "UNDELETED") return !f.has(SystemFlag::Deleted);
  if (op == "FLAGGED") return f.has(SystemFlag::Flagged);
  if (op == "UNFLAGGED") return !f.has(SystemFlag::Flagged);
  if (op == "DRAFT") return f.has(SystemFlag::Draft);
  if (op == "UNDRAFT") return !f.has(SystemFlag::Draft);
  if (op == "RECENT") return c.recent;
  if (op == "OLD") return !c.recent;
  if (op == "NEW") return c.recent && !f.has(SystemFlag::Seen);  // RFC 3501: RECENT UNSEEN
  if (op == "KEYWORD" || op == "UNKEYWORD") {
    bool has = false;
    for (const auto& kw : f.keywords) has |= lower(kw) == lower(k.a);
    return op == "KEYWORD" ? has : !has;
  }
  if (op == "LARGER") return static_cast<std::int64_t>(c.m->size()) > k.n;
  if (op == "SMALLER") return static_cast<std::int64_t>(c.m->size()) < k.n;
  if (op == "UID") return k.set->contains(c.uid, c.max_uid);
  if (op == "SET") return k.set->contains(c.seq, c.max_seq);
  std::string_view raw = c.m->bytes();
  if (op == "FROM" || op == "TO" || op == "CC" || op == "BCC" || op == "SUBJECT")
    return header_contains(raw, op, k.a);
  if (op == "HEADER") {
    message::HeaderBlock h = message::parse_headers(raw);
    if (!h.find(k.a)) return false;
    return k.b.empty() || header_contains(raw, k.a, k.b);
  }
  if (op == "BODY") return contains_ci(raw.substr(std::min(raw.size(), message::parse_headers(raw).body_offset)), k.a);
  if (op == "TEXT") return contains_ci(raw, k.a);
  std::int64_t day = day_of(c.m->internal_date + c.epoch);
  if (op == "SINCE") return day >= k.n;
  if (op == "BEFORE") return day < k.n;
  if (op == "ON") return day == k.n;
  auto sent = message::parse_date(header_value(raw, "Date"));
  if (!sent) return false;
  // RFC 3501 §6.4.4: SENT* compare the Date header's date, disregarding time and zone.
  std::int64_t sday = day_of_unix_seconds(sent->unix_seconds + sent->zone_offset_minutes * 60);
  if (op == "SENTSINCE") return sday >= k.n;
  if (op == "SENTBEFORE") return sday < k.n;
  return sday == k.n;  // SENTON
}

}  // namespace

Server::Reply Server::cmd_search(Request& r) {
  std::size_t i = 0;
  if (!r.args.empty() && r.args[0].is_atom() && r.args[0].upper() == "CHARSET") {
    if (r.args.size() < 2 || !r.args[1].is_string_like()) return {"BAD", "CHARSET needs a name"};
    std::string cs = lower(r.args[1].text);
    // RFC 3501 §6.4.4: an unsupported charset is NO [BADCHARSET].
    if (cs != "us-ascii" && cs != "utf-8") return {"NO", "[BADCHARSET (US-ASCII UTF-8)] unsupported charset"};
    i = 2;
  }
  Key all{"AND", {}, {}, 0, std::nullopt, {}};
  std::string err;
  if (i >= r.args.size()) return {"BAD", "SEARCH needs search keys"};
  while (i < r.args.size()) {
    Key k;
    if (!parse_key(r.args, i, k, err, 0)) return {"BAD", err};
    all.children.push_back(std::move(k));
  }
  const store::Folder* f = folder();
  std::string hits;
  auto max_seq = static_cast<std::uint32_t>(view_->uids.size());
  std::uint32_t max_uid = view_->uids.empty() ? 0 : view_->uids.back();
  for (std::uint32_t seq = 1; seq <= max_seq; ++seq) {
    std::uint32_t uid = view_->uids[seq - 1];
    const store::Message* m = f->find(uid);
    if (!m) continue;
    Candidate c{seq, uid, max_seq, max_uid, m, view_->recent.count(uid) > 0, std::chrono::seconds(config_.epoch_unix)};
    if (!match(all, c)) continue;
    hits += ' ';
    hits += std::to_string(r.uid ? uid : seq);
  }
  untagged("SEARCH" + hits);
  return {"OK", r.uid ? "UID SEARCH completed" : "SEARCH completed"};
}

}  // namespace protocols::imap
