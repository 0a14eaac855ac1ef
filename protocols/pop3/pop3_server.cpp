// POP3 server engine: framing, the command table and the RFC 1939 / RFC 2449 handlers.
// See pop3_server.hpp for what is implemented and left out.
#include "protocols/pop3/pop3_server.hpp"
#include "protocols/take_front.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <utility>

#include "protocols/pop3/md5.hpp"

namespace protocols::pop3 {
namespace {

constexpr unsigned kAuth = 1u << static_cast<unsigned>(State::Authorization);
constexpr unsigned kTrans = 1u << static_cast<unsigned>(State::Transaction);

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::optional<unsigned> parse_number(std::string_view s) {
  unsigned v = 0;
  if (s.empty() || s.size() > 9) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Message text with CR LF line ends (a store may hold bare LF from a careless sender).
std::shared_ptr<const std::string> with_crlf(const std::shared_ptr<const std::string>& raw) {
  if (!raw) return std::make_shared<const std::string>();
  bool bare = false;
  for (std::size_t i = 0; i < raw->size(); ++i)
    if ((*raw)[i] == '\n' && (i == 0 || (*raw)[i - 1] != '\r')) bare = true;
  if (!bare) return raw;
  std::string out;
  for (std::size_t i = 0; i < raw->size(); ++i) {
    if ((*raw)[i] == '\n' && (i == 0 || (*raw)[i - 1] != '\r')) out += '\r';
    out += (*raw)[i];
  }
  return std::make_shared<const std::string>(std::move(out));
}

}  // namespace

struct Server::Command {
  std::string_view verb;
  Handler handler;
  unsigned states;
  std::size_t min_args;
  std::size_t max_args;
};

// RFC 1939 §4-§7 and RFC 2449 §5: the verbs, the states they are valid in, and their arity.
const std::vector<Server::Command>& Server::commands() {
  static const std::vector<Command> table = {
      {"USER", &Server::cmd_user, kAuth, 1, 1},   {"PASS", &Server::cmd_pass, kAuth, 1, 99},
      {"APOP", &Server::cmd_apop, kAuth, 2, 2},   {"CAPA", &Server::cmd_capa, kAuth | kTrans, 0, 0},
      {"QUIT", &Server::cmd_quit, kAuth | kTrans, 0, 0},
      {"STAT", &Server::cmd_stat, kTrans, 0, 0},  {"LIST", &Server::cmd_list, kTrans, 0, 1},
      {"RETR", &Server::cmd_retr, kTrans, 1, 1},  {"DELE", &Server::cmd_dele, kTrans, 1, 1},
      {"NOOP", &Server::cmd_noop, kTrans, 0, 0},  {"RSET", &Server::cmd_rset, kTrans, 0, 0},
      {"TOP", &Server::cmd_top, kTrans, 2, 2},    {"UIDL", &Server::cmd_uidl, kTrans, 0, 1},
  };
  return table;
}

std::vector<Server::CommandSpec> Server::command_specs() {
  std::vector<CommandSpec> out;
  for (const auto& c : commands()) {
    CommandSpec spec{c.verb, {}};
    for (State st : {State::Authorization, State::Transaction, State::Update})
      if (c.states & (1u << static_cast<unsigned>(st))) spec.states.push_back(st);
    out.push_back(std::move(spec));
  }
  return out;
}

Server::Server(store::Store& store, ServerConfig config) : store_(store), config_(std::move(config)) {}

Server::~Server() {
  if (lock_) store_.unlock_maildrop(user_, *lock_);
}

void Server::handle_connected(Instant now) {
  if (config_.over_connection_limit) {
    send_reply({false, "[SYS/TEMP] too many connections, try again later", false, {}});
    close_session();
    return;
  }
  // RFC 1939 §4 greeting; §7: the APOP timestamp is a msg-id, unique for this greeting.
  timestamp_ = config_.apop_timestamp;
  if (timestamp_.empty()) {
    auto ns = ns_of(now);
    timestamp_ = std::to_string(ns / 1000000000);
    timestamp_.insert(0, 1, '<');
    timestamp_ += '.';
    timestamp_ += std::to_string(ns % 1000000000);
    timestamp_ += '@';
    timestamp_ += config_.hostname;
    timestamp_ += '>';
  }
  std::string text = "POP3 server ready";
  if (config_.allow_apop) text += " " + timestamp_;
  send_reply({true, text, false, {}});
  timers_[0] = now + config_.autologout;
}

void Server::handle_bytes(std::string_view bytes, Instant now) {
  if (closing_) return;
  inbuf_.append(bytes);
  std::size_t start = 0;
  while (!closing_) {
    std::size_t lf = inbuf_.find('\n', start);
    if (lf == std::string::npos) break;
    std::string_view line(inbuf_.data() + start, lf - start);
    start = lf + 1;
    if (discarding_) {  // the tail of an over-long line, already answered
      discarding_ = false;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (config_.max_commands != 0 && ++commands_ > config_.max_commands) {
      events_.push_back(PeerViolation{Proto::POP3, "more than " + std::to_string(config_.max_commands) +
                                                       " commands on one connection"});
      send_reply({false, "[SYS/TEMP] too many commands", false, {}});
      close_session();
      break;
    }
    if (line.size() + 2 > config_.max_command_line) {
      events_.push_back(PeerViolation{Proto::POP3, "command line longer than " +
                                                       std::to_string(config_.max_command_line) + " octets"});
      send_reply({false, "line too long", false, {}});
      continue;
    }
    process_line(line, now);
  }
  inbuf_.erase(0, start);
  // RFC 2449 §4: a line without its end that is already too long is refused now.
  if (!closing_ && !discarding_ && inbuf_.size() + 1 > config_.max_command_line) {
    events_.push_back(PeerViolation{Proto::POP3, "command line longer than " +
                                                     std::to_string(config_.max_command_line) + " octets"});
    send_reply({false, "line too long", false, {}});
    inbuf_.clear();
    discarding_ = true;
  } else if (discarding_) {
    inbuf_.clear();
  }
}

void Server::handle_eof(Instant) {
  // RFC 1939 §6: a session that ends without QUIT does not enter UPDATE; nothing is removed.
  if (!closing_) set_state(State::Closed);
  close_session();
}

void Server::handle_timeout(Instant now) {
  if (timers_[0] && now >= *timers_[0]) {
    // RFC 1939 §3: on autologout the server closes without removing messages or replying.
    timers_[0].reset();
    events_.push_back(AutologoutExpired{});
    set_state(State::Closed);
    close_session();
  }
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
  events_.push_back(StateChanged{Proto::POP3, std::string(to_string(state_)), std::string(to_string(s))});
  state_ = s;
}

void Server::close_session() {
  if (lock_) {
    store_.unlock_maildrop(user_, *lock_);
    lock_.reset();
  }
  timers_[0].reset();
  closing_ = true;
}

void Server::send_reply(const Reply& r) {
  std::string first = std::string(r.ok ? "+OK" : "-ERR") + (r.text.empty() ? "" : " " + r.text);
  ReplySent ev{Proto::POP3, 0, {}, r.ok ? "+OK" : "-ERR", {}, {first}};
  std::string bytes = first + "\r\n";
  if (r.multiline) {
    std::string body = byte_stuff(r.body);
    bytes += body;
    for (auto& l : split_lines(body)) ev.lines.push_back(std::move(l));
  }
  out_.push_back(Transmit{std::move(bytes), Label{Proto::POP3, LabelKind::Reply, label_text(first)}});
  events_.push_back(std::move(ev));
}

void Server::process_line(std::string_view line, Instant now) {
  timers_[0] = now + config_.autologout;  // RFC 1939 §3: any activity restarts autologout
  // RFC 1939 §3: a keyword, then arguments separated by single spaces.
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i <= line.size()) {
    std::size_t sp = line.find(' ', i);
    if (sp == std::string_view::npos) sp = line.size();
    if (sp > i) words.emplace_back(line.substr(i, sp - i));
    i = sp + 1;
  }
  std::string verb = words.empty() ? std::string() : upper(words[0]);
  events_.push_back(CommandReceived{Proto::POP3, verb, std::string(line), {}});
  if (!words.empty()) words.erase(words.begin());
  const Command* cmd = nullptr;
  for (const auto& c : commands())
    if (c.verb == verb) cmd = &c;
  if (!cmd) {
    events_.push_back(PeerViolation{Proto::POP3, "unknown command \"" + verb + "\""});
    send_reply({false, "unknown command", false, {}});
    return;
  }
  if (!(cmd->states & (1u << static_cast<unsigned>(state_)))) {
    events_.push_back(PeerViolation{Proto::POP3, verb + " not valid in the " + std::string(to_string(state_)) + " state"});
    send_reply({false, verb + " not valid in this state", false, {}});
    return;
  }
  // PASS may carry spaces (RFC 1939 §7 allows it for the password): rejoin its arguments.
  if (verb == "PASS" && words.size() > 1) {
    std::string joined(line.substr(line.find(' ') + 1));
    words = {joined};
  }
  if (words.size() < cmd->min_args || words.size() > cmd->max_args) {
    events_.push_back(PeerViolation{Proto::POP3, verb + " with a wrong number of arguments"});
    send_reply({false, "wrong number of arguments for " + verb, false, {}});
    return;
  }
  // RFC 1939 §3: arguments are at most 40 characters long.
  for (const auto& w : words)
    if (w.size() > 40 && verb != "PASS") {
      send_reply({false, "argument too long", false, {}});
      return;
    }
  send_reply((this->*cmd->handler)(words, now));
}

std::string Server::unique_id(const Entry& e) const {
  // RFC 1939 §7 UIDL: 1-70 characters 0x21-0x7E, stable across sessions.
  return std::to_string(uidvalidity_) + "." + std::to_string(e.uid);
}

Server::Entry* Server::message(const std::string& arg, Reply& error) {
  auto n = parse_number(arg);
  if (!n || *n == 0 || *n > entries_.size()) {
    error = {false, "no such message", false, {}};
    return nullptr;
  }
  Entry& e = entries_[*n - 1];
  // RFC 1939 §5: a message marked as deleted may not be referred to.
  if (e.deleted) {
    error = {false, "message " + arg + " already deleted", false, {}};
    return nullptr;
  }
  return &e;
}

Server::Reply Server::begin_transaction(const std::string& user, const std::string& mechanism) {
  // RFC 1939 §8 / RFC 2449 §8.1.2: one session per maildrop; a second gets [IN-USE].
  auto token = store_.lock_maildrop(user);
  if (!token) {
    events_.push_back(AuthenticationFailed{user, mechanism, "maildrop locked"});
    return {false, "[IN-USE] maildrop already locked by another session", false, {}};
  }
  const store::Folder* folder = store_.folder(user, config_.folder);
  if (!folder) {
    store_.unlock_maildrop(user, *token);
    events_.push_back(AuthenticationFailed{user, mechanism, "no maildrop"});
    return {false, "[SYS/PERM] maildrop not found", false, {}};
  }
  lock_ = token;
  user_ = user;
  uidvalidity_ = folder->uidvalidity;
  entries_.clear();
  std::size_t octets = 0;
  for (const auto& m : folder->messages) {
    entries_.push_back({m.uid, with_crlf(m.raw), false});
    octets += entries_.back().raw->size();
  }
  events_.push_back(Authenticated{user, mechanism});
  set_state(State::Transaction);
  return {true, user + "'s maildrop has " + std::to_string(entries_.size()) + " messages (" + std::to_string(octets) +
                    " octets)", false, {}};
}

Server::Reply Server::cmd_user(const std::vector<std::string>& a, Instant) {
  if (!config_.allow_user_pass) return {false, "USER/PASS not allowed, use APOP", false, {}};
  pending_user_ = a[0];
  return {true, "send PASS", false, {}};
}

Server::Reply Server::cmd_pass(const std::vector<std::string>& a, Instant) {
  // RFC 1939 §7: PASS is valid only right after a successful USER.
  if (pending_user_.empty()) return {false, "USER first", false, {}};
  std::string user = std::exchange(pending_user_, {});
  if (!store_.check_password(user, a[0])) {
    events_.push_back(AuthenticationFailed{user, "USER/PASS", "invalid password"});
    return {false, "[AUTH] invalid user name or password", false, {}};
  }
  return begin_transaction(user, "USER/PASS");
}

Server::Reply Server::cmd_apop(const std::vector<std::string>& a, Instant) {
  if (!config_.allow_apop) return {false, "APOP not supported", false, {}};
  pending_user_.clear();
  const store::User* u = store_.user(a[0]);
  // RFC 1939 §7: digest = MD5(timestamp + shared secret), 32 lower-case hex digits.
  std::string digest = a[1];
  for (char& c : digest)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  if (!u || md5_hex(timestamp_ + u->password) != digest) {
    events_.push_back(AuthenticationFailed{a[0], "APOP", "digest mismatch"});
    return {false, "[AUTH] permission denied", false, {}};
  }
  return begin_transaction(a[0], "APOP");
}

Server::Reply Server::cmd_capa(const std::vector<std::string>&, Instant) {
  // RFC 2449 §5: the capability list, one per line.
  std::string body = "TOP\r\n";
  if (config_.allow_user_pass) body += "USER\r\n";
  body += "UIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION MailSim\r\n";
  return {true, "Capability list follows", true, body};
}

Server::Reply Server::cmd_stat(const std::vector<std::string>&, Instant) {
  std::size_t n = 0, octets = 0;
  for (const auto& e : entries_)
    if (!e.deleted) ++n, octets += e.raw->size();
  return {true, std::to_string(n) + " " + std::to_string(octets), false, {}};  // RFC 1939 §5 drop listing
}

Server::Reply Server::cmd_list(const std::vector<std::string>& a, Instant) {
  if (!a.empty()) {
    Reply err;
    Entry* e = message(a[0], err);
    if (!e) return err;
    return {true, a[0] + " " + std::to_string(e->raw->size()), false, {}};
  }
  std::string body;
  std::size_t n = 0, octets = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].deleted) continue;  // RFC 1939 §5: deleted messages are not listed
    ++n;
    octets += entries_[i].raw->size();
    body += std::to_string(i + 1) + " " + std::to_string(entries_[i].raw->size()) + "\r\n";
  }
  return {true, std::to_string(n) + " messages (" + std::to_string(octets) + " octets)", true, body};
}

