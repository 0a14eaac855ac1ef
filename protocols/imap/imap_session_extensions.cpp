// IMAP server: the session extensions a modern client sends before it reads any mail.
// AUTHENTICATE PLAIN (RFC 3501 §6.2.2, SASL PLAIN RFC 4616 §2) with the initial response on
// the command line (SASL-IR, RFC 4959) or after an empty "+ " continuation; "*" cancels and
// bad base64 is BAD, wrong credentials NO [AUTHENTICATIONFAILED] (RFC 5530). ID (RFC 2971)
// answers with the server's name whatever the client tells about itself. ENABLE (RFC 5161)
// answers "* ENABLED" with the extensions it turned on: none, as MailSim implements no
// extension that needs enabling (no CONDSTORE, QRESYNC or UTF8=ACCEPT).
// Leaves out: other SASL mechanisms (LOGIN, CRAM-MD5, SCRAM), security layers, STARTTLS.
#include "protocols/codec/base64.hpp"
#include "protocols/imap/imap_reply.hpp"
#include "protocols/imap/imap_server.hpp"

#include <utility>

#ifndef MAILSIM_VERSION
#define MAILSIM_VERSION "0"
#endif

namespace protocols::imap {
namespace {

using Reply = Server::Reply;
using reply::bad;
using reply::no;
using reply::ok;

bool is_nil(const Value& v) { return v.is_atom() && v.upper() == "NIL"; }

}  // namespace

Reply Server::cmd_authenticate(Request& r) {
  // RFC 3501 §6.2.2: AUTHENTICATE mechanism; RFC 4959 §3: [SP initial-response].
  if (r.args.empty() || r.args.size() > 2 || !r.args[0].is_atom() ||
      (r.args.size() == 2 && !r.args[1].is_atom()))
    return bad("AUTHENTICATE needs a mechanism name and at most an initial response");
  if (r.args[0].upper() != "PLAIN") return no("unsupported authentication mechanism " + r.args[0].text);
  if (r.args.size() == 2) {
    // RFC 4959 §3: "=" stands for an empty initial response.
    if (r.args[1].text == "=") return sasl_plain("");
    auto decoded = codec::base64_decode_strict(r.args[1].text);
    if (!decoded) return bad("invalid base64 in the initial response");  // RFC 3501 §6.2.2
    return sasl_plain(*decoded);
  }
  // RFC 4616 §2: PLAIN has no challenge, so the server's continuation is empty.
  continuation("");
  auth_tag_ = r.tag;
  return {"", {}};  // the tagged reply comes after the client's response line
}

void Server::sasl_response(const std::string& line) {
  std::string tag = *std::exchange(auth_tag_, std::nullopt);
  events_.push_back(CommandReceived{Proto::IMAP, "", line, tag});
  Reply reply;
  if (line == "*") {
    // RFC 3501 §6.2.2: a line of a single "*" cancels the exchange with a tagged BAD.
    reply = bad("AUTHENTICATE cancelled");
  } else if (auto decoded = codec::base64_decode_strict(line); !decoded) {
    events_.push_back(PeerViolation{Proto::IMAP, "invalid base64 in the SASL response"});
    reply = bad("invalid base64 in the SASL response");
  } else {
    reply = sasl_plain(*decoded);
  }
  tagged(tag, reply);
}

Reply Server::sasl_plain(std::string_view message) {
  // RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd
  std::size_t first = message.find('\0');
  std::size_t second = first == std::string_view::npos ? first : message.find('\0', first + 1);
  if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos) {
    events_.push_back(PeerViolation{Proto::IMAP, "malformed PLAIN message"});
    return bad("malformed PLAIN message (expected authzid NUL user NUL password)");
  }
  std::string authzid(message.substr(0, first));
  std::string user(message.substr(first + 1, second - first - 1));
  std::string password(message.substr(second + 1));
  if (!store_.check_password(user, password)) {
    events_.push_back(AuthenticationFailed{user, "invalid credentials"});
    return no("[AUTHENTICATIONFAILED] invalid user name or password");  // RFC 5530 code
  }
  // RFC 4616 §2: acting as another user needs a right no one has here.
  if (!authzid.empty() && authzid != user) {
    events_.push_back(AuthenticationFailed{user, "may not act as " + authzid});
    return no("[AUTHORIZATIONFAILED] " + user + " may not act as " + authzid);
  }
  user_ = user;
  events_.push_back(Authenticated{user_});
  set_state(State::Authenticated);
  return ok("[CAPABILITY " + std::string(kCapabilities) + "] AUTHENTICATE completed");
}

Reply Server::cmd_id(Request& r) {
  // RFC 2971 §3.1: ID ("field" "value" ...) or ID NIL; §3.3: field names are strings of at
  // most 30 octets, values at most 1024, at most 30 pairs.
  if (r.args.size() != 1) return bad("ID needs one parenthesised list or NIL");
  const Value& v = r.args[0];
  if (!is_nil(v)) {
    if (v.kind != Value::Kind::List) return bad("ID needs one parenthesised list or NIL");
    if (v.items.size() % 2 != 0) return bad("ID list needs field and value pairs");
    if (v.items.size() > 60) return bad("ID list has more than 30 fields");
    for (std::size_t i = 0; i < v.items.size(); i += 2) {
      const Value& field = v.items[i];
      const Value& value = v.items[i + 1];
      if (field.kind != Value::Kind::String || field.text.size() > 30)
        return bad("ID field names are strings of at most 30 octets");
      if (!is_nil(value) && (value.kind != Value::Kind::String || value.text.size() > 1024))
        return bad("ID values are strings of at most 1024 octets or NIL");
    }
  }
  untagged("ID (\"name\" \"MailSim\" \"version\" \"" MAILSIM_VERSION "\" \"vendor\" \"MailSim\")");
  return ok("ID completed");
}

Reply Server::cmd_enable(Request& r) {
  // RFC 5161 §3.1: ENABLE 1*(SP capability); unknown capabilities are ignored, and the
  // untagged ENABLED lists only what was enabled (nothing, here: see the file comment).
  if (r.args.empty()) return bad("ENABLE needs at least one capability");
  for (const auto& a : r.args)
    if (!a.is_atom()) return bad("ENABLE takes capability names");
  untagged("ENABLED");
  return ok("ENABLE completed");
}

}  // namespace protocols::imap
