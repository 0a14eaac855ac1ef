// Rebuilding SMTP client streams from segment payloads and cutting the message out.
#include "sim/carried_message.hpp"

#include <map>
#include <set>

#include "protocols/smtp/path.hpp"

namespace sim {

namespace {
// One direction of a connection as delivered: payloads by offset from the first data byte
// seen (uint32 arithmetic handles a wrap); the longest payload at an offset wins.
struct Pieces {
  std::map<std::uint32_t, std::string> by_offset;
  std::optional<std::uint32_t> base;

  void add(const SegmentRecord& s) {
    if (!base) base = s.seq;
    auto& p = by_offset[s.seq - *base];
    if (s.payload->size() > p.size()) p = *s.payload;
  }
  std::string join() const {
    std::string out;
    for (const auto& [off, bytes] : by_offset) {
      if (off > out.size()) break;  // a hole: the rest never arrived in order
      if (off + bytes.size() > out.size()) out.append(bytes, out.size() - off, std::string::npos);
    }
    return out;
  }
};

const SegmentRecord* delivered_data(const TraceEntry& e) {
  const auto* s = std::get_if<SegmentRecord>(&e.record);
  if (!s || s->udp || s->event != SegmentEvent::Delivered || !s->payload || s->payload->empty()) return nullptr;
  return s;
}
}  // namespace

std::string delivered_stream(const Trace& trace, ConnId conn, HostId from) {
  Pieces p;
  for (const auto& e : trace.entries())
    if (const auto* s = delivered_data(e); s && s->conn == conn && s->from == from) p.add(*s);
  return p.join();
}

std::optional<std::string> message_in_smtp_stream(const std::string& stream) {
  // The DATA command on a line of its own (RFC 5321 §4.1.1.4), case-insensitive.
  std::size_t start = std::string::npos;
  for (std::size_t pos = 0; pos < stream.size();) {
    std::size_t eol = stream.find("\r\n", pos);
    if (eol == std::string::npos) return std::nullopt;
    std::string line = stream.substr(pos, eol - pos);
    for (char& c : line) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
    pos = eol + 2;
    if (line == "DATA") {
      start = pos;
      break;
    }
  }
  if (start == std::string::npos) return std::nullopt;
  std::string msg;
  for (std::size_t pos = start; pos < stream.size();) {
    std::size_t eol = stream.find("\r\n", pos);
    if (eol == std::string::npos) return std::nullopt;  // the final "." never arrived
    std::string_view line(stream.data() + pos, eol - pos);
    pos = eol + 2;
    if (line == ".") return msg;
    if (line.starts_with('.')) line.remove_prefix(1);  // RFC 5321 §4.5.2 transparency
    msg.append(line);
    msg += "\r\n";
  }
  return std::nullopt;
}

std::optional<std::string> envelope_from_in_smtp_stream(const std::string& stream) {
  std::optional<std::string> from;
  for (std::size_t pos = 0; pos < stream.size();) {
    std::size_t eol = stream.find("\r\n", pos);
    if (eol == std::string::npos) break;
    std::string_view line(stream.data() + pos, eol - pos);
    pos = eol + 2;
    const std::string verb = protocols::smtp::to_upper(line.substr(0, 4));
    if (verb == "DATA" && line.size() == 4) break;
    if (verb != "MAIL" || line.size() < 5 || line[4] != ' ') continue;
    // RFC 5321 §4.1.1.2: MAIL FROM:<reverse-path> [SP Mail-parameters]
    auto p = protocols::smtp::parse_path_argument(line.substr(5), "FROM", true);
    if (p.value) from = p.value->address;
  }
  return from;
}

std::vector<CarriedMessage> carried_messages(const Trace& trace) {
  std::set<std::pair<ConnId, HostId>> smtp_clients;  // (conn, client) in first-seen order below
  std::vector<std::pair<ConnId, HostId>> order;
  std::map<ConnId, HostId> server_of;
  for (const auto& e : trace.entries()) {
    const auto* s = std::get_if<SegmentRecord>(&e.record);
    if (!s || s->event != SegmentEvent::Sent) continue;
    for (const auto& l : s->labels)
      if (l.proto == protocols::Proto::SMTP && l.kind == protocols::LabelKind::Command &&
          smtp_clients.insert({s->conn, s->from}).second) {
        order.push_back({s->conn, s->from});
        server_of[s->conn] = s->to;
      }
  }
  // Every client stream in one pass over the trace (a large run has thousands).
  std::map<std::pair<ConnId, HostId>, Pieces> streams;
  for (const auto& e : trace.entries())
    if (const auto* s = delivered_data(e); s && smtp_clients.count({s->conn, s->from})) streams[{s->conn, s->from}].add(*s);
  std::vector<CarriedMessage> out;
  for (const auto& [conn, client] : order) {
    const std::string stream = streams[{conn, client}].join();
    std::optional<std::string> msg = message_in_smtp_stream(stream);
    if (!msg) continue;
    CarriedMessage m{conn, client, server_of[conn], std::move(*msg), envelope_from_in_smtp_stream(stream), {}};
    m.root = protocols::message::parse_mime(m.bytes);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace sim