Server::Reply Server::cmd_retr(const std::vector<std::string>& a, Instant) {
  Reply err;
  Entry* e = message(a[0], err);
  if (!e) return err;
  events_.push_back(MessageRetrieved{static_cast<unsigned>(e - entries_.data() + 1), e->uid, e->raw->size(), false});
  return {true, std::to_string(e->raw->size()) + " octets", true, *e->raw};
}

Server::Reply Server::cmd_top(const std::vector<std::string>& a, Instant) {
  Reply err;
  Entry* e = message(a[0], err);
  if (!e) return err;
  auto lines = parse_number(a[1]);
  if (!lines) return {false, "invalid line count", false, {}};
  // RFC 1939 §7: the header, the blank line, then at most n lines of the body.
  const std::string& raw = *e->raw;
  std::size_t sep = raw.find("\r\n\r\n");
  std::size_t pos = sep == std::string::npos ? raw.size() : sep + 4;
  for (unsigned i = 0; i < *lines && pos < raw.size(); ++i) {
    std::size_t lf = raw.find('\n', pos);
    pos = lf == std::string::npos ? raw.size() : lf + 1;
  }
  events_.push_back(MessageRetrieved{static_cast<unsigned>(e - entries_.data() + 1), e->uid, pos, true});
  // "+OK <n> octets" as for RETR: the size of what follows (Wireshark's POP dissector and
  // clients that preallocate read it).
  return {true, std::to_string(pos) + " octets", true, raw.substr(0, pos)};
}

