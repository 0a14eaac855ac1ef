// Scenario loader, host objects: the fields of each host kind (mail server, user agent,
// webmail server, browser, echo), with the problems reported where they stand.
#include <filesystem>

#include "protocols/store/flags.hpp"
#include "sim/mailbox_import.hpp"
#include "sim/scenario_fields.hpp"

namespace sim::scenario_detail {
namespace {

const Keys kHostKinds{"router", "dns-server", "mail-server", "user-agent", "echo-server", "echo-client",
                      "webmail-server", "browser"};
const Keys kCommonHostKeys{"name", "kind", "ip", "resolver"};
const std::map<std::string_view, Keys> kKindKeys{
    {"router", {}},
    {"dns-server", {}},
    {"mail-server", {"domains", "users", "retry", "max_message_size", "max_recipients", "8bitmime", "smtputf8",
                     "max_line_length", "starttls", "auth_requires_tls", "tls_outbound"}},
    {"user-agent", {"address", "password", "server", "send", "read", "tls"}},
    {"echo-server", {"port"}},
    {"echo-client", {"port", "connect_to", "at", "lines"}},
    {"webmail-server", {"mail_server", "domain"}},
    {"browser", {"webmail", "user", "password", "actions"}},
};

// A TLS policy field: "none", "opportunistic" or "required" (protocols/tls_policy.hpp).
void read_tls_policy(Fields& f, std::string_view key, protocols::TlsPolicy& out) {
  std::string text;
  if (!f.str(key, text)) return;
  if (auto p = protocols::tls_policy_of(text)) {
    out = *p;
    return;
  }
  const Keys names{"none", "opportunistic", "required"};
  std::string m = "unknown TLS policy " + q(text);
  if (auto near = closest_match(text, names)) m += " (did you mean " + q(*near) + "?)";
  else m += " (use none, opportunistic or required)";
  f.checker().error(f.ptr(key), m);
}

// A required host reference (the second pass checks that it names a host of the right kind);
// an empty name names no host.
void read_host_ref(Fields& f, std::string_view key, std::string& out) {
  if (f.str(key, out, true) && out.empty()) f.checker().error(f.ptr(key), q(key) + " names no host (empty)");
}

void read_retry(Fields& host, RetrySpec& retry) {
  const json* v = host.find("retry", false);
  if (!v) return;
  Fields f(host.checker(), *v, host.ptr("retry"));
  f.keys({"preset", "queue_run_interval", "minimal_backoff", "maximal_backoff", "queue_lifetime",
          "delay_warning"});
  const Keys presets{"textbook", "postfix", "exim", "rfc5321"};
  if (f.str("preset", retry.preset) &&
      std::find(presets.begin(), presets.end(), retry.preset) == presets.end()) {
    std::string m = "unknown retry preset " + q(retry.preset);
    if (auto near = closest_match(retry.preset, presets)) m += " (did you mean " + q(*near) + "?)";
    else m += " (use textbook, postfix, exim or rfc5321)";
    f.checker().error(f.ptr("preset"), m);
  }
  f.opt_duration("queue_run_interval", retry.queue_run_interval);
  f.opt_duration("minimal_backoff", retry.minimal_backoff);
  f.opt_duration("maximal_backoff", retry.maximal_backoff);
  f.opt_duration("queue_lifetime", retry.queue_lifetime);
  f.opt_duration("delay_warning", retry.delay_warning);
}

void check_addresses(Fields& f, std::string_view key, const std::vector<std::string>& list) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (!is_mail_address(list[i]))
      f.checker().error(json_pointer_append(f.ptr(key), std::to_string(i)), "malformed mail address " + q(list[i]));
}

// "maildir": a Maildir path; "eml": a .eml file or a directory of them, or a list of those.
// Paths are relative to the scenario file; problems stand at the path that names the file.
void read_initial_mailbox(Fields& u, UserSpec& user) {
  std::string base = std::filesystem::path(u.checker().file()).parent_path().string();
  auto report = [&](const std::string& ptr, const std::vector<std::string>& problems) {
    for (const std::string& p : problems) u.checker().error(ptr, p);
  };
  if (std::string dir; u.str("maildir", dir)) {
    user.maildir = dir;
    std::vector<std::string> problems;
    if (dir.empty()) problems.push_back("\"maildir\" names no directory (empty)");
    else import_maildir(base, dir, user.mailbox, user.folders, problems);
    report(u.ptr("maildir"), problems);
  }
  auto one_eml = [&](const std::string& path, const std::string& ptr) {
    user.eml.push_back(path);
    std::vector<std::string> problems;
    if (path.empty()) problems.push_back("\"eml\" names no file (empty)");
    else import_eml(base, path, user.mailbox, problems);
    report(ptr, problems);
  };
  const json* eml = u.find("eml", false);
  if (eml && eml->is_string()) one_eml(eml->get<std::string>(), u.ptr("eml"));
  else if (eml && eml->is_array())
    u.each("eml", false, [&](const json& e, const std::string& p) {
      if (e.is_string()) one_eml(e.get<std::string>(), p);
      else u.checker().error(p, std::string("expected a string, found ") + type_word(e));
    });
  else if (eml) u.checker().error(u.ptr("eml"), std::string("expected a string or an array of strings, found ") + type_word(*eml));
}

void read_mail_server(Fields& f, MailServerSpec& mail) {
  f.strings("domains", mail.domains);
  for (std::size_t i = 0; i < mail.domains.size(); ++i)
    if (!is_host_name(mail.domains[i]))
      f.checker().error(json_pointer_append(f.ptr("domains"), std::to_string(i)),
                        "malformed domain " + q(mail.domains[i]) + " (use lower-case letters, digits, '-' and '.')");
  f.each("users", false, [&](const json& e, const std::string& p) {
    Fields u(f.checker(), e, p);
    u.keys({"name", "password", "maildir", "eml"});
    UserSpec user;
    if (u.str("name", user.name, true)) {
      bool dup = std::any_of(mail.users.begin(), mail.users.end(), [&](const UserSpec& x) { return x.name == user.name; });
      if (dup) f.checker().error(u.ptr("name"), "duplicate user " + q(user.name));
    }
    u.str("password", user.password, true);
    read_initial_mailbox(u, user);
    mail.users.push_back(std::move(user));
  });
  read_retry(f, mail.retry);
  f.uint("max_message_size", mail.max_message_size, 1, 1ULL << 40);
  std::uint64_t rcpts = mail.max_recipients;
  if (f.uint("max_recipients", rcpts, 1, 100000)) mail.max_recipients = static_cast<std::uint32_t>(rcpts);
  // false plays an older server: no 8BITMIME (RFC 6152) or SMTPUTF8 (RFC 6531) in its EHLO reply
  f.boolean("8bitmime", mail.advertise_8bitmime);
  f.boolean("smtputf8", mail.advertise_smtputf8);
  // RFC 5321 §4.5.3.1.6: 998 octets plus CR LF is the least a server must take; more is allowed.
  std::uint64_t line = mail.max_line_length;
  if (f.uint("max_line_length", line, 998, 1u << 20)) mail.max_line_length = static_cast<std::uint32_t>(line);
  // RFC 3207: STARTTLS offered on 25 and 587; AUTH only inside TLS; STARTTLS to the next hop.
  f.boolean("starttls", mail.starttls);
  if (f.boolean("auth_requires_tls", mail.auth_requires_tls) && mail.auth_requires_tls && !mail.starttls)
    f.checker().error(f.ptr("auth_requires_tls"), "auth_requires_tls needs \"starttls\": true (AUTH could never be used)");
  read_tls_policy(f, "tls_outbound", mail.tls_outbound);
}

void read_attachment(Checker& c, const json& e, const std::string& p, AttachmentSpec& a) {
  Fields f(c, e, p);
  f.keys({"filename", "content_type", "text", "size"});
  f.str("filename", a.filename, true);
  f.str("content_type", a.content_type);
  bool has_text = f.str("text", a.text);
  bool has_size = f.uint("size", a.size, 0, 1ULL << 32);
  if (f.ok() && has_text && has_size) c.error(p, "an attachment has either \"text\" or \"size\", not both");
  if (f.ok() && !f.find("text", false) && !f.find("size", false))
    c.error(p, "an attachment needs \"text\" or \"size\"");
}

// The keys each IMAP device action takes beyond "at" and "do" (required ones first).
struct ImapActionKeys {
  std::string_view what;
  Keys required, optional;
};
const std::vector<ImapActionKeys> kImapActions{
    {"create", {"folder"}, {}},
    {"move", {"uid", "to"}, {"folder"}},
    {"copy", {"uid", "to"}, {"folder"}},
    {"flag", {"uid", "flag"}, {"folder"}},
    {"unflag", {"uid", "flag"}, {"folder"}},
};

void read_imap_action(Checker& c, const json& e, const std::string& p, ImapActionSpec& act) {
  Fields a(c, e, p);
  a.keys({"at", "do", "folder", "uid", "to", "flag"});
  act.pos = c.pos(p);
  a.duration("at", act.at, true);
  const ImapActionKeys* spec = nullptr;
  if (a.str("do", act.what, true)) {
    for (const auto& k : kImapActions)
      if (k.what == act.what) spec = &k;
    if (!spec) {
      Keys whats;
      for (const auto& k : kImapActions) whats.push_back(k.what);
      std::string m = "unknown IMAP action " + q(act.what);
      if (auto near = closest_match(act.what, whats)) m += " (did you mean " + q(*near) + "?)";
      else m += " (use " + join(whats) + ")";
      c.error(a.ptr("do"), m);
    }
  }
  std::uint64_t uid = 0;
  if (a.uint("uid", uid, 1, UINT32_MAX)) act.uid = static_cast<std::uint32_t>(uid);
  for (auto [key, out] : {std::pair<const char*, std::string*>{"folder", &act.folder}, {"to", &act.to}})
    if (a.str(key, *out) && out->empty()) c.error(a.ptr(key), std::string("\"") + key + "\" names no folder (empty)");
  if (a.str("flag", act.flag)) {
    protocols::store::Flags f;
    if (!f.add(act.flag))  // RFC 3501 §2.3.2: \Recent cannot be set; keywords are atoms
      c.error(a.ptr("flag"), "malformed flag " + q(act.flag) +
                                 " (use \\Seen, \\Answered, \\Flagged, \\Deleted, \\Draft or a keyword)");
  }
  if (!spec || !a.ok()) return;
  for (std::string_view k : spec->required)
    if (!a.find(k, false)) c.error(p, "\"" + act.what + "\" needs " + q(k));
  for (std::string_view k : {"folder", "uid", "to", "flag"}) {
    bool allowed = std::find(spec->required.begin(), spec->required.end(), k) != spec->required.end() ||
                   std::find(spec->optional.begin(), spec->optional.end(), k) != spec->optional.end();
    if (!allowed && a.find(k, false)) c.error(a.ptr(k), q(k) + " does not apply to " + q(act.what), true);
  }
}

void read_user_agent(Fields& f, UserAgentSpec& agent) {
  if (f.str("address", agent.address, true) && !is_mail_address(agent.address))
    f.checker().error(f.ptr("address"), "malformed mail address " + q(agent.address));
  f.str("password", agent.password, true);
  read_host_ref(f, "server", agent.server);
  read_tls_policy(f, "tls", agent.tls);
  f.each("send", false, [&](const json& e, const std::string& p) {
    Fields s(f.checker(), e, p);
    s.keys({"at", "to", "cc", "subject", "body", "attachments"});
    SendSpec send;
    send.pos = f.checker().pos(p);
    s.duration("at", send.at, true);
    s.strings("to", send.to, true);
    if (s.find("to", false) && s.find("to", false)->is_array() && send.to.empty())
      f.checker().error(s.ptr("to"), "a message needs at least one recipient");
    check_addresses(s, "to", send.to);
    s.strings("cc", send.cc);
    check_addresses(s, "cc", send.cc);
    s.str("subject", send.subject);
    s.str("body", send.body);
    s.each("attachments", false, [&](const json& ae, const std::string& ap) {
      send.attachments.emplace_back();
      read_attachment(f.checker(), ae, ap, send.attachments.back());
    });
    agent.sends.push_back(std::move(send));
  });
  if (const json* r = f.find("read", false)) {
    Fields rf(f.checker(), *r, f.ptr("read"));
    rf.keys({"protocol", "at", "every", "mode", "keep_for", "apop", "idle", "actions"});
    ReaderSpec& rd = agent.read;
    rd.pos = f.checker().pos(f.ptr("read"));
    if (rf.str("protocol", rd.protocol, true) && rd.protocol != "pop3" && rd.protocol != "imap")
      f.checker().error(rf.ptr("protocol"), "protocol is \"pop3\" or \"imap\", not " + q(rd.protocol));
    rf.duration("at", rd.at);
    rf.opt_duration("every", rd.every);
    if (rf.str("mode", rd.mode) && rd.mode != "delete" && rd.mode != "keep")
      f.checker().error(rf.ptr("mode"), "mode is \"delete\" (download-and-delete) or \"keep\" (download-and-keep), not " + q(rd.mode));
    rf.opt_duration("keep_for", rd.keep_for);
    rf.boolean("apop", rd.apop);
    rf.boolean("idle", rd.idle);
    rf.each("actions", false, [&](const json& e, const std::string& p) {
      rd.actions.emplace_back();
      read_imap_action(f.checker(), e, p, rd.actions.back());
    });
    if (rd.protocol == "pop3" && rf.find("actions", false))
      f.checker().error(rf.ptr("actions"), "\"actions\" are for IMAP devices; POP3 has no folders or flags on the server", true);
  }
}

void read_echo(Fields& f, const std::string& kind, EchoSpec& echo) {
  std::uint64_t port = echo.port;
  if (f.uint("port", port, 1, 65535)) echo.port = static_cast<std::uint16_t>(port);
  if (kind != "echo-client") return;
  read_host_ref(f, "connect_to", echo.connect_to);
  f.duration("at", echo.at);
  f.strings("lines", echo.lines);
}

void read_webmail(Fields& f, WebmailSpec& w) {
  read_host_ref(f, "mail_server", w.mail_server);
  f.str("domain", w.domain);
}

void read_browser(Fields& f, BrowserSpec& b) {
  read_host_ref(f, "webmail", b.webmail);
  f.str("user", b.user, true);
  f.str("password", b.password, true);
  const Keys whats{"login", "inbox", "read", "send", "move", "logout"};
  f.each("actions", false, [&](const json& e, const std::string& p) {
    Fields a(f.checker(), e, p);
    a.keys({"at", "do", "uid", "folder", "to", "subject", "body"});
    BrowserAction act;
    act.pos = f.checker().pos(p);
    a.duration("at", act.at, true);
    if (a.str("do", act.what, true) && std::find(whats.begin(), whats.end(), act.what) == whats.end()) {
      std::string m = "unknown browser action " + q(act.what);
      if (auto near = closest_match(act.what, whats)) m += " (did you mean " + q(*near) + "?)";
      f.checker().error(a.ptr("do"), m);
    }
    std::uint64_t uid = 0;
    if (a.uint("uid", uid, 1, UINT32_MAX)) act.uid = static_cast<std::uint32_t>(uid);
    a.str("folder", act.folder);
    a.str("to", act.to);
    a.str("subject", act.subject);
    a.str("body", act.body);
    if ((act.what == "read" || act.what == "move") && act.uid == 0 && a.ok())
      f.checker().error(p, "\"" + act.what + "\" needs a \"uid\"");
    if ((act.what == "send" || act.what == "move") && act.to.empty() && a.ok())
      f.checker().error(p, "\"" + act.what + "\" needs \"to\"");
    b.actions.push_back(std::move(act));
  });
}

// Names where a key that is not allowed for this kind does belong, if anywhere.
std::string misplaced_host_key(const std::string& kind, const std::string& key) {
  for (const auto& [other, keys] : kKindKeys)
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      return "key " + q(key) + " does not apply to " + a_kind(kind) + " host (it is " + a_kind(other) + " field)";
  return "";
}

}  // namespace

