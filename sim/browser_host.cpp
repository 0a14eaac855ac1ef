// Browser host: scripted webmail use over HTTP/1.1.
#include "sim/browser_host.hpp"

#include "protocols/webmail/form.hpp"
#include "sim/world.hpp"

namespace sim {

namespace http = protocols::http;

BrowserHost::~BrowserHost() = default;

void BrowserHost::boot() {
  for (const BrowserAction& a : spec_.actions) {
    Instant when = protocols::kEpoch + a.at;
    if (when < kernel().now()) continue;
    at(when, [this, a] { perform(a); });
  }
}

void BrowserHost::crash() {
  http_.reset();
  cookies_.clear();
}

namespace {
std::string form(std::initializer_list<std::pair<const char*, std::string>> fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += protocols::webmail::percent_encode(k) + "=" + protocols::webmail::percent_encode(v);
  }
  return out;
}
http::Request get(std::string target) {
  http::Request r;
  r.method = "GET";
  r.target = std::move(target);
  return r;
}
http::Request post(std::string target, std::string body) {
  http::Request r;
  r.method = "POST";
  r.target = std::move(target);
  r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  r.body = std::move(body);
  return r;
}
}  // namespace

void BrowserHost::perform(const BrowserAction& a) {
  const std::string& w = a.what;
  if (w == "login") request(post("/login", form({{"user", spec_.user}, {"password", spec_.password}})));
  else if (w == "inbox") request(get("/inbox?folder=" + protocols::webmail::percent_encode(a.folder)));
  else if (w == "read")
    request(get("/message?folder=" + protocols::webmail::percent_encode(a.folder) + "&uid=" + std::to_string(a.uid)));
  else if (w == "send") request(post("/send", form({{"to", a.to}, {"subject", a.subject}, {"body", a.body}})));
  else if (w == "move")
    request(post("/move", form({{"folder", a.folder}, {"uid", std::to_string(a.uid)}, {"to", a.to}})));
  else if (w == "logout") request(post("/logout", ""));
}

void BrowserHost::request(http::Request r) {
  std::optional<Ipv4> server = world_.address_of(spec_.webmail);
  if (!server) return;
  r.headers.push_back({"Host", spec_.webmail});
  r.headers.push_back({"User-Agent", "MailSim-Browser/1.0"});
  std::string cookie;
  for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty()) r.headers.push_back({"Cookie", cookie});
  if (!http_ || !http_->open()) {
    http_ = std::make_unique<HttpSession>(
        *this, world_.network().node_of(*server), http::Client{},
        [this](HttpSession&, http::Client::Event& e) {
          if (auto* resp = std::get_if<http::ResponseReceived>(&e)) on_response(*resp);
        },
        [this](HttpSession&, CloseReason) {
          after(Duration::zero(), [this] { http_.reset(); });
        });
    http_->engine().send(std::move(r), kernel().now());
    ConnId c = tcp().connect(*server, 80, http_->callbacks());
    http_->bind(c);
    return;
  }
  http_->engine().send(std::move(r), kernel().now());
  http_->pump();
}

void BrowserHost::on_response(const http::ResponseReceived& r) {
  for (const auto& h : r.headers) {
    std::string name = h.name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "set-cookie") continue;
    // RFC 6265 §5.2: name=value before the first ';'; Max-Age=0 removes the cookie.
    std::string pair = h.value.substr(0, h.value.find(';'));
    std::size_t eq = pair.find('=');
    if (eq == std::string::npos) continue;
    std::string key = pair.substr(0, eq), val = pair.substr(eq + 1);
    if (h.value.find("Max-Age=0") != std::string::npos || val.empty()) cookies_.erase(key);
    else cookies_[key] = val;
  }
  std::string title;
  if (auto p = r.body.find("<title>"); p != std::string::npos)
    title = r.body.substr(p + 7, r.body.find("</title>", p) - p - 7);
  NoteRecord page = make_note(id(), NoteCode::Page, r.reason, r.request_line, title);
  page.n[0] = r.status;
  kernel().record(std::move(page));
  if (r.status == 303 || r.status == 302) {
    std::optional<std::string_view> loc = protocols::http::find_header(r.headers, "location");
    if (loc && ++redirects_ <= 5) {
      after(Duration::zero(), [this, target = std::string(*loc)] { request(get(target)); });
      return;
    }
  }
  redirects_ = 0;
}

}  // namespace sim