Server::Reply Server::cmd_dele(const std::vector<std::string>& a, Instant) {
  Reply err;
  Entry* e = message(a[0], err);
  if (!e) return err;
  e->deleted = true;  // RFC 1939 §5: only marked; removed in the UPDATE state
  return {true, "message " + a[0] + " deleted", false, {}};
}

Server::Reply Server::cmd_noop(const std::vector<std::string>&, Instant) { return {true, {}, false, {}}; }

Server::Reply Server::cmd_rset(const std::vector<std::string>&, Instant) {
  std::size_t octets = 0;
  for (auto& e : entries_) e.deleted = false, octets += e.raw->size();  // RFC 1939 §5 RSET
  return {true, "maildrop has " + std::to_string(entries_.size()) + " messages (" + std::to_string(octets) + " octets)",
          false, {}};
}

Server::Reply Server::cmd_uidl(const std::vector<std::string>& a, Instant) {
  if (!a.empty()) {
    Reply err;
    Entry* e = message(a[0], err);
    if (!e) return err;
    return {true, a[0] + " " + unique_id(*e), false, {}};
  }
  std::string body;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (!entries_[i].deleted) body += std::to_string(i + 1) + " " + unique_id(entries_[i]) + "\r\n";
  return {true, {}, true, body};
}

Server::Reply Server::cmd_quit(const std::vector<std::string>&, Instant) {
  if (state_ == State::Authorization) {  // RFC 1939 §4: QUIT here ends without UPDATE
    closing_ = true;
    return {true, config_.hostname + " POP3 server signing off", false, {}};
  }
  // RFC 1939 §6: QUIT from TRANSACTION enters UPDATE: remove the marked messages.
  set_state(State::Update);
  std::vector<std::uint32_t> doomed;
  for (const auto& e : entries_)
    if (e.deleted) doomed.push_back(e.uid);
  std::size_t left = entries_.size() - doomed.size();
  Reply r{true, config_.hostname + " POP3 server signing off", false, {}};
  if (!doomed.empty()) {
    store::Outcome o = store_.remove_messages(user_, config_.folder, doomed);
    if (!o) r = {false, "some deleted messages not removed", false, {}};
    else events_.push_back(StoreChanged{*o.change});
  }
  if (r.ok) r.text += left == 0 ? " (maildrop empty)" : " (" + std::to_string(left) + " messages left)";
  close_session();
  return r;
}

}  // namespace protocols::pop3
