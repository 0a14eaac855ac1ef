// The mail store a mail server keeps on its (simulated) disk: users, each with folders
// (INBOX always; hierarchy delimiter "/"), each folder with UIDVALIDITY, UIDNEXT and messages
// (UID, flags, internal date, shared immutable raw bytes). Sessions (IMAP, POP3) hold a
// Store& and change it directly; every change bumps a store-wide sequence number and the
// folder's modseq, and is returned as a Change the host can trace, so a second session on
// the same folder can notice and report it (RFC 3501 §7.3.1 EXISTS, §7.4.1 EXPUNGE, §7.4.2
// FETCH). A per-user maildrop lock gives POP3 its exclusive access (RFC 1939 §8 [IN-USE]).
// Leaves out: quotas, ACLs (RFC 4314), CONDSTORE modseq on the wire (RFC 7162), \Noselect
// folders (deleting a folder that has children is refused instead).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <deque>
#include <vector>

#include "protocols/store/flags.hpp"
#include "protocols/time.hpp"

namespace protocols::store {

constexpr char kDelimiter = '/';

struct Message {
  std::uint32_t uid = 0;
  Flags flags;
  Instant internal_date{};
  std::shared_ptr<const std::string> raw;  // shared between copies, never modified
  std::uint64_t modseq = 0;                // store sequence of the last change to this message
  std::size_t size() const { return raw ? raw->size() : 0; }
  std::string_view bytes() const { return raw ? std::string_view(*raw) : std::string_view(); }
};

struct Folder {
  std::string name;  // full name, "INBOX" or "Archive/2024"
  std::uint32_t uidvalidity = 1;
  std::uint32_t uidnext = 1;
  std::uint32_t recent_uid = 1;  // messages with uid >= this are \Recent for the next SELECT
  bool subscribed = false;
  std::uint64_t modseq = 0;          // store sequence of the last change to this folder
  std::vector<Message> messages;     // ascending UID order (RFC 3501 §2.3.1.1)

  const Message* find(std::uint32_t uid) const;
  Message* find(std::uint32_t uid);
};

struct User {
  std::string name;
  std::string password;  // the server's password file: the simulated wire is plain text anyway
  std::map<std::string, Folder> folders;  // ordered: deterministic LIST and serialisation
};

enum class ChangeKind : std::uint8_t { Append, Expunge, Flags, Copy, Move, Create, Delete, Rename, Subscribe };
std::string_view to_string(ChangeKind k);  // "append", "expunge", "flags", "copy", "move", ...

// One change, as the host traces it.
struct Change {
  std::uint64_t seq = 0;
  ChangeKind kind = ChangeKind::Append;
  std::string user;
  std::string folder;                    // the folder changed (for copy/move: the target)
  std::string source_folder;             // copy/move source; rename: the old name
  std::vector<std::uint32_t> uids;       // affected UIDs in `folder`
  std::vector<std::uint32_t> source_uids;  // copy/move: the matching UIDs in the source
  // Append, flags, copy, move, and a rename of INBOX (its messages move to the new name with
  // new UIDs): each message's flags after the change, one per entry of `uids`.
  std::vector<Flags> flags;
  std::uint32_t uidvalidity = 0;         // of `folder`, for APPENDUID/COPYUID (RFC 4315)
  std::string describe() const;          // "append alice/INBOX uid 3 (120 bytes)"
  std::size_t bytes = 0;                 // append: size of the message
};

// Either a change or the reason there was none.
struct Outcome {
  std::optional<Change> change;
  std::string error;
  explicit operator bool() const { return change.has_value(); }
};

enum class FlagOp : std::uint8_t { Add, Remove, Replace };

class Store {
 public:
  // Users. Adding a user creates their INBOX.
  bool add_user(std::string_view name, std::string_view password);
  const User* user(std::string_view name) const;
  bool check_password(std::string_view user, std::string_view password) const;
  std::vector<std::string> user_names() const;

  // Folders. Names are canonical: "inbox" in any case is "INBOX" (RFC 3501 §5.1).
  static std::string canonical(std::string_view folder);
  const Folder* folder(std::string_view user, std::string_view folder) const;
  std::vector<std::string> folder_names(std::string_view user) const;
  Outcome create(std::string_view user, std::string_view folder);    // creates missing parents
  Outcome remove_folder(std::string_view user, std::string_view folder);  // RFC 3501 §6.3.4
  Outcome rename(std::string_view user, std::string_view from, std::string_view to);  // §6.3.5
  Outcome subscribe(std::string_view user, std::string_view folder, bool on);

  // Messages.
  Outcome append(std::string_view user, std::string_view folder, std::string raw, Flags flags, Instant date);
  // Sets, adds or removes flags on the listed UIDs; the change lists the UIDs whose flags moved.
  Outcome set_flags(std::string_view user, std::string_view folder, const std::vector<std::uint32_t>& uids,
                    FlagOp op, const Flags& flags);
  // Removes \Deleted messages; when `only` is given, only those UIDs (UID EXPUNGE, RFC 4315).
  Outcome expunge(std::string_view user, std::string_view folder,
                  const std::optional<std::vector<std::uint32_t>>& only = std::nullopt);
  // Removes the listed messages whatever their flags (POP3 UPDATE state, RFC 1939 §6).
  Outcome remove_messages(std::string_view user, std::string_view folder, const std::vector<std::uint32_t>& uids);
  Outcome copy(std::string_view user, std::string_view from, const std::vector<std::uint32_t>& uids,
               std::string_view to);
  Outcome move(std::string_view user, std::string_view from, const std::vector<std::uint32_t>& uids,
               std::string_view to);  // RFC 6851: copy, then expunge from the source
  // Claims the messages not yet seen by any SELECT: returns the first UID that is \Recent
  // for this session and moves the mark past UIDNEXT (RFC 3501 §2.3.2 \Recent).
  std::uint32_t claim_recent(std::string_view user, std::string_view folder);

  // POP3 exclusive access (RFC 1939 §8). Tokens are never 0. Locks are not serialised.
  std::optional<std::uint64_t> lock_maildrop(std::string_view user);
  void unlock_maildrop(std::string_view user, std::uint64_t token);
  bool maildrop_locked(std::string_view user) const;

  // The sequence number of the last change; sessions compare it to notice others' changes.
  std::uint64_t change_seq() const { return seq_; }
  // The most recent changes (bounded), oldest first, for hosts and IDLE sessions.
  std::vector<Change> changes_since(std::uint64_t seq) const;

  // Deterministic, versioned serialisation (store_codec.cpp).
  std::string serialize() const;
  static std::optional<Store> deserialize(std::string_view bytes, std::string* error = nullptr);

  bool operator==(const Store& other) const;  // content equality (ignores locks and the log)

 private:
  Folder* folder_mut(std::string_view user, std::string_view folder);
  Change record(Change c);

  std::map<std::string, User> users_;
  std::uint64_t seq_ = 0;
  std::uint32_t next_uidvalidity_ = 1;
  std::map<std::string, std::uint64_t> locks_;
  std::uint64_t next_lock_ = 1;
  std::deque<Change> log_;  // bounded by kChangeLogLimit: pop_front, not an erase that shifts
  friend struct StoreCodec;
};

constexpr std::size_t kChangeLogLimit = 1024;

}  // namespace protocols::store
