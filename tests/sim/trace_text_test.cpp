// Every record kind, and every value of its enumerated fields, rendered in English and in
// Chinese through the one catalogue (sim/trace_text.hpp): no Chinese in English output, and
// no English word in Chinese output except protocol text (verbs, codes, addresses, host
// names, encodings), which is what travels on the wire and stays as it is.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

#include "sim/trace_format.hpp"

namespace {

using namespace std::chrono_literals;

// Protocol text the records below carry, and the protocol words the catalogue keeps in Chinese.
const std::set<std::string> kProtocolWords = {
    "alice-pc", "mail.a.example", "mail.b.example", "bob-pc", "bob", "INBOX", "Archive", "Q1", "Q2",
    "alice@a.example", "bob@b.example", "b.example", "TCP", "UDP", "DNS", "SMTP", "POP3", "IMAP", "SYN", "ACK",
    "PSH", "FIN", "RST", "MX", "A", "NOERROR", "NXDOMAIN", "seq", "ack", "len", "UID", "UIDL", "QUIT",
    "MTU", "TTL", "Ok", "OK", "GET", "HTTP", "inbox", "Inbox", "MailSim", "quoted-printable", "base64", "8BITMIME",
    "postmaster", "telnet", "Seen", "Flagged", "DATA", "RCPT", "TO", "Recipient", "ms", "abc123", "Hello", "Bob",
    "SERVER", "CLIENT", "5ms", "7BIT", "TLS"};

// ASCII words of a line outside the protocol vocabulary above.
std::vector<std::string> english_words(const std::string& line) {
  std::vector<std::string> out;
  static const std::regex word(R"([0-9]*[A-Za-z][A-Za-z0-9@.\-]*[A-Za-z0-9]|[0-9]*[A-Za-z])");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), word); it != std::sregex_iterator(); ++it) {
    std::string w = it->str();
    while (!w.empty() && (w.back() == '.' || w.back() == '-')) w.pop_back();
    if (!kProtocolWords.count(w)) out.push_back(w);
  }
  return out;
}

bool has_chinese(const std::string& s) {
  // UTF-8 lead bytes E3..E9 cover U+3000..U+9FFF (CJK punctuation and ideographs); EF BC/BD fullwidth forms.
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE3 && c <= 0xE9) return true;
    if (c == 0xEF && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xFE) == 0xBC) return true;
  }
  return false;
}

