// Mailboxes leave as standard files: each user of each mail server as a Maildir (Maildir++
// folders: INBOX is the top, "Archive/2024" is ".Archive.2024"; cur/ for seen mail, new/
// for unseen; file names "<time>.M<uid>P<n>.<host>,S=<size>:2,<flags>" with the flag
// letters of the Maildir spec, D F R S T in ASCII order), which mutt, neomutt and Dovecot
// open; and every message as a .eml file. Layout: DIR/<server>/<user>/Maildir/...,
// DIR/<server>/<user>/eml/<folder>/<uid>.eml.
// The way back in is mailbox_import.hpp (a scenario user's "maildir" or "eml").
// Left out: the courierimapkeywords file.
#pragma once
#include <string>

#include "sim/world.hpp"

namespace sim {

// Writes every mail server's mailboxes under `dir`; false with a message on failure.
bool export_mail(World& world, const std::string& dir, std::string* error);

}  // namespace sim
