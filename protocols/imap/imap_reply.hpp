// The tagged completion a command handler returns (RFC 3501 §7.1), one spelling for every
// file of the server engine.
#pragma once
#include <string>
#include <utility>

#include "protocols/imap/imap_server.hpp"

namespace protocols::imap::reply {

inline Server::Reply bad(std::string text) { return {"BAD", std::move(text)}; }
inline Server::Reply no(std::string text) { return {"NO", std::move(text)}; }
inline Server::Reply ok(std::string text) { return {"OK", std::move(text)}; }

}  // namespace protocols::imap::reply
