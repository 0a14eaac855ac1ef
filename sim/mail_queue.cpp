// The queue's file format: "key value" lines, percent-escaped, then "data N" and N bytes.
#include "sim/mail_queue.hpp"

#include <cstdio>
#include <sstream>
#include <string>

namespace sim {

std::string_view to_string(RcptStatus s) {
  switch (s) {
    case RcptStatus::Pending: return "pending";
    case RcptStatus::Deferred: return "deferred";
    case RcptStatus::Delivered: return "delivered";
    case RcptStatus::Failed: return "failed";
  }
  return "?";
}

bool QueuedMessage::done() const {
  for (const auto& r : rcpts)
    if (r.status == RcptStatus::Pending || r.status == RcptStatus::Deferred) return false;
  return true;
}

namespace {
const std::string kPrefix = "queue/";

std::string unesc(std::string_view s) {
  if (s == "%") return "";
  std::string o;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      o += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      o += s[i];
    }
  }
  return o;
}
std::optional<Instant> parse_opt_time(const std::string& s) {
  if (s == "-") return std::nullopt;
  return protocols::at_ns(std::stoll(s));
}
}  // namespace

namespace {
// Appends esc(s) (no temporary string: the queue file is rewritten on every change).
void put_esc(std::string& o, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (s.empty()) {
    o += '%';
    return;
  }
  for (char c : s) {
    if (c == '%' || c == '\n' || c == '\r' || c == ' ' || c == '|') {
      o += '%';
      o += kHex[static_cast<unsigned char>(c) >> 4];
      o += kHex[static_cast<unsigned char>(c) & 15];
    } else {
      o += c;
    }
  }
}
void put_time(std::string& o, const std::optional<Instant>& t) {
  if (t) o += std::to_string(protocols::ns_of(*t));
  else o += '-';
}
}  // namespace

std::string serialize(const QueuedMessage& m) {
  // The same text an ostringstream wrote, built by appending.
  std::string o;
  o.reserve(m.data.size() + 160 + 160 * m.rcpts.size());
  o += "mailsim-queue 1\nid ";
  put_esc(o, m.id);
  o += "\nfrom ";
  put_esc(o, m.mail_from);
  o += "\narrival ";
  o += std::to_string(protocols::ns_of(m.arrival));
  o += "\nreceived-from ";
  put_esc(o, m.received_from);
  o += '\n';
  for (const auto& r : m.rcpts) {
    o += "rcpt ";
    put_esc(o, r.address);
    o += ' ';
    o += std::to_string(static_cast<int>(r.status));
    o += ' ';
    o += std::to_string(r.attempts);
    o += ' ';
    put_time(o, r.next_attempt);
    o += ' ';
    put_time(o, r.first_failure);
    o += ' ';
    o += std::to_string(r.last_interval.count());
    o += ' ';
    o += std::to_string((r.delay_warned ? 1 : 0) + (r.notified ? 2 : 0));
    o += ' ';
    put_time(o, r.last_attempt);
    o += ' ';
    put_esc(o, r.last_error);
    o += ' ';
    put_esc(o, r.remote_mta);
    o += ' ';
    put_esc(o, r.enhanced);
    o += '\n';
  }
  o += "data ";
  o += std::to_string(m.data.size());
  o += '\n';
  o += m.data;
  return o;
}

std::optional<QueuedMessage> deserialize(std::string_view text) {
  try {
    std::size_t data_at = text.find("\ndata ");
    if (text.substr(0, 16) != "mailsim-queue 1\n" || data_at == std::string_view::npos) return std::nullopt;
    std::istringstream in{std::string(text.substr(0, data_at + 1))};
    QueuedMessage m;
    std::string key, line;
    while (std::getline(in, line)) {
      std::istringstream l(line);
      l >> key;
      if (key == "id") { l >> key; m.id = unesc(key); }
      else if (key == "from") { l >> key; m.mail_from = unesc(key); }
      else if (key == "arrival") { long long ns; l >> ns; m.arrival = protocols::at_ns(ns); }
      else if (key == "received-from") { l >> key; m.received_from = unesc(key); }
      else if (key == "rcpt") {
        QueueRecipient r;
        std::string addr, next, first, last, err, mta, enh;
        int status, warned;
        long long interval;
        l >> addr >> status >> r.attempts >> next >> first >> interval >> warned >> last >> err >> mta >> enh;
        if (!l) return std::nullopt;
        r.address = unesc(addr);
        r.status = static_cast<RcptStatus>(status);
        r.next_attempt = parse_opt_time(next);
        r.first_failure = parse_opt_time(first);
        r.last_interval = Duration{interval};
        r.delay_warned = (warned & 1) != 0;
        r.notified = (warned & 2) != 0;
        r.last_attempt = parse_opt_time(last);
        r.last_error = unesc(err);
        r.remote_mta = unesc(mta);
        r.enhanced = unesc(enh);
        m.rcpts.push_back(std::move(r));
      }
    }
    std::size_t nl = text.find('\n', data_at + 1);
    std::size_t len = std::stoull(std::string(text.substr(data_at + 6, nl - data_at - 6)));
    if (nl == std::string_view::npos || nl + 1 + len != text.size()) return std::nullopt;
    m.data = std::string(text.substr(nl + 1, len));
    return m;
  } catch (...) {  // a damaged file is reported as unreadable, never a crash
    return std::nullopt;
  }
}

void MailQueue::store(const QueuedMessage& m) { disk_[kPrefix + m.id] = serialize(m); }
void MailQueue::remove(const std::string& id) { disk_.erase(kPrefix + id); }

std::optional<QueuedMessage> MailQueue::load(const std::string& id) const {
  auto it = disk_.find(kPrefix + id);
  if (it == disk_.end()) return std::nullopt;
  return deserialize(it->second);
}

std::vector<std::string> MailQueue::ids() const {
  std::vector<std::string> out;
  for (auto it = disk_.lower_bound(kPrefix); it != disk_.end() && it->first.starts_with(kPrefix); ++it)
    out.push_back(it->first.substr(kPrefix.size()));
  return out;
}

std::string MailQueue::next_id(Instant) {
  std::string& counter = disk_["queue-counter"];
  unsigned long n = counter.empty() ? 1 : std::stoul(counter) + 1;
  counter = std::to_string(n);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08lX", n);  // fixed width keeps file order = arrival order
  return buf;
}

}  // namespace sim
