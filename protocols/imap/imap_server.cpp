// IMAP server engine: framing, dispatch table, state changes, untagged updates, and the
// mailbox and message commands other than FETCH and SEARCH. See imap_server.hpp.
#include "protocols/imap/imap_reply.hpp"
#include "protocols/imap/imap_server.hpp"
#include "protocols/take_front.hpp"

#include <algorithm>
#include <utility>


namespace protocols::imap {
namespace {

constexpr unsigned kNA = 1u << static_cast<unsigned>(State::NotAuthenticated);
constexpr unsigned kAU = 1u << static_cast<unsigned>(State::Authenticated);
constexpr unsigned kSE = 1u << static_cast<unsigned>(State::Selected);
constexpr unsigned kAny = kNA | kAU | kSE;

using Reply = Server::Reply;
using reply::bad;
using reply::no;
using reply::ok;

// "1:3,5" from ascending UIDs (RFC 4315 uid-set).
std::string uid_set(const std::vector<std::uint32_t>& uids) {
  std::string out;
  for (std::size_t i = 0; i < uids.size();) {
    std::size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(uids[i]);
    if (j > i) out += std::string(":") + std::to_string(uids[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace

struct Server::Command {
  std::string_view verb;
  Handler handler;
  unsigned states;
  bool uid_form;  // may follow "UID" (RFC 3501 §6.4.8, RFC 4315, RFC 6851)
};

// RFC 3501 §6 and the extensions: the commands, the states each is valid in.
const std::vector<Server::Command>& Server::commands() {
  static const std::vector<Command> table = {
      {"CAPABILITY", &Server::cmd_capability, kAny, false}, {"NOOP", &Server::cmd_noop, kAny, false},
      {"LOGOUT", &Server::cmd_logout, kAny, false},         {"LOGIN", &Server::cmd_login, kNA, false},
      {"AUTHENTICATE", &Server::cmd_authenticate, kNA, false},  // RFC 3501 §6.2.2
      {"ID", &Server::cmd_id, kAny, false},                 // RFC 2971 §3.1: valid in all states
      {"ENABLE", &Server::cmd_enable, kAU, false},          // RFC 5161 §3.1: Authenticated only
      {"SELECT", &Server::cmd_select, kAU | kSE, false},    {"EXAMINE", &Server::cmd_select, kAU | kSE, false},
      {"CREATE", &Server::cmd_create, kAU | kSE, false},    {"DELETE", &Server::cmd_delete, kAU | kSE, false},
      {"RENAME", &Server::cmd_rename, kAU | kSE, false},    {"SUBSCRIBE", &Server::cmd_subscribe, kAU | kSE, false},
      {"UNSUBSCRIBE", &Server::cmd_subscribe, kAU | kSE, false},
      {"LIST", &Server::cmd_list, kAU | kSE, false},        {"LSUB", &Server::cmd_list, kAU | kSE, false},
      {"STATUS", &Server::cmd_status, kAU | kSE, false},    {"APPEND", &Server::cmd_append, kAU | kSE, false},
      {"NAMESPACE", &Server::cmd_namespace, kAU | kSE, false}, {"IDLE", &Server::cmd_idle, kAU | kSE, false},
      {"CHECK", &Server::cmd_check, kSE, false},            {"CLOSE", &Server::cmd_close, kSE, false},
      {"EXPUNGE", &Server::cmd_expunge, kSE, true},         {"SEARCH", &Server::cmd_search, kSE, true},
      {"FETCH", &Server::cmd_fetch, kSE, true},             {"STORE", &Server::cmd_store, kSE, true},
      {"COPY", &Server::cmd_copy, kSE, true},               {"MOVE", &Server::cmd_copy, kSE, true},
  };
  return table;
}

std::vector<Server::CommandSpec> Server::command_specs() {
  std::vector<CommandSpec> out;
  for (const auto& c : commands()) {
    CommandSpec spec{c.verb, {}};
    for (State st : {State::NotAuthenticated, State::Authenticated, State::Selected, State::Logout})
      if (c.states & (1u << static_cast<unsigned>(st))) spec.states.push_back(st);
    out.push_back(std::move(spec));
  }
  return out;
}

Server::Server(store::Store& store, ServerConfig config)
    : store_(store), config_(std::move(config)), reader_(config_.limits) {}

void Server::handle_connected(Instant now) {
  if (config_.over_connection_limit) {
    untagged("BYE too many connections, try again later");
    set_state(State::Logout);
    closing_ = true;
    return;
  }
  // RFC 3501 §7.1.1 greeting, with the capabilities as a response code (§7.1).
  untagged("OK [CAPABILITY " + std::string(kCapabilities) + "] " + config_.hostname + " IMAP4rev1 server ready");
  timers_[0] = now + config_.autologout;
}

void Server::handle_bytes(std::string_view bytes, Instant now) {
  if (closing_) return;
  timers_[0] = now + config_.autologout;
  reader_.feed(bytes);
  run_commands(now);
}

void Server::run_commands(Instant now) {
  while (!closing_ && !fetch_job_) {  // a FETCH still answering holds the commands behind it
    CommandReader::Result r = reader_.next();
    // RFC 3501 §4.3: a synchronizing literal waits for the server's "+" go-ahead.
    if (reader_.take_continuation_request()) continuation("Ready for literal data");
    if (r.status == CommandReader::Status::NeedMore) break;
    if (config_.max_commands != 0 && ++commands_ > config_.max_commands) {
      events_.push_back(PeerViolation{Proto::IMAP, "more than " + std::to_string(config_.max_commands) +
                                                       " commands on one connection"});
      untagged("BYE too many commands");
      set_state(State::Logout);
      closing_ = true;
      break;
    }
    if (r.status == CommandReader::Status::Invalid) {
      events_.push_back(PeerViolation{Proto::IMAP, r.reason});
      if (idle_tag_) {
        tagged(*std::exchange(idle_tag_, std::nullopt), bad("expected DONE"));
        continue;
      }
      if (auth_tag_) {
        tagged(*std::exchange(auth_tag_, std::nullopt), bad("authentication exchange failed: " + r.reason));
        continue;
      }
      tagged(r.tag.empty() ? "*" : r.tag, bad(r.reason));
      continue;
    }
    process(r.command, now);
  }
}

void Server::handle_eof(Instant) {
  closing_ = true;
  timers_[0].reset();
}

void Server::handle_timeout(Instant now) {
  if (timers_[0] && now >= *timers_[0]) {
    // RFC 3501 §5.4: an autologout is announced with an untagged BYE.
    timers_[0].reset();
    events_.push_back(AutologoutExpired{});
    untagged("BYE Autologout; idle for too long");
    set_state(State::Logout);
    closing_ = true;
  }
}

void Server::handle_store_changed(Instant) {
  if (idle_tag_ && view_) sync(true);  // RFC 2177: updates are sent while idling
}

std::optional<Transmit> Server::poll_transmit() {
  return take_front(out_);
}

std::optional<ServerEvent> Server::poll_event() {
  return take_front(events_);
}

std::optional<Instant> Server::poll_timeout() const { return closing_ ? std::nullopt : timers_[0]; }

void Server::set_state(State s) {
  if (s == state_) return;
  events_.push_back(StateChanged{Proto::IMAP, std::string(to_string(state_)), std::string(to_string(s))});
  state_ = s;
}

void Server::untagged(std::string text) {
  std::string line = "* " + text;
  ReplySent ev{Proto::IMAP, 0, {}, "*", "*", {}};
  // A response with literals spans several lines; each is reported without its CR LF.
  for (std::size_t start = 0;;) {
    std::size_t crlf = line.find("\r\n", start);
    ev.lines.push_back(line.substr(start, crlf == std::string::npos ? std::string::npos : crlf - start));
    if (crlf == std::string::npos) break;
    start = crlf + 2;
  }
  out_.push_back(Transmit{line + "\r\n", Label{Proto::IMAP, LabelKind::Reply, label_text(ev.lines[0])}});
  events_.push_back(std::move(ev));
}

void Server::tagged(const std::string& tag, const Reply& r) {
  std::string line = tag + " " + r.status + " " + r.text;
  out_.push_back(Transmit{line + "\r\n", Label{Proto::IMAP, LabelKind::Reply, label_text(line)}});
  events_.push_back(ReplySent{Proto::IMAP, 0, {}, r.status, tag, {line}});
}

void Server::continuation(std::string text) {
  std::string line = "+ " + text;
  out_.push_back(Transmit{line + "\r\n", Label{Proto::IMAP, LabelKind::Reply, label_text(line)}});
  events_.push_back(ReplySent{Proto::IMAP, 0, {}, "+", {}, {line}});
}

void Server::record(const store::Outcome& o) {
  if (o.change) events_.push_back(StoreChanged{*o.change});
}

void Server::process(const std::string& command, Instant now) {
  if (idle_tag_) {
    // RFC 2177: the client ends IDLE with "DONE" on a line by itself.
    std::string tag = *std::exchange(idle_tag_, std::nullopt);
    events_.push_back(IdleEnded{});
    std::string up = command;
    for (char& c : up) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    events_.push_back(CommandReceived{Proto::IMAP, "DONE", command, tag});
    if (up != "DONE") {
      events_.push_back(PeerViolation{Proto::IMAP, "expected DONE to end IDLE"});
      tagged(tag, bad("expected DONE"));
    } else {
      tagged(tag, ok("IDLE terminated"));
    }
    return;
  }
  if (auth_tag_) return sasl_response(command);
  Parsed p = parse_command(command, config_.limits);
  std::string verb = p.args.empty() ? std::string() : p.args[0].upper();
  std::size_t first_arg = 1;
  Request req{p.tag, verb, {}, false, now};
  if (p.error.empty() && verb == "UID") {
    if (p.args.size() < 2 || !p.args[1].is_atom()) p.error = "UID needs a command";
    else req.uid = true, req.verb = verb = p.args[1].upper(), first_arg = 2;
  }
  events_.push_back(
      CommandReceived{Proto::IMAP, req.uid ? "UID " + verb : verb, command.substr(0, command.find("\r\n")), p.tag});
  if (!p.error.empty()) {
    // RFC 3501 §7.1.5: BAD for a command the server cannot parse.
    events_.push_back(PeerViolation{Proto::IMAP, p.error});
    tagged(p.tag.empty() ? "*" : p.tag, bad(p.error));
    return;
  }
  const Command* cmd = nullptr;
  for (const auto& c : commands())
    if (c.verb == verb) cmd = &c;
  if (!cmd || (req.uid && !cmd->uid_form)) {
    events_.push_back(PeerViolation{Proto::IMAP, "unknown command " + verb});
    tagged(p.tag, bad("unknown command " + (req.uid ? "UID " : std::string()) + verb));
    return;
  }
  if (!(cmd->states & (1u << static_cast<unsigned>(state_)))) {
    events_.push_back(PeerViolation{Proto::IMAP, verb + " in the " + std::string(to_string(state_)) + " state"});
    tagged(p.tag, bad(verb + " not allowed in the " + std::string(to_string(state_)) + " state"));
    return;
  }
  req.args.assign(std::make_move_iterator(p.args.begin() + static_cast<long>(first_arg)),
                  std::make_move_iterator(p.args.end()));
  Reply reply = (this->*cmd->handler)(req);
  if (reply.status.empty()) return;  // IDLE: the tagged reply comes after DONE; FETCH in parts
  finish(p.tag, req.uid, verb, reply);
}

void Server::finish(const std::string& tag, bool uid, const std::string& verb, const Reply& reply) {
  // RFC 3501 §7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH (UID forms may).
  bool quiet = !uid && (verb == "FETCH" || verb == "STORE" || verb == "SEARCH");
  if (view_ && state_ == State::Selected) sync(!quiet);
  tagged(tag, reply);
}

const store::Folder* Server::folder() const { return view_ ? store_.folder(user_, view_->folder) : nullptr; }

std::string Server::flags_response(std::size_t seq, bool with_uid) const {
  std::uint32_t uid = view_->uids[seq - 1];
  std::string f = view_->flags.at(uid).to_string();
  if (view_->recent.count(uid)) f += f.empty() ? "\\Recent" : " \\Recent";
  std::string s = std::to_string(seq) + " FETCH (FLAGS (" + f + ")";
  if (with_uid) s += " UID " + std::to_string(uid);
  return s + ")";
}

void Server::sync(bool allow_expunge) {
  const store::Folder* f = folder();
  if (!f || f->uidvalidity != view_->uidvalidity) {
    untagged("BYE selected mailbox was deleted or renamed");
    deselect();
    set_state(State::Logout);
    closing_ = true;
    return;
  }
  if (f->modseq == view_->modseq) return;
  bool pending = false;
  for (std::size_t i = 0; i < view_->uids.size();) {
    std::uint32_t uid = view_->uids[i];
    if (f->find(uid)) {
      ++i;
    } else if (allow_expunge) {
      untagged(std::to_string(i + 1) + " EXPUNGE");  // RFC 3501 §7.4.1: later numbers shift down
      view_->uids.erase(view_->uids.begin() + static_cast<long>(i));
      view_->flags.erase(uid);
      view_->recent.erase(uid);
    } else {
      pending = true, ++i;
    }
  }
  for (std::size_t i = 0; i < view_->uids.size(); ++i) {
    const store::Message* m = f->find(view_->uids[i]);
    if (m && !(m->flags == view_->flags[m->uid])) {
      view_->flags[m->uid] = m->flags;
      untagged(flags_response(i + 1, false));  // RFC 3501 §7.4.2
    }
  }
  std::uint32_t last = view_->uids.empty() ? 0 : view_->uids.back();
  std::size_t before = view_->uids.size();
  std::uint32_t recent_from = view_->read_only ? f->recent_uid : store_.claim_recent(user_, view_->folder);
  for (const auto& m : f->messages) {
    if (m.uid <= last) continue;
    view_->uids.push_back(m.uid);
    view_->flags[m.uid] = m.flags;
    if (m.uid >= recent_from && !view_->read_only) view_->recent.insert(m.uid);
  }
  if (view_->uids.size() != before) {
    untagged(std::to_string(view_->uids.size()) + " EXISTS");  // RFC 3501 §7.3.1
    untagged(std::to_string(view_->recent.size()) + " RECENT");  // §7.3.2
  }
  if (!pending) view_->modseq = f->modseq;
}

void Server::deselect() {
  view_.reset();
  if (state_ == State::Selected) set_state(State::Authenticated);
}

std::vector<std::size_t> Server::resolve(const Value& v, bool uid, std::string& error) const {
  std::vector<std::size_t> out;
  auto set = v.is_atom() ? parse_sequence_set(v.text) : std::nullopt;
  if (!set) {
    error = "invalid sequence set";
    return out;
  }
  const auto& uids = view_->uids;
  if (!uid) {
    // RFC 3501 §9 seq-number: a number beyond the mailbox is an error (BAD).
    for (const auto& r : set->ranges)
      if (r.lo > uids.size() || r.hi > uids.size()) {
        error = "message sequence number out of range";
        return out;
      }
    for (std::size_t n = 1; n <= uids.size(); ++n)
      if (set->contains(static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(uids.size()))) out.push_back(n);
  } else {
    std::uint32_t star = uids.empty() ? 0 : uids.back();
    for (std::size_t n = 1; n <= uids.size(); ++n)
      if (set->contains(uids[n - 1], star)) out.push_back(n);
  }
  return out;
}

std::optional<store::Flags> Server::flag_list(const std::vector<Value>& values, std::size_t from) {
  store::Flags flags;
  for (std::size_t i = from; i < values.size(); ++i) {
    const auto& items = values[i].kind == Value::Kind::List ? values[i].items : std::vector<Value>{values[i]};
    for (const auto& v : items)
      if (!v.is_atom() || !flags.add(v.text)) return std::nullopt;
  }
  return flags;
}

Reply Server::cmd_capability(Request& r) {
  if (!r.args.empty()) return bad("CAPABILITY takes no arguments");
  untagged("CAPABILITY " + std::string(kCapabilities));
  return ok("CAPABILITY completed");
}

Reply Server::cmd_noop(Request&) { return ok("NOOP completed"); }  // updates come from sync()

Reply Server::cmd_logout(Request&) {
  untagged("BYE IMAP4rev1 server logging out");  // RFC 3501 §6.1.3
  view_.reset();
  set_state(State::Logout);
  closing_ = true;
  return ok("LOGOUT completed");
}

Reply Server::cmd_login(Request& r) {
  if (r.args.size() != 2 || !r.args[0].is_string_like() || !r.args[1].is_string_like())
    return bad("LOGIN needs a user name and a password");
  if (!store_.check_password(r.args[0].text, r.args[1].text)) {
    events_.push_back(AuthenticationFailed{r.args[0].text, "invalid credentials"});
    return no("[AUTHENTICATIONFAILED] invalid user name or password");  // RFC 5530 code
  }
  user_ = r.args[0].text;
  events_.push_back(Authenticated{user_});
  set_state(State::Authenticated);
  return ok("[CAPABILITY " + std::string(kCapabilities) + "] LOGIN completed");
}

Reply Server::cmd_select(Request& r) {
  bool examine = r.verb == "EXAMINE";
  if (r.args.size() != 1 || !r.args[0].is_string_like()) return bad(r.verb + " needs a mailbox name");
  // RFC 3501 §6.3.1: a SELECT deselects the current mailbox first, even when it fails.
  deselect();
  const store::Folder* f = store_.folder(user_, r.args[0].text);
  if (!f) return no("[NONEXISTENT] no such mailbox");
  View v;
  v.folder = f->name;
  v.read_only = examine;
  v.uidvalidity = f->uidvalidity;
  v.modseq = f->modseq;
  v.recent_from = examine ? f->recent_uid : store_.claim_recent(user_, f->name);
  std::size_t first_unseen = 0;
  for (const auto& m : f->messages) {
    v.uids.push_back(m.uid);
    v.flags[m.uid] = m.flags;
    if (m.uid >= v.recent_from) v.recent.insert(m.uid);
    if (!first_unseen && !m.flags.has(store::SystemFlag::Seen)) first_unseen = v.uids.size();
  }
  untagged("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
  untagged(std::to_string(v.uids.size()) + " EXISTS");
  untagged(std::to_string(v.recent.size()) + " RECENT");
  if (first_unseen) untagged("OK [UNSEEN " + std::to_string(first_unseen) + "] first unseen message");
  untagged("OK [UIDVALIDITY " + std::to_string(f->uidvalidity) + "] UIDs valid");
  untagged("OK [UIDNEXT " + std::to_string(f->uidnext) + "] predicted next UID");
  untagged(examine ? "OK [PERMANENTFLAGS ()] read-only mailbox"
                   : "OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] flags permitted");
  view_ = std::move(v);
  events_.push_back(MailboxSelected{view_->folder, examine});
  set_state(State::Selected);
  return ok(examine ? "[READ-ONLY] EXAMINE completed" : "[READ-WRITE] SELECT completed");
}

Reply Server::cmd_check(Request&) { return ok("CHECK completed"); }  // nothing to flush: RFC 3501 §6.4.1

Reply Server::cmd_close(Request&) {
  // RFC 3501 §6.4.2: silently expunge (when read-write), then back to Authenticated.
  if (read_write()) record(store_.expunge(user_, view_->folder));
  deselect();
  return ok("CLOSE completed");
}

Reply Server::cmd_expunge(Request& r) {
  if (!read_write()) return no("mailbox is read-only");
  std::optional<std::vector<std::uint32_t>> only;
  if (r.uid) {
    // RFC 4315 §2.1: UID EXPUNGE removes only the listed \Deleted messages.
    if (r.args.size() != 1) return bad("UID EXPUNGE needs a UID set");
    std::string error;
    auto seqs = resolve(r.args[0], true, error);
    if (!error.empty()) return bad(error);
    only.emplace();
    for (auto s : seqs) only->push_back(view_->uids[s - 1]);
  } else if (!r.args.empty()) {
    return bad("EXPUNGE takes no arguments");
  }
  record(store_.expunge(user_, view_->folder, only));
  return ok("EXPUNGE completed");  // the EXPUNGE responses come from sync()
}

Reply Server::cmd_store(Request& r) {
  // RFC 3501 §6.4.6: STORE set (+|-)FLAGS[.SILENT] flags
  if (r.args.size() < 3 || !r.args[1].is_atom()) return bad("STORE needs a set, an item and flags");
  std::string item = r.args[1].upper();
  bool silent = item.size() > 7 && item.substr(item.size() - 7) == ".SILENT";
  if (silent) item.resize(item.size() - 7);
  store::FlagOp op = item == "FLAGS" ? store::FlagOp::Replace
                     : item == "+FLAGS" ? store::FlagOp::Add
                     : item == "-FLAGS" ? store::FlagOp::Remove
                                        : static_cast<store::FlagOp>(255);
  if (static_cast<int>(op) == 255) return bad("unknown STORE item " + r.args[1].text);
  auto flags = flag_list(r.args, 2);
  if (!flags) return bad("invalid flag");
  std::string error;
  auto seqs = resolve(r.args[0], r.uid, error);
  if (!error.empty()) return bad(error);
  if (!read_write()) return no("mailbox is read-only");
  std::vector<std::uint32_t> uids;
  for (auto s : seqs) uids.push_back(view_->uids[s - 1]);
  record(store_.set_flags(user_, view_->folder, uids, op, *flags));
  const store::Folder* f = folder();
  for (auto s : seqs) {
    const store::Message* m = f->find(view_->uids[s - 1]);
    if (!m) continue;
    view_->flags[m->uid] = m->flags;
    if (!silent) untagged(flags_response(s, r.uid));
  }
  return ok("STORE completed");
}

Reply Server::cmd_copy(Request& r) {
  bool move = r.verb == "MOVE";
  if (r.args.size() != 2 || !r.args[1].is_string_like()) return bad(r.verb + " needs a set and a mailbox name");
  std::string error;
  auto seqs = resolve(r.args[0], r.uid, error);
  if (!error.empty()) return bad(error);
  if (move && !read_write()) return no("mailbox is read-only");
  if (!store_.folder(user_, r.args[1].text)) return no("[TRYCREATE] no such mailbox");  // RFC 3501 §6.4.7
  std::vector<std::uint32_t> uids;
  for (auto s : seqs) uids.push_back(view_->uids[s - 1]);
  store::Outcome o = move ? store_.move(user_, view_->folder, uids, r.args[1].text)
                          : store_.copy(user_, view_->folder, uids, r.args[1].text);
  record(o);
  if (!o) return no(o.error);
  std::string code;
  if (!o.change->uids.empty())  // RFC 4315 §3: COPYUID uidvalidity source-set dest-set
    code = "[COPYUID " + std::to_string(o.change->uidvalidity) + " " + uid_set(o.change->source_uids) + " " +
           uid_set(o.change->uids) + "] ";
  if (!move) return ok(code + "COPY completed");
  // RFC 6851 §4.3: with UIDPLUS, COPYUID goes in an untagged OK before the EXPUNGEs.
  if (!code.empty()) untagged("OK " + code + "moved");
  return ok("MOVE completed");
}

Reply Server::cmd_idle(Request& r) {
  if (!r.args.empty()) return bad("IDLE takes no arguments");
  if (view_) sync(true);
  continuation("idling");  // RFC 2177 §3
  idle_tag_ = r.tag;
  events_.push_back(IdleStarted{});
  return {"", {}};
}

}  // namespace protocols::imap
