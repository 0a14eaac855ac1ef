// IMAP client engine: command queue, literal chunking, response dispatch. See imap_client.hpp.
#include "protocols/imap/imap_client.hpp"
#include "protocols/codec/base64.hpp"
#include "protocols/take_front.hpp"

#include <charconv>
#include <utility>

namespace protocols::imap {
namespace {

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return u;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t sp = s.find(' ', i);
    if (sp == std::string_view::npos) sp = s.size();
    if (sp > i) out.emplace_back(s.substr(i, sp - i));
    i = sp + 1;
  }
  return out;
}

// Splits a command after each "{n}\r\n" literal announcement (RFC 3501 §4.3: the client
// waits for "+" before sending the literal), skipping over literal contents while scanning.
// With LITERAL+ (RFC 7888) the announcements become "{n+}" and the command goes in one piece.
std::vector<std::string> chunk(const std::string& command, bool literal_plus, std::string& rewritten) {
  std::vector<std::string> chunks;
  rewritten.clear();
  std::size_t start = 0, pos = 0;
  while (true) {
    std::size_t crlf = command.find("\r\n", pos);
    if (crlf == std::string::npos) break;
    std::size_t open = command.rfind('{', crlf);
    std::size_t n = 0;
    bool literal = open != std::string::npos && crlf > 0 && command[crlf - 1] == '}' && open + 2 < crlf;
    if (literal) {
      auto [p, ec] = std::from_chars(command.data() + open + 1, command.data() + crlf - 1, n);
      literal = ec == std::errc() && p == command.data() + crlf - 1;
    }
    if (!literal) {
      pos = crlf + 2;
      continue;
    }
    std::string head = command.substr(start, crlf + 2 - start);
    if (literal_plus) head.insert(head.size() - 3, 1, '+');
    if (literal_plus) rewritten += head;
    else chunks.push_back(head);
    start = crlf + 2;
    pos = start + n;
  }
  if (literal_plus) {
    rewritten += command.substr(start);
    return {rewritten};
  }
  chunks.push_back(command.substr(start));
  return chunks;
}

std::string literal_arg(std::string_view s) {
  std::string out(1, '{');
  out += std::to_string(s.size());
  out += "}\r\n";
  out += s;
  return out;
}

}  // namespace

Client::Client(ClientConfig config) : config_(std::move(config)), reader_(config_.limits) {}

void Client::handle_connected(Instant) {}

void Client::set_state(State s) {
  if (s == state_) return;
  events_.push_back(StateChanged{Proto::IMAP, std::string(to_string(state_)), std::string(to_string(s))});
  state_ = s;
}

std::string Client::queue(std::string verb, std::string args) {
  Pending p;
  p.tag = config_.tag_prefix + std::to_string(next_tag_++);
  p.verb = verb;
  p.command = p.tag + " " + verb + (args.empty() ? "" : " " + args) + "\r\n";
  p.idle = verb == "IDLE";
  std::string tag = p.tag;
  commands_.push_back(std::move(p));
  send_next();
  return tag;
}

void Client::send_raw(std::string line) {
  Pending p;
  std::size_t sp = line.find(' ');
  p.tag = line.substr(0, sp);  // whatever the line starts with; completion matches on it
  auto w = words(line);
  p.verb = w.size() > 1 ? upper(w[1]) : std::string();
  p.first = line;
  p.chunks = {line + "\r\n"};
  p.raw = true;
  commands_.push_back(std::move(p));
  send_next();
}

void Client::send_next() {
  if (!greeted_ || in_flight_ || commands_.empty() || closed_) return;
  in_flight_ = std::move(commands_.front());
  commands_.pop_front();
  Pending& p = *in_flight_;
  if (p.chunks.empty() && !p.sasl.empty()) {
    // RFC 4959 §3: the initial response goes on the command line only if the server
    // announced SASL-IR; otherwise it waits for the server's "+" (RFC 3501 §6.2.2).
    std::string head = p.tag + " AUTHENTICATE PLAIN";
    if (p.sasl_ir && has_capability("SASL-IR")) p.chunks = {head + " " + p.sasl + "\r\n"};
    else p.chunks = {head + "\r\n", p.sasl + "\r\n"};
    p.first = p.chunks[0].substr(0, p.chunks[0].size() - 2);
  } else if (p.chunks.empty()) {
    // Chunked now, not when queued: the greeting may since have announced LITERAL+.
    std::string rewritten;
    p.chunks = chunk(p.command, has_capability("LITERAL+"), rewritten);
    p.first = p.chunks[0].substr(0, p.chunks[0].find("\r\n"));
  }
  send_chunk();
}

void Client::send_chunk() {
  Pending& p = *in_flight_;
  const std::string& c = p.chunks[p.next_chunk];
  Label label = p.next_chunk == 0 ? Label{Proto::IMAP, LabelKind::Command, label_text(p.first)}
                : !p.sasl.empty()  ? Label{Proto::IMAP, LabelKind::Command, label_text(p.sasl)}
                                   : Label{Proto::IMAP, LabelKind::Data, "literal (" + std::to_string(c.size()) + " bytes)"};
  out_.push_back(Transmit{c, std::move(label)});
  ++p.next_chunk;
}