// One record of every kind and every enumerated value.
sim::Trace every_record() {
  sim::Trace t;
  sim::HostId a = t.add_host("alice-pc"), ma = t.add_host("mail.a.example"), mb = t.add_host("mail.b.example");
  auto at = [&](auto r) { t.append(protocols::kEpoch + 1s, std::move(r)); };
  for (auto ev : {sim::SegmentEvent::Sent, sim::SegmentEvent::Delivered, sim::SegmentEvent::Dropped})
    for (const char* why : {"loss", "link down", "host off", "no route", "exceeds MTU", "ttl expired"}) {
      sim::SegmentRecord s;
      s.event = ev;
      s.from = ma;
      s.to = mb;
      s.flags = sim::kSyn | sim::kAck;
      s.retransmission = true;
      s.at = ma;
      s.reason = why;
      at(s);
    }
  for (int e = 0; e <= static_cast<int>(sim::ConnEvent::Closed); ++e)
    for (int d = 0; d <= static_cast<int>(sim::ConnDetail::RetransmissionsUnanswered); ++d)
      at(sim::ConnRecord{static_cast<sim::ConnEvent>(e), ma, mb, 1, 25, static_cast<sim::ConnDetail>(d), 5});
  for (int e = 0; e <= static_cast<int>(sim::DnsEvent::Timeout); ++e)
    at(sim::DnsRecord{static_cast<sim::DnsEvent>(e), ma, mb, "b.example", protocols::dns::RrType::MX,
                      protocols::dns::Rcode::NxDomain, {"10 mail.b.example"}, 7});
  for (int f = 0; f <= static_cast<int>(sim::FaultAction::Invalid); ++f)
    for (int why = 0; why <= static_cast<int>(sim::FaultRefusal::NotApplicable); ++why)
      for (int src = 0; src <= static_cast<int>(sim::FaultSource::Test); ++src) {
        sim::FaultRecord r;
        r.action = static_cast<sim::FaultAction>(f);
        r.target = "mail.b.example:25";
        r.value = "5ms";
        r.source = static_cast<sim::FaultSource>(src);
        r.applied = why == 0;
        r.reason = static_cast<sim::FaultRefusal>(why);
        r.detail = why == 1 ? "unknown action 'explode'" : "";  // the parser's English: not shown in Chinese
        at(r);
      }
  at(sim::CommandRecord{protocols::Proto::SMTP, ma, mb, 1, "RCPT", "RCPT TO:<bob@b.example>", ""});
  at(sim::ReplyRecord{protocols::Proto::SMTP, mb, ma, 1, 250, "2.1.5", "", "", {"250 2.1.5 Ok", "250 OK"}});
  at(sim::ReplyRecord{protocols::Proto::POP3, mb, a, 2, 0, "", "+OK", "", std::vector<std::string>(12, "+OK")});
  for (int q = 0; q <= static_cast<int>(sim::QueueAction::Removed); ++q)
    for (int why = 0; why <= static_cast<int>(sim::QueueReason::AllDone); ++why) {
      sim::QueueRecord r;
      r.host = ma;
      r.action = static_cast<sim::QueueAction>(q);
      r.why = static_cast<sim::QueueReason>(why);
      r.msg = "Q1";
      r.rcpt = "bob@b.example";
      r.arg = why == 4 ? "b.example" : why == 8 ? "Q2" : "mail.b.example";
      r.text = why == 8 ? "alice@a.example" : "451 4.3.0 DATA";
      r.waited = 26h + 5min;
      r.next_attempt = protocols::kEpoch + 30min;
      at(r);
    }
  for (int m = 0; m <= static_cast<int>(sim::MailboxAction::SeesFolderGone); ++m) {
    sim::MailboxRecord r = sim::device_mailbox(mb, static_cast<sim::MailboxAction>(m), "bob", "INBOX", 3);
    r.uids = {3, 4};
    r.text = m == static_cast<int>(sim::MailboxAction::UserAction) ? "move Archive"
             : m == static_cast<int>(sim::MailboxAction::Download) ? "abc123"
                                                                     : "\\Seen";
    if (m == static_cast<int>(sim::MailboxAction::Move))
      r.detail = std::make_shared<const sim::MailboxDetail>(sim::MailboxDetail{{{3, "\\Seen"}, {4, ""}}, "INBOX", {1, 2}});
    at(r);
  }
  for (const char* verb : {"create", "copy", "flag", "unflag"}) {
    sim::MailboxRecord r = sim::device_mailbox(a, sim::MailboxAction::UserAction, "bob", "INBOX");
    r.uids = {1};
    r.text = std::string(verb) + (verb[0] == 'c' && verb[1] == 'r' ? " Archive" : verb[0] == 'c' ? " Archive" : " \\Flagged");
    at(r);
  }
  for (int n = 0; n <= static_cast<int>(sim::NoteCode::TlsFailed); ++n)
    for (int end = 0; end <= static_cast<int>(sim::Pop3End::Failed); ++end) {
      sim::NoteRecord r = sim::make_note(a, static_cast<sim::NoteCode>(n), "mail.a.example", "Hello Bob", "MailSim");
      r.n[0] = 2;
      r.n[1] = 3;
      r.n[2] = end == 2 ? 1 : 0;
      r.n[3] = n == static_cast<int>(sim::NoteCode::Pop3Check) ? end : 4;
      at(r);
    }
  return t;
}

}  // namespace

