// Maildir and .eml export of every mail server's store.
#include "sim/maildir_export.hpp"

#include <filesystem>
#include <fstream>

#include "sim/mail_server_host.hpp"

namespace sim {

namespace fs = std::filesystem;
using protocols::store::SystemFlag;

namespace {

std::string maildir_flags(const protocols::store::Flags& f) {
  std::string s;  // ASCII order, as the Maildir specification asks
  if (f.has(SystemFlag::Draft)) s += 'D';
  if (f.has(SystemFlag::Flagged)) s += 'F';
  if (f.has(SystemFlag::Answered)) s += 'R';
  if (f.has(SystemFlag::Seen)) s += 'S';
  if (f.has(SystemFlag::Deleted)) s += 'T';
  return s;
}

// Maildir++: subfolders are ".A.B" directories beside cur/new/tmp of the INBOX.
fs::path folder_dir(const fs::path& maildir, const std::string& folder) {
  if (folder == "INBOX") return maildir;
  std::string name = "." + folder;
  for (char& c : name)
    if (c == '/') c = '.';
  return maildir / name;
}

bool write_file(const fs::path& p, std::string_view bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(f);
}

}  // namespace

bool export_mail(World& world, const std::string& dir, std::string* error) {
  std::error_code ec;
  const ScenarioSpec& sc = world.spec();
  for (std::size_t i = 0; i < world.host_count(); ++i) {
    auto* server = dynamic_cast<MailServerHost*>(world.host(static_cast<NodeId>(i)));
    if (!server) continue;
    const protocols::store::Store& st = server->store();
    for (const std::string& user : st.user_names()) {
      // User names come from the scenario, but never let one reach outside its directory.
      if (user.empty() || user.find('/') != std::string::npos || user.find("..") != std::string::npos) continue;
      fs::path base = fs::path(dir) / server->name() / user;
      for (const std::string& folder : st.folder_names(user)) {
        const protocols::store::Folder* f = st.folder(user, folder);
        fs::path md = folder_dir(base / "Maildir", folder);
        fs::path eml = base / "eml" / folder;
        for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(md / sub, ec);
        fs::create_directories(eml, ec);
        if (ec) {
          *error = "cannot create " + md.string() + ": " + ec.message();
          return false;
        }
        if (folder != "INBOX") write_file(md / "maildirfolder", "");
        for (const auto& m : f->messages) {
          long long t = sc.start_unix + protocols::ns_of(m.internal_date) / 1'000'000'000;
          std::string flags = maildir_flags(m.flags);
          std::string name = std::to_string(t) + ".M" + std::to_string(m.uid) + "P" + std::to_string(f->uidvalidity) +
                             "." + server->name() + ",S=" + std::to_string(m.size());
          bool seen = m.flags.has(SystemFlag::Seen);
          fs::path file = seen || !flags.empty() ? md / "cur" / (name + ":2," + flags) : md / "new" / name;
          if (!write_file(file, m.bytes()) || !write_file(eml / (std::to_string(m.uid) + ".eml"), m.bytes())) {
            *error = "cannot write " + file.string();
            return false;
          }
        }
      }
    }
  }
  return true;
}

}  // namespace sim
