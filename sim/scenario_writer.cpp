// Canonical scenario writer (scenario_writer.hpp): the ScenarioSpec becomes an ordered JSON
// value holding only what differs from the loader's defaults, then a small printer lays it out.
// Every default below is the loader's (sim/scenario.hpp holds them as member initializers; a
// default-constructed spec is compared against, so the two cannot drift apart).
#include "sim/scenario_writer.hpp"

#include <nlohmann/json.hpp>

#include "protocols/message/date.hpp"
#include "sim/fault_spec.hpp"

namespace sim {
namespace {

using ojson = nlohmann::ordered_json;

ojson duration(Duration d) { return compact_duration(d); }

// Bandwidth in the largest unit that divides it exactly, as the loader reads it back (at most
// nine whole digits before the unit); else a plain number of bit/s.
ojson bandwidth(std::uint64_t bps) {
  struct Unit { std::uint64_t mult; const char* suffix; };
  static constexpr Unit units[] = {{1'000'000'000, "Gbps"}, {1'000'000, "Mbps"}, {1'000, "kbps"}, {1, "bps"}};
  for (const Unit& u : units)
    if (bps % u.mult == 0 && bps / u.mult <= 999'999'999) return std::to_string(bps / u.mult) + u.suffix;
  return bps;
}

void put_localized(ojson& out, const char* key, const Localized& l) {
  if (l.en.empty() && l.zh.empty()) return;
  ojson o = ojson::object();
  if (!l.en.empty()) o["en"] = l.en;
  if (!l.zh.empty()) o["zh"] = l.zh;
  out[key] = std::move(o);
}

void put_string(ojson& out, const char* key, const std::string& v) {
  if (!v.empty()) out[key] = v;
}

template <typename T, typename Fn>
void put_array(ojson& out, const char* key, const std::vector<T>& items, Fn fn) {
  if (items.empty()) return;
  ojson a = ojson::array();
  for (const T& item : items) a.push_back(fn(item));
  out[key] = std::move(a);
}

ojson strings(const std::vector<std::string>& v) { return ojson(v); }

ojson user_json(const UserSpec& u) {
  ojson o;
  o["name"] = u.name;
  o["password"] = u.password;
  put_string(o, "maildir", u.maildir);
  if (u.eml.size() == 1) o["eml"] = u.eml[0];
  else if (!u.eml.empty()) o["eml"] = strings(u.eml);
  return o;
}

void put_retry(ojson& out, const RetrySpec& r) {
  if (r == RetrySpec{}) return;
  ojson o = ojson::object();
  if (r.preset != RetrySpec{}.preset) o["preset"] = r.preset;
  auto opt = [&](const char* key, const std::optional<Duration>& d) {
    if (d) o[key] = duration(*d);
  };
  opt("queue_run_interval", r.queue_run_interval);
  opt("minimal_backoff", r.minimal_backoff);
  opt("maximal_backoff", r.maximal_backoff);
  opt("queue_lifetime", r.queue_lifetime);
  opt("delay_warning", r.delay_warning);
  out["retry"] = std::move(o);
}

void put_mail_server(ojson& o, const MailServerSpec& m) {
  const MailServerSpec d;
  put_array(o, "domains", m.domains, [](const std::string& s) { return ojson(s); });
  put_array(o, "users", m.users, user_json);
  put_retry(o, m.retry);
  if (m.max_message_size != d.max_message_size) o["max_message_size"] = m.max_message_size;
  if (m.max_recipients != d.max_recipients) o["max_recipients"] = m.max_recipients;
  if (m.advertise_8bitmime != d.advertise_8bitmime) o["8bitmime"] = m.advertise_8bitmime;
  if (m.advertise_smtputf8 != d.advertise_smtputf8) o["smtputf8"] = m.advertise_smtputf8;
}

ojson attachment_json(const AttachmentSpec& a) {
  ojson o;
  o["filename"] = a.filename;
  if (a.content_type != AttachmentSpec{}.content_type) o["content_type"] = a.content_type;
  // Exactly one of text and size (the loader requires one); empty text and size 0 are the
  // same empty attachment.
  if (!a.text.empty() || a.size == 0) o["text"] = a.text;
  else o["size"] = a.size;
  return o;
}

ojson send_json(const SendSpec& s) {
  ojson o;
  o["at"] = duration(s.at);
  o["to"] = strings(s.to);
  if (!s.cc.empty()) o["cc"] = strings(s.cc);
  put_string(o, "subject", s.subject);
  put_string(o, "body", s.body);
  put_array(o, "attachments", s.attachments, attachment_json);
  return o;
}

ojson imap_action_json(const ImapActionSpec& a) {
  ojson o;
  o["at"] = duration(a.at);
  o["do"] = a.what;
  // "create" requires its folder; elsewhere INBOX is the default
  if (a.what == "create" || a.folder != ImapActionSpec{}.folder) o["folder"] = a.folder;
  if (a.uid != 0) o["uid"] = a.uid;
  put_string(o, "to", a.to);
  put_string(o, "flag", a.flag);
  return o;
}

void put_reader(ojson& out, const ReaderSpec& r) {
  if (r.protocol.empty()) return;
  const ReaderSpec d;
  ojson o;
  o["protocol"] = r.protocol;
  if (r.at != d.at) o["at"] = duration(r.at);
  if (r.every) o["every"] = duration(*r.every);
  if (r.mode != d.mode) o["mode"] = r.mode;
  if (r.keep_for) o["keep_for"] = duration(*r.keep_for);
  if (r.apop) o["apop"] = true;
  if (r.idle) o["idle"] = true;
  put_array(o, "actions", r.actions, imap_action_json);
  out["read"] = std::move(o);
}

void put_user_agent(ojson& o, const UserAgentSpec& a) {
  o["address"] = a.address;
  o["password"] = a.password;
  o["server"] = a.server;
  put_array(o, "send", a.sends, send_json);
  put_reader(o, a.read);
}

ojson browser_action_json(const BrowserAction& a) {
  ojson o;
  o["at"] = duration(a.at);
  o["do"] = a.what;
  if (a.uid != 0) o["uid"] = a.uid;
  if (a.folder != BrowserAction{}.folder) o["folder"] = a.folder;
  put_string(o, "to", a.to);
  put_string(o, "subject", a.subject);
  put_string(o, "body", a.body);
  return o;
}

void put_echo(ojson& o, const std::string& kind, const EchoSpec& e) {
  const EchoSpec d;
  if (e.port != d.port) o["port"] = e.port;
  if (kind != "echo-client") return;
  o["connect_to"] = e.connect_to;
  if (e.at != d.at) o["at"] = duration(e.at);
  put_array(o, "lines", e.lines, [](const std::string& s) { return ojson(s); });
}

ojson host_json(const HostSpec& h) {
  ojson o;
  o["name"] = h.name;
  o["kind"] = h.kind;
  o["ip"] = h.ip;
  put_string(o, "resolver", h.resolver);
  if (h.kind == "mail-server") put_mail_server(o, h.mail);
  if (h.kind == "user-agent") put_user_agent(o, h.agent);
  if (h.kind == "webmail-server") {
    o["mail_server"] = h.webmail.mail_server;
    put_string(o, "domain", h.webmail.domain);
  }
  if (h.kind == "browser") {
    o["webmail"] = h.browser.webmail;
    o["user"] = h.browser.user;
    o["password"] = h.browser.password;
    put_array(o, "actions", h.browser.actions, browser_action_json);
  }
  if (h.kind == "echo-server" || h.kind == "echo-client") put_echo(o, h.kind, h.echo);
  return o;
}

ojson link_json(const LinkSpec& l) {
  const LinkSpec d;
  ojson o;
  o["a"] = l.a;
  o["b"] = l.b;
  if (l.latency != d.latency) o["latency"] = duration(l.latency);
  if (l.bandwidth_bps != d.bandwidth_bps) o["bandwidth"] = bandwidth(l.bandwidth_bps);
  if (l.loss != d.loss) o["loss"] = l.loss;
  if (l.mtu != d.mtu) o["mtu"] = l.mtu;
  if (l.up != d.up) o["up"] = l.up;
  return o;
}

ojson dns_record_json(const DnsRecordSpec& r) {
  ojson o;
  o["name"] = r.name;
  o["type"] = r.type;
  if (r.type == "MX") o["preference"] = r.preference;
  o["value"] = r.value;
  return o;
}

ojson to_json(const ScenarioSpec& s) {
  const ScenarioSpec d;
  ojson o;
  o["mailsim"] = 1;
  o["name"] = s.name;
  put_localized(o, "title", s.title);
  put_localized(o, "description", s.description);
  if (s.seed != d.seed) o["seed"] = s.seed;
  if (s.start_unix != d.start_unix || s.zone_offset_minutes != d.zone_offset_minutes)
    o["start"] = protocols::message::format_date(s.start_unix, s.zone_offset_minutes);
  if (s.until) o["until"] = duration(*s.until);
  if (s.dns_server != implicit_dns_server(s.hosts)) put_string(o, "dns_server", s.dns_server);
  o["hosts"] = ojson::array();
  for (const HostSpec& h : s.hosts) o["hosts"].push_back(host_json(h));
  put_array(o, "links", s.links, link_json);
  put_array(o, "dns", s.dns_records, dns_record_json);
  put_array(o, "faults", s.faults, [](const FaultSpec& f) { return ojson(format_fault(f)); });
  return o;
}

// ---- layout ----

constexpr std::size_t kWidth = 100;

std::string scalar(const ojson& v) { return v.dump(-1, ' ', false, ojson::error_handler_t::replace); }

// Columns a text takes: UTF-8 code points.
std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string flat(const ojson& v) {
  if (v.is_object()) {
    std::string out = "{";
    for (auto it = v.begin(); it != v.end(); ++it)
      out += (it == v.begin() ? "" : ", ") + scalar(it.key()) + ": " + flat(it.value());
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + flat(v[i]);
    return out + "]";
  }
  return scalar(v);
}

// Appends v, which starts at column `column` of a line indented by `indent`.
void print(const ojson& v, std::size_t indent, std::size_t column, bool force_break, std::string& out) {
  std::string one_line = flat(v);
  bool compound = (v.is_object() || v.is_array()) && !v.empty();
  if (!compound || (!force_break && column + columns(one_line) + 1 <= kWidth)) {
    out += one_line;
    return;
  }
  std::string pad(indent + 2, ' ');
  out += v.is_object() ? "{\n" : "[\n";
  std::size_t i = 0;
  for (auto it = v.begin(); it != v.end(); ++it, ++i) {
    out += pad;
    std::size_t col = pad.size();
    if (v.is_object()) {
      std::string key = scalar(it.key()) + ": ";
      out += key;
      col += columns(key);
    }
    print(it.value(), indent + 2, col, false, out);
    out += i + 1 < v.size() ? ",\n" : "\n";
  }
  out += std::string(indent, ' ') + (v.is_object() ? "}" : "]");
}

}  // namespace

std::string implicit_dns_server(const std::vector<HostSpec>& hosts) {
  const HostSpec* found = nullptr;
  for (const HostSpec& h : hosts) {
    if (h.kind != "dns-server") continue;
    if (found) return "";
    found = &h;
  }
  return found ? found->name : "";
}

ScenarioJson scenario_json(const ScenarioSpec& scenario) { return to_json(scenario); }

std::string format_scenario_json(const ScenarioJson& value) {
  std::string out;
  print(value, 0, 0, true, out);
  return out + "\n";
}

std::string write_scenario(const ScenarioSpec& scenario) { return format_scenario_json(to_json(scenario)); }

}  // namespace sim
