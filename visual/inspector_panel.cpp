// The inspector: the selected record (or the hovered one when nothing is selected) in
// detail: raw text with CR LF made visible, TCP fields, the labels a segment carries, and
// what a reply code means (catalogue hook, else the code class of RFC 5321 §4.2.1).
#include <algorithm>
#include <cstdio>

#include "visual/panels.hpp"
#include "visual/reply_meaning.hpp"

namespace visual {

namespace {
void field(const char* name, const std::string& value) {
  ImGui::TextDisabled("%s", name);
  ImGui::SameLine(ImGui::GetFontSize() * 5.5f);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopTextWrapPos();
}

void raw_block(Frame& f, const std::string& wire) {
  section(f.t(Id::RawText));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(show_crlf(wire).c_str());
  ImGui::PopTextWrapPos();
}

// The segment's bytes: as text with CR LF visible, and the first bytes in hex.
void payload_block(Frame& f, const std::string& bytes) {
  constexpr std::size_t kShown = 4000, kHex = 48;
  raw_block(f, bytes.size() > kShown ? bytes.substr(0, kShown) + "…" : bytes);
  std::string hex;
  char b[4];
  for (std::size_t i = 0; i < std::min(bytes.size(), kHex); ++i) {
    std::snprintf(b, sizeof b, "%02x ", static_cast<unsigned char>(bytes[i]));
    hex += b;
  }
  if (bytes.size() > kHex) hex += "…";
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", hex.c_str());
  ImGui::PopTextWrapPos();
}

void meaning(Frame& f, protocols::Proto proto, int code) {
  section(f.t(Id::Meaning));
  ImGui::PushTextWrapPos(0);
  if (auto m = reply_meaning(proto, code, f.settings.lang)) {
    ImGui::TextUnformatted(m->text.c_str());
    ImGui::TextDisabled("%s", m->section.c_str());
  } else if (auto c = reply_class_meaning(code, f.settings.lang)) {
    ImGui::TextUnformatted(c->c_str());
  }
  ImGui::PopTextWrapPos();
}

void segment(Frame& f, const sim::SegmentRecord& s, std::size_t entry) {
  const sim::Trace& tr = f.model.trace();
  field(f.t(Id::From), tr.host_name(s.from) + ":" + std::to_string(s.sport));
  field(f.t(Id::To), tr.host_name(s.to) + ":" + std::to_string(s.dport));
  if (auto fi = f.model.flights().flight_of_entry(entry)) {
    const Flight& fl = f.model.flights().flights()[*fi];
    field(f.t(Id::Time), clock_text(fl.t0) + " → " + (fl.arrived ? clock_text(fl.t1) : std::string("?")));
    if (fl.dropped) {
      const auto& d = std::get<sim::SegmentRecord>(tr.entries()[*fl.arrived].record);
      ImGui::TextColored(ImVec4(1, 0.35f, 0.35f, 1), "%s @ %s: %s", f.t(Id::Dropped), tr.host_name(d.at).c_str(),
                         d.reason.c_str());
    }
  }
  if (s.retransmission) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s", f.t(Id::Retransmission));
  section(s.udp ? "UDP" : f.t(Id::TcpFields));
  if (!s.udp) {
    field("flags", sim::tcp_flags_string(s.flags));
    field("seq", std::to_string(s.seq));
    field("ack", std::to_string(s.ack));
    field("window", std::to_string(s.window));
  }
  field("len", std::to_string(s.len));
  field(f.t(Id::Conn), std::to_string(s.conn));
  if (s.payload && !s.payload->empty()) payload_block(f, *s.payload);
  if (s.labels.empty()) return;
  section(f.t(Id::Labels));
  for (const auto& l : s.labels) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pill_color(style_of_label(l))), "%s %s",
                       std::string(protocols::to_string(l.proto)).c_str(), std::string(protocols::to_string(l.kind)).c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(l.text.c_str());
  }
  const auto& first = s.labels.front();
  if (first.kind == protocols::LabelKind::Reply && first.proto == protocols::Proto::SMTP && first.text.size() >= 3 &&
      isdigit(first.text[0]))
    meaning(f, first.proto, std::stoi(first.text.substr(0, 3)));
}
}  // namespace

void InspectorPanel::contents(Frame& f) {
  std::optional<std::size_t> entry = f.selection.selected ? f.selection.selected : f.selection.hovered;
  const auto& es = f.model.trace().entries();
  if (!entry || *entry >= es.size()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", f.t(Id::NothingSelected));
    ImGui::PopTextWrapPos();
    return;
  }
  const sim::TraceEntry& e = es[*entry];
  const sim::Trace& tr = f.model.trace();
  ImGui::Text("#%llu  %s  %s", static_cast<unsigned long long>(e.n), clock_text(e.t).c_str(),
              std::string(sim::kind_of(e.record)).c_str());
  ImGui::Separator();
  if (const auto* s = std::get_if<sim::SegmentRecord>(&e.record)) {
    segment(f, *s, *entry);
  } else if (const auto* c = std::get_if<sim::CommandRecord>(&e.record)) {
    field(f.t(Id::From), tr.host_name(c->from));
    field(f.t(Id::To), tr.host_name(c->to));
    field(f.t(Id::Conn), std::to_string(c->conn));
    ImGui::TextColored(ImVec4(0.5f, 0.7f, 1, 1), "%s %s", std::string(protocols::to_string(c->proto)).c_str(),
                       c->verb.c_str());
    raw_block(f, (c->tag.empty() || c->line.starts_with(c->tag) ? "" : c->tag + " ") + c->line + "\r\n");
  } else if (const auto* r = std::get_if<sim::ReplyRecord>(&e.record)) {
    field(f.t(Id::From), tr.host_name(r->from));
    field(f.t(Id::To), tr.host_name(r->to));
    field(f.t(Id::Conn), std::to_string(r->conn));
    if (r->code) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pill_color(static_cast<PillStyle>(
                             static_cast<int>(PillStyle::Reply2) + std::clamp(r->code / 100 - 2, 0, 3)))),
                         "%d %s", r->code, r->enhanced.c_str());
    } else if (!r->status.empty()) {
      ImGui::TextUnformatted(r->status.c_str());
    }
    std::string wire;
    for (const auto& l : r->lines) wire += l + "\r\n";
    raw_block(f, wire);
    if (r->code) meaning(f, r->proto, r->code);
  } else {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(f.model.rows()[*entry].text.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace visual
