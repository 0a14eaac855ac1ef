// The hosts panel's mailboxes: each message's UID and flags folded from the mail server's
// mailbox records at the playback time (append, flags, move, expunge, rename), the same
// when kept from frame to frame as from the start, bounded to the newest messages, and the
// flags read as words in both languages; the transcript's line for a store change.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "sim/scenario_loader.hpp"
#include "visual/host_state.hpp"
#include "visual/panels.hpp"
#include "visual/transcript.hpp"

using namespace vtest;
using namespace visual;

namespace {

sim::MailboxRecord change(std::string folder, sim::MailboxAction action, std::vector<std::uint32_t> uids,
                          std::vector<sim::MessageFlags> flags = {}, std::string source_folder = {},
                          std::vector<std::uint32_t> source_uids = {}) {
  sim::MailboxRecord m = sim::device_mailbox(0, action, "bob", std::move(folder));
  m.uids = std::move(uids);
  if (!flags.empty() || !source_folder.empty() || !source_uids.empty())
    m.detail = std::make_shared<const sim::MailboxDetail>(
        sim::MailboxDetail{std::move(flags), std::move(source_folder), std::move(source_uids)});
  return m;
}

// One mail server's store changes, as MailServerHost::sync_store() writes them.
sim::Trace store_trace() {
  sim::Trace t;
  t.add_host("mail.b.example");
  t.append(ms(10), change("INBOX", sim::MailboxAction::Append, {1}, {{1, ""}}));
  t.append(ms(20), change("INBOX", sim::MailboxAction::Append, {2}, {{2, ""}}));
  t.append(ms(30), change("INBOX", sim::MailboxAction::Flags, {1,2}, {{1, "\\Seen"}, {2, "\\Seen"}}));
  t.append(ms(40), change("INBOX", sim::MailboxAction::Flags, {1}, {{1, "\\Seen \\Flagged"}}));
  t.append(ms(50), change("Archive", sim::MailboxAction::Create, {}));
  t.append(ms(60), change("Archive", sim::MailboxAction::Move, {1}, {{1, "\\Seen \\Flagged"}}, "INBOX", {1}));
  t.append(ms(70), change("INBOX", sim::MailboxAction::Flags, {2}, {{2, "\\Seen \\Deleted"}}));
  t.append(ms(80), change("INBOX", sim::MailboxAction::Expunge, {2}));
  t.append(ms(90), change("Old", sim::MailboxAction::Rename, {}, {}, "Archive"));
  t.append(ms(100), change("Old", sim::MailboxAction::Delete, {}));
  return t;
}

const MailboxLine* box(const HostState& s, const std::string& folder) {
  for (const auto& b : s.mailboxes)
    if (b.user == "bob" && b.folder == folder) return &b;
  return nullptr;
}

std::vector<MessageLine> listed(const sim::Trace& t, const std::string& folder, std::int64_t at_ms) {
  HostState s = host_state_at(t, 0, ms(at_ms));
  const MailboxLine* b = box(s, folder);
  return b ? b->listed : std::vector<MessageLine>{};
}

using Lines = std::vector<MessageLine>;

}  // namespace

TEST_CASE("a mailbox lists its messages with their flags at the playback time", "[visual][hosts]") {
  sim::Trace t = store_trace();
  CHECK(listed(t, "INBOX", 5).empty());
  CHECK(listed(t, "INBOX", 25) == Lines{{1, ""}, {2, ""}});
  CHECK(listed(t, "INBOX", 35) == Lines{{1, "\\Seen"}, {2, "\\Seen"}});
  CHECK(listed(t, "INBOX", 45) == Lines{{1, "\\Seen \\Flagged"}, {2, "\\Seen"}});
  // The move takes uid 1 out of INBOX and into Archive, flags and all.
  CHECK(listed(t, "INBOX", 65) == Lines{{2, "\\Seen"}});
  CHECK(listed(t, "Archive", 55).empty());
  CHECK(listed(t, "Archive", 65) == Lines{{1, "\\Seen \\Flagged"}});
  CHECK(listed(t, "INBOX", 75) == Lines{{2, "\\Seen \\Deleted"}});
  CHECK(listed(t, "INBOX", 85).empty());
  HostState renamed = host_state_at(t, 0, ms(95));
  CHECK_FALSE(box(renamed, "Archive"));
  REQUIRE(box(renamed, "Old"));
  CHECK(box(renamed, "Old")->listed == Lines{{1, "\\Seen \\Flagged"}});
  CHECK(box(renamed, "Old")->messages == 1);
  CHECK_FALSE(box(host_state_at(t, 0, ms(105)), "Old"));
}

TEST_CASE("renaming INBOX moves its messages under the new name and leaves INBOX empty", "[visual][hosts]") {
  sim::Trace t;
  t.add_host("mail.b.example");
  t.append(ms(10), change("INBOX", sim::MailboxAction::Append, {1}, {{1, "\\Seen"}}));
  t.append(ms(20), change("INBOX", sim::MailboxAction::Append, {2}, {{2, ""}}));
  t.append(ms(30), change("Saved", sim::MailboxAction::Create, {}));
  t.append(ms(30), change("Saved", sim::MailboxAction::Rename, {1,2}, {{1, "\\Seen"}, {2, ""}}, "INBOX"));
  HostState s = host_state_at(t, 0, ms(40));
  REQUIRE(box(s, "INBOX"));
  CHECK(box(s, "INBOX")->listed.empty());
  REQUIRE(box(s, "Saved"));
  CHECK(box(s, "Saved")->listed == Lines{{1, "\\Seen"}, {2, ""}});
}

