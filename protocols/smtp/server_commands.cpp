// SMTP server command dispatch (a Postfix smtpd-style table {verb, handler, allowed states,
// flags}) and the handlers of RFC 5321 §4.1.1 plus the ESMTP parameters of MAIL.
// RFC 821's SEND, SOML, SAML and TURN (RFC 5321 App. F) and EXPN, BDAT are known but
// answered 502, as is STARTTLS (RFC 3207) when the server does not offer it; unknown verbs
// get 500.
#include <array>
#include <cassert>

#include "protocols/smtp/path.hpp"
#include "protocols/smtp/server.hpp"

namespace protocols::smtp {
namespace {

using Handler = Reply (Server::*)(std::string_view);

constexpr std::uint16_t bit(ServerState s) { return static_cast<std::uint16_t>(1u << static_cast<unsigned>(s)); }
constexpr std::uint16_t kOpen = bit(ServerState::Ready) | bit(ServerState::Mail) | bit(ServerState::Rcpt);
constexpr std::uint16_t kAny = bit(ServerState::Greeted) | kOpen;

enum Flag : unsigned {
  kNoArgs = 1,     // arguments are a syntax error (RFC 5321 §4.1.1.4 DATA, .5 RSET, .10 QUIT)
  kNeedsArgs = 2,  // a missing argument is a syntax error (HELO, EHLO, MAIL, RCPT, VRFY, AUTH)
};

struct CommandSpec {
  std::string_view verb;
  Handler handler;
  std::uint16_t allowed;  // states in which the verb is in sequence
  unsigned flags;
};

// RFC 5321 §4.1.1.1: HELO and EHLO name a Domain or an address literal; a control character
// (NUL, TAB, ESC...) in it is a syntax error, never echoed back in the 250 line.
bool has_control(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

bool is_local_user(const ServerConfig& c, const std::string& rcpt) {
  const std::string want = to_lower(rcpt);
  for (const auto& u : c.local_users)
    if (to_lower(u) == want) return true;
  return false;
}

bool is_local_domain(const ServerConfig& c, const std::string& domain) {
  for (const auto& d : c.local_domains)
    if (to_lower(d) == domain) return true;
  return false;
}

}  // namespace

struct CommandTable {
  static const std::array<CommandSpec, 18>& table() {
    static const std::array<CommandSpec, 18> kTable{{
        {"HELO", &Server::cmd_helo, kAny, kNeedsArgs},
        {"EHLO", &Server::cmd_ehlo, kAny, kNeedsArgs},
        {"MAIL", &Server::cmd_mail, bit(ServerState::Ready), kNeedsArgs},
        {"RCPT", &Server::cmd_rcpt, bit(ServerState::Mail) | bit(ServerState::Rcpt), kNeedsArgs},
        {"DATA", &Server::cmd_data, bit(ServerState::Mail) | bit(ServerState::Rcpt), kNoArgs},
        {"RSET", &Server::cmd_rset, kAny, kNoArgs},
        {"NOOP", &Server::cmd_noop, kAny, 0},
        {"VRFY", &Server::cmd_vrfy, kAny, kNeedsArgs},
        {"HELP", &Server::cmd_help, kAny, 0},
        {"QUIT", &Server::cmd_quit, kAny, kNoArgs},
        {"AUTH", &Server::cmd_auth, bit(ServerState::Ready), kNeedsArgs},
        {"EXPN", &Server::cmd_not_implemented, kAny, 0},
        {"SEND", &Server::cmd_not_implemented, kAny, 0},
        {"SOML", &Server::cmd_not_implemented, kAny, 0},
        {"SAML", &Server::cmd_not_implemented, kAny, 0},
        {"TURN", &Server::cmd_not_implemented, kAny, 0},
        {"STARTTLS", &Server::cmd_starttls, kAny, kNoArgs},
        {"BDAT", &Server::cmd_not_implemented, kAny, 0},
    }};
    return kTable;
  }
  static const CommandSpec* find(std::string_view verb) {
    for (const auto& c : table())
      if (c.verb == verb) return &c;
    return nullptr;
  }
};

std::vector<CommandRule> server_command_rules() {
  std::vector<CommandRule> out;
  for (const auto& c : CommandTable::table()) {
    CommandRule r{c.verb, {}};
    for (unsigned s = 0; s <= static_cast<unsigned>(ServerState::Closed); ++s)
      if (c.allowed & bit(static_cast<ServerState>(s))) r.allowed.push_back(static_cast<ServerState>(s));
    out.push_back(std::move(r));
  }
  return out;
}

void Server::on_command_line(std::string_view line, Instant now) {
  (void)now;
  const std::size_t sp = line.find(' ');
  const std::string verb = to_upper(line.substr(0, sp));
  std::string_view args = sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
  while (!args.empty() && args.back() == ' ') args.remove_suffix(1);
  events_.emplace_back(CommandReceived{Proto::SMTP, verb, std::string(line), ""});

  const CommandSpec* spec = CommandTable::find(verb);
  if (no_service_ && verb != "QUIT") {
    // RFC 5321 §3.1: after a 554 greeting the server answers 503 to all but QUIT.
    send_reply(make_reply(503, "5.5.1", "Error: no SMTP service here"));
    return;
  }
  if (!spec) {
    violation("unknown command: " + verb);
    send_reply(make_reply(500, "5.5.2", "Error: command not recognized"));
    return;
  }
  if (!(spec->allowed & bit(state_))) {
    violation(verb + " out of sequence in state " + std::string(to_string(state_)));
    send_reply(sequence_error(verb));
    return;
  }
  if ((spec->flags & kNoArgs) && !args.empty()) {
    violation(verb + " takes no arguments");
    send_reply(make_reply(501, "5.5.4", "Syntax: " + verb));
    return;
  }
  if ((spec->flags & kNeedsArgs) && args.empty()) {
    violation(verb + " needs an argument");
    send_reply(make_reply(501, "5.5.4", "Syntax: " + std::string(find_syntax(verb))));
    return;
  }
  send_reply((this->*(spec->handler))(args));
  if (starting_tls_) {
    starting_tls_ = false;
    // RFC 3207 §4.2 (the CVE-2011-0411 class): anything the client pipelined behind
    // STARTTLS came before TLS and must not be taken as sent under it.
    if (!in_.empty()) violation("data after STARTTLS discarded (" + std::to_string(in_.size()) + " bytes)");
    in_.clear();
    discarding_ = false;
    set_state(ServerState::Tls);
    events_.emplace_back(TlsUpgradeAgreed{Proto::SMTP});
  }
  if (closing_) {
    reset_transaction();
    timers_.disarm_all();
    set_state(ServerState::Closed);
  }
}

std::string_view Server::find_syntax(std::string_view verb) {
  if (verb == "HELO") return "HELO hostname";
  if (verb == "EHLO") return "EHLO hostname";
  if (verb == "MAIL") return "MAIL FROM:<address>";
  if (verb == "RCPT") return "RCPT TO:<address>";
  if (verb == "AUTH") return "AUTH mechanism";
  return "VRFY address";
}

Reply Server::sequence_error(std::string_view verb) const {
  // RFC 5321 §4.1.4 / §3.3: commands out of order get 503 5.5.1 (RFC 3463 "invalid command").
  if (state_ == ServerState::Greeted) return make_reply(503, "5.5.1", "Error: send HELO/EHLO first");
  if (verb == "MAIL") return make_reply(503, "5.5.1", "Error: nested MAIL command");
  if (verb == "AUTH") return make_reply(503, "5.5.1", "Error: MAIL transaction in progress");
  return make_reply(503, "5.5.1", "Error: need MAIL command");
}

Reply Server::bad_helo_argument(std::string_view verb) {
  violation(std::string(verb) + " argument holds a control character");
  return make_reply(501, "5.5.4", "Syntax: " + std::string(find_syntax(verb)));
}

Reply Server::cmd_helo(std::string_view args) {
  // RFC 5321 §4.1.1.1: HELO opens a session (and resets any transaction, §4.1.4); a
  // refused HELO leaves the session as it was.
  if (has_control(args)) return bad_helo_argument("HELO");
  if (auto f = forced(FaultPhase::Ehlo)) return *f;
  reset_transaction();
  helo_only_ = true;
  envelope_.helo = std::string(args);
  envelope_.esmtp = false;
  set_state(ServerState::Ready);
  return make_reply(250, "", config_.hostname);
}

Reply Server::cmd_ehlo(std::string_view args) {
  if (has_control(args)) return bad_helo_argument("EHLO");
  if (auto f = forced(FaultPhase::Ehlo)) return *f;
  reset_transaction();
  helo_only_ = false;
  envelope_.helo = std::string(args);
  envelope_.esmtp = true;
  set_state(ServerState::Ready);
  // RFC 5321 §4.1.1.1: the greeting line, then one extension keyword per line.
  std::vector<std::string> lines{config_.hostname + " Hello " + std::string(args),
                                 "PIPELINING",  // RFC 2920
                                 "SIZE " + std::to_string(config_.max_message_size)};  // RFC 1870
  if (config_.advertise_8bitmime) lines.push_back("8BITMIME");  // RFC 6152
  lines.push_back("ENHANCEDSTATUSCODES");  // RFC 2034
  if (config_.advertise_smtputf8) lines.push_back("SMTPUTF8");  // RFC 6531
  // RFC 3207 §4.2: STARTTLS is not offered again once TLS is up.
  if (config_.starttls && !tls_active_) lines.push_back("STARTTLS");  // RFC 3207
  if (config_.role == PortRole::Submission && (tls_active_ || !config_.auth_requires_tls))
    lines.push_back("AUTH PLAIN LOGIN");  // RFC 4954
  return make_reply(250, "", std::move(lines));
}

std::optional<Reply> Server::check_mail_params(const std::vector<std::pair<std::string, std::string>>& params) {
  for (const auto& [key, value] : params) {
    // RFC 5321 §4.1.1.11: parameters are for negotiated extensions only (EHLO, not HELO).
    if (helo_only_) return make_reply(555, "5.5.4", "Unsupported option: " + key);
    if (key == "SIZE") {  // RFC 1870 §6
      if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos)
        return make_reply(501, "5.5.4", "Bad SIZE parameter");
      const std::size_t size = std::stoull(value);
      if (size > config_.max_message_size)
        return make_reply(552, "5.3.4", "Message size exceeds fixed limit");
      envelope_.declared_size = size;
    } else if (key == "BODY" && config_.advertise_8bitmime) {  // RFC 6152 §2
      const std::string v = to_upper(value);
      if (v != "7BIT" && v != "8BITMIME") return make_reply(501, "5.5.4", "Bad BODY parameter");
      envelope_.body_8bitmime = v == "8BITMIME";
    } else if (key == "SMTPUTF8" && value.empty() && config_.advertise_smtputf8) {  // RFC 6531 §3.4
      envelope_.smtputf8 = true;
    } else {
      // RFC 5321 §4.2.3: 555 MAIL FROM/RCPT TO parameters not recognized or not implemented.
      return make_reply(555, "5.5.4", "Unsupported option: " + key);
    }
  }
  return std::nullopt;
}

Reply Server::cmd_mail(std::string_view args) {
  // RFC 6409 §4.3 / RFC 4954 §6: the submission port serves authenticated users only.
  if (config_.role == PortRole::Submission && authenticated_user_.empty())
    return make_reply(530, "5.7.0", "Authentication required");
  PathParse p = parse_path_argument(args, "FROM", true);
  if (!p.value) return make_reply(501, "5.1.7", "Bad sender address syntax (" + p.error + ")");
  reset_transaction();
  if (auto bad = check_mail_params(p.value->params)) {
    reset_transaction();
    return *bad;
  }
  // RFC 6531 §3.5: a UTF-8 address without SMTPUTF8 is refused with 553 5.6.7.
  if (has_non_ascii(p.value->address) && !envelope_.smtputf8) {
    reset_transaction();
    return make_reply(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
  }
  if (auto f = forced(FaultPhase::Mail)) return *f;
  if (faults_.disk_full) return make_reply(452, "4.3.1", "Insufficient system storage");
  envelope_.mail_from = normalize_address(p.value->address);
  envelope_.auth_user = authenticated_user_;
  set_state(ServerState::Mail);
  return make_reply(250, "2.1.0", "Ok");
}

Reply Server::cmd_rcpt(std::string_view args) {
  ++rcpt_attempts_;
  PathParse p = parse_path_argument(args, "TO", false);
  if (!p.value) return make_reply(501, "5.1.3", "Bad recipient address syntax (" + p.error + ")");
  if (!p.value->params.empty())  // no RCPT extension (DSN NOTIFY/ORCPT) is offered
    return make_reply(555, "5.5.4", "Unsupported option: " + p.value->params.front().first);
  if (has_non_ascii(p.value->address) && !envelope_.smtputf8)
    return make_reply(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
  // RFC 5321 §4.5.3.1.8: the server must take at least 100; beyond its limit, 452.
  if (envelope_.rcpts.size() >= config_.max_recipients) return make_reply(452, "4.5.3", "Error: too many recipients");
  if (auto f = forced(FaultPhase::Rcpt)) return *f;
  if (faults_.disk_full) return make_reply(452, "4.3.1", "Insufficient system storage");
  std::string rcpt = normalize_address(p.value->address);
  Reply r = rcpt_policy(rcpt);
  if (r.code == 250) {
    envelope_.rcpts.push_back(std::move(rcpt));
    set_state(ServerState::Rcpt);
  }
  return r;
}

Reply Server::rcpt_policy(const std::string& rcpt) {
  const std::string domain = domain_of(rcpt);
  const bool postmaster = to_lower(rcpt) == "postmaster" ||
                          (to_lower(rcpt.substr(0, rcpt.rfind('@'))) == "postmaster" && is_local_domain(config_, domain));
  if (postmaster) {
    // RFC 5321 §4.5.1: every server must accept mail for postmaster.
  } else if (is_local_domain(config_, domain)) {
    if (!is_local_user(config_, rcpt))
      return make_reply(550, "5.1.1", "<" + rcpt + ">: Recipient address rejected: User unknown in local recipient table");
  } else if (authenticated_user_.empty()) {
    // RFC 5321 §3.6.1 and §7.1: never an open relay; other domains need AUTH.
    return make_reply(554, "5.7.1", "<" + rcpt + ">: Relay access denied");
  }
  // Greylisting (RFC 6647): defer the first attempt of a (sender, recipient) pair.
  if (faults_.greylisting && authenticated_user_.empty() && greylist().first_attempt(envelope_.mail_from, rcpt))
    return make_reply(451, "4.7.1", "<" + rcpt + ">: Recipient address rejected: Greylisted, try again later");
  return make_reply(250, "2.1.5", "Ok");
}

Reply Server::cmd_data(std::string_view) {
  // RFC 5321 §3.3: DATA with no accepted recipient gets 503 (no RCPT) or 554 (all refused).
  if (state_ == ServerState::Mail) {
    if (rcpt_attempts_ == 0) return make_reply(503, "5.5.1", "Error: need RCPT command");
    return make_reply(554, "5.5.1", "Error: no valid recipients");
  }
  if (auto f = forced(FaultPhase::Data)) return *f;
  set_state(ServerState::Data);
  data_.clear();
  data_size_ = 0;
  data_line_too_long_ = false;
  return make_reply(354, "", "End data with <CR><LF>.<CR><LF>");
}

Reply Server::cmd_rset(std::string_view) {
  // RFC 5321 §4.1.1.5: abort the transaction; the session stays open (before HELO too).
  reset_transaction();
  if (state_ == ServerState::Mail || state_ == ServerState::Rcpt) set_state(ServerState::Ready);
  return make_reply(250, "2.0.0", "Ok");
}

Reply Server::cmd_noop(std::string_view) { return make_reply(250, "2.0.0", "Ok"); }

Reply Server::cmd_vrfy(std::string_view) {
  // RFC 5321 §3.5.3: a server that will not say may answer 252.
  return make_reply(252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery");
}

Reply Server::cmd_help(std::string_view) {
  return make_reply(214, "2.0.0", std::vector<std::string>{
      "Commands: HELO EHLO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT" +
          std::string(config_.role == PortRole::Submission ? " AUTH" : ""),
      "See RFC 5321 section 4.1.1"});
}

Reply Server::cmd_quit(std::string_view) {
  // RFC 5321 §4.1.1.10: 221, then the server closes.
  closing_ = true;
  return make_reply(221, "2.0.0", config_.hostname + " closing connection");
}

Reply Server::cmd_starttls(std::string_view) {
  // RFC 3207 §4: 220 to go ahead; 501 for arguments (the table's kNoArgs); a server that does
  // not offer the extension answers as to any command it does not implement (502).
  if (!config_.starttls) return cmd_not_implemented({});
  if (tls_active_) return make_reply(503, "5.5.1", "Error: TLS already active");  // §4.2
  if (state_ == ServerState::Greeted) return make_reply(503, "5.5.1", "Error: send EHLO first");
  if (state_ != ServerState::Ready) return make_reply(503, "5.5.1", "Error: MAIL transaction in progress");
  starting_tls_ = true;
  return make_reply(220, "2.0.0", "Ready to start TLS");
}

Reply Server::cmd_not_implemented(std::string_view) {
  return make_reply(502, "5.5.1", "Error: command not implemented");
}

}  // namespace protocols::smtp
