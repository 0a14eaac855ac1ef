// The inspector: the selected record (or the hovered one when nothing is selected) in
// detail: raw text with CR LF made visible, TCP fields, the labels a segment carries, and
// what a reply code means (catalogue hook, else the code class of RFC 5321 §4.2.1).
#include <algorithm>
#include <cstdio>

#include "protocols/dns/dns_message.hpp"
#include "protocols/message/encoded_word.hpp"
#include "visual/panels.hpp"
#include "visual/strcat.hpp"
#include "visual/terms.hpp"
#include "visual/reply_meaning.hpp"

namespace visual {

namespace {
void field(const char* name, const std::string& value) {
  ImGui::TextDisabled("%s", name);
  // Beside the name when it fits, else on a line of its own ("mail.a.example:49152" is not
  // broken at a dot in a narrow column).
  const float column = ImGui::GetFontSize() * 5.5f;
  const bool indented = ImGui::CalcTextSize(value.c_str()).x > ImGui::GetWindowContentRegionMax().x - column;
  if (indented) ImGui::Indent(ImGui::GetFontSize());
  else ImGui::SameLine(column);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopTextWrapPos();
  if (indented) ImGui::Unindent(ImGui::GetFontSize());
}

// The first line of `text` that holds protocol text the step's narration names: marked,
// and scrolled to the top of the raw block for a few frames after the step directs the views.
std::size_t named_at(const Frame& f, const std::string& text) {
  std::size_t at = std::string::npos;
  if (f.reveal)
    for (const std::string& p : f.reveal->phrases) at = std::min(at, text.find(p));
  return at;
}

void mark_named_line(Frame& f, const std::string& text) {
  const std::size_t at = named_at(f, text);
  if (at == std::string::npos) return;
  const std::size_t start = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  const std::size_t end = std::min(text.find('\n', at), text.size());
  const float wrap = ImGui::GetContentRegionAvail().x;
  const float y0 = start ? ImGui::CalcTextSize(text.data(), text.data() + start, false, wrap).y : 0;
  const float hh = ImGui::CalcTextSize(text.data() + start, text.data() + end, false, wrap).y;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(o.x - 2, o.y + y0), ImVec2(o.x + wrap, o.y + y0 + hh),
                                            IM_COL32(255, 210, 0, 50));
  if (f.reveal->inspector_frames > 0) {
    --f.reveal->inspector_frames;
    ImGui::SetScrollY(y0);
  }
}

void raw_block(Frame& f, const std::string& wire) {
  section(f.t(Id::RawText));
  // At most about six lines tall, scrolling inside, so what follows stays in view.
  std::string text = show_crlf(wire);
  int lines = 1;
  for (char c : text) lines += c == '\n';
  float h = ImGui::GetTextLineHeightWithSpacing() * float(std::min(lines, 6)) + ImGui::GetStyle().WindowPadding.y * 2;
  // The inspector itself scrolls to a raw text holding what the narration names.
  if (f.reveal && f.reveal->inspector_frames > 0 && named_at(f, text) != std::string::npos) ImGui::SetScrollHereY(0.f);
  ImGui::BeginChild("raw", ImVec2(0, h), true);
  mark_named_line(f, text);
  ImGui::PushTextWrapPos(0);
  {
    CodeFont mono(text);  // base64 and addresses: l, I and 1 must differ
    ImGui::TextUnformatted(text.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

// The segment's bytes: as text with CR LF visible (not for a binary datagram), and the
// first bytes in hex.
void payload_block(Frame& f, const std::string& bytes, bool as_text) {
  constexpr std::size_t kShown = 4000, kHex = 48;
  if (as_text) raw_block(f, bytes.size() > kShown ? bytes.substr(0, kShown) + "…" : bytes);
  std::string hex;
  char b[4];
  for (std::size_t i = 0; i < std::min(bytes.size(), kHex); ++i) {
    std::snprintf(b, sizeof b, "%02x ", static_cast<unsigned char>(bytes[i]));
    hex += b;
  }
  if (bytes.size() > kHex) hex += "…";
  ImGui::PushTextWrapPos(0);
  CodeFont mono(hex);
  ImGui::TextDisabled("%s", hex.c_str());
  ImGui::PopTextWrapPos();
}

// One MIME part and its children: section number, media type, encoding, size, file name;
// a text leaf opens to its decoded text.
void mime_part(const CarriedMessage& m, const protocols::message::MimePart& p) {
  std::string label = cat(p.part_number.empty() ? "·" : p.part_number, "  ", p.media_type());
  if (p.type == "text") label += cat("; charset=", p.charset());
  label += cat("  ", p.transfer_encoding, "  ", std::to_string(p.size()), " B");
  if (!p.filename.empty()) label += cat("  \"", p.filename, "\"");
  const bool leaf = p.children.empty();
  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_SpanAvailWidth;
  if (leaf && p.type != "text") flags |= ImGuiTreeNodeFlags_Leaf;
  if (!ImGui::TreeNodeEx(label.c_str(), flags)) return;
  for (const auto& d : p.defects) ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "%s", d.c_str());
  if (leaf && p.type == "text") {
    std::string text = protocols::message::decode_text(p, m.bytes);
    if (text.size() > 1200) text = text.substr(0, 1200) + "…";
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
  }
  for (const auto& c : p.children) mime_part(m, c);
  ImGui::TreePop();
}

void message_block(Frame& f, sim::ConnId conn) {
  const CarriedMessage* m = f.model.message_on(conn);
  if (!m) return;
  section(f.t(Id::MimeTree));
  std::string subject = protocols::message::decode_encoded_words(m->root.headers.get("Subject"));
  ImGui::PushTextWrapPos(0);
  ImGui::Text("%s: %s", f.t(Id::Subject), subject.c_str());
  ImGui::PopTextWrapPos();
  // The envelope sender (where bounces go, the Return-Path of final delivery, RFC 5321 §4.4)
  // beside the header From the reader sees (RFC 5322 §3.6.2): they may differ.
  if (m->envelope_from) field(f.t(Id::EnvelopeSender), "MAIL FROM:<" + *m->envelope_from + ">");
  const std::string header_from = m->root.headers.get("From");
  field(f.t(Id::HeaderSender), "From: " + protocols::message::decode_encoded_words(header_from));
  mime_part(*m, m->root);
}

void show(const Meaning& m) {
  if (!m.syntax.empty()) ImGui::TextColored(ImVec4(0.6f, 0.8f, 1, 1), "%s", m.syntax.c_str());
  ImGui::TextUnformatted(m.text.c_str());
  ImGui::TextDisabled("%s", m.section.c_str());
}

// A reply code's meaning from the catalogue (else its class), and its enhanced code's.
void meaning(Frame& f, protocols::Proto proto, int code, const std::string& enhanced) {
  section(f.t(Id::Meaning));
  ImGui::PushTextWrapPos(0);
  if (auto m = reply_meaning(proto, code, f.settings.lang)) show(*m);
  if (auto c = reply_class_meaning(code, f.settings.lang, proto)) ImGui::TextDisabled("%s", c->c_str());
  if (!enhanced.empty())
    if (auto m = enhanced_meaning(enhanced, f.settings.lang)) {
      ImGui::Spacing();
      ImGui::Text("%s", enhanced.c_str());
      show(*m);
    }
  ImGui::PopTextWrapPos();
}

// A command verb's meaning and syntax from the catalogue.
void command_help(Frame& f, protocols::Proto proto, std::string_view verb) {
  auto m = command_meaning(proto, verb, f.settings.lang);
  if (!m) return;
  section(f.t(Id::Meaning));
  ImGui::PushTextWrapPos(0);
  show(*m);
  ImGui::PopTextWrapPos();
}

// The verb of a command line: its first word ("MAIL FROM:<a@b>" -> "MAIL").
std::string_view verb_of(std::string_view line) {
  std::size_t end = line.find_first_of(" :");
  return line.substr(0, end);
}

// A DNS datagram decoded (RFC 1035 §4.1): header, question and answers, instead of its
// binary bytes as text.
void dns_block(Frame& f, const protocols::dns::Message& m) {
  section(f.t(Id::DnsHeader));
  field("ID", std::to_string(m.id));
  field("QR", f.t(m.response ? Id::DnsResponse : Id::DnsQuery));
  if (m.response) field("RCODE", std::string(protocols::dns::to_string(m.rcode)));
  field(f.t(Id::DnsQuestion), cat(m.qname, "  ", std::string(protocols::dns::to_string(m.qtype))));
  if (!m.response) return;
  if (m.answers.empty()) field(f.t(Id::DnsAnswers), f.t(Id::DnsNoAnswer));
  for (const auto& a : m.answers)
    field(f.t(Id::DnsAnswers), cat(a.name, "  ", std::string(protocols::dns::to_string(a.type)), "  ", a.to_string(),
                                   "  TTL ", std::to_string(a.ttl)));
}

// The layers under the transport fields, from the run's topology (Packet Tracer users look
// for them): IP addresses and protocol number, the route the pill takes, and per hop the
// link's MTU, bandwidth and one-way delay; the flight's time from the trace.
void lower_layers(Frame& f, const sim::SegmentRecord& s, std::optional<std::size_t> flight) {
  const sim::Topology& topo = f.model.topology();
  if (s.from >= topo.hosts.size() || s.to >= topo.hosts.size()) return;
  section(f.t(Id::LayerNetwork));
  field("IP", cat(topo.hosts[s.from].ip, " → ", topo.hosts[s.to].ip, s.udp ? "  UDP (17)" : "  TCP (6)"));
  const std::vector<sim::HostId> hops = route(topo, s.from, s.to);
  std::string path;
  for (sim::HostId h : hops) path += (path.empty() ? "" : " → ") + topo.hosts[h].name;
  field(f.t(Id::Route), path);
  section(f.t(Id::LayerLink));
  for (std::size_t i = 0; i + 1 < hops.size(); ++i)
    for (const sim::TopologyLink& l : topo.links)
      if ((l.a == hops[i] && l.b == hops[i + 1]) || (l.b == hops[i] && l.a == hops[i + 1])) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s → %s", topo.hosts[hops[i]].name.c_str(), topo.hosts[hops[i + 1]].name.c_str());
        ImGui::TextUnformatted(cat("  MTU ", std::to_string(l.mtu), "  ", std::to_string(l.bandwidth_bps / 1'000'000),
                                   " Mbit/s  ", protocols::format_duration(l.latency))
                                   .c_str());
        ImGui::PopTextWrapPos();
        break;
      }
  if (!flight) return;
  const Flight& fl = f.model.flights().flights()[*flight];
  if (fl.arrived) field(f.t(Id::FlightTime), protocols::format_duration(fl.t1 - fl.t0));
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
                         std::string(term(f.settings.lang, d.reason)).c_str());
    }
  }
  if (s.retransmission) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s", f.t(Id::Retransmission));
  section(s.udp ? "UDP" : f.t(Id::TcpFields));
  // Compact, as a capture tool's summary line: [flags] seq ack win len.
  std::string tcp = s.udp ? cat("len=", std::to_string(s.len))
                          : cat("[", sim::tcp_flags_string(s.flags), "]  seq=", std::to_string(s.seq),
                                "  ack=", std::to_string(s.ack), "  win=", std::to_string(s.window),
                                "  len=", std::to_string(s.len));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(tcp.c_str());
  ImGui::PopTextWrapPos();
  field(f.t(Id::Conn), std::to_string(s.conn));
  const bool dns = s.udp && !s.labels.empty() && s.labels.front().proto == protocols::Proto::DNS;
  std::optional<protocols::dns::Message> decoded;
  if (dns && s.payload) decoded = protocols::dns::decode(*s.payload);
  if (decoded) {
    dns_block(f, *decoded);
    payload_block(f, *s.payload, false);
  } else if (s.payload && !s.payload->empty()) {
    payload_block(f, *s.payload, true);
  }
  if (s.labels.empty()) return;
  section(f.t(Id::LayerApplication));
  for (const auto& l : s.labels) {
    // A DNS datagram is a query or a response (the QR bit), whatever its label's kind.
    const std::string kind = decoded ? f.t(decoded->response ? Id::DnsResponse : Id::DnsQuery)
                                     : std::string(term(f.settings.lang, protocols::to_string(l.kind)));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pill_color(style_of_label(l))), "%s %s",
                       std::string(protocols::to_string(l.proto)).c_str(), kind.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(pill_label(l.text, f.settings.lang).c_str());
  }
  if (!s.udp) message_block(f, s.conn);
  const auto& first = s.labels.front();
  if (first.kind == protocols::LabelKind::Reply && first.proto == protocols::Proto::SMTP) {
    if (auto code = reply_code_of(first.text)) meaning(f, first.proto, *code, enhanced_code_of(first.text));
  } else if (first.kind == protocols::LabelKind::Command) {
    command_help(f, first.proto, verb_of(first.text));
  }
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
  if (f.report) f.report->inspector = *entry;
  const sim::TraceEntry& e = es[*entry];
  const sim::Trace& tr = f.model.trace();
  ImGui::Text("#%llu  %s  %s", static_cast<unsigned long long>(e.n), clock_text(e.t).c_str(),
              std::string(term(f.settings.lang, sim::kind_of(e.record))).c_str());
  ImGui::Separator();
  if (const auto* s = std::get_if<sim::SegmentRecord>(&e.record)) {
    segment(f, *s, *entry);
    lower_layers(f, *s, f.model.flights().flight_of_entry(*entry));  // below what the lesson talks about
  } else if (const auto* c = std::get_if<sim::CommandRecord>(&e.record)) {
    field(f.t(Id::From), tr.host_name(c->from));
    field(f.t(Id::To), tr.host_name(c->to));
    field(f.t(Id::Conn), std::to_string(c->conn));
    ImGui::TextColored(ImVec4(0.5f, 0.7f, 1, 1), "%s %s", std::string(protocols::to_string(c->proto)).c_str(),
                       c->verb.c_str());
    raw_block(f, (c->tag.empty() || c->line.starts_with(c->tag) ? "" : c->tag + " ") + c->line + "\r\n");
    command_help(f, c->proto, c->verb);
    message_block(f, c->conn);
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
    if (r->code) meaning(f, r->proto, r->code, r->enhanced);
    message_block(f, r->conn);
  } else {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(f.model.rows(f.settings.lang)[*entry].text.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace visual
