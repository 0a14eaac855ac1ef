// The hosts panel: each host's state at the playback time, folded from the trace (power,
// outbound queue with next try and last error, mailboxes with their newest messages' flags),
// and its fault menu.
#include "visual/fault_actions.hpp"
#include "visual/host_state.hpp"
#include "sim/retry_policy.hpp"
#include "visual/panels.hpp"
#include "visual/strcat.hpp"
#include "visual/terms.hpp"

#include <algorithm>

namespace visual {

namespace {
Id kind_name(const std::string& kind) {
  if (kind == "user-agent") return Id::KindUserAgent;
  if (kind == "mail-server") return Id::KindMailServer;
  if (kind == "dns-server") return Id::KindDns;
  if (kind == "router") return Id::KindRouter;
  return Id::KindOther;
}

// IMAP's system flags as a record spells them (Flags::to_string(), RFC 3501 §2.3.2 case).
constexpr std::pair<std::string_view, Id> kSystemFlags[] = {{"\\Seen", Id::FlagSeen},
                                                            {"\\Answered", Id::FlagAnswered},
                                                            {"\\Flagged", Id::FlagFlagged},
                                                            {"\\Deleted", Id::FlagDeleted},
                                                            {"\\Draft", Id::FlagDraft}};

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0; at < s.size();) {
    std::size_t end = std::min(s.find(' ', at), s.size());
    if (end > at) out.push_back(s.substr(at, end - at));
    at = end + 1;
  }
  return out;
}
}  // namespace

std::string flags_text(std::string_view flags, Lang lang) {
  std::string out;
  for (std::string_view w : words_of(flags)) {
    std::string_view shown = w;
    for (const auto& [name, id] : kSystemFlags)
      if (w == name) shown = tr(lang, id);
    out.append(out.empty() ? "" : " ").append(shown);
  }
  return out.empty() ? tr(lang, Id::NoFlags) : out;
}

std::string message_line_text(const MessageLine& m, Lang lang) {
  return cat("UID ", std::to_string(m.uid), "  ", flags_text(m.flags, lang));
}

std::vector<std::string> mail_server_settings(const sim::MailServerSpec& m, Lang lang) {
  using protocols::format_duration;
  auto t = [lang](Id id) { return std::string(tr(lang, id)); };
  const sim::RetryPolicy p = sim::make_retry_policy(m.retry);
  std::vector<std::string> out;
  // The presets named after software (postfix, exim) and the RFC keep their names.
  const std::string preset = m.retry.preset == "textbook" ? t(Id::PresetTextbook)
                             : m.retry.preset == "rfc5321" ? std::string("RFC 5321")
                                                           : m.retry.preset;
  out.push_back(t(Id::RetryPolicy) + ": " + preset);
  out.push_back("  " + t(Id::QueueRunEvery) + " " + format_duration(p.queue_run_interval) + " · " + t(Id::GiveUpAfter) +
                " " + format_duration(p.queue_lifetime));
  out.push_back("  " + (p.delay_warning ? t(Id::DelayNoticeAfter) + " " + format_duration(*p.delay_warning)
                                         : t(Id::NoDelayNotice)));
  out.push_back("  " + t(Id::MaxMessageSize) + " " + std::to_string(m.max_message_size / 1024) + " KiB · " +
                t(Id::MaxRecipients) + " " + std::to_string(m.max_recipients));
  // What EHLO offers of the two extensions a scenario can switch off (RFC 6152, RFC 6531).
  out.push_back("  EHLO: 8BITMIME " + t(m.advertise_8bitmime ? Id::Offered : Id::NotOffered) + " · SMTPUTF8 " +
                t(m.advertise_smtputf8 ? Id::Offered : Id::NotOffered));
  return out;
}

