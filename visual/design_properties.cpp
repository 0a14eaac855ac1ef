// Design mode's property panel: the selected host's, link's or (nothing selected) the
// scenario's fields. Every field writes the document through the editor as it is typed, and
// shows under it what the loader says about it (the words `mailsim check` prints). Values go
// in as typed: a number field holding "12x" stores the text, and the loader's "expected a
// whole number" appears under it.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "visual/design_panels.hpp"
#include "visual/strcat.hpp"

namespace visual {

namespace {

using sim::ScenarioJson;

const ImVec4 kProblem{1, 0.45f, 0.4f, 1};

std::string text_of(const ScenarioJson* v) {
  if (!v) return "";
  if (v->is_string()) return v->get<std::string>();
  return v->dump(-1, ' ', false, ScenarioJson::error_handler_t::replace);
}

// The problems at `ptr` (or inside it), in red under the field.
void problems_under(const DesignSession& d, const std::string& ptr, bool beneath = false) {
  for (const sim::Problem& p : d.editor.problems_at(ptr, beneath)) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kProblem, "%s", p.message.c_str());
    ImGui::PopTextWrapPos();
  }
}

enum class As { Text, Whole, Number };

// A labelled text field bound to a JSON pointer. Empty and `optional`: the key is erased (the
// loader's default applies, shown as the hint).
void field(DesignSession& d, const char* label, const std::string& ptr, As as = As::Text, bool optional = false,
           const std::string& hint = "", bool multiline = false) {
  ImGui::PushID(ptr.c_str());
  ImGui::TextUnformatted(label);
  char buf[4096];
  std::snprintf(buf, sizeof buf, "%s", text_of(d.editor.at(ptr)).c_str());
  ImGui::SetNextItemWidth(-1);
  const bool edited = multiline ? ImGui::InputTextMultiline("##v", buf, sizeof buf, ImVec2(-1, ImGui::GetTextLineHeight() * 4))
                                : ImGui::InputTextWithHint("##v", hint.c_str(), buf, sizeof buf);
  if (edited) {
    std::string s = buf;
    char* end = nullptr;
    if (s.empty() && optional) d.editor.erase(ptr);
    else if (as == As::Whole && !s.empty() && s.find_first_not_of("0123456789") == std::string::npos && s.size() < 19)
      d.editor.set(ptr, std::stoull(s));
    else if (as == As::Number && !s.empty() && (std::strtod(s.c_str(), &end), *end == '\0'))
      d.editor.set(ptr, std::strtod(s.c_str(), nullptr));
    else d.editor.set(ptr, s);
  }
  problems_under(d, ptr);
  ImGui::PopID();
}

void check(DesignSession& d, const char* label, const std::string& ptr, bool dflt) {
  const ScenarioJson* v = d.editor.at(ptr);
  bool on = v && v->is_boolean() ? v->get<bool>() : dflt;
  ImGui::PushID(ptr.c_str());
  if (ImGui::Checkbox(label, &on)) d.editor.set(ptr, on);
  problems_under(d, ptr);
  ImGui::PopID();
}

// A choice among fixed words; "" in `choices` stands for "not set" (the key erased).
void choice(DesignSession& d, const char* label, const std::string& ptr, const std::vector<std::string>& choices,
            const char* none_label) {
  ImGui::PushID(ptr.c_str());
  ImGui::TextUnformatted(label);
  const std::string cur = text_of(d.editor.at(ptr));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##c", cur.empty() ? none_label : cur.c_str())) {
    for (const std::string& c : choices)
      if (ImGui::Selectable(c.empty() ? none_label : c.c_str(), c == cur)) {
        if (c.empty()) d.editor.erase(ptr);
        else d.editor.set(ptr, c);
      }
    ImGui::EndCombo();
  }
  problems_under(d, ptr);
  ImGui::PopID();
}

// The names of the hosts of one kind (a reference's choices), with "" first when optional.
std::vector<std::string> hosts_of(const sim::ScenarioEditor& e, const std::string& kind, bool optional) {
  std::vector<std::string> out;
  if (optional) out.push_back("");
  for (std::size_t i = 0; i < e.host_count(); ++i)
    if (e.host_kind(i) == kind) out.push_back(e.host_name(i));
  return out;
}

