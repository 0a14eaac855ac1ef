// Dialogue scripts: a conversation written as plain text ("C: HELO a.example" / "S: 250 *"),
// parsed and replayed against a Server, so the same files serve tests, lessons and docs
// (chasquid's .cmy scripts). Directives set up the server; "H:" lines are host actions.
//   @hostname mx.b.example   @domain b.example   @user bob@b.example   @account alice secret
//   @role submission|relay   @max-size 1000      @max-rcpts 100        @client-ip 192.0.2.1
//   @fault greylisting | disk-full | hang | PHASE CODE   (PHASE: GREETING EHLO MAIL RCPT DATA DOT)
//   C: a line the client sends (CR LF added)      S: a line the server must send ('*' = any text)
//   H: accept QUEUE-ID | reject CODE ENHANCED TEXT | shutdown | eof
//   # comment
// Leaves out: client-side scripts (the client engine is tested with the pair harness).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/smtp/server_config.hpp"

namespace protocols::smtp {

struct DialogueStep {
  char who = 'C';  // 'C' client line, 'S' expected server line, 'H' host action
  std::string text;
  int line_no = 0;
};

struct Dialogue {
  ServerConfig config;
  FaultConfig faults;
  std::string client_ip;
  std::vector<DialogueStep> steps;
};

struct DialogueParse {
  std::optional<Dialogue> dialogue;
  std::string error;  // "line 3: unknown directive @foo"
};
DialogueParse parse_dialogue(std::string_view text);

struct DialogueResult {
  bool ok = false;
  std::string message;                  // the first mismatch, with its line number
  std::vector<std::string> transcript;  // "C: ..." / "S: ..." as it really went
};
DialogueResult run_dialogue(const Dialogue& d);

// '*' matches any run of characters (also none); everything else matches itself.
bool wildcard_match(std::string_view pattern, std::string_view text);

}  // namespace protocols::smtp