// A mail server's settings: its retry policy with the values that matter in class (how
// often the queue is scanned, when a delay notice and a bounce come), its limits and the
// extensions it offers.
void HostsPanel::settings(Frame& f, const sim::MailServerSpec& m) {
  // Wrapped: in a narrow column (1280 pixels, presenter type) the lines are wider than it.
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  for (const std::string& line : mail_server_settings(m, f.settings.lang)) ImGui::TextWrapped("%s", line.c_str());
  ImGui::PopStyleColor();
}

void HostsPanel::contents(Frame& f) {
  const auto& topo = f.model.topology();
  for (sim::HostId h = 0; h < topo.hosts.size(); ++h) {
    const auto& host = topo.hosts[h];
    const HostState& st = states_.at(f.model.trace(), f.model.state_entries(h), h, f.playback.t, f.model.generation());
    ImGui::PushID(static_cast<int>(h));
    ImGuiTreeNodeFlags flags = host.kind == "router" ? 0 : ImGuiTreeNodeFlags_DefaultOpen;
    // A lesson step about this host's queue or mailbox opens it and scrolls there.
    const bool reveal = f.reveal && f.reveal->hosts_frames > 0 && f.reveal->host == h;
    if (reveal) ImGui::SetNextItemOpen(true);
    bool open = ImGui::CollapsingHeader(host.name.c_str(), flags);
    if (reveal && (!open || host.kind != "mail-server")) ImGui::SetScrollHereY(0.2f);
    const char* status = f.t(st.powered ? Id::HostUp : Id::HostDown);
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(status).x - 6);
    ImGui::TextColored(st.powered ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.35f, 0.35f, 1), "%s", status);
    if (open) {
      ImGui::Indent(8);
      ImGui::TextDisabled("%s  %s", f.t(kind_name(host.kind)), host.ip.c_str());
      if (host.kind == "mail-server") {
        for (const auto& spec : f.model.scenario().hosts)  // settings of the scenario, not state
          if (spec.name == host.name) settings(f, spec.mail);
        if (reveal && f.reveal->mailbox_user.empty()) ImGui::SetScrollHereY(0.2f);  // the queue
        if (st.queue.empty()) {
          ImGui::Text("%s: %s", f.t(Id::Queue), f.t(Id::QueueEmpty));
        } else {
          ImGui::Text("%s: %zu", f.t(Id::Queue), st.queue.size());
          for (const auto& q : st.queue) {
            const sim::TextLang tl = text_lang(f.settings.lang);
            ImGui::BulletText("%s <%s> %s", q.msg.c_str(), q.rcpt.c_str(), std::string(sim::text::queue_action(tl, q.action)).c_str());
            if (q.next_attempt)
              ImGui::TextDisabled("   %s %s", f.t(Id::NextTry), clock_text(*q.next_attempt).c_str());
            if (q.last_error) {
              ImGui::PushTextWrapPos(0);
              ImGui::TextColored(ImVec4(1, 0.7f, 0.3f, 1), "   %s: %s", f.t(Id::LastError),
                                 sim::text::queue_reason(tl, *q.last_error).c_str());
              ImGui::PopTextWrapPos();
            }
          }
        }
        if (st.mailboxes.empty()) ImGui::TextDisabled("%s: %s", f.t(Id::Mailboxes), f.t(Id::NoMailboxes));
        else ImGui::Text("%s:", f.t(Id::Mailboxes));
        bool scrolled = false;  // to the user's first folder (INBOX comes first)
        for (const auto& m : st.mailboxes) {
          if (reveal && !scrolled && m.user == f.reveal->mailbox_user) ImGui::SetScrollHereY(0.3f), scrolled = true;
          mailbox(f, m);
        }
      }
      if (ImGui::SmallButton(f.t(Id::Faults)) || f.settings.fault_host == static_cast<int>(h)) {
        if (f.settings.fault_host == static_cast<int>(h)) ImGui::SetScrollHereY(0.3f);  // F: show it
        f.settings.fault_host = -1;
        ImGui::OpenPopup("faults");
      }
      if (ImGui::BeginPopup("faults")) {
        fault_menu(f, h);
        ImGui::EndPopup();
      }
      ImGui::Unindent(8);
    }
    ImGui::PopID();
  }
  if (f.reveal && f.reveal->hosts_frames > 0) --f.reveal->hosts_frames;
  console(f);
}

