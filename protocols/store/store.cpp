// Mail store operations: users, folders (RFC 3501 §6.3.3-§6.3.7), messages (append, flags,
// expunge, copy, move), the change log and the POP3 maildrop lock. See store.hpp.
#include "protocols/store/store.hpp"

#include <algorithm>
#include <cassert>

namespace protocols::store {
namespace {

bool iequal_inbox(std::string_view s) {
  if (s.size() != 5) return false;
  for (std::size_t i = 0; i < 5; ++i)
    if ((s[i] | 0x20) != "inbox"[i]) return false;
  return true;
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  if (name.front() == kDelimiter || name.back() == kDelimiter) return false;
  if (name.find("//") != std::string_view::npos) return false;
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f || c == '*' || c == '%') return false;
  return true;
}

bool contains(const std::vector<std::uint32_t>& v, std::uint32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string uid_list(const std::vector<std::uint32_t>& uids) {
  std::string s;
  for (std::size_t i = 0; i < uids.size() && i < 8; ++i) s += (i ? "," : "") + std::to_string(uids[i]);
  if (uids.size() > 8) s += ",...";
  return s;
}

}  // namespace

const Message* Folder::find(std::uint32_t uid) const {
  auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                             [](const Message& m, std::uint32_t u) { return m.uid < u; });
  return it != messages.end() && it->uid == uid ? &*it : nullptr;
}
Message* Folder::find(std::uint32_t uid) {
  return const_cast<Message*>(static_cast<const Folder*>(this)->find(uid));
}

std::string_view to_string(ChangeKind k) {
  switch (k) {
    case ChangeKind::Append: return "append";
    case ChangeKind::Expunge: return "expunge";
    case ChangeKind::Flags: return "flags";
    case ChangeKind::Copy: return "copy";
    case ChangeKind::Move: return "move";
    case ChangeKind::Create: return "create";
    case ChangeKind::Delete: return "delete";
    case ChangeKind::Rename: return "rename";
    case ChangeKind::Subscribe: return "subscribe";
  }
  return "?";
}

std::string Change::describe() const {
  std::string s = std::string(to_string(kind)) + " " + user + "/" + folder;
  if (!source_folder.empty()) s += " from " + source_folder;
  if (!uids.empty()) s += (uids.size() == 1 ? " uid " : " uids ") + uid_list(uids);
  if (kind == ChangeKind::Append) s += " (" + std::to_string(bytes) + " bytes)";
  return s;
}

bool Store::add_user(std::string_view name, std::string_view password) {
  if (name.empty() || users_.count(std::string(name))) return false;
  User u;
  u.name = std::string(name);
  u.password = std::string(password);
  Folder inbox;
  inbox.name = "INBOX";
  inbox.uidvalidity = next_uidvalidity_++;
  inbox.subscribed = true;
  u.folders.emplace("INBOX", std::move(inbox));
  users_.emplace(u.name, std::move(u));
  return true;
}

const User* Store::user(std::string_view name) const {
  auto it = users_.find(std::string(name));
  return it == users_.end() ? nullptr : &it->second;
}

bool Store::check_password(std::string_view name, std::string_view password) const {
  const User* u = user(name);
  return u && u->password == password;
}

std::vector<std::string> Store::user_names() const {
  std::vector<std::string> out;
  for (const auto& [n, u] : users_) out.push_back(n);
  return out;
}

std::string Store::canonical(std::string_view folder) {
  // RFC 3501 §5.1: INBOX is case-insensitive, also as the first level of a hierarchy.
  if (iequal_inbox(folder)) return "INBOX";
  if (folder.size() > 5 && iequal_inbox(folder.substr(0, 5)) && folder[5] == kDelimiter)
    return "INBOX" + std::string(folder.substr(5));
  return std::string(folder);
}

const Folder* Store::folder(std::string_view user_name, std::string_view name) const {
  const User* u = user(user_name);
  if (!u) return nullptr;
  auto it = u->folders.find(canonical(name));
  return it == u->folders.end() ? nullptr : &it->second;
}

