// Differential test against Python's email package (policy=email.policy.default): generated
// messages and DSNs are written to a temporary directory, tests/data/message/check_email.py
// parses them, and its decoded subjects, part types, file names, payload hashes and DSN
// fields must equal what our own parser reads. Skipped with a warning without python3.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "protocols/message/dsn.hpp"
#include "protocols/message/address.hpp"
#include "protocols/message/date.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/message_builder.hpp"
#include "protocols/message/mime_part.hpp"
#include "protocols/message/trace_fields.hpp"

using namespace protocols::message;

namespace {

constexpr const char* kPython = "/usr/bin/python3";

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

std::string hex(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    out += kHex[u >> 4];
    out += kHex[u & 15];
  }
  return out.empty() ? "-" : out;
}

std::string digest_hex(std::uint64_t h) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string collapse_ws(std::string_view s) {  // Python: " ".join(s.split())
  std::string out;
  std::istringstream in{std::string(s)};
  std::string w;
  while (in >> w) out += (out.empty() ? "" : " ") + w;
  return out.empty() ? "-" : out;
}

// Python's str.split() whitespace, enough for our display names (see check_email.py ADDR).
std::string no_space(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  return out;
}

// What check_email.py prints for one message, computed with our parser.
std::string describe(const std::string& file, std::string_view m) {
  MimePart root = parse_mime(m);
  std::string out = "MESSAGE\t" + file + "\n";
  out += "SUBJECT\t" + hex(decode_encoded_words(root.headers.get("Subject"))) + "\n";
  if (root.headers.find("Date")) {
    auto d = parse_date(root.headers.get("Date"));
    REQUIRE(d);
    out += "DATE\t" + std::to_string(d->unix_seconds) + "\t" + std::to_string(d->zone_offset_minutes) + "\n";
  }
  for (const char* name : {"From", "To", "Cc"}) {
    if (!root.headers.find(name)) continue;
    auto list = parse_address_list(root.headers.get(name));
    REQUIRE(list);
    for (const auto& mb : mailboxes_of(*list))
      out += std::string("ADDR\t") + name + "\t" + hex(no_space(mb.display_name)) + "\t" + mb.local_part + "\t" + mb.domain + "\n";
  }
  std::function<void(const MimePart&)> walk = [&](const MimePart& p) {
    std::string digest = "-";
    if (p.type != "multipart" && p.type != "message") {
      std::string body = decode_body(p, m);
      if (p.type == "text") {
        std::string lf;
        for (std::size_t i = 0; i < body.size(); ++i)
          if (!(body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n')) lf += body[i];
        body = lf;
      }
      digest = digest_hex(fnv1a64(body));
    }
    out += "PART\t" + p.media_type() + "\t" + hex(p.filename) + "\t" + digest + "\n";
    if (p.subtype == "delivery-status") {
      auto r = parse_delivery_status(decode_body(p, m));
      REQUIRE(r);
      out += "DSN\t" + collapse_ws("dns; " + r->reporting_mta) + "\t" +
             (r->arrival_date ? format_date(*r->arrival_date) : "-") + "\n";
      for (const auto& rc : r->recipients) {
        out += "RCPT\trfc822; " + rc.final_recipient + "\t" + std::string(to_string(rc.action)) + "\t" +
               rc.status + "\t" + (rc.remote_mta.empty() ? "-" : "dns; " + rc.remote_mta) + "\t" +
               (rc.diagnostic_code.empty() ? "-" : collapse_ws("smtp; " + rc.diagnostic_code)) + "\t" +
               (rc.last_attempt ? format_date(*rc.last_attempt) : "-") + "\t" +
               (rc.will_retry_until ? format_date(*rc.will_retry_until) : "-") + "\n";
      }
    }
    for (const auto& c : p.children) walk(c);
  };
  walk(root);
  return out + "END\n";
}

std::string random_bytes(Rng& r, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += char(r.next() & 0xFF);
  return s;
}

MessageSpec generated(Rng& r, int index) {
  static const char* kSubjects[] = {
      "Lab schedule", "实验课安排", "关于《计算机网络》期末复习资料的说明（请务必在周五之前阅读完毕并回复确认）",
      "Mixed 中英文 subject with emoji 🙂 and = signs ?", "", "looks like =?UTF-8?Q?an_encoded?= word"};
  static const char* kNames[] = {"report.pdf", "with space.txt", "实验报告.docx",
                                 "网络协议课程实验报告网络协议课程实验报告网络协议课程实验报告（最终版）.zip",
                                 "o'brien \"draft\".txt", "图片 001.png"};
  static const char* kTypes[] = {"application/octet-stream", "image/png", "text/plain", "application/pdf"};
  static const Mailbox kPeople[] = {{"刘小明", "xm", "b.example"}, {"", "bob", "b.example"},
                                    {"Carol \"CC\" O'Neil", "carol", "c.example"},
                                    {"Dan, the Lab TA", "dan.ta", "d.example"},
                                    {"", "john doe", "e.example"},
                                    {"很长的中文显示名字用于测试编码词的折叠和长度限制是否正确处理", "long", "f.example"}};
  MessageSpec s;
  s.from = {"Alice Liu", "alice", "a.example"};
  s.to = {kPeople[r.below(std::size(kPeople))]};
  for (std::size_t i = r.below(3); i > 0; --i) s.to.push_back(kPeople[r.below(std::size(kPeople))]);
  if (r.below(2)) s.cc = {kPeople[r.below(std::size(kPeople))]};
  s.subject = kSubjects[r.below(std::size(kSubjects))];
  if (r.below(4) == 0) s.subject += " " + std::string(120, 'w');
  s.date = {1767574800 + index * 61, 480};
  switch (r.below(4)) {
    case 0: s.text = "Hello Bob,\nsee you on Monday.\n"; break;
    case 1: s.text = "你好！\n下周一实验课改到 3 号楼。\n"; break;
    case 2: s.text = std::string(1500, 'x') + "\n" + std::string(2100, 'y') + " trailing \n"; break;
    default: s.text = "From here\n.\n= sign =3D\ttab \nno final break"; break;
  }
  std::size_t n = r.below(4);
  for (std::size_t i = 0; i < n; ++i)
    s.attachments.push_back({kNames[r.below(std::size(kNames))], kTypes[r.below(std::size(kTypes))],
                             random_bytes(r, r.below(3000)), "", r.below(5) == 0});
  s.seed = "diff/" + std::to_string(index);
  return s;
}

// multipart/mixed { multipart/alternative { text, html }, message/rfc822 { inner }, file }
std::string nested(const std::string& inner, Rng& r) {
  Entity html{"Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n",
              "<p>=E4=BD=A0=E5=A5=BD</p>\r\n"};
  Entity alt = multipart_entity("alternative", "", {text_entity("你好\n"), html}, "nested/alt");
  Entity fwd{"Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n", inner};
  Entity file = attachment_entity({"附件.bin", "application/octet-stream", random_bytes(r, 777), "", false});
  Entity mixed = multipart_entity("mixed", "", {alt, fwd, file}, "nested/mixed");
  return "From: a@a.example\r\nSubject: =?GB2312?B?1tDOxA==?= nested\r\nMIME-Version: 1.0\r\n" + mixed.render();
}

DsnSpec dsn_spec(int kind, const std::string& original) {
  DsnSpec d;
  d.report.reporting_mta = "mail.a.example";
  d.report.arrival_date = DateTime{1767574800, 480};
  d.to = {"", "alice", "a.example"};
  d.date = {1767578400, 480};
  d.original = original;
  d.seed = "dsn/" + std::to_string(kind);
  DsnRecipient bob{"bob@b.example", "", DsnAction::Failed, "5.1.1", "mx.b.example",
                   "550 5.1.1 <bob@b.example>: Recipient address rejected: User unknown in local recipient table",
                   DateTime{1767578000, 480}, std::nullopt};
  DsnRecipient carol{"carol@c.example", "carol@c.example", DsnAction::Delayed, "4.4.1", "",
                     "", DateTime{1767578300, 480}, DateTime{1767920000, 480}};
  DsnRecipient dan{"dan@d.example", "", DsnAction::Delivered, "2.0.0", "mx.d.example", "250 2.0.0 Ok: queued as 7F3A", DateTime{1767577000, 480}, std::nullopt};
  if (kind == 0) d.report.recipients = {bob};
  if (kind == 1) d.report.recipients = {carol};
  if (kind == 2) d.report.recipients = {bob, carol, dan};
  d.return_full_message = kind == 1;
  return d;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/mailsim_mime_XXXXXX";
    char* p = mkdtemp(tmpl);
    REQUIRE(p != nullptr);
    path = p;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& data) const {
    std::ofstream f(path / name, std::ios::binary);
    f << data;
  }
};

std::string run_python(const std::filesystem::path& dir) {
  std::string cmd = std::string(kPython) + " " + MAILSIM_SOURCE_DIR +
                    "/tests/data/message/check_email.py " + dir.string() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  INFO(out);
  REQUIRE(rc == 0);
  return out;
}

}  // namespace

