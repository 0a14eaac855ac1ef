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