TEST_CASE("every record reads in English with no Chinese and in Chinese with no English", "[sim][trace][text]") {
  sim::Trace t = every_record();
  std::size_t shown = 0;
  for (const sim::TraceEntry& e : t.entries()) {
    std::string en = sim::to_text(e, t, true, sim::TextLang::En);
    std::string zh = sim::to_text(e, t, true, sim::TextLang::Zh);
    if (en.empty()) continue;
    ++shown;
    INFO(en);
    INFO(zh);
    CHECK(!has_chinese(en));
    CHECK(english_words(zh.substr(13)) == std::vector<std::string>{});  // after the clock
    // A command or a short reply is protocol text alone: the same in both languages.
    const bool wire = std::holds_alternative<sim::CommandRecord>(e.record) ||
                      (std::holds_alternative<sim::ReplyRecord>(e.record) && std::get<sim::ReplyRecord>(e.record).lines.size() < 9);
    CHECK(has_chinese(zh) != wire);
    CHECK((en != zh) != wire);
  }
  CHECK(shown > 1000);
}

TEST_CASE("English text is the text trace's wording since the first release", "[sim][trace][text]") {
  sim::Trace t;
  sim::HostId a = t.add_host("mail.a.example"), b = t.add_host("mail.b.example");
  t.append(protocols::kEpoch + 1s, sim::ConnRecord{sim::ConnEvent::Timeout, a, b, 3, 25, sim::ConnDetail::SynUnanswered, 5});
  CHECK(sim::to_text(t.entries()[0], t, false).ends_with("connection timed out [conn 3]: no answer to SYN after 5 retries"));
  CHECK(sim::to_text(t.entries()[0], t, false, sim::TextLang::Zh).ends_with("连接超时 [连接 3]：SYN 重发 5 次仍无应答"));
  sim::QueueRecord q;
  q.host = a;
  q.action = sim::QueueAction::Attempt;
  q.why = sim::QueueReason::ToMx;
  q.msg = "Q1";
  q.rcpt = "bob@b.example";
  q.arg = "b.example";
  t.append(protocols::kEpoch + 2s, q);
  CHECK(sim::to_text(t.entries()[1], t, false).ends_with("queue Q1 <bob@b.example> attempt: to the mail exchangers of b.example"));
  CHECK(sim::to_text(t.entries()[1], t, false, sim::TextLang::Zh).ends_with("队列 Q1 <bob@b.example> 投递尝试：投递到 b.example 的邮件交换服务器（MX）"));
  CHECK(sim::text::duration(sim::TextLang::Zh, 26h + 5min) == "1 天 2 小时 5 分钟");
}

TEST_CASE("the text trace's language comes from the locale unless given", "[sim][trace][text]") {
  CHECK(sim::parse_text_lang("zh") == sim::TextLang::Zh);
  CHECK(sim::parse_text_lang("en") == sim::TextLang::En);
  CHECK(!sim::parse_text_lang("fr"));
  const char* saved[3];
  const char* names[3] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  std::string keep[3];
  for (int i = 0; i < 3; ++i) {
    saved[i] = std::getenv(names[i]);
    if (saved[i]) keep[i] = saved[i];
    ::unsetenv(names[i]);
  }
  CHECK(sim::text_lang_from_locale() == sim::TextLang::En);
  ::setenv("LANG", "zh_CN.UTF-8", 1);
  CHECK(sim::text_lang_from_locale() == sim::TextLang::Zh);
  ::setenv("LC_ALL", "en_US.UTF-8", 1);  // LC_ALL wins over LANG
  CHECK(sim::text_lang_from_locale() == sim::TextLang::En);
  for (int i = 0; i < 3; ++i) {
    if (saved[i]) ::setenv(names[i], keep[i].c_str(), 1);
    else ::unsetenv(names[i]);
  }
}
