// Initial mailboxes from Maildirs and .eml files (mailbox_import.hpp).
#include "sim/mailbox_import.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "protocols/message/header.hpp"
#include "sim/read_file.hpp"

namespace sim {

namespace fs = std::filesystem;
using protocols::store::SystemFlag;

namespace {

std::string q(const std::string& s) { return "\"" + s + "\""; }

// The path as the scenario wrote it, joined with what lies below it.
std::string shown_path(const std::string& shown, const fs::path& below) {
  if (below.empty()) return shown;
  return (fs::path(shown) / below).generic_string();
}

fs::path resolve(const std::string& base, const std::string& shown) {
  fs::path p(shown);
  return p.is_absolute() || base.empty() ? p : fs::path(base) / p;
}

// The file's bytes, or a problem.
bool read_file(const fs::path& p, const std::string& shown, std::string& out, std::vector<std::string>& problems) {
  FileProblem problem;
  std::optional<std::string> bytes = read_whole_file(p.string(), &problem);
  if (!bytes) {
    problems.push_back("cannot read " + q(shown) + " (" + describe(problem) + ")");
    return false;
  }
  out = std::move(*bytes);
  return true;
}

// Reads one file into a message of `folder`; a problem if it is unreadable or no message.
void add_file(const fs::path& p, const std::string& shown, const std::string& folder, std::vector<InitialMessage>& out,
              std::vector<std::string>& problems, InitialMessage m = {}) {
  std::string bytes;
  if (!read_file(p, shown, bytes, problems)) return;
  if (std::string why = not_a_message(bytes); !why.empty()) {
    problems.push_back(q(shown) + " is not a message (" + why + ")");
    return;
  }
  m.folder = folder;
  m.bytes = crlf_lines(bytes);
  m.file = shown;
  out.push_back(std::move(m));
}

// Maildir file names are "<seconds>.<unique>.<host>[:2,<flags>]": the leading seconds.
std::optional<std::int64_t> time_of_name(const std::string& name) {
  std::size_t n = 0;
  while (n < name.size() && n < 18 && std::isdigit(static_cast<unsigned char>(name[n]))) ++n;
  if (n == 0 || (n < name.size() && name[n] != '.')) return std::nullopt;
  return std::stoll(name.substr(0, n));
}

struct MaildirFile {
  std::string key;  // the unique part: the name without the ":2,..." info
  std::string name;
  bool in_cur = false;
};

// One Maildir folder (the INBOX directory or a Maildir++ ".A.B" one): new/ and cur/ merged
// in natural order of their unique names.
void import_folder(const fs::path& dir, const std::string& shown, const fs::path& below, const std::string& folder,
                   std::vector<InitialMessage>& out, std::vector<std::string>& problems) {
  std::vector<MaildirFile> files;
  for (bool cur : {false, true}) {
    std::error_code ec;
    fs::path sub = dir / (cur ? "cur" : "new");
    if (!fs::is_directory(sub, ec)) continue;
    fs::directory_iterator it(sub, ec), end;
    if (ec) {
      problems.push_back("cannot read " + q(shown_path(shown, below / (cur ? "cur" : "new"))) + ": " + ec.message());
      continue;
    }
    for (; it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;  // the Maildir specification: ignore dot files
      if (it->is_directory(ec)) continue;
      std::size_t info = cur ? name.find(":2,") : std::string::npos;
      files.push_back(MaildirFile{name.substr(0, info), name, cur});
    }
  }
  std::sort(files.begin(), files.end(), [](const MaildirFile& a, const MaildirFile& b) {
    if (a.key != b.key) return natural_less(a.key, b.key);
    return a.name < b.name;
  });
  for (const MaildirFile& f : files) {
    InitialMessage m;
    if (std::size_t info = f.name.find(":2,"); f.in_cur && info != std::string::npos)
      m.flags = flags_of_maildir_info(std::string_view(f.name).substr(info + 3));
    m.unix_time = time_of_name(f.name);
    fs::path rel = below / (f.in_cur ? "cur" : "new") / f.name;
    add_file(dir / (f.in_cur ? "cur" : "new") / f.name, shown_path(shown, rel), folder, out, problems, std::move(m));
  }
}

bool has_cur_or_new(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "cur", ec) || fs::is_directory(dir / "new", ec);
}

}  // namespace

