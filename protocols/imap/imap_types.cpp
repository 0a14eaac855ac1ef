// IMAP state names (RFC 3501 §3).
#include "protocols/imap/imap_types.hpp"

namespace protocols::imap {

std::string_view to_string(State s) {
  switch (s) {
    case State::NotAuthenticated: return "Not Authenticated";
    case State::Authenticated: return "Authenticated";
    case State::Selected: return "Selected";
    case State::Logout: return "Logout";
  }
  return "?";
}

}  // namespace protocols::imap