void Client::handle_bytes(std::string_view bytes, Instant) {
  if (closed_) return;
  reader_.feed(bytes);
  while (!closed_) {
    CommandReader::Result r = reader_.next();
    reader_.take_continuation_request();  // the reader's server-side notion; not ours to answer
    if (r.status == CommandReader::Status::NeedMore) break;
    if (r.status == CommandReader::Status::Invalid) {
      events_.push_back(PeerViolation{Proto::IMAP, "response: " + r.reason});
      continue;
    }
    auto resp = parse_response(r.command);
    if (!resp) {
      events_.push_back(PeerViolation{Proto::IMAP, "malformed response: " + label_text(r.command)});
      continue;
    }
    on_response(*resp);
  }
}

void Client::handle_eof(Instant) {
  closed_ = true;
  set_state(State::Logout);
}

void Client::handle_timeout(Instant) {}

std::optional<Transmit> Client::poll_transmit() {
  return take_front(out_);
}

std::optional<ClientEvent> Client::poll_event() {
  return take_front(events_);
}

void Client::on_response(const Response& r) {
  events_.push_back(ResponseReceived{r});
  if (r.kind == Response::Kind::Tagged) return on_tagged(r);
  if (r.kind == Response::Kind::Continuation) {
    if (in_flight_ && in_flight_->idle && in_flight_->next_chunk == in_flight_->chunks.size()) {
      idling_ = true;  // RFC 2177: "+ idling"
      events_.push_back(ClientIdling{});
      if (done_wanted_) done();
    } else if (in_flight_ && in_flight_->next_chunk < in_flight_->chunks.size()) {
      send_chunk();  // RFC 3501 §4.3: the server is ready for the literal
    } else {
      events_.push_back(PeerViolation{Proto::IMAP, "unexpected continuation request"});
    }
    return;
  }
  if (r.code.rfind("CAPABILITY ", 0) == 0) capabilities_ = words(r.code.substr(11));
  if (!greeted_) {
    // RFC 3501 §7.1: the greeting is OK, PREAUTH or BYE.
    greeted_ = true;
    if (r.keyword == "PREAUTH") set_state(State::Authenticated);
    if (r.keyword == "BYE") {
      set_state(State::Logout);
      closed_ = true;
      return;
    }
    send_next();
    return;
  }
  if (r.keyword == "CAPABILITY") capabilities_ = words(r.text);
  else if (r.keyword == "ENABLED") {
    for (const auto& v : r.values) enabled_.push_back(v.text);  // RFC 5161 §3.2
  } else if (r.keyword == "ID" && !r.values.empty() && r.values[0].kind == Value::Kind::List) {
    const auto& items = r.values[0].items;  // RFC 2971 §3.2: field value pairs
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) server_id_[items[i].text] = items[i + 1].text;
  } else if (r.keyword == "BYE") set_state(State::Logout);
  else if (r.keyword == "FETCH" && r.number && !r.values.empty() && r.values[0].kind == Value::Kind::List) {
    MessageFetched m{*r.number, {}};
    const auto& items = r.values[0].items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) m.items[upper(items[i].text)] = items[i + 1];
    events_.push_back(std::move(m));
  } else if (r.keyword == "SEARCH") {
    SearchResult s;
    for (const auto& w : words(r.text)) {
      std::uint32_t n = 0;
      if (std::from_chars(w.data(), w.data() + w.size(), n).ec == std::errc()) s.numbers.push_back(n);
    }
    events_.push_back(std::move(s));
  } else if ((r.keyword == "LIST" || r.keyword == "LSUB") && r.values.size() == 3) {
    MailboxListed l;
    for (const auto& a : r.values[0].items) l.attributes.push_back(a.text);
    l.delimiter = r.values[1].text;
    l.name = r.values[2].text;
    events_.push_back(std::move(l));
  } else if (r.keyword == "BAD" && in_flight_ && in_flight_->raw) {
    // A raw line the server could not read a tag from is answered "* BAD" (RFC 3501 §7.1.3).
    events_.push_back(CommandCompleted{in_flight_->tag, in_flight_->first, "BAD", r.code, r.text});
    in_flight_.reset();
    send_next();
  }
}

void Client::on_tagged(const Response& r) {
  if (!in_flight_ || r.tag != in_flight_->tag) {
    events_.push_back(PeerViolation{Proto::IMAP, "completion for a tag not in flight: " + r.tag});
    return;
  }
  Pending p = std::move(*in_flight_);
  in_flight_.reset();
  events_.push_back(CommandCompleted{p.tag, p.first, r.keyword, r.code, r.text});
  if (r.code.rfind("CAPABILITY ", 0) == 0) capabilities_ = words(r.code.substr(11));
  bool ok = r.keyword == "OK";
  // RFC 3501 §3: the state follows the completions of LOGIN, SELECT/EXAMINE, CLOSE, LOGOUT.
  if ((p.verb == "LOGIN" || p.verb == "AUTHENTICATE") && ok) set_state(State::Authenticated);
  else if ((p.verb == "SELECT" || p.verb == "EXAMINE") && ok) set_state(State::Selected);
  else if ((p.verb == "SELECT" || p.verb == "EXAMINE") && state_ == State::Selected) set_state(State::Authenticated);
  else if (p.verb == "CLOSE" && ok) set_state(State::Authenticated);
  else if (p.verb == "LOGOUT") {
    set_state(State::Logout);
    closed_ = true;
  }
  if (p.idle) idling_ = done_wanted_ = false;
  send_next();
}

