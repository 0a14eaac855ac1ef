// Parameterised MIME header values: Content-Type (RFC 2045 §5.1) and Content-Disposition
// (RFC 2183) — "value; name=token; name="quoted"" — with RFC 2231 extensions decoded:
// continuations (name*0=, name*1*=), charset'language'%XX values (§4) converted to UTF-8.
// As many readers do, a plain quoted value that holds RFC 2047 encoded words (old clients'
// filename="=?UTF-8?B?...?=") is decoded too. Encoding writes RFC 2231 for non-ASCII
// values, plus an RFC 2047 form of the same parameter for old readers.
// Leaves out: language tags in the decoded result (kept only as parsed, not used).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace protocols::message {

struct MimeParameter {
  std::string name;   // lower-cased, without RFC 2231 "*" / "*N" suffixes
  std::string value;  // decoded, UTF-8
  bool operator==(const MimeParameter&) const = default;
};

struct ParameterizedValue {
  std::string value;  // "text/plain", "attachment" — lower-cased, comments and spaces removed
  std::vector<MimeParameter> params;  // in first-appearance order, one entry per name
  bool malformed = false;             // some parameter could not be parsed and was skipped
  // Value of the parameter (case-insensitive name) or "" when absent.
  std::string param(std::string_view name) const;
  bool has(std::string_view name) const;
};

// Parses "value *(; parameter)". Never fails; bad parameters are skipped (malformed=true).
ParameterizedValue parse_parameterized(std::string_view header_value);

// "; name=value" with quoting as needed for an ASCII value; for a non-ASCII (UTF-8) value
// the RFC 2231 form, split into continuations so that no piece exceeds ~70 characters,
// followed by "; name="=?UTF-8?B?...?="". Each parameter starts on a new folded line
// ("\r\n\t"), so the result can be appended to a header value directly.
std::string encode_parameter(std::string_view name, std::string_view value);

// RFC 2045 §5.1 token: 1*<any CHAR except SPACE, CTLs and tspecials>.
bool is_mime_token(std::string_view s);

}  // namespace protocols::message
