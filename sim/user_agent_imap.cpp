// User agent: reading with IMAP (RFC 3501) the way a phone does, and the scenario's scripted
// IMAP actions. See user_agent_host.hpp.
//
// A check logs in, selects INBOX, lists the folders, fetches the headers of every message
// first (FETCH ENVELOPE), then for each unread message only its first body part, the text
// (BODY.PEEK[1]), never the attachments; then \Seen is set on the server (STORE +FLAGS), so
// every other device sees the message as read. With `idle`, the connection stays open in
// IDLE (RFC 2177) and a new message starts another round at once.
//
// A scripted action (create, move, copy, flag, unflag) waits for the session's next wait
// point, or leaves IDLE at once; move is UID MOVE (RFC 6851) when the server announces MOVE,
// else UID COPY + UID STORE +FLAGS.SILENT (\Deleted) + UID EXPUNGE (RFC 4315) or EXPUNGE.
// While idling the device records what other devices changed (flags, expunges, new mail);
// at each check it records folders that appeared or went since its last LIST.
#include "sim/user_agent_host.hpp"
#include "sim/world.hpp"

#include <algorithm>

namespace sim {

namespace imap = protocols::imap;

void UserAgentHost::check_imap() {
  if (imap_) {
    if (imap_idling_) {  // a periodic check while idling: leave IDLE and look again
      imap_idling_ = false;
      imap_->engine().done();
      imap_folders_tag_ = imap_->engine().list("", "*");
      imap_sync_round();
      imap_->pump();
    }
    return;
  }
  std::optional<Ipv4> server = world_.address_of(spec_.server);
  if (!server) return;
  imap_ = std::make_unique<ImapSession>(
      *this, world_.network().node_of(*server),
      [this](ImapSession&, imap::ClientEvent& e) { on_imap_event(e); },
      [this](ImapSession&, CloseReason why) {
        imap_idling_ = false;
        after(Duration::zero(), [this, why] {
          imap_.reset();
          // Actions that came due while the session was logging out run in a new one; after
          // a failure they wait for the next check (no retry loop against a dead server).
          if (why == CloseReason::Normal && !imap_todo_.empty()) check_imap();
        });
      },
      std::in_place);
  imap_->engine().login(user(), spec_.password);
  imap_exists_ = 0;
  imap_action_tag_.clear();
  imap_->engine().select("INBOX");
  imap_selected_ = "INBOX";
  imap_folders_tag_ = imap_->engine().list("", "*");
  imap_sync_round();
  ConnId c = tcp().connect(*server, 143, imap_->callbacks());
  imap_->bind(c);
}

void UserAgentHost::imap_sync_round() {
  imap_list_.clear();
  // The mailbox size is known only after SELECT answers; an empty one has nothing to fetch
  // ("1:*" names no message then), so the round is decided when SELECT completes.
  imap_list_tag_ = "pending";
}

void UserAgentHost::imap_wait() {
  if (!imap_todo_.empty()) {
    imap_run_actions();  // its last completion calls imap_wait() again
    return;
  }
  if (imap_selected_ != "INBOX") {  // IDLE watches the INBOX, as a phone's does
    imap_->engine().select("INBOX");
    imap_selected_ = "INBOX";
  }
  if (!spec_.read.idle) {
    imap_->engine().logout();
    return;
  }
  imap_->engine().idle();
  imap_idling_ = true;
  // RFC 2177 §3: re-issue IDLE at least every 29 minutes, before the server's autologout.
  int round = ++imap_idle_round_;
  after(std::chrono::minutes(29), [this, round] {
    if (!imap_ || !imap_idling_ || round != imap_idle_round_) return;
    imap_idling_ = false;
    imap_->engine().done();
    imap_wait();
    imap_->pump();
  });
}

void UserAgentHost::on_imap_event(imap::ClientEvent& e) {
  if (auto* f = std::get_if<imap::MessageFetched>(&e)) {
    auto uid = f->items.find("UID");
    auto flags = f->items.find("FLAGS");
    if (uid != f->items.end() && flags != f->items.end()) {
      ImapSeen m;
      m.uid = static_cast<std::uint32_t>(std::strtoul(uid->second.text.c_str(), nullptr, 10));
      for (const auto& fl : flags->second.items) m.seen |= fl.upper() == "\\SEEN";
      imap_list_.push_back(m);
    }
    for (const auto& [key, v] : f->items)
      if (key.rfind("BODY[1]", 0) == 0) {
        MailboxRecord m = device_mailbox(id(), MailboxAction::ReadTextPart, user(), "(this device)", static_cast<std::uint32_t>(v.text.size()));
        if (uid != f->items.end()) m.uids.push_back(static_cast<std::uint32_t>(std::strtoul(uid->second.text.c_str(), nullptr, 10)));
        kernel().record(std::move(m));
      }
  } else if (auto* l = std::get_if<imap::MailboxListed>(&e)) {
    imap_listing_.push_back(l->name);
  } else if (auto* done = std::get_if<imap::CommandCompleted>(&e)) {
    bool select_done = done->command.find(" SELECT ") != std::string::npos;
    if (select_done && done->status != "OK") imap_selected_.clear();  // RFC 3501 §6.3.1: now deselected
    if (done->tag == imap_folders_tag_) {
      imap_folders_tag_.clear();
      if (done->status == "OK") imap_folders_listed();
      imap_listing_.clear();
      return;
    }
    if (!imap_action_tag_.empty() && done->tag == imap_action_tag_) {
      imap_action_tag_.clear();
      imap_wait();
      return;
    }
    if (imap_list_tag_ == "pending" && (select_done || done->command.find(" IDLE") != std::string::npos)) {
      if (imap_exists_ == 0) {
        imap_list_tag_.clear();
        imap_wait();
      } else {
        imap_list_tag_ = imap_->engine().fetch("1:*", "(UID FLAGS RFC822.SIZE ENVELOPE)");
      }
      return;
    }
    if (done->tag != imap_list_tag_) return;
    imap_list_tag_.clear();
    for (const ImapSeen& m : imap_list_) {
      if (m.seen) continue;
      std::string set = std::to_string(m.uid);
      imap_->engine().fetch(set, "(BODYSTRUCTURE BODY.PEEK[1])", true);
      imap_->engine().store(set, "+FLAGS", "\\Seen", true);
    }
    imap_wait();
  } else if (auto* r = std::get_if<imap::ResponseReceived>(&e)) {
    on_imap_response(r->response);
  }
}

void UserAgentHost::on_imap_response(const imap::Response& r) {
  if (r.kind != imap::Response::Kind::Untagged) return;
  if (r.keyword == "EXISTS" && r.number) imap_exists_ = *r.number;
  if (r.keyword == "EXPUNGE" && imap_exists_ > 0) --imap_exists_;
  if (!imap_idling_) return;
  // In IDLE, what arrives is another device's (or the server's) doing (RFC 2177).
  if (r.keyword == "FETCH" && r.number && !r.values.empty() && r.values[0].kind == imap::Value::Kind::List) {
    const auto& items = r.values[0].items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2)
      if (items[i].upper() == "FLAGS") {
        std::string names;
        for (const auto& fl : items[i + 1].items) names += (names.empty() ? "" : " ") + fl.text;
        MailboxRecord m = device_mailbox(id(), MailboxAction::SeesFlags, user(), imap_selected_, *r.number);
        m.text = names;
        kernel().record(std::move(m));
      }
  } else if (r.keyword == "EXPUNGE" && r.number) {
    kernel().record(device_mailbox(id(), MailboxAction::SeesExpunge, user(), imap_selected_, *r.number));
  } else if (r.keyword == "EXISTS") {
    // "* n EXISTS" is new mail: leave IDLE and fetch again.
    kernel().record(device_mailbox(id(), MailboxAction::SeesNewMail, user(), imap_selected_, *r.number));
    imap_idling_ = false;
    imap_->engine().done();
    imap_sync_round();
  }
}