Folder* Store::folder_mut(std::string_view user_name, std::string_view name) {
  return const_cast<Folder*>(folder(user_name, name));
}

std::vector<std::string> Store::folder_names(std::string_view user_name) const {
  std::vector<std::string> out;
  if (const User* u = user(user_name))
    for (const auto& [n, f] : u->folders) out.push_back(n);
  return out;
}

Change Store::record(Change c) {
  c.seq = ++seq_;
  log_.push_back(c);
  while (log_.size() > kChangeLogLimit) log_.pop_front();
  return c;
}

std::vector<Change> Store::changes_since(std::uint64_t seq) const {
  // The log is in seq order: find the first newer change instead of scanning all of it.
  auto first = std::partition_point(log_.begin(), log_.end(), [seq](const Change& c) { return c.seq <= seq; });
  return std::vector<Change>(first, log_.end());
}

Outcome Store::create(std::string_view user_name, std::string_view raw_name) {
  auto uit = users_.find(std::string(user_name));
  if (uit == users_.end()) return {std::nullopt, "no such user"};
  std::string name = canonical(raw_name);
  if (!valid_name(name)) return {std::nullopt, "invalid mailbox name"};
  auto& folders = uit->second.folders;
  if (folders.count(name)) return {std::nullopt, "mailbox already exists"};
  // RFC 3501 §6.3.3: the server SHOULD create superior hierarchical names that are missing.
  for (std::size_t pos = name.find(kDelimiter); ; pos = name.find(kDelimiter, pos + 1)) {
    std::string part = pos == std::string::npos ? name : name.substr(0, pos);
    if (!folders.count(part)) {
      Folder f;
      f.name = part;
      f.uidvalidity = next_uidvalidity_++;
      f.modseq = seq_ + 1;
      folders.emplace(part, std::move(f));
    }
    if (pos == std::string::npos) break;
  }
  Change c;
  c.kind = ChangeKind::Create;
  c.user = std::string(user_name);
  c.folder = name;
  c.uidvalidity = folders[name].uidvalidity;
  return {record(std::move(c)), {}};
}

Outcome Store::remove_folder(std::string_view user_name, std::string_view raw_name) {
  auto uit = users_.find(std::string(user_name));
  if (uit == users_.end()) return {std::nullopt, "no such user"};
  std::string name = canonical(raw_name);
  // RFC 3501 §6.3.4: it is an error to delete INBOX.
  if (name == "INBOX") return {std::nullopt, "cannot delete INBOX"};
  auto& folders = uit->second.folders;
  if (!folders.count(name)) return {std::nullopt, "no such mailbox"};
  auto next = folders.upper_bound(name);
  if (next != folders.end() && next->first.rfind(name + kDelimiter, 0) == 0)
    return {std::nullopt, "mailbox has inferior hierarchical names"};
  folders.erase(name);
  Change c;
  c.kind = ChangeKind::Delete;
  c.user = std::string(user_name);
  c.folder = name;
  return {record(std::move(c)), {}};
}

