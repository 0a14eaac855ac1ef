// Initial mailboxes from files: a scenario's Maildir (flags, Maildir++ folders, natural order)
// and .eml files load into the user's store at the start; unreadable files are placed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/mail_server_host.hpp"
#include "sim/mailbox_import.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/world.hpp"

namespace {

namespace fs = std::filesystem;
using protocols::store::SystemFlag;

const std::string kData = MAILSIM_TEST_DATA "/";

std::string problems_text(const sim::LoadResult& r) {
  std::string out;
  for (const sim::Problem& p : r.problems) out += sim::format_problem(p) + "\n";
  return out;
}

std::string subject_of(std::string_view bytes) {
  std::size_t at = bytes.find("Subject: ");
  return std::string(bytes.substr(at + 9, bytes.find("\r\n", at) - at - 9));
}

}  // namespace

TEST_CASE("a scenario user's mailbox loads from a Maildir and from .eml files", "[sim][scenario][maildir]") {
  sim::LoadResult r = sim::load_scenario(kData + "scenarios/mailboxes.json");
  INFO(problems_text(r));
  REQUIRE(r.ok());
  const auto& users = r.scenario->hosts[0].mail.users;
  REQUIRE(users.size() == 3);

  const auto& alice = users[0].mailbox;
  REQUIRE(alice.size() == 4);
  // INBOX: cur/ and new/ merged in natural order of the unique names (M1, M2, M10).
  CHECK(alice[0].folder == "INBOX");
  CHECK(alice[0].flags.has(SystemFlag::Flagged));
  CHECK(alice[0].flags.has(SystemFlag::Seen));
  CHECK(alice[0].unix_time == 1767500000);
  CHECK(alice[0].bytes.find("LF line ends on disk,\r\nas mutt writes them.\r\n") != std::string::npos);
  CHECK(alice[0].bytes.find("\r\r") == std::string::npos);
  CHECK(subject_of(alice[1].bytes) == "second");
  CHECK(alice[1].flags == protocols::store::Flags{});  // new/: no flags
  CHECK(subject_of(alice[2].bytes) == "tenth");
  CHECK(alice[2].flags.has(SystemFlag::Answered));
  CHECK(alice[3].folder == "Archive/2025");  // Maildir++ ".Archive.2025"
  CHECK(alice[3].flags.has(SystemFlag::Deleted));
  CHECK(users[0].folders == std::vector<std::string>{"Archive/2025"});
  CHECK(alice[3].file == "../mailboxes/alice/Maildir/.Archive.2025/cur/1767400000.M3P1.mail:2,ST");

  const auto& dave = users[1].mailbox;  // a directory: its *.eml files, readme.txt ignored
  REQUIRE(dave.size() == 3);
  CHECK(subject_of(dave[0].bytes) == "eml 1");
  CHECK(subject_of(dave[1].bytes) == "eml 2");
  CHECK(subject_of(dave[2].bytes) == "eml 10");
  CHECK(!dave[0].unix_time);

  const auto& erin = users[2].mailbox;  // a list: in the order given
  REQUIRE(erin.size() == 2);
  CHECK(subject_of(erin[0].bytes) == "eml 10");
  CHECK(subject_of(erin[1].bytes) == "eml 1");
}

TEST_CASE("the mail server starts with the loaded mailboxes in its store", "[sim][scenario][maildir]") {
  sim::LoadResult r = sim::load_scenario(kData + "scenarios/mailboxes.json");
  REQUIRE(r.ok());
  sim::World world(*r.scenario, 1);
  auto& server = dynamic_cast<sim::MailServerHost&>(*world.host("mail.a.example"));
  const protocols::store::Store& st = server.store();
  const protocols::store::Folder* inbox = st.folder("alice", "INBOX");
  REQUIRE(inbox);
  REQUIRE(inbox->messages.size() == 3);
  CHECK(inbox->messages[0].uid == 1);
  CHECK(inbox->messages[2].uid == 3);
  CHECK(inbox->messages[0].bytes() == r.scenario->hosts[0].mail.users[0].mailbox[0].bytes);
  CHECK(inbox->messages[2].flags.has(SystemFlag::Answered));
  // Internal dates count from the scenario's start (1767574800), as the export writes them.
  CHECK(protocols::ns_of(inbox->messages[0].internal_date) == (1767500000LL - 1767574800LL) * 1'000'000'000);
  const protocols::store::Folder* archive = st.folder("alice", "Archive/2025");
  REQUIRE(archive);
  REQUIRE(archive->messages.size() == 1);
  CHECK(archive->messages[0].flags.has(SystemFlag::Seen));
  REQUIRE(st.folder("dave", "INBOX"));
  CHECK(st.folder("dave", "INBOX")->messages.size() == 3);
  CHECK(world.trace().entries().empty());  // the world begins with them: nothing delivered
}

TEST_CASE("an unreadable file in a Maildir is reported at the maildir field", "[sim][scenario][maildir]") {
  fs::path dir = fs::temp_directory_path() / "mailsim_import_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "md/cur");
  fs::create_directories(dir / "md/new");
  fs::create_symlink(dir / "nowhere", dir / "md/cur/1.M1P1.x:2,S");  // dangling: cannot be read
  std::ofstream(dir / "md/new/2.M2P1.x") << "From: a@a.example\n\nfine\n";
  std::ofstream(dir / "s.json") << "{\"mailsim\": 1, \"name\": \"x\", \"hosts\": [\n"
                                   "{\"name\": \"m\", \"kind\": \"mail-server\", \"ip\": \"192.0.2.1\",\n"
                                   " \"users\": [{\"name\": \"u\", \"password\": \"p\", \"maildir\": \"md\"}]}]}\n";
  sim::LoadResult r = sim::load_scenario((dir / "s.json").string());
  REQUIRE(r.problems.size() == 1);
  CHECK(sim::format_problem(r.problems[0]) ==
        (dir / "s.json").string() + ":3:54: /hosts/0/users/0/maildir: cannot read \"md/cur/1.M1P1.x:2,S\" (no such file)");
  fs::remove_all(dir);
}

TEST_CASE("Maildir import helpers: natural order, CRLF, flags, what is a message", "[sim][maildir]") {
  CHECK(sim::natural_less("9.eml", "10.eml"));
  CHECK(!sim::natural_less("10.eml", "9.eml"));
  CHECK(sim::natural_less("1767500010.M2P1", "1767500010.M10P1"));
  CHECK(sim::natural_less("a", "b"));
  CHECK(!sim::natural_less("a1", "a1"));
  CHECK(sim::crlf_lines("a\nb\r\nc\n") == "a\r\nb\r\nc\r\n");
  CHECK(sim::crlf_lines("\n") == "\r\n");
  protocols::store::Flags f = sim::flags_of_maildir_info("DFPRSTa");
  CHECK(f.to_string() == "\\Seen \\Answered \\Flagged \\Deleted \\Draft");
  CHECK(sim::not_a_message("") == "it is empty");
  CHECK(sim::not_a_message(std::string("From: a\r\n\r\n\0", 13)) == "it holds NUL bytes");
  CHECK(!sim::not_a_message("hello world\n").empty());
  CHECK(!sim::not_a_message("From a@b Mon Jan  5 09:00:00 2026\nFrom: a@b\n\nx\n").empty());  // mbox
  CHECK(sim::not_a_message("Subject: hi\n\nbody\n").empty());
  CHECK(sim::not_a_message("Subject: only a header").empty());
}