// A list of strings edited as one comma-separated line ("a.example, b.example").
void list_field(DesignSession& d, const char* label, const std::string& ptr) {
  ImGui::PushID(ptr.c_str());
  ImGui::TextUnformatted(label);
  std::string joined;
  if (const ScenarioJson* v = d.editor.at(ptr); v && v->is_array())
    for (const ScenarioJson& x : *v) joined += (joined.empty() ? "" : ", ") + text_of(&x);
  char buf[2048];
  std::snprintf(buf, sizeof buf, "%s", joined.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##l", buf, sizeof buf)) {
    ScenarioJson list = ScenarioJson::array();
    std::string word;
    for (const char* c = buf;; ++c) {
      if (*c == ',' || *c == '\0') {
        word.erase(0, word.find_first_not_of(' '));
        word.erase(word.find_last_not_of(' ') + 1);
        if (!word.empty()) list.push_back(word);
        word.clear();
        if (*c == '\0') break;
      } else {
        word += *c;
      }
    }
    if (list.empty()) d.editor.erase(ptr);
    else d.editor.set(ptr, list);
  }
  problems_under(d, ptr, true);
  ImGui::PopID();
}

std::size_t size_at(const sim::ScenarioEditor& e, const std::string& ptr) {
  const ScenarioJson* v = e.at(ptr);
  return v && v->is_array() ? v->size() : 0;
}

// A remove button for one element of a list, on the line of its heading.
bool remove_button(DesignSession& d, Frame& f, const std::string& ptr) {
  ImGui::SameLine();
  ImGui::PushID(ptr.c_str());
  const bool clicked = ImGui::SmallButton(f.t(Id::Delete));
  ImGui::PopID();
  return clicked && d.editor.erase(ptr);
}

void dns_records(Frame& f, DesignSession& d) {
  section(f.t(Id::DnsRecords));
  for (std::size_t i = 0; i < size_at(d.editor, "/dns"); ++i) {
    const std::string p = cat("/dns/", std::to_string(i));
    ImGui::TextDisabled("%zu.", i + 1);
    if (remove_button(d, f, p)) break;
    ImGui::Indent();
    field(d, f.t(Id::HostName), p + "/name");
    choice(d, f.t(Id::RecordType), p + "/type", {"A", "MX"}, f.t(Id::None));
    if (text_of(d.editor.at(p + "/type")) == "MX") field(d, f.t(Id::Preference), p + "/preference", As::Whole);
    field(d, f.t(Id::Value), p + "/value");
    problems_under(d, p);
    ImGui::Unindent();
  }
  if (ImGui::SmallButton(cat(f.t(Id::Add), " MX").c_str()))
    d.editor.append("/dns", {{"name", ""}, {"type", "MX"}, {"preference", 10}, {"value", ""}});
  ImGui::SameLine();
  if (ImGui::SmallButton(cat(f.t(Id::Add), " A").c_str()))
    d.editor.append("/dns", {{"name", ""}, {"type", "A"}, {"value", ""}});
}

void mail_server(Frame& f, DesignSession& d, const std::string& h) {
  list_field(d, f.t(Id::Domains), h + "/domains");
  section(f.t(Id::Users));
  for (std::size_t i = 0; i < size_at(d.editor, h + "/users"); ++i) {
    const std::string u = cat(h, "/users/", std::to_string(i));
    ImGui::TextDisabled("%s", text_of(d.editor.at(u + "/name")).c_str());
    if (remove_button(d, f, u)) break;
    ImGui::Indent();
    field(d, f.t(Id::UserName), u + "/name");
    field(d, f.t(Id::Password), u + "/password");
    problems_under(d, u);
    ImGui::Unindent();
  }
  if (ImGui::SmallButton(f.t(Id::Add))) {
    const std::string name = cat("user", std::to_string(size_at(d.editor, h + "/users") + 1));
    d.editor.append(h + "/users", {{"name", name}, {"password", name + "-secret"}});
  }
  section(f.t(Id::RetryPolicy));
  choice(d, f.t(Id::RetryPolicy), h + "/retry/preset", {"", "textbook", "postfix", "exim", "rfc5321"},
         cat("postfix (", f.t(Id::DefaultValue), ")").c_str());
  field(d, f.t(Id::MaxMessageSize), h + "/max_message_size", As::Whole, true, "10485760");
  field(d, f.t(Id::MaxRecipients), h + "/max_recipients", As::Whole, true, "100");
  check(d, "8BITMIME", h + "/8bitmime", true);
  check(d, "SMTPUTF8", h + "/smtputf8", true);
}