std::string Client::capability() { return queue("CAPABILITY", {}); }
std::string Client::noop() { return queue("NOOP", {}); }
std::string Client::logout() { return queue("LOGOUT", {}); }
std::string Client::login(std::string_view user, std::string_view password) {
  return queue("LOGIN", astring(user) + " " + astring(password));
}
std::string Client::authenticate_plain(std::string_view user, std::string_view password, bool initial_response) {
  // RFC 4616 §2: authzid (empty: act as oneself) NUL authcid NUL passwd, in base64.
  std::string message;
  message += '\0';
  message += user;
  message += '\0';
  message += password;
  Pending p;
  p.tag = config_.tag_prefix + std::to_string(next_tag_++);
  p.verb = "AUTHENTICATE";
  p.sasl = codec::base64_encode(message);
  p.sasl_ir = initial_response;
  std::string tag = p.tag;
  commands_.push_back(std::move(p));
  send_next();
  return tag;
}
std::string Client::id(const std::vector<std::pair<std::string, std::string>>& fields) {
  if (fields.empty()) return queue("ID", "NIL");
  std::string list;
  for (const auto& [k, v] : fields) list += (list.empty() ? "" : " ") + quote(k) + " " + quote(v);
  return queue("ID", "(" + list + ")");
}
std::string Client::enable(std::string_view caps) { return queue("ENABLE", std::string(caps)); }
std::string Client::select(std::string_view m) { return queue("SELECT", astring(m)); }
std::string Client::examine(std::string_view m) { return queue("EXAMINE", astring(m)); }
std::string Client::create(std::string_view m) { return queue("CREATE", astring(m)); }
std::string Client::remove(std::string_view m) { return queue("DELETE", astring(m)); }
std::string Client::rename(std::string_view a, std::string_view b) { return queue("RENAME", astring(a) + " " + astring(b)); }
std::string Client::subscribe(std::string_view m) { return queue("SUBSCRIBE", astring(m)); }
std::string Client::unsubscribe(std::string_view m) { return queue("UNSUBSCRIBE", astring(m)); }
std::string Client::list(std::string_view ref, std::string_view pat) { return queue("LIST", quote(ref) + " " + quote(pat)); }
std::string Client::lsub(std::string_view ref, std::string_view pat) { return queue("LSUB", quote(ref) + " " + quote(pat)); }
std::string Client::status(std::string_view m, std::string_view items) {
  return queue("STATUS", astring(m) + " " + std::string(items));
}
std::string Client::append(std::string_view m, std::string_view message, std::string_view flags) {
  std::string args = astring(m);
  if (!flags.empty()) args += " (" + std::string(flags) + ")";
  return queue("APPEND", args + " " + literal_arg(message));
}
std::string Client::check() { return queue("CHECK", {}); }
std::string Client::close() { return queue("CLOSE", {}); }
std::string Client::expunge() { return queue("EXPUNGE", {}); }
std::string Client::search(std::string_view criteria, bool uid) {
  return queue(uid ? "UID SEARCH" : "SEARCH", std::string(criteria));
}
std::string Client::fetch(std::string_view set, std::string_view items, bool uid) {
  return queue(uid ? "UID FETCH" : "FETCH", std::string(set) + " " + std::string(items));
}
std::string Client::store(std::string_view set, std::string_view item, std::string_view flags, bool uid) {
  return queue(uid ? "UID STORE" : "STORE", std::string(set) + " " + std::string(item) + " (" + std::string(flags) + ")");
}
std::string Client::copy(std::string_view set, std::string_view m, bool uid) {
  return queue(uid ? "UID COPY" : "COPY", std::string(set) + " " + astring(m));
}
std::string Client::move(std::string_view set, std::string_view m, bool uid) {
  return queue(uid ? "UID MOVE" : "MOVE", std::string(set) + " " + astring(m));
}
std::string Client::uid_expunge(std::string_view set) { return queue("UID EXPUNGE", std::string(set)); }
std::string Client::namespace_() { return queue("NAMESPACE", {}); }
std::string Client::idle() { return queue("IDLE", {}); }

bool Client::has_capability(std::string_view name) const {
  std::string want = upper(name);
  for (const auto& c : capabilities_)
    if (upper(c) == want) return true;
  return false;
}

void Client::done() {
  if (!idling_) {
    done_wanted_ = true;  // sent as soon as the server says "+ idling"
    return;
  }
  idling_ = false;
  done_wanted_ = false;
  out_.push_back(Transmit{"DONE\r\n", Label{Proto::IMAP, LabelKind::Command, "DONE"}});
}

}  // namespace protocols::imap