TEST_CASE("a mailbox of many messages lists the newest and counts the others", "[visual][hosts]") {
  sim::Trace t;
  t.add_host("mail.b.example");
  const std::uint32_t n = kListedMessages + 5;
  for (std::uint32_t uid = 1; uid <= n; ++uid)
    t.append(ms(uid), change("INBOX", sim::MailboxAction::Append, {uid}, {{uid, uid % 2 ? "\\Seen" : ""}}));
  HostState s = host_state_at(t, 0, ms(1000));
  REQUIRE(box(s, "INBOX"));
  const MailboxLine& b = *box(s, "INBOX");
  CHECK(b.messages == static_cast<int>(n));
  REQUIRE(b.listed.size() == kListedMessages);
  CHECK(b.unlisted == 5);
  CHECK(b.listed.front() == MessageLine{6, ""});
  CHECK(b.listed.back() == MessageLine{n, "\\Seen"});
}

TEST_CASE("a message's flags in a real run: before and after the STORE, kept or folded afresh", "[visual][hosts]") {
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(l.ok());
  sim::ScenarioSpec s = *l.scenario;
  for (sim::HostSpec& h : s.hosts)
    if (h.name == "bob-pc") {
      h.agent.read = sim::ReaderSpec{};
      h.agent.read.protocol = "imap";
      h.agent.read.at = 60s;
      h.agent.read.idle = true;
      sim::ImapActionSpec flag;
      flag.at = 120s;
      flag.what = "flag";
      flag.uid = 1;
      flag.flag = "\\Flagged";
      h.agent.read.actions = {flag};
    }
  sim::RunOptions o;
  o.until = protocols::kEpoch + 150s;
  sim::RunResult r = sim::simulate(s, o);
  sim::HostId server = sim::kNoHost;
  for (sim::HostId h = 0; h < r.trace.hosts().size(); ++h)
    if (r.trace.host_name(h) == "mail.b.example") server = h;
  REQUIRE(server != sim::kNoHost);
  auto uid1 = [&](const HostState& st) -> std::optional<std::string> {
    for (const auto& b : st.mailboxes)
      if (b.user == "bob" && b.folder == "INBOX")
        for (const auto& m : b.listed)
          if (m.uid == 1) return m.flags;
    return std::nullopt;
  };
  const auto at = [](sim::Duration d) { return protocols::kEpoch + d; };
  CHECK_FALSE(uid1(host_state_at(r.trace, server, at(1s))));  // not delivered yet
  CHECK(uid1(host_state_at(r.trace, server, at(119s))) == "\\Seen");  // the phone read it
  CHECK(uid1(host_state_at(r.trace, server, at(121s))) == "\\Seen \\Flagged");
  // The panel's fold, kept from frame to frame (forward, back, a new run), equals a fresh one.
  auto per_host = state_entries_by_host(r.trace, state_entries_of(r.trace));
  HostStates kept;
  std::uint64_t gen = 1;
  for (sim::Duration d : {0s, 1s, 2s, 60s, 119s, 120s, 121s, 150s, 30s, 121s, 119s, 150s}) {
    if (d == 30s) ++gen;
    INFO("at " << protocols::format_duration(d));
    const HostState& k = kept.at(r.trace, per_host[server], server, at(d), gen);
    HostState fresh = host_state_at(r.trace, server, at(d));
    CHECK(k.mailboxes == fresh.mailboxes);
    CHECK(uid1(k) == uid1(fresh));
  }
}

TEST_CASE("flags read as words for students in both languages", "[visual][hosts][i18n]") {
  CHECK(flags_text("\\Seen \\Flagged $Work", Lang::En) == "\\Seen (read) \\Flagged (for attention) $Work");
  CHECK(flags_text("\\Seen \\Flagged $Work", Lang::Zh) == "\\Seen（已读） \\Flagged（已加旗标） $Work");
  CHECK(flags_text("\\Answered \\Deleted \\Draft", Lang::En) ==
        "\\Answered (replied) \\Deleted (marked for deletion) \\Draft (unfinished)");
  CHECK(flags_text("\\Answered \\Deleted \\Draft", Lang::Zh) == "\\Answered（已回复） \\Deleted（已标记删除） \\Draft（草稿）");
  CHECK(flags_text("", Lang::En) == "no flags (unread)");
  CHECK(flags_text("", Lang::Zh) == "无标志（未读）");
  CHECK(message_line_text(MessageLine{3, "\\Seen"}, Lang::En) == "UID 3  \\Seen (read)");
  CHECK(message_line_text(MessageLine{3, "\\Seen"}, Lang::Zh) == "UID 3  \\Seen（已读）");
}

TEST_CASE("the transcript and inspector show a store change's flags and source", "[visual][transcript]") {
  sim::Trace t = store_trace();
  auto en = transcript_rows(t, Lang::En);
  auto zh = transcript_rows(t, Lang::Zh);
  CHECK(en[2].text == "mail.b.example: flags bob/INBOX uid 1 (\\Seen), uid 2 (\\Seen)");
  CHECK(en[5].text == "mail.b.example: move bob/Archive uid 1 (\\Seen \\Flagged) from INBOX uid 1");
  CHECK(zh[5].text == "mail.b.example: 移动 bob/Archive UID 1 (\\Seen \\Flagged) 来自 INBOX UID 1");  // IMAP's UID, as the hosts panel writes it
  CHECK(en[7].text == "mail.b.example: expunge bob/INBOX uid 2");
  CHECK(en[8].text == "mail.b.example: rename bob/Old from Archive");
}
