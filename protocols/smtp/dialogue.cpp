// See dialogue.hpp.
#include "protocols/smtp/dialogue.hpp"

#include <deque>

#include "protocols/smtp/server.hpp"

namespace protocols::smtp {
namespace {

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool digits(std::string_view s) {
  return !s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string join_from(const std::vector<std::string>& w, std::size_t i) {
  std::string out;
  for (; i < w.size(); ++i) out += (out.empty() ? "" : " ") + w[i];
  return out;
}

std::optional<FaultPhase> phase_named(std::string_view s) {
  for (FaultPhase p : {FaultPhase::Greeting, FaultPhase::Ehlo, FaultPhase::Mail, FaultPhase::Rcpt,
                       FaultPhase::Data, FaultPhase::Dot})
    if (to_string(p) == s) return p;
  return std::nullopt;
}

bool apply_directive(Dialogue& d, const std::vector<std::string>& w) {
  const std::string& k = w[0];
  if (w.size() == 2 && k == "@hostname") d.config.hostname = w[1];
  else if (w.size() == 2 && k == "@domain") d.config.local_domains.push_back(w[1]);
  else if (w.size() == 2 && k == "@user") d.config.local_users.push_back(w[1]);
  else if (w.size() == 3 && k == "@account") d.config.accounts.push_back({w[1], w[2]});
  else if (w.size() == 2 && k == "@role" && (w[1] == "relay" || w[1] == "submission"))
    d.config.role = w[1] == "relay" ? PortRole::Relay : PortRole::Submission;
  else if (w.size() == 2 && k == "@max-size" && digits(w[1])) d.config.max_message_size = std::stoull(w[1]);
  else if (w.size() == 2 && k == "@max-rcpts" && digits(w[1])) d.config.max_recipients = std::stoull(w[1]);
  else if (w.size() == 2 && k == "@client-ip") d.client_ip = w[1];
  else if (w.size() == 2 && k == "@fault" && w[1] == "greylisting") d.faults.greylisting = true;
  else if (w.size() == 2 && k == "@fault" && w[1] == "disk-full") d.faults.disk_full = true;
  else if (w.size() == 2 && k == "@fault" && w[1] == "hang") d.faults.hang = true;
  else if (w.size() == 3 && k == "@fault" && phase_named(w[1]) && w[2].size() == 3 && digits(w[2]))
    d.faults.forced.push_back({*phase_named(w[1]), std::stoi(w[2])});
  else return false;
  return true;
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text) {
  // Greedy matching with backtracking to the last '*'.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

DialogueParse parse_dialogue(std::string_view text) {
  DialogueParse r;
  Dialogue d;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t lf = text.find('\n', pos);
    std::string_view line = text.substr(pos, (lf == std::string_view::npos ? text.size() : lf) - pos);
    pos = lf == std::string_view::npos ? text.size() : lf + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '@') {
      if (!apply_directive(d, words(line))) {
        r.error = "line " + std::to_string(line_no) + ": bad directive " + std::string(line);
        return r;
      }
      continue;
    }
    if (line.size() < 2 || line[1] != ':' || (line[0] != 'C' && line[0] != 'S' && line[0] != 'H')) {
      r.error = "line " + std::to_string(line_no) + ": expected C:, S:, H:, @ or #";
      return r;
    }
    std::string_view rest = line.substr(2);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    d.steps.push_back({line[0], std::string(rest), line_no});
  }
  r.dialogue = std::move(d);
  return r;
}

DialogueResult run_dialogue(const Dialogue& d) {
  DialogueResult res;
  Server server(d.config, d.client_ip);
  server.set_faults(d.faults);
  Instant now = kEpoch;
  std::deque<std::string> said;  // server lines not yet matched
  auto drain = [&] {
    while (auto t = server.poll_transmit()) {
      for (std::size_t p = 0; p < t->bytes.size();) {
        std::size_t e = t->bytes.find("\r\n", p);
        said.push_back(t->bytes.substr(p, e - p));
        p = e + 2;
      }
    }
    while (server.poll_event()) {
    }
  };
  auto fail = [&](int line_no, std::string msg) {
    res.message = "line " + std::to_string(line_no) + ": " + msg;
    return res;
  };
  server.handle_connected(now);
  drain();
  for (const DialogueStep& s : d.steps) {
    now += std::chrono::milliseconds(1);
    if (s.who == 'C') {
      res.transcript.push_back("C: " + s.text);
      server.handle_bytes(s.text + "\r\n", now);
    } else if (s.who == 'S') {
      if (said.empty()) return fail(s.line_no, "expected \"" + s.text + "\", server said nothing");
      res.transcript.push_back("S: " + said.front());
      if (!wildcard_match(s.text, said.front()))
        return fail(s.line_no, "expected \"" + s.text + "\", server said \"" + said.front() + "\"");
      said.pop_front();
    } else {
      const std::vector<std::string> w = words(s.text);
      const bool waiting = server.state() == ServerState::DataDone;
      if (w.size() == 2 && w[0] == "accept" && waiting) server.accept_message(w[1], now);
      else if (w.size() >= 3 && w[0] == "reject" && waiting && w[1].size() == 3 && digits(w[1]) &&
               (w[1][0] == '4' || w[1][0] == '5'))
        server.reject_message(make_reply(std::stoi(w[1]), w[2], join_from(w, 3)), now);
      else if (w.size() == 1 && w[0] == "shutdown") server.shutdown(now);
      else if (w.size() == 1 && w[0] == "eof") server.handle_eof(now);
      else return fail(s.line_no, "host action \"" + s.text + "\" not possible in state " + std::string(to_string(server.state())));
    }
    drain();
  }
  if (!said.empty()) return fail(d.steps.empty() ? 0 : d.steps.back().line_no, "server also said \"" + said.front() + "\"");
  res.ok = true;
  return res;
}

}  // namespace protocols::smtp
