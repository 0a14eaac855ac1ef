// IMAP BODYSTRUCTURE (RFC 3501 §7.4.2): values as written, as Dovecot sends them, checked on
// hand-picked cases and against Python's email package on generated messages
// (tests/data/message/bodystructure_oracle.py writes them and prints what it reads).
// Skipped with a warning without /usr/bin/python3.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "protocols/imap/imap_message.hpp"

using protocols::imap::body_structure;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("BODYSTRUCTURE gives parameters as written: RFC 2047 and RFC 2231 forms stay encoded",
          "[protocols][imap][bodystructure]") {
  const std::string raw =
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\n\r\nno header at all\r\n"
      "--b\r\nContent-Type: application/pdf; name=\"=?UTF-8?B?5Lit5paHLnBkZg==?=\"\r\n"
      "Content-Description: =?GB2312?B?1tDOxA==?=\r\n"
      "Content-Disposition: attachment; filename*0*=gb2312'zh'%D6%D0;\r\n filename*1*=%CE%C4.pdf\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n"
      "--b--\r\n";
  CHECK(body_structure(raw, true) ==
        "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 16 1 NIL NIL NIL NIL)"
        "(\"APPLICATION\" \"PDF\" (\"NAME\" \"=?UTF-8?B?5Lit5paHLnBkZg==?=\") NIL \"=?GB2312?B?1tDOxA==?=\" \"BASE64\" 8"
        " NIL (\"ATTACHMENT\" (\"FILENAME*0*\" \"gb2312'zh'%D6%D0\" \"FILENAME*1*\" \"%CE%C4.pdf\")) NIL NIL)"
        " \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL NIL)");
  CHECK(body_structure(raw, false) ==
        "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 16 1)"
        "(\"APPLICATION\" \"PDF\" (\"NAME\" \"=?UTF-8?B?5Lit5paHLnBkZg==?=\") NIL \"=?GB2312?B?1tDOxA==?=\" \"BASE64\" 8)"
        " \"MIXED\")");
}

TEST_CASE("BODYSTRUCTURE quoted values keep their spaces and escapes, and comments are skipped",
          "[protocols][imap][bodystructure]") {
  const std::string raw = "Content-Type: text/plain (a comment); charset=\"utf-8\" (another);\r\n"
                          " name=\"a \\\"quoted\\\" name.txt\"\r\nContent-Language: zh-CN, en\r\n\r\nx\r\n";
  CHECK(body_structure(raw, true) ==
        "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\" \"NAME\" \"a \\\"quoted\\\" name.txt\") NIL NIL \"7BIT\" 3 1"
        " NIL NIL (\"zh-CN\" \"en\") NIL)");
}

TEST_CASE("BODYSTRUCTURE agrees with Python's email package on generated messages",
          "[protocols][imap][bodystructure][python]") {
  constexpr const char* kPython = "/usr/bin/python3";
  if (access(kPython, X_OK) != 0) {
    WARN("python3 not found at /usr/bin/python3: differential test skipped");
    return;
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("mailsim_bodystructure_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string cmd = std::string(kPython) + " " + MAILSIM_SOURCE_DIR + "/tests/data/message/bodystructure_oracle.py " +
                          dir.string() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int rc = pclose(p);
  INFO(out.substr(0, 2000));
  REQUIRE(rc == 0);
  std::istringstream lines(out);
  std::string line;
  int checked = 0;
  while (std::getline(lines, line)) {
    const std::size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    REQUIRE(t2 != std::string::npos);
    const std::string name = line.substr(0, t1);
    const std::string raw = read_file(dir / name);
    INFO(name << "\n" << raw);
    CHECK(body_structure(raw, true) == line.substr(t1 + 1, t2 - t1 - 1));
    CHECK(body_structure(raw, false) == line.substr(t2 + 1));
    ++checked;
  }
  std::filesystem::remove_all(dir);
  CHECK(checked == 60);
}
