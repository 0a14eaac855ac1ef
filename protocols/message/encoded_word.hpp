// RFC 2047 encoded words in headers: "=?charset?B|Q?text?=".
// Decoding (§4, §6): B (base64) and Q (§4.2: "_" is space, =XX) in any charset charset.hpp
// knows, converted to UTF-8; whitespace between adjacent encoded words is dropped (§6.2).
// Lenient like common readers: words are decoded even when not separated from surrounding
// text, and a word that cannot be decoded (unknown charset, bad syntax) is left as written.
// Encoding: UTF-8 text as B words of at most 75 characters (§2), split only on UTF-8
// character boundaries (§5 rule 3: a word must hold whole characters).
// Leaves out: encoding into charsets other than UTF-8, and the Q form on output.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace protocols::message {

// Decodes every encoded word in an unfolded header value to UTF-8; other bytes are kept
// (non-ASCII raw bytes are passed through sanitize_utf8).
std::string decode_encoded_words(std::string_view value);

// True when `text` has to be encoded to appear in a header (non-ASCII, controls, or a word
// longer than `max_word` characters that folding could not break).
bool needs_encoding(std::string_view text, std::size_t max_word = 76);

// Splits UTF-8 text into "=?UTF-8?B?...?=" words; the first word is at most `first_max`
// characters, the others at most `max` (RFC 2047 §2: 75). Join them with a space (or fold).
std::vector<std::string> encode_words(std::string_view utf8, std::size_t first_max = 75,
                                      std::size_t max = 75);

// The words of encode_words joined by single spaces, ready for fold_header().
std::string encode_header_text(std::string_view utf8, std::size_t first_max = 75);

}  // namespace protocols::message
