// Webmail server host: each HTTP request becomes one IMAP conversation (or one SMTP
// submission) with the mail server, then a page.
#include "sim/webmail_host.hpp"

#include "protocols/message/trace_fields.hpp"
#include "protocols/webmail/compose.hpp"
#include "protocols/webmail/html.hpp"
#include "protocols/webmail/render.hpp"
#include "protocols/webmail/responses.hpp"
#include "protocols/webmail/views.hpp"
#include "sim/world.hpp"

namespace sim {

namespace wm = protocols::webmail;
namespace imap = protocols::imap;
namespace smtp = protocols::smtp;

struct WebmailHost::Page {
  int id = 0;
  ConnId http = 0;
  wm::Action action;
  wm::Lang lang = wm::Lang::Zh;
  Login who;
  bool login_ok = false;
  bool step_failed = false;  // SELECT, MOVE or FETCH answered NO/BAD
  std::string fail_text;
  std::uint32_t exists = 0;
  std::string folder = "INBOX";
  std::vector<std::string> folders;
  std::vector<wm::InboxRow> rows;
  std::string message;  // BODY[] of the message shown
  bool fetched = false;  // a FETCH response came (UID FETCH of an unknown UID is OK and empty)
};

WebmailHost::WebmailHost(World& w, NodeId id, const HostSpec& spec) : Host(w, id, spec), spec_(spec.webmail) {
  domain_ = spec_.domain;
  if (domain_.empty())
    for (const HostSpec& h : w.spec().hosts)
      if (h.name == spec_.mail_server && !h.mail.domains.empty()) domain_ = h.mail.domains.front();
}

WebmailHost::~WebmailHost() = default;

void WebmailHost::boot() {
  add_service(80, [this](ConnId c) {
    NodeId peer = world_.network().node_of(tcp().remote_ip(c));
    auto s = std::make_unique<HttpSession>(
        *this, peer, protocols::http::Server{},
        [this](HttpSession& ss, protocols::http::Server::Event& e) {
          if (auto* r = std::get_if<protocols::http::RequestReceived>(&e)) on_request(ss, *r);
        },
        [this](HttpSession& ss, CloseReason) {
          ConnId gone = ss.conn();
          after(Duration::zero(), [this, gone] { http_.erase(gone); });
        });
    s->bind(c);
    track_session(80, c);
    TcpCallbacks cb = s->callbacks();
    http_[c] = std::move(s);
    return cb;
  });
}

void WebmailHost::crash() {
  http_.clear();
  imap_.clear();
  smtp_.clear();
  sessions_.clear();
}

std::string WebmailHost::address_of(const std::string& user) const {
  return user.find('@') == std::string::npos ? user + "@" + domain_ : user;
}

void WebmailHost::respond(ConnId http_conn, protocols::http::Response r) {
  auto it = http_.find(http_conn);
  if (it == http_.end()) return;  // the browser went away meanwhile
  it->second->engine().respond(std::move(r), kernel().now());
  it->second->pump();
}

void WebmailHost::on_request(HttpSession& s, const protocols::http::Request& req) {
  auto page = std::make_shared<Page>();
  page->id = next_++;
  page->http = s.conn();
  page->action = wm::parse_request(req);
  page->lang = wm::request_lang(req);
  if (auto* inv = std::get_if<wm::Invalid>(&page->action)) {
    respond(page->http, wm::error_response(wm::ErrorView{inv->status, inv->reason, ""}, page->lang, inv->allow));
    return;
  }
  if (auto* show = std::get_if<wm::ShowLogin>(&page->action)) {
    wm::LoginView v;
    if (show->logged_out) v.notice = wm::Notice::LoggedOut;
    respond(page->http, wm::html_response(wm::render_login(v, page->lang), page->lang));
    return;
  }
  if (auto* login = std::get_if<wm::Login>(&page->action)) {
    page->who = Login{login->user, login->password};
    run_imap(page);
    return;
  }
  auto sess = sessions_.find(wm::session_cookie(req));
  if (wm::requires_session(page->action) && sess == sessions_.end()) {
    respond(page->http, wm::unauthorized_response(page->lang));
    return;
  }
  if (sess != sessions_.end()) page->who = sess->second;
  if (std::holds_alternative<wm::Logout>(page->action)) {
    if (sess != sessions_.end()) sessions_.erase(sess);
    respond(page->http, wm::logout_response(page->lang));
  } else if (auto* c = std::get_if<wm::ShowCompose>(&page->action)) {
    respond(page->http, wm::html_response(wm::render_compose(wm::ComposeView{page->who.user, c->to, c->subject, c->body, ""},
                                                             page->lang), page->lang));
  } else if (auto* send = std::get_if<wm::Send>(&page->action)) {
    const ScenarioSpec& sc = world_.spec();
    protocols::message::Mailbox from;
    from.local_part = page->who.user;
    from.domain = domain_;
    protocols::message::DateTime date{sc.start_unix + protocols::ns_of(kernel().now()) / 1'000'000'000, sc.zone_offset_minutes};
    wm::ComposedMessage m = wm::compose_message(*send, from, date, name() + "/" + std::to_string(page->id));
    if (!m.ok()) {
      respond(page->http, wm::html_response(wm::render_compose(wm::ComposeView{page->who.user, send->to, send->subject,
                                                                                send->body, m.error}, page->lang), page->lang));
      return;
    }
    std::vector<std::string> rcpts;
    for (const auto& r : m.recipients) rcpts.push_back(r.local_part + "@" + r.domain);
    run_smtp(page, std::move(m.message), std::move(rcpts));
  } else {
    run_imap(page);  // ListFolder, ShowMessage, GetAttachment, Move
  }
}

void WebmailHost::run_imap(std::shared_ptr<Page> page) {
  std::optional<Ipv4> server = world_.address_of(spec_.mail_server);
  if (!server) {
    respond(page->http, wm::error_response(wm::ErrorView{502, "no mail server", page->who.user}, page->lang));
    return;
  }
  int key = page->id;
  auto s = std::make_unique<ImapSession>(
      *this, world_.network().node_of(*server), [this, page](ImapSession&, imap::ClientEvent& e) { on_imap(page, e); },
      [this, page, key](ImapSession&, CloseReason) {
        after(Duration::zero(), [this, key] { imap_.erase(key); });
        finish_imap(page);
      },
      std::in_place);
  imap::Client& c = s->engine();
  c.login(page->who.user, page->who.password);
  if (auto* l = std::get_if<wm::ListFolder>(&page->action)) page->folder = l->folder;
  else if (auto* m = std::get_if<wm::ShowMessage>(&page->action)) page->folder = m->folder;
  else if (auto* a = std::get_if<wm::GetAttachment>(&page->action)) page->folder = a->folder;
  else if (auto* mv = std::get_if<wm::Move>(&page->action)) page->folder = mv->folder;
  if (std::holds_alternative<wm::Login>(page->action)) c.logout();
  else c.select(page->folder);
  ConnId conn = tcp().connect(*server, 143, s->callbacks());
  s->bind(conn);
  imap_[key] = std::move(s);
}

void WebmailHost::on_imap(std::shared_ptr<Page> page, imap::ClientEvent& e) {
  ImapSession& s = *imap_.at(page->id);
  imap::Client& c = s.engine();
  if (auto* r = std::get_if<imap::ResponseReceived>(&e)) {
    if (r->response.keyword == "EXISTS" && r->response.number) page->exists = *r->response.number;
  } else if (auto* l = std::get_if<imap::MailboxListed>(&e)) {
    page->folders.push_back(l->name);
  } else if (auto* f = std::get_if<imap::MessageFetched>(&e)) {
    auto get = [&](const char* k) -> const imap::Value* {
      auto it = f->items.find(k);
      return it == f->items.end() ? nullptr : &it->second;
    };
    if (const imap::Value* body = get("BODY[]")) page->message = body->text, page->fetched = true;
    if (const imap::Value* head = get("BODY[HEADER]")) {
      const imap::Value* uid = get("UID");
      const imap::Value* size = get("RFC822.SIZE");
      bool seen = false;
      if (const imap::Value* fl = get("FLAGS"))
        for (const auto& v : fl->items) seen |= v.upper() == "\\SEEN";
      page->rows.push_back(wm::inbox_row(uid ? static_cast<std::uint32_t>(std::stoul(uid->text)) : f->seq, head->text,
                                         size ? std::stoul(size->text) : 0, seen));
    }
  } else if (auto* d = std::get_if<imap::CommandCompleted>(&e)) {
    bool ok = d->status == "OK";
    if (d->command.find(" LOGIN ") != std::string::npos) {
      page->login_ok = ok;
      if (!ok) c.logout();
      return;
    }
    if (!ok && d->command.find(" LOGOUT") == std::string::npos) {
      page->step_failed = true;
      page->fail_text = d->text;
    }
    if (d->command.find(" SELECT ") == std::string::npos) return;
    if (!ok) {
      c.logout();
      return;
    }
    if (std::holds_alternative<wm::ListFolder>(page->action)) {
      if (page->exists > 0) c.fetch("1:*", "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])");
      c.list("", "*");
    } else if (auto* m = std::get_if<wm::ShowMessage>(&page->action)) {
      c.fetch(std::to_string(m->uid), "(BODY[])", true);  // BODY[] sets \Seen (RFC 3501 §6.4.5)
      c.list("", "*");
    } else if (auto* a = std::get_if<wm::GetAttachment>(&page->action)) {
      c.fetch(std::to_string(a->uid), "(BODY.PEEK[])", true);
    } else if (auto* mv = std::get_if<wm::Move>(&page->action)) {
      c.move(std::to_string(mv->uid), mv->to, true);
    }
    c.logout();
  }
}

void WebmailHost::finish_imap(std::shared_ptr<Page> page) {
  if (std::holds_alternative<wm::Login>(page->action)) {
    if (!page->login_ok) {
      respond(page->http, wm::html_response(wm::render_login(wm::LoginView{page->who.user, wm::Notice::LoginFailed},
                                                              page->lang), page->lang));
      return;
    }
    std::string sid = "s" + std::to_string(page->id) + "-" +
                      std::to_string(protocols::message::fnv1a64(name() + page->who.user + std::to_string(protocols::ns_of(kernel().now()))) % 1000000007ULL);
    sessions_[sid] = page->who;
    respond(page->http, wm::login_response(sid, page->lang));
    return;
  }
  if (!page->login_ok || page->step_failed) {
    respond(page->http, wm::error_response(wm::ErrorView{page->login_ok ? 404 : 502, page->fail_text, page->who.user}, page->lang));
    return;
  }
  if (auto* list = std::get_if<wm::ListFolder>(&page->action)) {
    wm::InboxView v;
    if (list->done == "sent") v.notice = wm::Notice::MessageSent;
    if (list->done == "moved") v.notice = wm::Notice::MessageMoved;
    v.user = page->who.user;
    v.folder = page->folder;
    v.folders = page->folders;
    v.rows = page->rows;
    respond(page->http, wm::html_response(wm::render_inbox(v, page->lang), page->lang));
  } else if (auto* m = std::get_if<wm::ShowMessage>(&page->action)) {
    if (!page->fetched) {  // no message with that UID here (moved, expunged, or never was)
      respond(page->http, wm::error_response(wm::ErrorView{404, "UID " + std::to_string(m->uid) + " · " + page->folder,
                                                           page->who.user}, page->lang));
      return;
    }
    wm::MessageView v = wm::message_view(page->message, page->folder, m->uid);
    v.user = page->who.user;
    v.folders = page->folders;
    respond(page->http, wm::html_response(wm::render_message(v, page->lang), page->lang));
  } else if (auto* a = std::get_if<wm::GetAttachment>(&page->action)) {
    if (auto data = wm::attachment_data(page->message, a->part)) respond(page->http, wm::attachment_response(*data));
    else respond(page->http, wm::error_response(wm::ErrorView{404, "no such part", page->who.user}, page->lang));
  } else if (std::holds_alternative<wm::Move>(page->action)) {
    // Back to the folder the message was in (escaped: a folder name may hold "&" or spaces).
    respond(page->http, wm::redirect_response(wm::page_url("/inbox", {{"folder", page->folder}, {"done", "moved"}}, page->lang)));
  }
}

void WebmailHost::run_smtp(std::shared_ptr<Page> page, std::string message, std::vector<std::string> rcpts) {
  std::optional<Ipv4> server = world_.address_of(spec_.mail_server);
  if (!server) return;
  smtp::ClientJob job;
  job.helo_name = name();
  job.auth_user = page->who.user;
  job.auth_password = page->who.password;
  job.mail_from = address_of(page->who.user);
  job.rcpts = std::move(rcpts);
  job.data = std::move(message);
  auto result = std::make_shared<std::optional<smtp::Reply>>();
  int key = page->id;
  auto s = std::make_unique<SmtpSession>(
      *this, world_.network().node_of(*server), smtp::Client(job),
      [result](SmtpSession&, smtp::ClientEvent& e) {
        if (auto* m = std::get_if<smtp::MessageResult>(&e)) *result = m->reply;
        else if (auto* f = std::get_if<smtp::SessionFailed>(&e); f && f->reply && !*result) *result = f->reply;
      },
      [this, page, result, key](SmtpSession&, CloseReason) {
        after(Duration::zero(), [this, key] { smtp_.erase(key); });
        if (*result && (*result)->positive()) {
          respond(page->http, wm::redirect_response(wm::page_url("/inbox", {{"folder", "INBOX"}, {"done", "sent"}}, page->lang)));
          return;
        }
        auto* send = std::get_if<wm::Send>(&page->action);
        std::string why = *result ? smtp::first_line(**result) : "the mail server did not answer";
        respond(page->http, wm::html_response(wm::render_compose(wm::ComposeView{page->who.user, send->to, send->subject,
                                                                                 send->body, why}, page->lang), page->lang));
      });
  ConnId conn = tcp().connect(*server, 587, s->callbacks());
  s->bind(conn);
  smtp_[key] = std::move(s);
}

}  // namespace sim