// A mailbox and its newest messages with their flags at the playback time: unread ones bright,
// read ones dim, those marked \Deleted (gone at the next EXPUNGE) in red.
void HostsPanel::mailbox(Frame& f, const MailboxLine& m) {
  ImGui::BulletText("%s/%s: %d %s", m.user.c_str(), m.folder.c_str(), m.messages,
                    f.t(m.messages == 1 ? Id::Message : Id::Messages));
  if (m.listed.empty()) return;
  ImGui::Indent(18);
  ImGui::PushTextWrapPos(0);  // the panel is narrow: a message with several flags wraps
  if (m.unlisted > 0) ImGui::TextDisabled("… %d %s", m.unlisted, f.t(Id::MoreMessages));
  for (const MessageLine& msg : m.listed) {
    std::vector<std::string_view> words = words_of(msg.flags);
    auto has = [&](std::string_view flag) { return std::find(words.begin(), words.end(), flag) != words.end(); };
    ImVec4 colour = ImGui::GetStyleColorVec4(ImGuiCol_Text);
    if (has("\\Deleted")) colour = ImVec4(1, 0.45f, 0.45f, 1);
    else if (has("\\Seen")) colour = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(message_line_text(msg, f.settings.lang).c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
  ImGui::Unindent(18);
}

// The classroom telnet exercise: type raw protocol lines to a server port; each line is an
// input-log entry at the playback time, so the run is simulated again with it and the
// server's real engine answers (replies show in the transcript and ladder like any other).
void HostsPanel::console(Frame& f) {
  // A lesson's world has the console host linked to the servers its steps name, only.
  std::vector<std::string> targets;
  if (f.lesson) targets = f.lesson->console_targets();
  else
    for (const auto& h : f.model.topology().hosts) {
      if (h.kind == "mail-server")
        for (const char* port : {":25", ":587", ":110", ":143"}) targets.push_back(h.name + port);
      if (h.kind == "webmail-server") targets.push_back(h.name + ":80");
    }
  if (targets.empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted(f.t(Id::TelnetConsole));
  console_target_ = std::clamp(console_target_, 0, static_cast<int>(targets.size()) - 1);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##telnet-target", targets[console_target_].c_str())) {
    for (int i = 0; i < static_cast<int>(targets.size()); ++i)
      if (ImGui::Selectable(targets[i].c_str(), i == console_target_)) console_target_ = i;
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##telnet-line", f.t(Id::TelnetHint), console_line_, sizeof console_line_,
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    f.clicked_faults.push_back(sim::InputEvent{f.playback.t, "telnet", targets[console_target_], console_line_});
    console_line_[0] = '\0';
    ImGui::SetKeyboardFocusHere(-1);
  }
}

void HostsPanel::fault_menu(Frame& f, sim::HostId h) {
  const auto& host = f.model.topology().hosts[h];
  ImGui::TextDisabled("%s @ %s", host.name.c_str(), clock_text(f.playback.t).c_str());
  ImGui::Separator();
  ImGui::SetNextItemWidth(160);
  ImGui::SliderFloat("##loss", &f.settings.loss_percent, 0, 100, "%.0f%%");
  ImGui::SetNextItemWidth(160);
  ImGui::SliderInt("##latency", &f.settings.latency_ms, 1, 5000, "%d ms", ImGuiSliderFlags_Logarithmic);
  ImGui::Separator();
  for (const FaultMenuItem& item :
       visual::fault_menu(host, f.playback.t, f.settings.loss_percent, f.settings.latency_ms, f.settings.lang)) {
    if (ImGui::MenuItem(item.label.c_str())) {
      f.clicked_faults.push_back(item.event);
      ImGui::CloseCurrentPopup();
    }
  }
}

}  // namespace visual
