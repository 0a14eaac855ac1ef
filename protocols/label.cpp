// Names of protocols and label kinds, as they appear in the trace.
#include "protocols/label.hpp"

namespace protocols {

std::string_view to_string(Proto p) {
  switch (p) {
    case Proto::TCP: return "TCP";
    case Proto::UDP: return "UDP";
    case Proto::DNS: return "DNS";
    case Proto::SMTP: return "SMTP";
    case Proto::POP3: return "POP3";
    case Proto::IMAP: return "IMAP";
    case Proto::HTTP: return "HTTP";
    case Proto::ECHO: return "ECHO";
    case Proto::RAW: return "RAW";
    case Proto::TLS: return "TLS";
  }
  return "?";
}

std::string_view to_string(LabelKind k) {
  switch (k) {
    case LabelKind::Command: return "command";
    case LabelKind::Reply: return "reply";
    case LabelKind::Data: return "data";
    case LabelKind::Query: return "query";
  }
  return "?";
}

}  // namespace protocols

#include "protocols/transmit.hpp"

namespace protocols {

std::string label_text(std::string_view line, std::size_t max) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() <= max) return std::string(line);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return std::string(line.substr(0, cut)) + "...";
}

}  // namespace protocols