std::string a_kind(std::string_view kind) {
  return (kind.substr(0, 1) == "e" ? "an " : "a ") + std::string(kind);
}

bool known_kind(const std::string& kind) { return kKindKeys.count(kind) != 0; }

HostSpec read_host(Checker& c, const json& e, const std::string& p) {
  HostSpec host;
  host.pos = c.pos(p);
  Fields f(c, e, p);
  if (f.str("name", host.name, true) && !is_host_name(host.name))
    c.error(f.ptr("name"), "malformed host name " + q(host.name) + " (use lower-case letters, digits, '-' and '.')");
  if (f.str("ip", host.ip, true) && !is_ipv4(host.ip)) c.error(f.ptr("ip"), "malformed IPv4 address " + q(host.ip));
  f.str("resolver", host.resolver);
  bool has_kind = f.str("kind", host.kind, true);
  auto kind_keys = kKindKeys.find(host.kind);
  if (has_kind && kind_keys == kKindKeys.end()) {
    std::string m = "unknown host kind " + q(host.kind);
    if (auto near = closest_match(host.kind, kHostKinds)) m += " (did you mean " + q(*near) + "?)";
    else m += " (use router, dns-server, mail-server, user-agent, webmail-server, browser, echo-server or echo-client)";
    c.error(f.ptr("kind"), m);
  }
  if (kind_keys == kKindKeys.end()) {  // unknown kind: check keys against all of them
    Keys all = kCommonHostKeys;
    for (const auto& [kind, keys] : kKindKeys)
      for (std::string_view k : keys)
        if (std::find(all.begin(), all.end(), k) == all.end()) all.push_back(k);
    f.keys(all);
    return host;
  }
  Keys allowed = kCommonHostKeys;
  allowed.insert(allowed.end(), kind_keys->second.begin(), kind_keys->second.end());
  f.keys(allowed, [&](const std::string& key) { return misplaced_host_key(host.kind, key); });
  if (host.kind == "mail-server") read_mail_server(f, host.mail);
  if (host.kind == "user-agent") read_user_agent(f, host.agent);
  if (host.kind == "webmail-server") read_webmail(f, host.webmail);
  if (host.kind == "browser") read_browser(f, host.browser);
  if (host.kind == "echo-server" || host.kind == "echo-client") read_echo(f, host.kind, host.echo);
  return host;
}

}  // namespace sim::scenario_detail