std::string not_a_message(std::string_view bytes) {
  if (bytes.empty()) return "it is empty";
  if (bytes.find('\0') != std::string_view::npos) return "it holds NUL bytes";
  protocols::message::HeaderBlock h = protocols::message::parse_headers(bytes);
  if (h.fields.empty() || h.fields[0].range.begin != 0 || h.skipped_lines > 0)
    return "it does not start with a header field such as \"From: ...\"";
  return "";
}

std::string crlf_lines(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 32);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) out += '\r';
    out += bytes[i];
  }
  return out;
}

protocols::store::Flags flags_of_maildir_info(std::string_view letters) {
  protocols::store::Flags f;
  for (char c : letters) {
    switch (c) {  // the Maildir specification's info letters
      case 'D': f.set(SystemFlag::Draft, true); break;
      case 'F': f.set(SystemFlag::Flagged, true); break;
      case 'R': f.set(SystemFlag::Answered, true); break;
      case 'S': f.set(SystemFlag::Seen, true); break;
      case 'T': f.set(SystemFlag::Deleted, true); break;
      default: break;  // P (passed) has no IMAP flag; a-z are keywords named in another file
    }
  }
  return f;
}

bool natural_less(std::string_view a, std::string_view b) {
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i0 = i, j0 = j;
      while (i0 < a.size() && a[i0] == '0') ++i0;
      while (j0 < b.size() && b[j0] == '0') ++j0;
      std::size_t i1 = i0, j1 = j0;
      while (i1 < a.size() && digit(a[i1])) ++i1;
      while (j1 < b.size() && digit(b[j1])) ++j1;
      if (i1 - i0 != j1 - j0) return i1 - i0 < j1 - j0;  // fewer digits: smaller number
      if (int c = a.substr(i0, i1 - i0).compare(b.substr(j0, j1 - j0)); c != 0) return c < 0;
      i = i1;
      j = j1;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
  return a < b;  // equal as numbers ("01" and "1"): any fixed order
}

void import_maildir(const std::string& base, const std::string& shown, std::vector<InitialMessage>& out,
                    std::vector<std::string>& folders, std::vector<std::string>& problems) {
  fs::path dir = resolve(base, shown);
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    problems.push_back("cannot read the Maildir " + q(shown) + " (no such directory)");
    return;
  }
  if (!fs::is_directory(dir, ec)) {
    problems.push_back("cannot read the Maildir " + q(shown) + " (not a directory)");
    return;
  }
  if (!has_cur_or_new(dir)) {
    problems.push_back(q(shown) + " is not a Maildir (it has neither cur/ nor new/)");
    return;
  }
  import_folder(dir, shown, {}, "INBOX", out, problems);
  // Maildir++: ".A.B" beside cur/new/tmp is the folder "A/B".
  std::vector<std::string> subs;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name != ".." && it->is_directory(ec) && has_cur_or_new(it->path()))
      subs.push_back(name);
  }
  std::sort(subs.begin(), subs.end());
  for (const std::string& name : subs) {
    std::string folder = name.substr(1);
    std::replace(folder.begin(), folder.end(), '.', '/');
    folders.push_back(folder);
    import_folder(dir / name, shown, name, folder, out, problems);
  }
}

void import_eml(const std::string& base, const std::string& shown, std::vector<InitialMessage>& out,
                std::vector<std::string>& problems) {
  fs::path p = resolve(base, shown);
  std::error_code ec;
  if (!fs::is_directory(p, ec)) {
    add_file(p, shown, "INBOX", out, problems);
    return;
  }
  std::vector<std::string> names;
  for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::string ext = it->path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".eml" && name[0] != '.' && !it->is_directory(ec)) names.push_back(name);
  }
  if (ec) {
    problems.push_back("cannot read " + q(shown) + ": " + ec.message());
    return;
  }
  if (names.empty()) {
    problems.push_back("the directory " + q(shown) + " holds no .eml files");
    return;
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  for (const std::string& name : names) add_file(p / name, shown_path(shown, name), "INBOX", out, problems);
}

}  // namespace sim
