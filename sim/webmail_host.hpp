// A webmail server host (SYLLABUS §6): browsers speak HTTP/1.1 to it on port 80; behind
// the pages it speaks IMAP to its mail server for every page that shows mail, and SMTP
// submission with AUTH to send. So the trace answers the exam question "which protocols
// between which parties": HTTP browser-webmail, IMAP and SMTP webmail-mail server, SMTP
// between mail servers. Like Roundcube, it opens one IMAP connection per page.
// Left out: HTTPS, a message cache, folder management pages.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "protocols/http/server.hpp"
#include "protocols/imap/imap_client.hpp"
#include "protocols/smtp/client.hpp"
#include "protocols/webmail/action.hpp"
#include "sim/engine_session.hpp"

namespace sim {

class WebmailHost : public Host {
 public:
  WebmailHost(World& w, NodeId id, const HostSpec& spec);
  ~WebmailHost() override;
  void boot() override;
  void crash() override;

 private:
  using HttpSession = EngineSession<protocols::http::Server>;
  using ImapSession = EngineSession<protocols::imap::Client>;
  using SmtpSession = EngineSession<protocols::smtp::Client>;
  struct Page;  // one request being answered

  void on_request(HttpSession& s, const protocols::http::Request& req);
  void respond(ConnId http_conn, protocols::http::Response r);
  void run_imap(std::shared_ptr<Page> page);
  void on_imap(std::shared_ptr<Page> page, protocols::imap::ClientEvent& e);
  void finish_imap(std::shared_ptr<Page> page);
  void run_smtp(std::shared_ptr<Page> page, std::string message, std::vector<std::string> rcpts);
  std::string address_of(const std::string& user) const;

  WebmailSpec spec_;
  std::string domain_;
  std::map<ConnId, std::unique_ptr<HttpSession>> http_;
  std::map<int, std::unique_ptr<ImapSession>> imap_;
  std::map<int, std::unique_ptr<SmtpSession>> smtp_;
  struct Login {
    std::string user, password;
  };
  std::map<std::string, Login> sessions_;  // cookie -> who (volatile: lost with the power)
  int next_ = 1;
};

}  // namespace sim
