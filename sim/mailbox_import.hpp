// Mailboxes arrive as standard files: a scenario user's initial mailbox read from a Maildir
// (cur/ and new/, flags from the ":2,FLAGS" info of the Maildir specification, Maildir++
// ".A.B" subdirectories as folders "A/B") or from .eml files (a file, or every *.eml in a
// directory, into INBOX). The reverse of maildir_export.hpp: a Maildir that
// `mailsim run --export-mail` wrote loads back with the same bytes, flags, folders and order.
// Messages keep their bytes, except that bare LF line ends become CRLF (RFC 5322 §2.1; mutt
// and Dovecot write LF on disk). Order: file names in natural order (digit runs compared as
// numbers), which is delivery order for "<time>.M<n>..." Maildir names and "<uid>.eml".
// Leaves out: keyword letters (a-z, Dovecot's dovecot-keywords file), the P (passed) flag,
// mbox files, "!2," and ";2," info separators, and .eml files in subdirectories.
#pragma once
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace sim {

// Reads the Maildir at `dir` (as written in the scenario: `shown`; relative paths are
// resolved against `base`), appends its messages to `out` and its Maildir++ folder names
// (other than INBOX, empty ones too) to `folders`. Each problem (missing or
// unreadable path, not a Maildir, a file that is not a message) is added to `problems` as
// one sentence naming the file; the good messages are still read.
void import_maildir(const std::string& base, const std::string& shown, std::vector<InitialMessage>& out,
                    std::vector<std::string>& folders, std::vector<std::string>& problems);

// Reads one .eml file, or every *.eml file in a directory, into INBOX, unflagged.
void import_eml(const std::string& base, const std::string& shown, std::vector<InitialMessage>& out,
                std::vector<std::string>& problems);

// Why these bytes are not an RFC 5322 message ("it is empty", ...), or "" when they are one:
// they must start with a header field (name ":" value) and hold no NUL byte.
std::string not_a_message(std::string_view bytes);

// Bare LF line ends become CRLF; CRLF stays as it is.
std::string crlf_lines(std::string_view bytes);

// Flags from Maildir info letters (D F R S T; others ignored).
protocols::store::Flags flags_of_maildir_info(std::string_view letters);

// Natural order of file names: runs of digits compare as numbers ("9.eml" before "10.eml").
bool natural_less(std::string_view a, std::string_view b);

}  // namespace sim