void UserAgentHost::imap_folders_listed() {
  std::vector<std::string> now = imap_listing_;
  std::sort(now.begin(), now.end());
  if (!imap_folders_) {
    std::string all;
    for (const auto& f : now) all += (all.empty() ? "" : ", ") + f;
    MailboxRecord m = device_mailbox(id(), MailboxAction::Folders, user(), "(this device)");
    m.text = all;
    kernel().record(std::move(m));
  } else {
    for (const auto& f : now)
      if (!std::binary_search(imap_folders_->begin(), imap_folders_->end(), f))
        kernel().record(device_mailbox(id(), MailboxAction::SeesNewFolder, user(), f));
    for (const auto& f : *imap_folders_)
      if (!std::binary_search(now.begin(), now.end(), f))
        kernel().record(device_mailbox(id(), MailboxAction::SeesFolderGone, user(), f));
  }
  imap_folders_ = std::move(now);
}

void UserAgentHost::imap_action(const ImapActionSpec& a) {
  // The verb, then what it acts on: "create Archive", "move Archive", "flag \Flagged".
  MailboxRecord m = device_mailbox(id(), MailboxAction::UserAction, user(), a.what == "create" ? "(this device)" : a.folder);
  m.text = a.what + " " + (a.what == "create" ? a.folder : a.what == "move" || a.what == "copy" ? a.to : a.flag);
  if (a.what != "create") m.uids.push_back(a.uid);
  kernel().record(std::move(m));
  imap_todo_.push_back(a);
  if (!imap_) {
    check_imap();  // open the app: the usual round first, then the actions
    return;
  }
  if (imap_idling_) {
    imap_idling_ = false;
    imap_->engine().done();
    imap_run_actions();
    imap_->pump();
  }
  // Otherwise the session is busy and runs the actions at its next wait point.
}

void UserAgentHost::imap_run_actions() {
  std::string last;
  while (!imap_todo_.empty()) {
    ImapActionSpec a = std::move(imap_todo_.front());
    imap_todo_.pop_front();
    last = imap_issue(a);
  }
  imap_action_tag_ = last;
}

void UserAgentHost::imap_ensure_selected(const std::string& folder) {
  if (imap_selected_ == folder) return;
  imap_->engine().select(folder);
  imap_selected_ = folder;
}

std::string UserAgentHost::imap_issue(const ImapActionSpec& a) {
  imap::Client& c = imap_->engine();
  std::string uid = std::to_string(a.uid);
  if (a.what == "create") return c.create(a.folder);  // RFC 3501 §6.3.3
  imap_ensure_selected(a.folder);
  if (a.what == "copy") return c.copy(uid, a.to, true);
  if (a.what == "flag" || a.what == "unflag") return c.store(uid, a.what == "flag" ? "+FLAGS" : "-FLAGS", a.flag, true);
  if (c.has_capability("MOVE")) return c.move(uid, a.to, true);  // RFC 6851 §3.1
  // RFC 6851 §1: without MOVE, a client copies, marks \Deleted and expunges; UID EXPUNGE
  // (RFC 4315 §2.1) leaves other \Deleted messages alone.
  c.copy(uid, a.to, true);
  c.store(uid, "+FLAGS.SILENT", "\\Deleted", true);
  return c.has_capability("UIDPLUS") ? c.uid_expunge(uid) : c.expunge();
}

}  // namespace sim
