// The parts of a stored message that IMAP FETCH returns, built on the MIME parser of
// protocols/message: ENVELOPE (RFC 3501 §7.4.2), BODY and BODYSTRUCTURE (§7.4.2), and
// BODY[section] text (§6.4.5: HEADER, HEADER.FIELDS[.NOT], TEXT, MIME, part numbers).
// BODYSTRUCTURE gives header and parameter values as written (imap_bodystructure.cpp).
// Leaves out: BINARY (RFC 3516).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace protocols::imap {

std::string envelope(std::string_view raw);
std::string body_structure(std::string_view raw, bool extensible);

// The bytes a section names ("" whole message, "HEADER", "1.2", "2.MIME", "HEADER.FIELDS
// (From To)"). nullopt with `error` set when the section text is malformed; a part that
// does not exist gives an empty string (RFC 3501 §6.4.5).
std::optional<std::string> section_text(std::string_view raw, std::string_view section, std::string& error);

}  // namespace protocols::imap
