// JSONL is valid UTF-8 whatever bytes a record holds (docs/trace.md, "Bytes that are not
// UTF-8"): GB2312 mail in a reply, a partial FETCH that cuts a character in two, random bytes.
// Checked by a strict validator written here (not the writer's own) and by Python's json.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

#include "sim/trace_format.hpp"

namespace {

using namespace std::chrono_literals;

// RFC 3629 §4's grammar, byte by byte.
bool strict_utf8(const std::string& s) {
  std::size_t i = 0;
  auto in = [&](std::size_t k, int lo, int hi) {
    return k < s.size() && static_cast<unsigned char>(s[k]) >= lo && static_cast<unsigned char>(s[k]) <= hi;
  };
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c <= 0x7F) i += 1;
    else if (c >= 0xC2 && c <= 0xDF && in(i + 1, 0x80, 0xBF)) i += 2;
    else if (c == 0xE0 && in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF)) i += 3;
    else if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF)) i += 3;
    else if (c == 0xED && in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF)) i += 3;
    else if (c == 0xF0 && in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) i += 4;
    else if (c >= 0xF1 && c <= 0xF3 && in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) i += 4;
    else if (c == 0xF4 && in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) i += 4;
    else return false;
  }
  return true;
}

sim::ReplyRecord reply(std::vector<std::string> lines) {
  return sim::ReplyRecord{protocols::Proto::POP3, 1, 0, 1, 0, "", "+OK", "", std::move(lines)};
}

// A trace whose records carry the three kinds of awkward bytes.
sim::Trace awkward_trace() {
  sim::Trace t;
  t.add_host("bob-pc");
  t.add_host("mail.b.example");
  const std::string gb2312 = "Subject: \xC4\xE3\xBA\xC3\xA3\xAC\xCA\xC0\xBD\xE7";  // 你好，世界 in GB2312
  t.append(protocols::kEpoch + 1s, reply({"+OK 120 octets", gb2312, "."}));
  // IMAP's BODY[]<0.4> of "中文" (E4 B8 AD E6 96 87) ends in the middle of 文.
  t.append(protocols::kEpoch + 2s, sim::ReplyRecord{protocols::Proto::IMAP, 1, 0, 2, 0, "", "*", "",
                                                    {"* 1 FETCH (BODY[]<0> {4}", "\xE4\xB8\xAD\xE6", ")"}});
  t.append(protocols::kEpoch + 3s, sim::CommandRecord{protocols::Proto::SMTP, 0, 1, 3, "RCPT", "RCPT TO:<\xFF\xFE@b.example>", ""});
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    std::string bytes(rng() % 40, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
    t.append(protocols::kEpoch + 4s, reply({bytes, "valid 中文 text", bytes + "\xF0\x9F"}));
  }
  return t;
}

}  // namespace

TEST_CASE("every JSONL line is valid UTF-8, and invalid bytes come back from the _b64 field", "[sim][trace][utf8]") {
  sim::Trace t = awkward_trace();
  std::size_t with_b64 = 0;
  for (const sim::TraceEntry& e : t.entries()) {
    std::string line = sim::to_jsonl(e, t);
    INFO(line);
    CHECK(strict_utf8(line));
    with_b64 += line.find("_b64\"") != std::string::npos;
  }
  CHECK(with_b64 >= 300);
  // Valid text is written as it is, with no sibling.
  CHECK(sim::to_jsonl(t.entries()[0], t).find("\"lines\":[\"+OK 120 octets\",\"Subject: \xEF\xBF\xBD") != std::string::npos);
  CHECK(sim::json_escape("中文 ok") == "\"中文 ok\"");
  CHECK(sim::base64("\xE4\xB8\xAD\xE6") == "5Lit5g==");
}

TEST_CASE("Python's json reads every line and the base64 gives the exact bytes back", "[sim][trace][utf8]") {
  if (std::system("/usr/bin/python3 -c 'import json, base64' 2>/dev/null") != 0) {
    WARN("no /usr/bin/python3: Python's reading not checked");
    return;
  }
  sim::Trace t = awkward_trace();
  const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  const std::string jsonl = dir + "/mailsim_utf8_" + std::to_string(::getpid()) + ".jsonl";
  const std::string raw = jsonl + ".raw";
  {
    std::ofstream out(jsonl, std::ios::binary), bytes(raw, std::ios::binary);
    for (const sim::TraceEntry& e : t.entries()) {
      out << sim::to_jsonl(e, t) << '\n';
      // The raw bytes of each reply's lines (or the command's line), hex, one record per line.
      std::string hex;
      auto add = [&](const std::string& s) {
        char b[3];
        if (s.empty()) hex += '-';
        for (unsigned char c : s) {
          std::snprintf(b, sizeof b, "%02x", c);
          hex += b;
        }
        hex += ' ';
      };
      if (auto* r = std::get_if<sim::ReplyRecord>(&e.record)) for (const auto& l : r->lines) add(l);
      if (auto* c = std::get_if<sim::CommandRecord>(&e.record)) add(c->line);
      bytes << hex << '\n';
    }
  }
  // Each line parses (strictly: the file is read as UTF-8); each text rebuilt from the line,
  // with its _b64 sibling where there is one, equals the record's bytes.
  const std::string script =
      "import json, base64, sys\n"
      "lines = open(sys.argv[1], encoding='utf-8', errors='strict').read().splitlines()\n"
      "raws = open(sys.argv[2]).read().splitlines()\n"
      "assert len(lines) == len(raws)\n"
      "for line, raw in zip(lines, raws):\n"
      "    o = json.loads(line)\n"
      "    if 'lines' in o:\n"
      "        fixed = o.get('lines_b64', {})\n"
      "        got = [base64.b64decode(fixed[str(i)]) if str(i) in fixed else l.encode() for i, l in enumerate(o['lines'])]\n"
      "    else:\n"
      "        got = [base64.b64decode(o['line_b64']) if 'line_b64' in o else o['line'].encode()]\n"
      "    want = [bytes.fromhex(h) if h != '-' else b'' for h in raw.split()]\n"
      "    assert got == want, (got, want)\n"
      "print('ok', len(lines))\n";
  const std::string py = jsonl + ".py";
  std::ofstream(py) << script;
  int rc = std::system(("/usr/bin/python3 " + py + " " + jsonl + " " + raw + " >/dev/null").c_str());
  std::remove(jsonl.c_str());
  std::remove(raw.c_str());
  std::remove(py.c_str());
  CHECK(rc == 0);
}
