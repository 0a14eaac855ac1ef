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
#include <sstream>
#include <tuple>

#include "sim/fault_spec.hpp"
#include "sim/json_positions.hpp"
#include "sim/read_file.hpp"
#include "sim/scenario_fields.hpp"
#include "sim/scenario_writer.hpp"

namespace sim {
namespace {

using namespace scenario_detail;

// ---- first pass: each object on its own ----

void read_localized(Fields& f, std::string_view key, Localized& out) {
  const json* v = f.find(key, false);
  if (!v) return;
  Fields l(f.checker(), *v, f.ptr(key));
  l.keys({"en", "zh"});
  l.str("en", out.en);
  l.str("zh", out.zh);
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
  f.boolean("up", link.up);
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
  } else if (!kind.empty() && h->kind != kind && known_kind(h->kind)) {  // unknown kinds are reported once, at the kind
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
      s.start_given = true;
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
  if (s.dns_server.empty()) s.dns_server = implicit_dns_server(s.hosts);
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
  FileProblem problem;
  std::optional<std::string> text = read_whole_file(path, &problem);
  if (!text) {
    LoadResult result;
    result.problems.push_back(Problem{SourcePos{path, 0, 0, ""}, "cannot read the file: " + describe(problem)});
    return result;
  }
  return load_scenario_text(std::move(*text), path);
}

std::string format_problem(const Problem& p) {
  if (p.pos.line <= 0) return p.pos.file + ": " + p.message;
  return p.pos.file + ":" + std::to_string(p.pos.line) + ":" + std::to_string(p.pos.col) + ": " +
         (p.pos.path.empty() ? "/" : p.pos.path) + ": " + p.message;
}

}  // namespace sim
