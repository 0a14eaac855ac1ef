// Design mode's state (design_session.hpp): selection by name, templates, open and save.
#include "visual/design_session.hpp"

#include <map>

#include "sim/scenario_loader.hpp"

namespace visual {

const std::vector<DesignTemplate>& design_templates() {
  static const std::vector<DesignTemplate> t{{Id::TemplateEmpty, "empty.json"},
                                             {Id::TemplateTextbook, "textbook.json"},
                                             {Id::TemplateWebmail, "webmail.json"},
                                             {Id::TemplateTwoReceivers, "two_receivers.json"}};
  return t;
}

sim::Topology topology_of(const sim::ScenarioSpec& s) {
  sim::Topology topo;
  std::map<std::string, sim::HostId> by_name;
  for (const sim::HostSpec& h : s.hosts) {
    by_name.emplace(h.name, static_cast<sim::HostId>(topo.hosts.size()));
    topo.hosts.push_back(sim::TopologyHost{h.name, h.kind, h.ip});
  }
  for (const sim::LinkSpec& l : s.links) {
    auto a = by_name.find(l.a), b = by_name.find(l.b);
    if (a == by_name.end() || b == by_name.end()) continue;
    topo.links.push_back(sim::TopologyLink{a->second, b->second, l.latency, l.bandwidth_bps, l.loss, l.mtu});
  }
  return topo;
}

std::vector<sim::Place> auto_places(const sim::ScenarioSpec& s) {
  std::vector<sim::Place> out;
  for (const Point& p : layout_hosts(s, topology_of(s))) out.push_back(sim::Place{p.x, p.y});
  return out;
}

std::string DesignSession::title(bool zh) const {
  for (const char* ptr : {zh ? "/title/zh" : "/title/en", zh ? "/title/en" : "/title/zh", "/name"})
    if (const sim::ScenarioJson* v = editor.at(ptr); v && v->is_string() && !v->get<std::string>().empty())
      return v->get<std::string>();
  return "";
}

void DesignSession::select_host(const std::string& name) {
  host = editor.host_index(name);
  link.reset();
}

void DesignSession::clear_selection() {
  host.reset();
  link.reset();
}

void DesignSession::fix_selection() {
  if (host && *host >= editor.host_count()) host.reset();
  const sim::ScenarioJson* links = editor.at("/links");
  if (link && (!links || !links->is_array() || *link >= links->size())) link.reset();
  if (linking_from && *linking_from >= editor.host_count()) linking_from.reset();
}

bool DesignSession::delete_selected() {
  bool done = false;
  if (host) done = editor.remove_host(editor.host_name(*host));
  else if (link) done = editor.remove_link(*link);
  clear_selection();
  return done;
}

bool DesignSession::use_template(const DesignTemplate& t) {
  std::string file = templates_dir + "/" + t.file;
  sim::LoadResult r = sim::load_scenario(file);
  if (!r.ok()) {
    message = r.problems.empty() ? file : sim::format_problem(r.problems[0]);
    message_ok = false;
    return false;
  }
  // The new world is saved beside where the last one was, not over the template.
  r.scenario->file = editor.file();
  editor.replace(sim::Draft{sim::scenario_json(*r.scenario), auto_places(*r.scenario)});
  clear_selection();
  return true;
}

bool DesignSession::open(const std::string& file) {
  std::string error;
  std::optional<sim::ScenarioEditor> e = sim::ScenarioEditor::open(file, &error);
  if (!e) {
    message = error;
    message_ok = false;
    return false;
  }
  // Hosts stand where the Simulate canvas would put them, when the file loads.
  sim::Draft d = e->draft();
  if (std::optional<sim::ScenarioSpec> s = e->scenario()) d.places = auto_places(*s);
  editor.set_file(file);
  editor.replace(std::move(d));
  path = file;
  clear_selection();
  message = file;
  message_ok = true;
  message_kind = Id::Opened;
  return true;
}

bool DesignSession::save() {
  std::string error;
  message_ok = editor.save(path, &error);
  message = message_ok ? path : error;
  message_kind = Id::Saved;
  return message_ok;
}

}  // namespace visual
