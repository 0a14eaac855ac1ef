// IMAP FETCH (RFC 3501 §6.4.5, §7.4.2): the fetch attributes, the ALL/FAST/FULL macros,
// BODY[section]<partial> and BODY.PEEK, RFC822/RFC822.HEADER/RFC822.TEXT, setting \Seen on
// a non-PEEK body fetch of a read-write mailbox, UID always present for UID FETCH (§6.4.8).
// Leaves out: BINARY (RFC 3516), MODSEQ (RFC 7162).
#include <charconv>

#include "protocols/imap/imap_date.hpp"
#include "protocols/imap/imap_message.hpp"
#include "protocols/imap/imap_server.hpp"

namespace protocols::imap {
namespace {

struct FetchItem {
  enum class Kind : std::uint8_t { Flags, Uid, InternalDate, Size, Envelope, Body, BodyStructure, Section };
  Kind kind;
  std::string section;      // Section: the text inside [] as sent
  std::string response;     // how the item is named in the response ("RFC822", "BODY[TEXT]")
  bool peek = false;
  bool partial = false;
  std::size_t origin = 0, length = 0;
};

std::optional<std::size_t> number(std::string_view s) {
  std::size_t v = 0;
  if (s.empty() || s.size() > 12) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// One fetch-att (RFC 3501 §9); false when it is not one.
bool parse_item(const Value& v, std::vector<FetchItem>& out) {
  using K = FetchItem::Kind;
  if (!v.is_atom()) return false;
  std::string u = v.upper();
  if (u == "ALL" || u == "FAST" || u == "FULL") {  // RFC 3501 §6.4.5 macros
    out.push_back({K::Flags, {}, {}});
    out.push_back({K::InternalDate, {}, {}});
    out.push_back({K::Size, {}, {}});
    if (u != "FAST") out.push_back({K::Envelope, {}, {}});
    if (u == "FULL") out.push_back({K::Body, {}, {}});
    return true;
  }
  if (u == "FLAGS") return out.push_back({K::Flags, {}, {}}), true;
  if (u == "UID") return out.push_back({K::Uid, {}, {}}), true;
  if (u == "INTERNALDATE") return out.push_back({K::InternalDate, {}, {}}), true;
  if (u == "RFC822.SIZE") return out.push_back({K::Size, {}, {}}), true;
  if (u == "ENVELOPE") return out.push_back({K::Envelope, {}, {}}), true;
  if (u == "BODY") return out.push_back({K::Body, {}, {}}), true;
  if (u == "BODYSTRUCTURE") return out.push_back({K::BodyStructure, {}, {}}), true;
  if (u == "RFC822") return out.push_back({K::Section, "", "RFC822"}), true;
  if (u == "RFC822.HEADER") return out.push_back({K::Section, "HEADER", "RFC822.HEADER", true}), true;
  if (u == "RFC822.TEXT") return out.push_back({K::Section, "TEXT", "RFC822.TEXT"}), true;
  bool peek = u.rfind("BODY.PEEK[", 0) == 0;
  if (!peek && u.rfind("BODY[", 0) != 0) return false;
  std::size_t open = v.text.find('['), close = v.text.find(']');
  FetchItem item{K::Section, v.text.substr(open + 1, close - open - 1), {}, peek};
  item.response = "BODY[" + item.section + "]";
  std::string_view tail = std::string_view(v.text).substr(close + 1);
  if (!tail.empty()) {
    // RFC 3501 §6.4.5 partial: "<" origin "." length ">"; the response names only the origin.
    std::size_t dot = tail.find('.');
    if (tail.front() != '<' || tail.back() != '>' || dot == std::string_view::npos) return false;
    auto o = number(tail.substr(1, dot - 1));
    auto n = number(tail.substr(dot + 1, tail.size() - dot - 2));
    if (!o || !n || *n == 0) return false;
    item.partial = true;
    item.origin = *o;
    item.length = *n;
    item.response += "<" + std::to_string(*o) + ">";
  }
  out.push_back(std::move(item));
  return true;
}

}  // namespace

struct Server::FetchJob {
  std::string tag;
  bool uid = false, sets_seen = false;
  std::vector<FetchItem> items;
  std::vector<std::size_t> seqs;
  std::size_t next = 0;  // index into seqs of the next message to answer
};

namespace {
std::string fetch_done(bool uid) { return std::string(uid ? "UID " : "") + "FETCH completed"; }
}  // namespace

Server::Reply Server::cmd_fetch(Request& r) {
  using K = FetchItem::Kind;
  if (r.args.size() != 2) return {"BAD", "FETCH needs a set and fetch items"};
  std::vector<FetchItem> items;
  const auto& list = r.args[1].kind == Value::Kind::List ? r.args[1].items : std::vector<Value>{r.args[1]};
  if (list.empty()) return {"BAD", "empty fetch item list"};
  for (const auto& v : list)
    if (!parse_item(v, items)) return {"BAD", "unknown fetch item " + v.text};
  std::string error;
  // Check every section's syntax before answering anything.
  for (const auto& it : items)
    if (it.kind == K::Section && !section_text("", it.section, error)) return {"BAD", error};
  auto seqs = resolve(r.args[0], r.uid, error);
  if (!error.empty()) return {"BAD", error};
  bool has_uid = false, sets_seen = false;
  for (const auto& it : items) has_uid |= it.kind == K::Uid, sets_seen |= it.kind == K::Section && !it.peek;
  if (r.uid && !has_uid) items.insert(items.begin(), FetchItem{K::Uid, {}, {}});  // RFC 3501 §6.4.8
  auto job = std::make_shared<FetchJob>(FetchJob{r.tag, r.uid, sets_seen, std::move(items), std::move(seqs)});
  if (fetch_some(*job)) return {"OK", fetch_done(r.uid)};
  fetch_job_ = std::move(job);  // the rest as the client reads (handle_writable)
  return {"", {}};
}

void Server::handle_writable(Instant now) {
  if (!fetch_job_ || closing_ || !fetch_some(*fetch_job_)) return;
  std::shared_ptr<FetchJob> job = std::move(fetch_job_);
  fetch_job_.reset();
  finish(job->tag, job->uid, "FETCH", {"OK", fetch_done(job->uid)});
  run_commands(now);  // those the client pipelined behind it
}

bool Server::fetch_some(FetchJob& job) {
  std::size_t written = 0;
  while (job.next < job.seqs.size()) {
    if (written >= kFetchBudget) return false;
    if (!folder()) return true;  // deleted meanwhile: the sync after it says BYE
    written += fetch_one(job, job.seqs[job.next++]);
  }
  return true;
}

std::size_t Server::fetch_one(FetchJob& job, std::size_t seq) {
  using K = FetchItem::Kind;
  std::string error;
  std::uint32_t uid = view_->uids[seq - 1];
  const store::Message* m = folder()->find(uid);
  if (!m) return 0;  // expunged by another session, not yet reported (RFC 3501 §7.4.1)
  bool add_flags = false;
  if (job.sets_seen && read_write() && !m->flags.has(store::SystemFlag::Seen)) {
    // RFC 3501 §6.4.5: BODY[...] (not PEEK) sets \Seen; the new FLAGS are reported.
    store::Flags seen;
    seen.set(store::SystemFlag::Seen, true);
    record(store_.set_flags(user_, view_->folder, {uid}, store::FlagOp::Add, seen));
    m = folder()->find(uid);
    view_->flags[uid] = m->flags;
    add_flags = true;
  }
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : " ") + s; };
  bool flags_done = false;
  for (const auto& it : job.items) {
    switch (it.kind) {
      case K::Flags: {
        std::string f = flags_response(seq, false);
        add(f.substr(f.find("FLAGS"), f.size() - f.find("FLAGS") - 1));
        flags_done = true;
        break;
      }
      case K::Uid: add("UID " + std::to_string(uid)); break;
      case K::InternalDate: add("INTERNALDATE \"" + format_internal_date(m->internal_date + std::chrono::seconds(config_.epoch_unix)) + "\""); break;
      case K::Size: add("RFC822.SIZE " + std::to_string(m->size())); break;
      case K::Envelope: add("ENVELOPE " + envelope(m->bytes())); break;
      case K::Body: add("BODY " + body_structure(m->bytes(), false)); break;
      case K::BodyStructure: add("BODYSTRUCTURE " + body_structure(m->bytes(), true)); break;
      case K::Section: {
        std::string text = *section_text(m->bytes(), it.section, error);
        if (it.partial) text = it.origin >= text.size() ? std::string() : text.substr(it.origin, it.length);
        add(it.response + " " + quote(text));
        break;
      }
    }
  }
  if (add_flags && !flags_done) {
    std::string f = flags_response(seq, false);
    add(f.substr(f.find("FLAGS"), f.size() - f.find("FLAGS") - 1));
  }
  untagged(std::to_string(seq) + " FETCH (" + out + ")");
  return out.size();
}

}  // namespace protocols::imap