Outcome Store::rename(std::string_view user_name, std::string_view raw_from, std::string_view raw_to) {
  auto uit = users_.find(std::string(user_name));
  if (uit == users_.end()) return {std::nullopt, "no such user"};
  std::string from = canonical(raw_from), to = canonical(raw_to);
  auto& folders = uit->second.folders;
  if (!folders.count(from)) return {std::nullopt, "no such mailbox"};
  if (!valid_name(to) || to == "INBOX") return {std::nullopt, "invalid target name"};
  if (folders.count(to)) return {std::nullopt, "target mailbox already exists"};
  if (to.rfind(from + kDelimiter, 0) == 0) return {std::nullopt, "cannot rename a mailbox into itself"};
  Change c;
  c.kind = ChangeKind::Rename;
  c.user = std::string(user_name);
  c.folder = to;
  c.source_folder = from;
  if (from == "INBOX") {
    // RFC 3501 §6.3.5: renaming INBOX moves its messages to the new name and leaves INBOX
    // empty; inferior names of INBOX are not renamed. The change lists the messages with
    // their new UIDs, as a move would.
    Outcome made = create(user_name, to);
    if (!made) return made;
    Folder& src = folders["INBOX"];
    Folder& dst = folders[to];
    for (auto& m : src.messages) {
      m.uid = dst.uidnext++;
      c.uids.push_back(m.uid);
      c.flags.push_back(m.flags);
      dst.messages.push_back(std::move(m));
    }
    src.messages.clear();
    src.modseq = dst.modseq = seq_ + 1;
    c.uidvalidity = dst.uidvalidity;
  } else {
    // The folder and its inferiors move; UIDVALIDITY stays (the messages keep their UIDs).
    std::vector<std::string> names;
    for (const auto& [n, f] : folders)
      if (n == from || n.rfind(from + kDelimiter, 0) == 0) names.push_back(n);
    for (const auto& n : names) {
      auto node = folders.extract(n);
      node.key() = to + n.substr(from.size());
      node.mapped().name = node.key();
      node.mapped().modseq = seq_ + 1;
      folders.insert(std::move(node));
    }
    // Parents of the new name exist too (as CREATE would make them).
    for (std::size_t pos = to.find(kDelimiter); pos != std::string::npos; pos = to.find(kDelimiter, pos + 1)) {
      std::string part = to.substr(0, pos);
      if (!folders.count(part)) {
        Folder f;
        f.name = part;
        f.uidvalidity = next_uidvalidity_++;
        folders.emplace(part, std::move(f));
      }
    }
  }
  return {record(std::move(c)), {}};
}

Outcome Store::subscribe(std::string_view user_name, std::string_view name, bool on) {
  Folder* f = folder_mut(user_name, name);
  if (!f) return {std::nullopt, "no such mailbox"};
  f->subscribed = on;
  Change c;
  c.kind = ChangeKind::Subscribe;
  c.user = std::string(user_name);
  c.folder = f->name;
  return {record(std::move(c)), {}};
}

Outcome Store::append(std::string_view user_name, std::string_view name, std::string raw, Flags flags,
                      Instant date) {
  Folder* f = folder_mut(user_name, name);
  if (!f) return {std::nullopt, "no such mailbox"};
  Message m;
  m.uid = f->uidnext++;
  m.flags = std::move(flags);
  m.internal_date = date;
  m.raw = std::make_shared<const std::string>(std::move(raw));
  m.modseq = f->modseq = seq_ + 1;
  Change c;
  c.kind = ChangeKind::Append;
  c.user = std::string(user_name);
  c.folder = f->name;
  c.uids = {m.uid};
  c.flags = {m.flags};
  c.uidvalidity = f->uidvalidity;
  c.bytes = m.size();
  f->messages.push_back(std::move(m));
  return {record(std::move(c)), {}};
}

Outcome Store::set_flags(std::string_view user_name, std::string_view name, const std::vector<std::uint32_t>& uids,
                         FlagOp op, const Flags& flags) {
  Folder* f = folder_mut(user_name, name);
  if (!f) return {std::nullopt, "no such mailbox"};
  Change c;
  c.kind = ChangeKind::Flags;
  c.user = std::string(user_name);
  c.folder = f->name;
  c.uidvalidity = f->uidvalidity;
  for (auto& m : f->messages) {
    if (!contains(uids, m.uid)) continue;
    Flags before = m.flags;
    if (op == FlagOp::Add) m.flags.add_all(flags);
    else if (op == FlagOp::Remove) m.flags.remove_all(flags);
    else m.flags = flags;
    if (!(m.flags == before)) {
      m.modseq = f->modseq = seq_ + 1;
      c.uids.push_back(m.uid);
      c.flags.push_back(m.flags);
    }
  }
  return {record(std::move(c)), {}};
}