void user_agent(Frame& f, DesignSession& d, const std::string& h) {
  field(d, f.t(Id::MailAddress), h + "/address");
  field(d, f.t(Id::Password), h + "/password");
  choice(d, f.t(Id::KindMailServer), h + "/server", hosts_of(d.editor, "mail-server", false), f.t(Id::None));
  choice(d, f.t(Id::Reading), h + "/read/protocol", {"pop3", "imap"}, f.t(Id::None));
  if (d.editor.at(h + "/read") && ImGui::SmallButton(cat(f.t(Id::Delete), " (", f.t(Id::Reading), ")").c_str()))
    d.editor.erase(h + "/read");
  section(f.t(Id::Sends));
  for (std::size_t i = 0; i < size_at(d.editor, h + "/send"); ++i) {
    const std::string s = cat(h, "/send/", std::to_string(i));
    ImGui::TextDisabled("%zu.", i + 1);
    if (remove_button(d, f, s)) break;
    ImGui::Indent();
    field(d, f.t(Id::SendAt), s + "/at", As::Text, false, "1s");
    list_field(d, f.t(Id::To), s + "/to");
    list_field(d, f.t(Id::Cc), s + "/cc");
    field(d, f.t(Id::Subject), s + "/subject", As::Text, true);
    field(d, f.t(Id::Body), s + "/body", As::Text, true, "", true);
    problems_under(d, s);
    ImGui::Unindent();
  }
  if (ImGui::SmallButton(f.t(Id::Add))) d.editor.append(h + "/send", {{"at", "1s"}, {"to", ScenarioJson::array()}});
}

void host_fields(Frame& f, DesignSession& d, std::size_t i) {
  sim::ScenarioEditor& e = d.editor;
  const std::string h = cat("/hosts/", std::to_string(i));
  const std::string kind = e.host_kind(i);
  section(cat(kind_name(f.settings.lang, kind), "  ", e.host_name(i)).c_str());
  // The name changes on Enter or leaving the field: a rename rewrites every reference.
  ImGui::TextUnformatted(f.t(Id::HostName));
  char name[256];
  std::snprintf(name, sizeof name, "%s", e.host_name(i).c_str());
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##name", name, sizeof name);
  if (ImGui::IsItemDeactivatedAfterEdit()) e.rename_host(e.host_name(i), name);
  problems_under(d, h + "/name");
  field(d, f.t(Id::IpAddress), h + "/ip");
  if (kind != "dns-server") choice(d, f.t(Id::Resolver), h + "/resolver", hosts_of(e, "dns-server", true), f.t(Id::None));
  if (kind == "mail-server") mail_server(f, d, h);
  if (kind == "user-agent") user_agent(f, d, h);
  if (kind == "dns-server") dns_records(f, d);
  if (kind == "webmail-server") {
    choice(d, f.t(Id::KindMailServer), h + "/mail_server", hosts_of(e, "mail-server", false), f.t(Id::None));
    field(d, f.t(Id::WebmailDomain), h + "/domain", As::Text, true);
  }
  if (kind == "browser") {
    choice(d, f.t(Id::KindWebmail), h + "/webmail", hosts_of(e, "webmail-server", false), f.t(Id::None));
    field(d, f.t(Id::UserName), h + "/user");
    field(d, f.t(Id::Password), h + "/password");
  }
  if (kind == "echo-server" || kind == "echo-client") field(d, f.t(Id::Port), h + "/port", As::Whole, true, "7");
  if (kind == "echo-client")
    choice(d, f.t(Id::ConnectsTo), h + "/connect_to", hosts_of(e, "echo-server", false), f.t(Id::None));
  problems_under(d, h);  // a missing required field is reported on the host itself
  ImGui::Spacing();
  if (ImGui::Button(f.t(Id::Delete))) d.delete_selected();
}

