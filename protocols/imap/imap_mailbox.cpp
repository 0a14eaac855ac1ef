// IMAP mailbox commands (RFC 3501 §6.3): CREATE, DELETE, RENAME, SUBSCRIBE/UNSUBSCRIBE,
// LIST/LSUB with "*" and "%" patterns and RFC 3348 child attributes, STATUS, APPEND with
// flags, date-time and APPENDUID (RFC 4315 §3); NAMESPACE (RFC 2342). See imap_server.hpp.
// Leaves out: LIST-EXTENDED (RFC 5258), mailbox name UTF-7, \Noselect names.
#include <algorithm>

#include "protocols/imap/imap_date.hpp"
#include "protocols/imap/imap_reply.hpp"
#include "protocols/imap/imap_server.hpp"

namespace protocols::imap {
namespace {

using Reply = Server::Reply;
using reply::bad;
using reply::no;
using reply::ok;

// RFC 3501 §6.3.8: "*" matches anything, "%" anything but the hierarchy delimiter.
bool glob(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= name.size(); ++i)
      if (glob(pattern.substr(1), name.substr(i))) return true;
    return false;
  }
  if (pattern[0] == '%') {
    for (std::size_t i = 0; i <= name.size(); ++i) {
      if (glob(pattern.substr(1), name.substr(i))) return true;
      if (i < name.size() && name[i] == store::kDelimiter) return false;
    }
    return false;
  }
  return !name.empty() && name[0] == pattern[0] && glob(pattern.substr(1), name.substr(1));
}

}  // namespace

Reply Server::cmd_create(Request& r) {
  if (r.args.size() != 1 || !r.args[0].is_string_like()) return bad("CREATE needs a mailbox name");
  std::string name = r.args[0].text;
  if (!name.empty() && name.back() == store::kDelimiter) name.pop_back();  // RFC 3501 §6.3.3
  store::Outcome o = store_.create(user_, name);
  record(o);
  return o ? ok("CREATE completed") : no(o.error == "mailbox already exists" ? "[ALREADYEXISTS] " + o.error : o.error);
}

Reply Server::cmd_delete(Request& r) {
  if (r.args.size() != 1 || !r.args[0].is_string_like()) return bad("DELETE needs a mailbox name");
  store::Outcome o = store_.remove_folder(user_, r.args[0].text);
  record(o);
  return o ? ok("DELETE completed") : no(o.error);
}

Reply Server::cmd_rename(Request& r) {
  if (r.args.size() != 2 || !r.args[0].is_string_like() || !r.args[1].is_string_like())
    return bad("RENAME needs two mailbox names");
  store::Outcome o = store_.rename(user_, r.args[0].text, r.args[1].text);
  record(o);
  // The selected mailbox (or one of its parents) renamed by this session stays selected
  // under its new name; renaming INBOX empties it instead (RFC 3501 §6.3.5).
  if (o && view_ && o.change->source_folder != "INBOX") {
    const std::string& from = o.change->source_folder;
    if (view_->folder == from || view_->folder.rfind(from + store::kDelimiter, 0) == 0)
      view_->folder = o.change->folder + view_->folder.substr(from.size());
  }
  return o ? ok("RENAME completed") : no(o.error);
}

Reply Server::cmd_subscribe(Request& r) {
  if (r.args.size() != 1 || !r.args[0].is_string_like()) return bad(r.verb + " needs a mailbox name");
  store::Outcome o = store_.subscribe(user_, r.args[0].text, r.verb == "SUBSCRIBE");
  record(o);
  return o ? ok(r.verb + " completed") : no(o.error);
}

