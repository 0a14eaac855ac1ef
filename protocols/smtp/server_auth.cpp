// SMTP AUTH on the server (RFC 4954 §4): the PLAIN (RFC 4616) and LOGIN mechanisms, with
// or without an initial response, "*" to cancel, and 235 / 535 at the end.
// Leaves out: CRAM-MD5, SCRAM and the rest (504), authorization identities other than the
// authenticated user (a differing authzid is refused with 535).
#include "protocols/codec/base64.hpp"
#include "protocols/smtp/path.hpp"
#include "protocols/smtp/server.hpp"

namespace protocols::smtp {

Reply Server::cmd_auth(std::string_view args) {
  if (config_.role != PortRole::Submission) return make_reply(502, "5.5.1", "Error: authentication not enabled");
  // RFC 3207 §4.1 and the reply RFC 4954 §6 names for it.
  if (config_.auth_requires_tls && !tls_active_) return make_reply(530, "5.7.0", "Must issue a STARTTLS command first");
  if (helo_only_) return make_reply(503, "5.5.1", "Error: send EHLO first");  // RFC 4954 §4: AUTH needs EHLO
  if (!authenticated_user_.empty()) return make_reply(503, "5.5.1", "Error: already authenticated");
  const std::size_t sp = args.find(' ');
  const std::string mech = to_upper(args.substr(0, sp));
  std::string_view initial = sp == std::string_view::npos ? std::string_view{} : args.substr(sp + 1);
  if (mech != "PLAIN" && mech != "LOGIN") return make_reply(504, "5.5.4", "Error: unsupported authentication mechanism");
  if (!initial.empty()) {
    // RFC 4954 §4: "=" is an empty initial response.
    std::optional<std::string> decoded =
        initial == "=" ? std::optional<std::string>{""} : codec::base64_decode_strict(initial);
    if (!decoded) return make_reply(501, "5.5.2", "Error: cannot decode initial response");
    if (mech == "PLAIN") return finish_plain(*decoded);
    auth_login_user_ = *decoded;
    auth_step_ = AuthStep::LoginPassword;
    set_state(ServerState::Auth);
    return make_reply(334, "", codec::base64_encode("Password:"));
  }
  set_state(ServerState::Auth);
  if (mech == "PLAIN") {
    auth_step_ = AuthStep::PlainResponse;
    return make_reply(334, "", "");
  }
  auth_step_ = AuthStep::LoginUser;
  return make_reply(334, "", codec::base64_encode("Username:"));
}

void Server::on_auth_line(std::string_view line) {
  // Not a command (RFC 4954 §4): recorded with an empty verb so transcripts still show it.
  events_.emplace_back(CommandReceived{Proto::SMTP, "", std::string(line), ""});
  const AuthStep step = auth_step_;
  auth_step_ = AuthStep::None;
  if (line == "*") {  // RFC 4954 §4: the client cancels
    set_state(ServerState::Ready);
    send_reply(make_reply(501, "5.0.0", "Authentication aborted"));
    return;
  }
  std::optional<std::string> decoded = codec::base64_decode_strict(line);
  if (!decoded) {
    violation("AUTH response is not base64");
    set_state(ServerState::Ready);
    send_reply(make_reply(501, "5.5.2", "Error: cannot decode response"));
    return;
  }
  switch (step) {
    case AuthStep::PlainResponse: send_reply(finish_plain(*decoded)); break;
    case AuthStep::LoginUser:
      auth_login_user_ = *decoded;
      auth_step_ = AuthStep::LoginPassword;
      send_reply(make_reply(334, "", codec::base64_encode("Password:")));
      break;
    case AuthStep::LoginPassword: send_reply(check_credentials(auth_login_user_, *decoded, "LOGIN")); break;
    case AuthStep::None: break;
  }
}

Reply Server::finish_plain(std::string_view decoded) {
  // RFC 4616 §2: message = [authzid] NUL authcid NUL passwd.
  const std::size_t a = decoded.find('\0');
  const std::size_t b = a == std::string_view::npos ? a : decoded.find('\0', a + 1);
  if (b == std::string_view::npos) {
    set_state(ServerState::Ready);
    return make_reply(501, "5.5.2", "Error: malformed PLAIN response");
  }
  std::string authzid(decoded.substr(0, a));
  std::string user(decoded.substr(a + 1, b - a - 1));
  std::string password(decoded.substr(b + 1));
  if (!authzid.empty() && authzid != user) {
    set_state(ServerState::Ready);
    return make_reply(535, "5.7.8", "Error: authentication failed");
  }
  return check_credentials(user, password, "PLAIN");
}

Reply Server::check_credentials(const std::string& user, const std::string& password,
                                std::string_view mechanism) {
  set_state(ServerState::Ready);
  for (const auto& acc : config_.accounts) {
    if (acc.user == user && acc.password == password) {
      authenticated_user_ = user;
      envelope_.auth_user = user;
      events_.emplace_back(AuthSucceeded{user, std::string(mechanism)});
      return make_reply(235, "2.7.0", "Authentication successful");
    }
  }
  violation("AUTH failed for user " + user);
  return make_reply(535, "5.7.8", "Error: authentication failed");
}

}  // namespace protocols::smtp