void link_fields(Frame& f, DesignSession& d, std::size_t k) {
  const std::string l = cat("/links/", std::to_string(k));
  section(cat(f.t(Id::Link), "  ", text_of(d.editor.at(l + "/a")), " — ", text_of(d.editor.at(l + "/b"))).c_str());
  field(d, f.t(Id::Latency), l + "/latency", As::Text, true, "1ms");
  field(d, f.t(Id::Bandwidth), l + "/bandwidth", As::Text, true, "100Mbps");
  field(d, f.t(Id::Loss), l + "/loss", As::Number, true, "0 (5% = 0.05)");
  field(d, f.t(Id::Mtu), l + "/mtu", As::Whole, true, "1500");
  check(d, f.t(Id::LinkUpAtStart), l + "/up", true);
  problems_under(d, l);
  ImGui::Spacing();
  if (ImGui::Button(f.t(Id::Delete))) d.delete_selected();
}

void scenario_fields(Frame& f, DesignSession& d) {
  section(f.t(Id::Scenario));
  field(d, f.t(Id::ScenarioName), "/name");
  field(d, cat(f.t(Id::Title), " (English)").c_str(), "/title/en", As::Text, true);
  field(d, cat(f.t(Id::Title), " (中文)").c_str(), "/title/zh", As::Text, true);
  field(d, f.t(Id::Seed), "/seed", As::Whole, true, "1");
  field(d, f.t(Id::RunLength), "/until", As::Text, true, "1h");
  choice(d, f.t(Id::DefaultDns), "/dns_server", hosts_of(d.editor, "dns-server", true), f.t(Id::None));
  dns_records(f, d);
  section(f.t(Id::Faults));
  for (std::size_t i = 0; i < size_at(d.editor, "/faults"); ++i) {
    const std::string p = cat("/faults/", std::to_string(i));
    ImGui::TextDisabled("%zu.", i + 1);
    if (remove_button(d, f, p)) break;
    field(d, "", p, As::Text, false, "10m power-off mail.b.example");
  }
  if (ImGui::SmallButton(cat(f.t(Id::Add), "##fault").c_str())) d.editor.append("/faults", "10m power-off ");
}

// Every problem, each a click away from its host or link.
void problem_list(Frame& f, DesignSession& d) {
  const std::vector<sim::Problem>& ps = d.editor.problems();
  section(cat(f.t(Id::Problems), " (", std::to_string(ps.size()), ")").c_str());
  if (ps.empty()) {
    ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.5f, 1), "%s", f.t(Id::NoProblems));
    return;
  }
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const sim::Problem& p = ps[i];
    const std::string line = cat(p.pos.path.empty() ? "/" : p.pos.path, ": ", p.message);
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_Text, kProblem);
    ImGui::PushTextWrapPos(0);
    if (ImGui::Selectable(line.c_str())) {
      unsigned long index = 0;
      if (std::sscanf(p.pos.path.c_str(), "/hosts/%lu", &index) == 1) d.host = index, d.link.reset();
      else if (std::sscanf(p.pos.path.c_str(), "/links/%lu", &index) == 1) d.link = index, d.host.reset();
      else d.clear_selection();
      d.fix_selection();
    }
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
}

}  // namespace

void DesignPropertiesPanel::contents(Frame& f) {
  DesignSession& d = *f.design;
  d.fix_selection();
  const float list_h = std::min(ImGui::GetContentRegionAvail().y * 0.3f, ImGui::GetTextLineHeightWithSpacing() * 9);
  ImGui::BeginChild("##fields", ImVec2(0, ImGui::GetContentRegionAvail().y - list_h));
  if (d.host) host_fields(f, d, *d.host);
  else if (d.link) link_fields(f, d, *d.link);
  else scenario_fields(f, d);
  ImGui::EndChild();
  ImGui::BeginChild("##problems");
  problem_list(f, d);
  ImGui::EndChild();
}

}  // namespace visual