Reply Server::cmd_list(Request& r) {
  if (r.args.size() != 2 || !r.args[0].is_string_like() || !r.args[1].is_string_like())
    return bad(r.verb + " needs a reference and a mailbox pattern");
  bool lsub = r.verb == "LSUB";
  const std::string& pattern = r.args[1].text;
  // RFC 3501 §6.3.8: an empty pattern asks for the delimiter and root.
  if (pattern.empty()) {
    untagged(r.verb + " (\\Noselect) \"/\" \"\"");
    return ok(r.verb + " completed");
  }
  std::string full = store::Store::canonical(r.args[0].text + pattern);
  const store::User* u = store_.user(user_);
  for (const auto& [name, f] : u->folders) {
    if (!glob(full, name) || (lsub && !f.subscribed)) continue;
    auto next = u->folders.upper_bound(name);
    bool children = next != u->folders.end() && next->first.rfind(name + store::kDelimiter, 0) == 0;
    untagged(r.verb + " (" + (children ? "\\HasChildren" : "\\HasNoChildren") + ") \"/\" " + astring(name));
  }
  return ok(r.verb + " completed");
}

Reply Server::cmd_status(Request& r) {
  if (r.args.size() != 2 || !r.args[0].is_string_like() || r.args[1].kind != Value::Kind::List)
    return bad("STATUS needs a mailbox name and a list of items");
  const store::Folder* f = store_.folder(user_, r.args[0].text);
  if (!f) return no("[NONEXISTENT] no such mailbox");
  std::string items;
  for (const auto& item : r.args[1].items) {
    std::string name = item.upper();
    std::size_t n = 0;
    // RFC 3501 §6.3.10 status attributes.
    if (name == "MESSAGES") n = f->messages.size();
    else if (name == "UIDNEXT") n = f->uidnext;
    else if (name == "UIDVALIDITY") n = f->uidvalidity;
    else if (name == "RECENT")
      n = static_cast<std::size_t>(std::count_if(f->messages.begin(), f->messages.end(),
                                                 [&](const store::Message& m) { return m.uid >= f->recent_uid; }));
    else if (name == "UNSEEN")
      n = static_cast<std::size_t>(std::count_if(f->messages.begin(), f->messages.end(), [](const store::Message& m) {
        return !m.flags.has(store::SystemFlag::Seen);
      }));
    else return bad("unknown STATUS item " + item.text);
    items += (items.empty() ? "" : " ") + name + " " + std::to_string(n);
  }
  untagged("STATUS " + astring(f->name) + " (" + items + ")");
  return ok("STATUS completed");
}

Reply Server::cmd_append(Request& r) {
  // RFC 3501 §6.3.11: APPEND mailbox [flag-list] [date-time] literal
  if (r.args.size() < 2 || r.args.size() > 4 || !r.args[0].is_string_like() ||
      r.args.back().kind != Value::Kind::String)
    return bad("APPEND needs a mailbox name and a message literal");
  store::Flags flags;
  Instant date = r.now;
  for (std::size_t i = 1; i + 1 < r.args.size(); ++i) {
    const Value& v = r.args[i];
    if (v.kind == Value::Kind::List) {
      auto f = flag_list({v}, 0);
      if (!f) return bad("invalid flag in APPEND");
      flags = *f;
    } else if (v.kind == Value::Kind::String) {
      auto d = parse_date_time(v.text);
      if (!d) return bad("invalid date-time in APPEND");
      date = *d - std::chrono::seconds(config_.epoch_unix);
    } else {
      return bad("unexpected APPEND argument " + v.text);
    }
  }
  if (!store_.folder(user_, r.args[0].text)) return no("[TRYCREATE] no such mailbox");
  store::Outcome o = store_.append(user_, r.args[0].text, r.args.back().text, flags, date);
  record(o);
  if (!o) return no(o.error);
  // RFC 4315 §3: APPENDUID uidvalidity uid
  return ok("[APPENDUID " + std::to_string(o.change->uidvalidity) + " " + std::to_string(o.change->uids[0]) +
            "] APPEND completed");
}

Reply Server::cmd_namespace(Request&) {
  untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");  // RFC 2342 §5: personal only
  return ok("NAMESPACE completed");
}

}  // namespace protocols::imap
