// Editing a world (scenario_edit.hpp): operations on the scenario's JSON document, a history
// of drafts for undo and redo, and the loader run on the document for validation.
#include "sim/scenario_edit.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "sim/fault_spec.hpp"
#include "sim/read_file.hpp"

namespace sim {
namespace {

using Pointer = ScenarioJson::json_pointer;

std::optional<Pointer> pointer_of(const std::string& text) {
  try {
    return Pointer(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

ScenarioJson empty_world() {
  ScenarioJson doc;
  doc["mailsim"] = 1;
  doc["name"] = "untitled";
  doc["hosts"] = ScenarioJson::array();
  return doc;
}

// A grid for hosts that have no place yet: rows of five.
Place grid_place(std::size_t i) {
  return Place{0.1f + 0.2f * float(i % 5), 0.15f + 0.2f * float(i / 5 % 4)};
}

// The short stem of a kind's generated names.
std::string stem_of(const std::string& kind) {
  if (kind == "user-agent") return "pc";
  if (kind == "mail-server") return "mail";
  if (kind == "dns-server") return "dns";
  if (kind == "webmail-server") return "webmail";
  return kind;  // router, browser, echo-server, echo-client
}

bool names_host(const ScenarioJson& v, const std::string& name) { return v.is_string() && v.get<std::string>() == name; }

// Whether the object's member `key` is a string naming `name`.
bool member_names(const ScenarioJson& obj, const char* key, const std::string& name) {
  if (!obj.is_object()) return false;
  auto it = obj.find(key);
  return it != obj.end() && names_host(*it, name);
}

// A fault's target with `from` renamed `to`: host, host:port, or a link "a-b" of two hosts.
std::string rename_in_fault(const std::string& fault, const std::string& from, const std::string& to,
                            const std::vector<std::string>& hosts) {
  std::optional<FaultSpec> f = parse_fault(fault, nullptr);
  if (!f) return fault;
  std::string& t = f->target;
  std::string host = t.substr(0, t.find(':'));
  if (host == from) t = to + t.substr(host.size());
  else
    for (std::size_t dash = t.find('-'); dash != std::string::npos; dash = t.find('-', dash + 1)) {
      std::string a = t.substr(0, dash), b = t.substr(dash + 1);
      bool a_host = a == from || std::count(hosts.begin(), hosts.end(), a);
      bool b_host = b == from || std::count(hosts.begin(), hosts.end(), b);
      if (!a_host || !b_host || (a != from && b != from)) continue;
      t = (a == from ? to : a) + "-" + (b == from ? to : b);
      break;
    }
  return format_fault(*f);
}

}  // namespace

const std::vector<std::string>& design_host_kinds() {
  static const std::vector<std::string> kinds{"user-agent", "mail-server", "dns-server", "router",
                                              "webmail-server", "browser", "echo-server", "echo-client"};
  return kinds;
}

ScenarioEditor::ScenarioEditor() : history_{Draft{empty_world(), {}}} {}

ScenarioEditor::ScenarioEditor(const ScenarioSpec& scenario, std::vector<Place> places)
    : history_{Draft{scenario_json(scenario), std::move(places)}} {
  if (!scenario.file.empty()) file_ = scenario.file;
  Draft& d = history_[0];
  for (std::size_t i = d.places.size(); i < scenario.hosts.size(); ++i) d.places.push_back(grid_place(i));
  d.places.resize(scenario.hosts.size());
}

std::optional<ScenarioEditor> ScenarioEditor::open(const std::string& path, std::string* error) {
  FileProblem problem;
  std::optional<std::string> text = read_whole_file(path, &problem);
  if (!text) {
    *error = path + ": cannot read the file: " + describe(problem);
    return std::nullopt;
  }
  ScenarioJson doc;
  try {
    doc = ScenarioJson::parse(*text);
  } catch (const std::exception&) {
    // The loader places the syntax error (file:line:col).
    LoadResult r = load_scenario_text(*text, path);
    *error = r.problems.empty() ? path + ": invalid JSON" : format_problem(r.problems[0]);
    return std::nullopt;
  }
  if (!doc.is_object()) {
    *error = path + ": a scenario is a JSON object";
    return std::nullopt;
  }
  ScenarioEditor e;
  e.file_ = path;
  Draft d{doc, {}};
  std::size_t n = doc.contains("hosts") && doc["hosts"].is_array() ? doc["hosts"].size() : 0;
  for (std::size_t i = 0; i < n; ++i) d.places.push_back(grid_place(i));
  e.history_ = {d};
  return e;
}

void ScenarioEditor::set_file(std::string file) {
  file_ = std::move(file);
  checked_.reset();
}

// ---- validation ----

const std::vector<Problem>& ScenarioEditor::problems() const {
  if (checked_ != revision_) {
    loaded_ = load_scenario_text(doc().dump(), file_);
    checked_ = revision_;
  }
  return loaded_.problems;
}

std::vector<Problem> ScenarioEditor::problems_at(const std::string& pointer, bool beneath) const {
  std::vector<Problem> out;
  for (const Problem& p : problems()) {
    bool inside = p.pos.path.size() > pointer.size() && p.pos.path.compare(0, pointer.size(), pointer) == 0 &&
                  p.pos.path[pointer.size()] == '/';
    if (p.pos.path == pointer || (beneath && inside)) out.push_back(p);
  }
  return out;
}

std::optional<ScenarioSpec> ScenarioEditor::scenario() const {
  problems();
  if (!loaded_.ok()) return std::nullopt;
  return loaded_.scenario;
}

// ---- reading ----

std::size_t ScenarioEditor::host_count() const {
  const ScenarioJson* hosts = at("/hosts");
  return hosts && hosts->is_array() ? hosts->size() : 0;
}

std::string ScenarioEditor::host_name(std::size_t i) const {
  const ScenarioJson* v = at("/hosts/" + std::to_string(i) + "/name");
  return v && v->is_string() ? v->get<std::string>() : "";
}

std::string ScenarioEditor::host_kind(std::size_t i) const {
  const ScenarioJson* v = at("/hosts/" + std::to_string(i) + "/kind");
  return v && v->is_string() ? v->get<std::string>() : "";
}

std::optional<std::size_t> ScenarioEditor::host_index(const std::string& name) const {
  for (std::size_t i = 0; i < host_count(); ++i)
    if (host_name(i) == name) return i;
  return std::nullopt;
}

std::optional<std::size_t> ScenarioEditor::link_index(const std::string& a, const std::string& b) const {
  const ScenarioJson* links = at("/links");
  if (!links || !links->is_array()) return std::nullopt;
  for (std::size_t i = 0; i < links->size(); ++i) {
    const ScenarioJson& l = (*links)[i];
    if ((member_names(l, "a", a) && member_names(l, "b", b)) || (member_names(l, "a", b) && member_names(l, "b", a)))
      return i;
  }
  return std::nullopt;
}

const ScenarioJson* ScenarioEditor::at(const std::string& pointer) const {
  std::optional<Pointer> p = pointer_of(pointer);
  if (!p) return nullptr;
  try {
    return doc().contains(*p) ? &doc().at(*p) : nullptr;
  } catch (const std::exception&) {  // a token that is not an index into an array
    return nullptr;
  }
}

// ---- operations ----

bool ScenarioEditor::commit(Draft next, const std::string& merge) {
  if (next == draft()) return false;
  history_.resize(at_ + 1);
  if (!merge.empty() && merge == last_merge_ && at_ > 0) {
    history_[at_] = std::move(next);
  } else {
    history_.push_back(std::move(next));
    ++at_;
  }
  last_merge_ = merge;
  ++revision_;
  return true;
}

std::string ScenarioEditor::fresh_name(const std::string& kind) const {
  std::string stem = stem_of(kind);
  bool dotted = kind == "mail-server" || kind == "dns-server" || kind == "webmail-server";
  for (int n = 1;; ++n) {
    std::string name = stem + "-" + std::to_string(n) + (dotted ? ".example" : "");
    if (!host_index(name)) return name;
  }
}

std::string ScenarioEditor::fresh_ip() const {
  std::vector<std::string> used;
  for (std::size_t i = 0; i < host_count(); ++i)
    if (const ScenarioJson* ip = at("/hosts/" + std::to_string(i) + "/ip"); ip && ip->is_string())
      used.push_back(ip->get<std::string>());
  for (const char* net : {"192.0.2.", "198.51.100.", "203.0.113."})  // RFC 5737
    for (int h = 10; h < 255; ++h) {
      std::string ip = net + std::to_string(h);
      if (std::find(used.begin(), used.end(), ip) == used.end()) return ip;
    }
  return "";
}

std::string ScenarioEditor::add_host(const std::string& kind, Place place) {
  const auto& kinds = design_host_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) return "";
  // The first host of a kind, for the references a new host needs.
  auto first_of = [&](const std::string& k) {
    for (std::size_t i = 0; i < host_count(); ++i)
      if (host_kind(i) == k) return host_name(i);
    return std::string();
  };
  ScenarioJson h;
  h["name"] = fresh_name(kind);
  h["kind"] = kind;
  h["ip"] = fresh_ip();
  if (kind == "user-agent") {
    std::string server = first_of("mail-server");
    std::string domain = "example.com";
    if (std::optional<std::size_t> s = host_index(server))
      if (const ScenarioJson* d = at("/hosts/" + std::to_string(*s) + "/domains/0"); d && d->is_string())
        domain = d->get<std::string>();
    std::string user = "user" + h["name"].get<std::string>().substr(3);
    h["address"] = user + "@" + domain;
    h["password"] = user + "-secret";
    h["server"] = server;
  } else if (kind == "webmail-server") {
    h["mail_server"] = first_of("mail-server");
  } else if (kind == "browser") {
    h["webmail"] = first_of("webmail-server");
    h["user"] = "";
    h["password"] = "";
  } else if (kind == "echo-client") {
    h["connect_to"] = first_of("echo-server");
  }
  Draft next = draft();
  if (!next.doc.contains("hosts") || !next.doc["hosts"].is_array()) next.doc["hosts"] = ScenarioJson::array();
  next.doc["hosts"].push_back(h);
  next.places.resize(next.doc["hosts"].size() - 1, Place{});
  next.places.push_back(place);
  std::string name = h["name"].get<std::string>();
  commit(std::move(next));
  return name;
}

bool ScenarioEditor::remove_host(const std::string& name) {
  std::optional<std::size_t> i = host_index(name);
  if (!i) return false;
  Draft next = draft();
  next.doc["hosts"].erase(*i);
  if (*i < next.places.size()) next.places.erase(next.places.begin() + std::ptrdiff_t(*i));
  if (next.doc.contains("links") && next.doc["links"].is_array()) {
    ScenarioJson kept = ScenarioJson::array();
    for (const ScenarioJson& l : next.doc["links"])
      if (!member_names(l, "a", name) && !member_names(l, "b", name)) kept.push_back(l);
    next.doc["links"] = kept;
  }
  return commit(std::move(next));
}

bool ScenarioEditor::move_host(const std::string& name, Place place) {
  std::optional<std::size_t> i = host_index(name);
  if (!i) return false;
  Draft next = draft();
  next.places.resize(host_count(), Place{});
  next.places[*i] = place;
  return commit(std::move(next), "move " + name);
}

bool ScenarioEditor::rename_host(const std::string& from, const std::string& to) {
  std::optional<std::size_t> i = host_index(from);
  if (!i || to.empty() || host_index(to)) return false;
  Draft next = draft();
  ScenarioJson& doc = next.doc;
  std::vector<std::string> names;
  for (std::size_t k = 0; k < host_count(); ++k) names.push_back(host_name(k));
  auto rename = [&](ScenarioJson& obj, const char* key) {
    if (obj.is_object() && obj.contains(key) && names_host(obj[key], from)) obj[key] = to;
  };
  for (ScenarioJson& h : doc["hosts"]) {
    rename(h, "name");
    for (const char* key : {"resolver", "server", "mail_server", "webmail", "connect_to"}) rename(h, key);
  }
  rename(doc, "dns_server");
  for (const char* list : {"links", "dns"})
    if (doc.contains(list) && doc[list].is_array())
      for (ScenarioJson& e : doc[list])
        for (const char* key : {"a", "b", "name", "value"}) rename(e, key);
  if (doc.contains("faults") && doc["faults"].is_array())
    for (ScenarioJson& f : doc["faults"])
      if (f.is_string()) f = rename_in_fault(f.get<std::string>(), from, to, names);
  return commit(std::move(next));
}

bool ScenarioEditor::add_link(const std::string& a, const std::string& b) {
  if (a == b || !host_index(a) || !host_index(b) || link_index(a, b)) return false;
  Draft next = draft();
  ScenarioJson l;
  l["a"] = a;
  l["b"] = b;
  if (!next.doc.contains("links") || !next.doc["links"].is_array()) next.doc["links"] = ScenarioJson::array();
  next.doc["links"].push_back(l);
  return commit(std::move(next));
}

bool ScenarioEditor::remove_link(std::size_t index) { return erase("/links/" + std::to_string(index)); }

bool ScenarioEditor::set(const std::string& pointer, ScenarioJson value) {
  if (value.is_null()) return erase(pointer);
  std::optional<Pointer> p = pointer_of(pointer);
  if (!p || p->empty()) return false;
  Draft next = draft();
  try {
    next.doc[*p] = std::move(value);
  } catch (const std::exception&) {  // a path through a string, a bad array index
    return false;
  }
  return commit(std::move(next), "set " + pointer);
}

bool ScenarioEditor::erase(const std::string& pointer) {
  std::optional<Pointer> p = pointer_of(pointer);
  if (!p || p->empty() || !at(pointer)) return false;
  Draft next = draft();
  ScenarioJson& parent = next.doc.at(p->parent_pointer());
  std::string last = p->back();
  if (parent.is_object()) parent.erase(last);
  else parent.erase(std::stoul(last));
  // A host gone from the list takes its place with it.
  if (p->parent_pointer().to_string() == "/hosts" && std::stoul(last) < next.places.size())
    next.places.erase(next.places.begin() + std::ptrdiff_t(std::stoul(last)));
  return commit(std::move(next));
}

bool ScenarioEditor::append(const std::string& pointer, ScenarioJson value) {
  std::optional<Pointer> p = pointer_of(pointer);
  if (!p || p->empty()) return false;
  Draft next = draft();
  try {
    ScenarioJson& list = next.doc[*p];
    if (list.is_null()) list = ScenarioJson::array();
    if (!list.is_array()) return false;
    list.push_back(std::move(value));
    if (pointer == "/hosts") next.places.resize(list.size(), grid_place(list.size() - 1));
  } catch (const std::exception&) {
    return false;
  }
  return commit(std::move(next));
}

void ScenarioEditor::replace(Draft d) {
  std::size_t n = d.doc.contains("hosts") && d.doc["hosts"].is_array() ? d.doc["hosts"].size() : 0;
  for (std::size_t i = d.places.size(); i < n; ++i) d.places.push_back(grid_place(i));
  d.places.resize(n);
  commit(std::move(d));
}

bool ScenarioEditor::undo() {
  if (!can_undo()) return false;
  --at_;
  last_merge_.clear();
  ++revision_;
  return true;
}

bool ScenarioEditor::redo() {
  if (!can_redo()) return false;
  ++at_;
  last_merge_.clear();
  ++revision_;
  return true;
}

std::string ScenarioEditor::save_text() const {
  if (std::optional<ScenarioSpec> s = scenario()) return write_scenario(*s);
  return format_scenario_json(doc());
}

bool ScenarioEditor::save(const std::string& path, std::string* error) {
  std::string previous = file_;
  set_file(path);  // mailbox paths in the text stay as written: they now resolve against `path`
  std::string text = save_text();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.flush();
  if (!f) {
    *error = "cannot write " + path;
    set_file(previous);
    return false;
  }
  return true;
}

}  // namespace sim
