// Scenario loader (scenario_loader.hpp): nlohmann::json parses, json_positions places, and
// this file checks every field, collecting all problems in document order. Two passes: the
// first reads each object on its own; the second checks references between them (links,
// servers, resolvers, fault targets) once every host name is known.
// Leaves out: semantic advice (a host with no link, an MX pointing nowhere) — those are
// legitimate lesson set-ups, not errors.
#include "sim/scenario_loader.hpp"

#include "protocols/message/date.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "sim/fault_spec.hpp"
#include "sim/json_positions.hpp"

namespace sim {
namespace {

using json = nlohmann::json;
using Keys = std::vector<std::string_view>;

const Keys kHostKinds{"router", "dns-server", "mail-server", "user-agent", "echo-server", "echo-client",
                      "webmail-server", "browser"};
const Keys kCommonHostKeys{"name", "kind", "ip", "resolver"};
const std::map<std::string_view, Keys> kKindKeys{
    {"router", {}},
    {"dns-server", {}},
    {"mail-server", {"domains", "users", "retry", "max_message_size", "max_recipients"}},
    {"user-agent", {"address", "password", "server", "send", "read"}},
    {"echo-server", {"port"}},
    {"echo-client", {"port", "connect_to", "at", "lines"}},
    {"webmail-server", {"mail_server", "domain"}},
    {"browser", {"webmail", "user", "password", "actions"}},
};

std::string q(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string join(const Keys& words) {
  std::string out;
  for (std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

const char* type_word(const json& j) {
  if (j.is_object()) return "an object";
  if (j.is_array()) return "an array";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "true or false";
  if (j.is_null()) return "null";
  return "a number";
}

// A value for a message: strings quoted, numbers as written, else their type (never a
// recursive dump: a value may be nested a hundred thousand levels deep).
std::string describe(const json& j) {
  if (j.is_string()) return q(j.get<std::string>());
  if (j.is_number()) return j.dump();
  return type_word(j);
}

// Collects problems and places them in the text.
class Checker {
 public:
  Checker(std::string file, const JsonPositions& positions) : file_(std::move(file)), positions_(positions) {}
  std::vector<Problem> problems;

  SourcePos pos(const std::string& pointer, bool at_key = false) const {
    TextPos t = at_key ? positions_.key_at(pointer) : positions_.value_at(pointer);
    return SourcePos{file_, t.line, t.col, pointer};
  }
  void error(const std::string& pointer, std::string message, bool at_key = false) {
    problems.push_back(Problem{pos(pointer, at_key), std::move(message)});
  }

 private:
  std::string file_;
  const JsonPositions& positions_;
};

// One JSON object: type and key checks, then typed reads that report their own problems.
class Fields {
 public:
  Fields(Checker& c, const json& j, std::string pointer) : c_(c), j_(j), ptr_(std::move(pointer)) {
    if (!j_.is_object()) c_.error(ptr_, std::string("expected an object, found ") + type_word(j_));
  }
  bool ok() const { return j_.is_object(); }
  std::string ptr(std::string_view key) const { return json_pointer_append(ptr_, key); }
  const std::string& ptr() const { return ptr_; }

  // Reports keys outside allowed; other_owner(key) may name where a misplaced key belongs.
  template <typename Owner>
  void keys(const Keys& allowed, Owner other_owner) {
    if (!ok()) return;
    for (const auto& item : j_.items()) {
      const std::string& key = item.key();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string message = other_owner(key);
      if (message.empty()) {
        message = "unknown key " + q(key);
        if (auto near = closest_match(key, allowed)) message += " (did you mean " + q(*near) + "?)";
        else message += " (expected one of: " + join(allowed) + ")";
      }
      c_.error(ptr(key), message, true);
    }
  }
  void keys(const Keys& allowed) { keys(allowed, [](const std::string&) { return std::string(); }); }

  const json* find(std::string_view key, bool required) {
    if (!ok()) return nullptr;
    auto it = j_.find(std::string(key));
    if (it != j_.end()) return &*it;
    if (required) c_.error(ptr_, "missing required field " + q(key));
    return nullptr;
  }
  const json* typed(std::string_view key, bool required, bool (json::*is)() const noexcept,
                    const char* expected) {
    const json* v = find(key, required);
    if (v && !((*v).*is)()) {
      c_.error(ptr(key), std::string("expected ") + expected + ", found " + type_word(*v));
      return nullptr;
    }
    return v;
  }
  bool str(std::string_view key, std::string& out, bool required = false) {
    const json* v = typed(key, required, &json::is_string, "a string");
    if (v) out = v->get<std::string>();
    return v != nullptr;
  }
  bool uint(std::string_view key, std::uint64_t& out, std::uint64_t lo, std::uint64_t hi,
            bool required = false) {
    const json* v = find(key, required);
    if (!v) return false;
    if (!v->is_number_integer()) {
      c_.error(ptr(key), std::string("expected a whole number, found ") + type_word(*v));
      return false;
    }
    std::uint64_t n = v->is_number_unsigned() ? v->get<std::uint64_t>() : 0;
    if (!v->is_number_unsigned() || n < lo || n > hi) {
      c_.error(ptr(key), std::string(key) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
      return false;
    }
    out = n;
    return true;
  }
  bool duration(std::string_view key, Duration& out, bool required = false) {
    std::string text;
    if (!str(key, text, required)) return false;
    auto d = protocols::parse_duration(text);
    if (!d) c_.error(ptr(key), "malformed duration " + q(text) + " (use e.g. \"300ms\", \"1.5s\", \"10m\", \"2h\", \"1d\")");
    else out = *d;
    return d.has_value();
  }
  void opt_duration(std::string_view key, std::optional<Duration>& out) {
    Duration d{};
    if (duration(key, d)) out = d;
  }
  // Each element of an array field, with its pointer.
  template <typename Fn>
  void each(std::string_view key, bool required, Fn fn) {
    const json* v = typed(key, required, &json::is_array, "an array");
    if (!v) return;
    for (std::size_t i = 0; i < v->size(); ++i) fn((*v)[i], json_pointer_append(ptr(key), std::to_string(i)));
  }
  void strings(std::string_view key, std::vector<std::string>& out, bool required = false) {
    each(key, required, [&](const json& e, const std::string& p) {
      if (e.is_string()) out.push_back(e.get<std::string>());
      else c_.error(p, std::string("expected a string, found ") + type_word(e));
    });
  }
  Checker& checker() { return c_; }

 private:
  Checker& c_;
  const json& j_;
  std::string ptr_;
};

// ---- first pass: each object on its own ----

void read_localized(Fields& f, std::string_view key, Localized& out) {
  const json* v = f.find(key, false);
  if (!v) return;
  Fields l(f.checker(), *v, f.ptr(key));
  l.keys({"en", "zh"});
  l.str("en", out.en);
  l.str("zh", out.zh);
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

void read_mail_server(Fields& f, MailServerSpec& mail) {
  f.strings("domains", mail.domains);
  for (std::size_t i = 0; i < mail.domains.size(); ++i)
    if (!is_host_name(mail.domains[i]))
      f.checker().error(json_pointer_append(f.ptr("domains"), std::to_string(i)),
                        "malformed domain " + q(mail.domains[i]) + " (use lower-case letters, digits, '-' and '.')");
  f.each("users", false, [&](const json& e, const std::string& p) {
    Fields u(f.checker(), e, p);
    u.keys({"name", "password"});
    UserSpec user;
    if (u.str("name", user.name, true)) {
      bool dup = std::any_of(mail.users.begin(), mail.users.end(), [&](const UserSpec& x) { return x.name == user.name; });
      if (dup) f.checker().error(u.ptr("name"), "duplicate user " + q(user.name));
    }
    u.str("password", user.password, true);
    mail.users.push_back(user);
  });
  read_retry(f, mail.retry);
  f.uint("max_message_size", mail.max_message_size, 1, 1ULL << 40);
  std::uint64_t rcpts = mail.max_recipients;
  if (f.uint("max_recipients", rcpts, 1, 100000)) mail.max_recipients = static_cast<std::uint32_t>(rcpts);
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

void read_user_agent(Fields& f, UserAgentSpec& agent) {
  if (f.str("address", agent.address, true) && !is_mail_address(agent.address))
    f.checker().error(f.ptr("address"), "malformed mail address " + q(agent.address));
  f.str("password", agent.password, true);
  f.str("server", agent.server, true);
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
    rf.keys({"protocol", "at", "every", "mode", "keep_for", "apop", "idle"});
    ReaderSpec& rd = agent.read;
    rd.pos = f.checker().pos(f.ptr("read"));
    if (rf.str("protocol", rd.protocol, true) && rd.protocol != "pop3" && rd.protocol != "imap")
      f.checker().error(rf.ptr("protocol"), "protocol is \"pop3\" or \"imap\", not " + q(rd.protocol));
    rf.duration("at", rd.at);
    rf.opt_duration("every", rd.every);
    if (rf.str("mode", rd.mode) && rd.mode != "delete" && rd.mode != "keep")
      f.checker().error(rf.ptr("mode"), "mode is \"delete\" (download-and-delete) or \"keep\" (download-and-keep), not " + q(rd.mode));
    rf.opt_duration("keep_for", rd.keep_for);
    for (const char* k : {"apop", "idle"}) {
      if (const json* b = rf.find(k, false)) {
        if (!b->is_boolean()) f.checker().error(rf.ptr(k), std::string("expected true or false, found ") + type_word(*b));
        else (std::string(k) == "apop" ? rd.apop : rd.idle) = b->get<bool>();
      }
    }
  }
}

void read_echo(Fields& f, const std::string& kind, EchoSpec& echo) {
  std::uint64_t port = echo.port;
  if (f.uint("port", port, 1, 65535)) echo.port = static_cast<std::uint16_t>(port);
  if (kind != "echo-client") return;
  f.str("connect_to", echo.connect_to, true);
  f.duration("at", echo.at);
  f.strings("lines", echo.lines);
}

void read_webmail(Fields& f, WebmailSpec& w) {
  f.str("mail_server", w.mail_server, true);
  f.str("domain", w.domain);
}

void read_browser(Fields& f, BrowserSpec& b) {
  f.str("webmail", b.webmail, true);
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

// "a mail-server", "an echo-server".
std::string a_kind(std::string_view kind) {
  return (kind.substr(0, 1) == "e" ? "an " : "a ") + std::string(kind);
}

// Names where a key that is not allowed for this kind does belong, if anywhere.
std::string misplaced_host_key(const std::string& kind, const std::string& key) {
  for (const auto& [other, keys] : kKindKeys)
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      return "key " + q(key) + " does not apply to " + a_kind(kind) + " host (it is " + a_kind(other) + " field)";
  return "";
}

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

LinkSpec read_link(Checker& c, const json& e, const std::string& p) {
  LinkSpec link;
  link.pos = c.pos(p);
  Fields f(c, e, p);
  f.keys({"a", "b", "latency", "bandwidth", "loss", "mtu", "up"});
  f.str("a", link.a, true);
  f.str("b", link.b, true);
  f.duration("latency", link.latency);
  if (const json* bw = f.find("bandwidth", false)) {
    std::optional<std::uint64_t> bps;
    if (bw->is_number_unsigned() && bw->get<std::uint64_t>() > 0) bps = bw->get<std::uint64_t>();
    else if (bw->is_string()) bps = parse_bandwidth(bw->get<std::string>());
    if (bps) link.bandwidth_bps = *bps;
    else c.error(f.ptr("bandwidth"), "malformed bandwidth " + describe(*bw) +
                                         " (use e.g. \"100Mbps\", \"1Gbps\", \"56kbps\" or a number of bit/s)");
  }
  if (const json* loss = f.find("loss", false)) {
    std::optional<double> v;
    if (loss->is_number() && loss->get<double>() >= 0.0 && loss->get<double>() <= 1.0) v = loss->get<double>();
    else if (loss->is_string()) v = parse_loss(loss->get<std::string>());
    if (v) link.loss = *v;
    else c.error(f.ptr("loss"), "loss must be a fraction 0..1 or a percentage such as \"5%\"");
  }
  std::uint64_t mtu = link.mtu;
  if (f.uint("mtu", mtu, 68, 65535)) link.mtu = static_cast<std::uint32_t>(mtu);
  if (const json* up = f.typed("up", false, &json::is_boolean, "true or false")) link.up = up->get<bool>();
  return link;
}

DnsRecordSpec read_dns_record(Checker& c, const json& e, const std::string& p) {
  DnsRecordSpec r;
  r.pos = c.pos(p);
  Fields f(c, e, p);
  f.keys({"name", "type", "preference", "value"});
  if (f.str("name", r.name, true) && !is_host_name(r.name))
    c.error(f.ptr("name"), "malformed owner name " + q(r.name) + " (use lower-case letters, digits, '-' and '.')");
  bool has_type = f.str("type", r.type, true);
  bool has_value = f.str("value", r.value, true);
  if (!has_type) return r;
  if (r.type == "A") {
    if (f.find("preference", false)) c.error(f.ptr("preference"), "\"preference\" applies to MX records only", true);
    if (has_value && !is_ipv4(r.value)) c.error(f.ptr("value"), "malformed IPv4 address " + q(r.value));
  } else if (r.type == "MX") {
    std::uint64_t pref = 0;
    if (f.uint("preference", pref, 0, 65535, true)) r.preference = static_cast<int>(pref);
    if (has_value && !is_host_name(r.value)) c.error(f.ptr("value"), "malformed host name " + q(r.value));
  } else {
    c.error(f.ptr("type"), "unknown record type " + q(r.type) + " (supported: A, MX)");
  }
  return r;
}

// ---- second pass: references between objects ----

struct HostIndex {
  std::map<std::string, const HostSpec*> by_name;
  Keys names;
  const HostSpec* find(const std::string& n) const {
    auto it = by_name.find(n);
    return it == by_name.end() ? nullptr : it->second;
  }
};

// Reports an unknown or wrong-kind host reference; kind empty accepts any host.
void check_ref(Checker& c, const HostIndex& hosts, const std::string& ptr, const std::string& name,
               std::string_view kind) {
  const HostSpec* h = hosts.find(name);
  if (!h) {
    std::string m = "unknown host " + q(name);
    if (auto near = closest_match(name, hosts.names)) m += " (did you mean " + q(*near) + "?)";
    c.error(ptr, m);
  } else if (!kind.empty() && h->kind != kind && kKindKeys.count(h->kind)) {  // unknown kinds are reported once, at the kind
    c.error(ptr, q(name) + " is " + a_kind(h->kind) + ", not " + a_kind(kind));
  }
}

void check_hosts(Checker& c, std::vector<HostSpec>& hosts, HostIndex& index) {
  std::map<std::string, const HostSpec*> by_ip;
  for (const HostSpec& h : hosts) {
    if (!h.name.empty()) {
      if (const HostSpec* first = index.find(h.name))
        c.error(h.pos.path + "/name", "duplicate host name " + q(h.name) + " (first defined at line " +
                                          std::to_string(first->pos.line) + ")");
      else { index.by_name[h.name] = &h; index.names.push_back(h.name); }
    }
    if (!h.ip.empty() && is_ipv4(h.ip)) {
      if (auto it = by_ip.find(h.ip); it != by_ip.end())
        c.error(h.pos.path + "/ip", "duplicate IP address " + q(h.ip) + " (also used by " + it->second->name + ")");
      else by_ip[h.ip] = &h;
    }
  }
}

void check_references(Checker& c, ScenarioSpec& s, const HostIndex& hosts) {
  for (const HostSpec& h : s.hosts) {
    if (!h.resolver.empty()) check_ref(c, hosts, h.pos.path + "/resolver", h.resolver, "dns-server");
    if (h.kind == "user-agent" && !h.agent.server.empty())
      check_ref(c, hosts, h.pos.path + "/server", h.agent.server, "mail-server");
    if (h.kind == "webmail-server" && !h.webmail.mail_server.empty())
      check_ref(c, hosts, h.pos.path + "/mail_server", h.webmail.mail_server, "mail-server");
    if (h.kind == "browser" && !h.browser.webmail.empty())
      check_ref(c, hosts, h.pos.path + "/webmail", h.browser.webmail, "webmail-server");
    if (h.kind == "echo-client" && !h.echo.connect_to.empty())
      check_ref(c, hosts, h.pos.path + "/connect_to", h.echo.connect_to, "echo-server");
  }
  std::map<std::pair<std::string, std::string>, bool> seen;
  for (const LinkSpec& l : s.links) {
    if (!l.a.empty()) check_ref(c, hosts, l.pos.path + "/a", l.a, "");
    if (!l.b.empty()) check_ref(c, hosts, l.pos.path + "/b", l.b, "");
    if (l.a.empty() || l.b.empty()) continue;
    if (l.a == l.b) c.error(l.pos.path + "/b", "a link cannot connect " + q(l.a) + " to itself");
    else if (!seen.emplace(std::minmax(l.a, l.b), true).second)
      c.error(l.pos.path, "duplicate link between " + q(l.a) + " and " + q(l.b));
  }
  if (!s.dns_server.empty()) check_ref(c, hosts, "/dns_server", s.dns_server, "dns-server");
}

// No "dns_server" given: the only DNS server, if there is exactly one.
std::string default_dns_server(const std::vector<HostSpec>& hosts) {
  const HostSpec* found = nullptr;
  for (const HostSpec& h : hosts) {
    if (h.kind != "dns-server") continue;
    if (found) return "";
    found = &h;
  }
  return found ? found->name : "";
}

bool linked(const ScenarioSpec& s, const std::string& a, const std::string& b) {
  return std::any_of(s.links.begin(), s.links.end(), [&](const LinkSpec& l) {
    return (l.a == a && l.b == b) || (l.a == b && l.b == a);
  });
}

// A fault's target must name a host, or for link actions "hostA-hostB" with a link between.
void check_fault_target(Checker& c, const ScenarioSpec& s, const HostIndex& hosts, const FaultSpec& f) {
  std::string host = f.target.substr(0, f.target.find(':'));
  if (hosts.find(host)) return;
  bool link_action = f.action == "link-down" || f.action == "link-up" || f.action == "loss" || f.action == "latency";
  if (link_action) {
    for (std::size_t dash = f.target.find('-'); dash != std::string::npos; dash = f.target.find('-', dash + 1)) {
      std::string a = f.target.substr(0, dash), b = f.target.substr(dash + 1);
      if (hosts.find(a) && hosts.find(b)) {
        if (linked(s, a, b)) return;
        c.error(f.pos.path, "no link between " + q(a) + " and " + q(b));
        return;
      }
    }
  }
  std::string m = "fault target " + q(host) + " names no host" + (link_action ? " and no link hostA-hostB" : "");
  if (auto near = closest_match(host, hosts.names)) m += " (did you mean " + q(*near) + "?)";
  c.error(f.pos.path, m);
}

void read_faults(Checker& c, Fields& top, ScenarioSpec& s) {
  top.each("faults", false, [&](const json& e, const std::string& p) {
    if (!e.is_string()) { c.error(p, std::string("expected a fault string, found ") + type_word(e)); return; }
    std::string error;
    auto fault = parse_fault(e.get<std::string>(), &error);
    if (!fault) { c.error(p, error); return; }
    fault->pos = c.pos(p);
    s.faults.push_back(*fault);
  });
}

void read_scenario(Checker& c, const json& root, ScenarioSpec& s) {
  Fields top(c, root, "");
  top.keys({"mailsim", "name", "title", "description", "seed", "start", "until", "dns_server", "hosts", "links", "dns", "faults"});
  if (!top.ok()) return;
  if (const json* v = top.find("mailsim", true); v && !(v->is_number_unsigned() && v->get<std::uint64_t>() == 1))
    c.error("/mailsim", v->is_number() ? "unsupported format version " + describe(*v) + " (this MailSim reads version 1)"
                                       : std::string("expected the format version 1, found ") + type_word(*v));
  top.str("name", s.name, true);
  read_localized(top, "title", s.title);
  read_localized(top, "description", s.description);
  top.uint("seed", s.seed, 0, UINT64_MAX);
  top.opt_duration("until", s.until);
  if (std::string start; top.str("start", start)) {
    // The wall-clock moment simulated time 0 stands for, in RFC 5322 date form.
    if (auto d = protocols::message::parse_date(start)) {
      s.start_unix = d->unix_seconds;
      s.zone_offset_minutes = d->zone_offset_minutes;
    } else {
      top.checker().error(top.ptr("start"), "malformed date " + q(start) + " (use e.g. \"Mon, 05 Jan 2026 09:00:00 +0800\")");
    }
  }
  top.str("dns_server", s.dns_server);
  top.each("hosts", true, [&](const json& e, const std::string& p) { s.hosts.push_back(read_host(c, e, p)); });
  top.each("links", false, [&](const json& e, const std::string& p) { s.links.push_back(read_link(c, e, p)); });
  top.each("dns", false, [&](const json& e, const std::string& p) { s.dns_records.push_back(read_dns_record(c, e, p)); });
  read_faults(c, top, s);

  HostIndex hosts;
  check_hosts(c, s.hosts, hosts);
  check_references(c, s, hosts);
  if (s.dns_server.empty()) s.dns_server = default_dns_server(s.hosts);
  for (const FaultSpec& f : s.faults) check_fault_target(c, s, hosts, f);
}

// nlohmann's what(): "[json.exception.parse_error.101] parse error at line 1, column 9: syntax
// error ..." -> "syntax error ..." (our own line:col replaces theirs, which counts bytes).
std::string parse_error_text(const std::string& what) {
  std::size_t col = what.find(", column ");
  std::size_t colon = col == std::string::npos ? std::string::npos : what.find(": ", col);
  std::size_t bracket = what.find("] ");
  std::string text = colon != std::string::npos    ? what.substr(colon + 2)
                     : bracket != std::string::npos ? what.substr(bracket + 2)
                                                    : what;
  // "; last read: '...'" may quote raw bytes (invalid UTF-8, control characters): drop it.
  if (std::size_t last = text.find("; last read: "); last != std::string::npos) text.erase(last);
  return text;
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, std::string file) {
  LoadResult result;
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    TextPos t = position_of_offset(text, offset);
    result.problems.push_back(Problem{SourcePos{file, t.line, t.col, ""}, "invalid JSON: " + parse_error_text(e.what())});
    return result;
  } catch (const std::exception& e) {
    result.problems.push_back(Problem{SourcePos{file, 1, 1, ""}, std::string("invalid JSON: ") + e.what()});
    return result;
  }
  JsonPositions positions = scan_json_positions(text);
  Checker checker(file, positions);
  for (const std::string& dup : positions.duplicate_keys)
    checker.error(dup, "duplicate key " + q(dup.substr(dup.rfind('/') + 1)), true);
  ScenarioSpec spec;
  spec.file = file;
  try {
    read_scenario(checker, root, spec);
  } catch (const std::exception& e) {  // a bug of ours, not of the file: still no crash
    checker.error("", std::string("internal error while checking: ") + e.what());
  }
  std::stable_sort(checker.problems.begin(), checker.problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.pos.line, a.pos.col) < std::tie(b.pos.line, b.pos.col);
  });
  result.problems = std::move(checker.problems);
  if (result.problems.empty()) result.scenario = std::move(spec);
  return result;
}

LoadResult load_scenario(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    LoadResult result;
    result.problems.push_back(Problem{SourcePos{path, 0, 0, ""}, "cannot read the file: it is a directory"});
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  if (in) buffer << in.rdbuf();
  if (!in || in.bad()) {
    LoadResult result;
    result.problems.push_back(Problem{SourcePos{path, 0, 0, ""}, "cannot read the file (missing or not readable)"});
    return result;
  }
  return load_scenario_text(buffer.str(), path);
}

std::string format_problem(const Problem& p) {
  if (p.pos.line <= 0) return p.pos.file + ": " + p.message;
  return p.pos.file + ":" + std::to_string(p.pos.line) + ":" + std::to_string(p.pos.col) + ": " +
         (p.pos.path.empty() ? "/" : p.pos.path) + ": " + p.message;
}

}  // namespace sim
