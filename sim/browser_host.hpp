// A browser host: a person using webmail. Each scripted action (log in, open the inbox,
// read a message, send, move, log out) is one HTTP/1.1 request on a keep-alive connection
// to the webmail server, with the session cookie it was given and redirects followed.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "protocols/http/client.hpp"
#include "sim/engine_session.hpp"

namespace sim {

class BrowserHost : public Host {
 public:
  BrowserHost(World& w, NodeId id, const HostSpec& spec) : Host(w, id, spec), spec_(spec.browser) {}
  ~BrowserHost() override;
  void boot() override;
  void crash() override;
  void perform(const BrowserAction& a);

 private:
  using HttpSession = EngineSession<protocols::http::Client>;
  void request(protocols::http::Request r);
  void on_response(const protocols::http::ResponseReceived& r);

  BrowserSpec spec_;
  std::unique_ptr<HttpSession> http_;
  std::map<std::string, std::string> cookies_;  // the cookie jar: name -> value
  int redirects_ = 0;
};

}  // namespace sim