TEST_CASE("python's email package reads our messages and DSNs the way we do", "[protocols][message][python]") {
  if (access(kPython, X_OK) != 0) {
    WARN("python3 not found at /usr/bin/python3: differential test skipped");
    return;
  }
  TempDir dir;
  Rng r{0x5EEDF00DULL};
  std::vector<std::pair<std::string, std::string>> files;
  std::string previous;
  for (int i = 0; i < 40; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "m%03d.eml", i);
    std::string m = (i % 10 == 9 && !previous.empty()) ? nested(previous, r) : build_message(generated(r, i));
    previous = m;
    files.emplace_back(name, m);
  }
  files.emplace_back("x_groups.eml",
                     "From: \"Alice (A.) Liu\" <alice@a.example> (comment)\r\n"
                     "To: Team: carol@c.example, \"Dan D.\" <dan@d.example>;, bob@b.example (Bob),\r\n"
                     " =?GB2312?B?1tDOxA==?= <zh@g.example>, Empty:;\r\n"
                     "Date: 5 Jan 26 01:00 GMT\r\nSubject: groups\r\n\r\nbody\r\n");
  files.emplace_back("x_bare_lf.eml",
                     "Subject: =?utf-8?q?caf=C3=A9?= =?utf-8?q?_au_lait?=\nMIME-Version: 1.0\n"
                     "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n"
                     "Content-Transfer-Encoding: quoted-printable\n\nsoft=\nbreak =E2=82=AC\n--b\n"
                     "Content-Type: application/octet-stream\nContent-Disposition: attachment;\n"
                     " filename*0*=utf-8''%E4%B8%AD; filename*1=\".txt\"\nContent-Transfer-Encoding: base64\n\n"
                     "AAEC\n--b--\n");
  for (int kind = 0; kind < 3; ++kind) {
    std::string orig = files[static_cast<std::size_t>(kind)].second;
    files.emplace_back("y_dsn" + std::to_string(kind) + ".eml", build_dsn(dsn_spec(kind, orig)));
  }
  std::string expected;
  std::sort(files.begin(), files.end());
  for (const auto& [name, data] : files) {
    dir.write(name, data);
    expected += describe(name, data);
  }
  std::string python = run_python(dir.path);
  // Compare message by message so a failure names the file.
  std::istringstream a(expected), b(python);
  std::string la, lb;
  int line = 0;
  while (true) {
    bool ga = static_cast<bool>(std::getline(a, la));
    bool gb = static_cast<bool>(std::getline(b, lb));
    ++line;
    if (!ga && !gb) break;
    INFO("line " << line);
    REQUIRE(ga == gb);
    CHECK(la == lb);
  }
  CHECK(python.find("RCPT\trfc822; carol@c.example\tdelayed\t4.4.1\t-\t-") != std::string::npos);
  // The comparison covered what it claims to: file names, DSNs, nested messages.
  CHECK(python.find("PART\tapplication/octet-stream\t" + hex("附件.bin")) != std::string::npos);
  CHECK(python.find("PART\tmessage/rfc822") != std::string::npos);
  CHECK(std::count(python.begin(), python.end(), '\n') > 150);
}