Outcome Store::expunge(std::string_view user_name, std::string_view name,
                       const std::optional<std::vector<std::uint32_t>>& only) {
  const Folder* f = folder(user_name, name);
  if (!f) return {std::nullopt, "no such mailbox"};
  std::vector<std::uint32_t> uids;
  for (const auto& m : f->messages)
    if (m.flags.has(SystemFlag::Deleted) && (!only || contains(*only, m.uid))) uids.push_back(m.uid);
  return remove_messages(user_name, name, uids);
}

Outcome Store::remove_messages(std::string_view user_name, std::string_view name,
                               const std::vector<std::uint32_t>& uids) {
  Folder* f = folder_mut(user_name, name);
  if (!f) return {std::nullopt, "no such mailbox"};
  Change c;
  c.kind = ChangeKind::Expunge;
  c.user = std::string(user_name);
  c.folder = f->name;
  c.uidvalidity = f->uidvalidity;
  for (const auto& m : f->messages)
    if (contains(uids, m.uid)) c.uids.push_back(m.uid);
  std::erase_if(f->messages, [&](const Message& m) { return contains(uids, m.uid); });
  if (!c.uids.empty()) f->modseq = seq_ + 1;
  return {record(std::move(c)), {}};
}

Outcome Store::copy(std::string_view user_name, std::string_view from, const std::vector<std::uint32_t>& uids,
                    std::string_view to) {
  const Folder* src = folder(user_name, from);
  Folder* dst = folder_mut(user_name, to);
  if (!src) return {std::nullopt, "no such mailbox"};
  // RFC 3501 §6.4.7: a missing destination is NO [TRYCREATE].
  if (!dst) return {std::nullopt, "[TRYCREATE] no such destination mailbox"};
  Change c;
  c.kind = ChangeKind::Copy;
  c.user = std::string(user_name);
  c.folder = dst->name;
  c.source_folder = src->name;
  c.uidvalidity = dst->uidvalidity;
  std::vector<Message> copies;
  for (const auto& m : src->messages) {
    if (!contains(uids, m.uid)) continue;
    Message n = m;  // shares the raw bytes
    n.uid = dst->uidnext++;
    n.modseq = seq_ + 1;
    c.source_uids.push_back(m.uid);
    c.uids.push_back(n.uid);
    c.flags.push_back(n.flags);
    copies.push_back(std::move(n));
  }
  for (auto& n : copies) dst->messages.push_back(std::move(n));
  if (!c.uids.empty()) dst->modseq = seq_ + 1;
  return {record(std::move(c)), {}};
}

Outcome Store::move(std::string_view user_name, std::string_view from, const std::vector<std::uint32_t>& uids,
                    std::string_view to) {
  if (canonical(from) == canonical(to)) return {std::nullopt, "source and destination are the same mailbox"};
  Outcome copied = copy(user_name, from, uids, to);
  if (!copied) return copied;
  // One traced change for the move: the copy's log entry becomes the move (same seq).
  Change c = *copied.change;
  c.kind = ChangeKind::Move;
  Folder* s = folder_mut(user_name, from);
  std::erase_if(s->messages, [&](const Message& m) { return contains(c.source_uids, m.uid); });
  if (!c.uids.empty()) s->modseq = c.seq;
  log_.back() = c;
  return {c, {}};
}

std::uint32_t Store::claim_recent(std::string_view user_name, std::string_view name) {
  Folder* f = folder_mut(user_name, name);
  if (!f) return 0;
  std::uint32_t first = f->recent_uid;
  f->recent_uid = f->uidnext;
  return first;
}

std::optional<std::uint64_t> Store::lock_maildrop(std::string_view user_name) {
  if (!user(user_name) || locks_.count(std::string(user_name))) return std::nullopt;
  std::uint64_t token = next_lock_++;
  locks_.emplace(std::string(user_name), token);
  return token;
}

void Store::unlock_maildrop(std::string_view user_name, std::uint64_t token) {
  auto it = locks_.find(std::string(user_name));
  if (it != locks_.end() && it->second == token) locks_.erase(it);
}

bool Store::maildrop_locked(std::string_view user_name) const { return locks_.count(std::string(user_name)) > 0; }

}  // namespace protocols::store
