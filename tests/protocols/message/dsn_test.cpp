// RFC 3464 delivery status notifications: the builder's structure and headers, a round trip
// through parse_dsn, and reading malformed or foreign reports.
#include <catch2/catch.hpp>

#include "protocols/message/dsn.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/message_builder.hpp"
#include "protocols/message/mime_part.hpp"

using namespace protocols::message;

namespace {
const std::string kOriginal =
    "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: hi\r\nMessage-ID: <1@a.example>\r\n\r\nHello Bob\r\n";

DsnSpec failed_spec() {
  DsnSpec d;
  d.report.reporting_mta = "mail.a.example";
  d.report.envelope_id = "QQ314159";
  d.report.arrival_date = DateTime{1767574800, 480};
  d.report.recipients.push_back({"bob@b.example", "bob@b.example", DsnAction::Failed, "5.1.1",
                                 "mx.b.example", "550 5.1.1 <bob@b.example>: user unknown",
                                 DateTime{1767574900, 480}, std::nullopt});
  d.report.recipients.push_back({"carol@c.example", "", DsnAction::Delayed, "4.4.1", "", "",
                                 DateTime{1767575000, 480}, DateTime{1767834000, 480}});
  d.to = {"", "alice", "a.example"};
  d.date = {1767576000, 480};
  d.original = kOriginal;
  d.seed = "dsn-test";
  return d;
}
}  // namespace

TEST_CASE("DSN builder writes a multipart/report from MAILER-DAEMON", "[protocols][message][dsn]") {
  std::string m = build_dsn(failed_spec());
  for (char c : m) REQUIRE(static_cast<unsigned char>(c) < 0x80);
  MimePart root = parse_mime(m);
  CHECK(root.defects.empty());
  CHECK(root.media_type() == "multipart/report");
  CHECK(root.param("report-type") == "delivery-status");
  CHECK(root.headers.get("Auto-Submitted") == "auto-replied");
  CHECK(root.headers.get("From") == "\"Mail Delivery System\" <MAILER-DAEMON@mail.a.example>");
  CHECK(root.headers.get("To") == "alice@a.example");
  REQUIRE(root.children.size() == 3);
  CHECK(root.children[0].media_type() == "text/plain");
  CHECK(root.children[1].media_type() == "message/delivery-status");
  CHECK(root.children[2].media_type() == "text/rfc822-headers");
  std::string human = decode_text(root.children[0], m);
  CHECK(human.find("could not be delivered") != std::string::npos);
  CHECK(human.find("邮件系统") != std::string::npos);
  CHECK(human.find("<bob@b.example>: host mx.b.example said: 550 5.1.1") != std::string::npos);
  CHECK(human.find("Thu, 08 Jan 2026 09:00:00 +0800") != std::string::npos);  // retry-until
  CHECK(decode_encoded_words(root.headers.get("Subject")).find("退信") != std::string::npos);
  std::string ds = decode_body(root.children[1], m);
  CHECK(ds.find("Reporting-MTA: dns; mail.a.example\r\nOriginal-Envelope-Id: QQ314159\r\n"
                "Arrival-Date: Mon, 05 Jan 2026 09:00:00 +0800\r\n\r\n") == 0);
  CHECK(ds.find("\r\n\r\nOriginal-Recipient: rfc822; bob@b.example\r\nFinal-Recipient: rfc822; bob@b.example\r\n"
                "Action: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.b.example\r\n"
                "Diagnostic-Code: smtp; 550 5.1.1 <bob@b.example>: user unknown\r\n") != std::string::npos);
  CHECK(ds.find("Will-Retry-Until: Thu, 08 Jan 2026 09:00:00 +0800\r\n") != std::string::npos);
  CHECK(decode_body(root.children[2], m) == "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: hi\r\n"
                                             "Message-ID: <1@a.example>\r\n\r\n");
}

TEST_CASE("DSN parser reads back every field the builder wrote", "[protocols][message][dsn]") {
  DsnSpec spec = failed_spec();
  std::string m = build_dsn(spec);
  auto parsed = parse_dsn(m);
  REQUIRE(parsed);
  bool same = parsed->report == spec.report;
  CHECK(same);
  CHECK(parsed->report_type == "delivery-status");
  CHECK(parsed->auto_submitted == "auto-replied");
  CHECK(parsed->subject == "Undelivered Mail Returned to Sender (退信：邮件无法投递)");
  CHECK(parsed->original_headers.find("Message-ID: <1@a.example>") != std::string::npos);
  CHECK(parsed->human_text.find("很抱歉") != std::string::npos);
  // Trailing bytes after the report do not change what is read.
  auto trailing = parse_dsn(m + "trailing junk\r\nAction: delivered\r\n");
  REQUIRE(trailing);
  bool same_trailing = trailing->report == spec.report;
  CHECK(same_trailing);
}

TEST_CASE("DSN with RET=FULL carries the original as message/rfc822", "[protocols][message][dsn]") {
  DsnSpec spec = failed_spec();
  spec.return_full_message = true;
  spec.original = "Subject: \xE4\xB8\xAD 8-bit\nFrom: a@a.example\n\nbody \xE4\xB8\xAD\n";
  std::string m = build_dsn(spec);
  MimePart root = parse_mime(m);
  REQUIRE(root.children.size() == 3);
  const MimePart& orig = root.children[2];
  REQUIRE(orig.is_message());
  CHECK(orig.transfer_encoding == "8bit");
  CHECK(decode_body(orig.children[0], m) == "body \xE4\xB8\xAD\r\n");
  auto parsed = parse_dsn(m);
  REQUIRE(parsed);
  CHECK(parsed->original_headers == "Subject: \xE4\xB8\xAD 8-bit\r\nFrom: a@a.example\r\n\r\n");
}

TEST_CASE("DSN subjects follow the most serious action", "[protocols][message][dsn]") {
  DsnSpec spec = failed_spec();
  spec.report.recipients.erase(spec.report.recipients.begin());
  CHECK(parse_dsn(build_dsn(spec))->subject.find("Delayed Mail") == 0);
  spec.report.recipients[0].action = DsnAction::Delivered;
  spec.report.recipients[0].will_retry_until.reset();
  auto p = parse_dsn(build_dsn(spec));
  REQUIRE(p);
  CHECK(p->subject.find("Successful Mail Delivery Report") == 0);
  CHECK(p->report.recipients[0].action == DsnAction::Delivered);
}

TEST_CASE("DSN parser reads a foreign report and rejects what is not one", "[protocols][message][dsn]") {
  std::string postfix =
      "From: MAILER-DAEMON@mx.example (Mail Delivery System)\n"
      "Subject: Undelivered Mail Returned to Sender\n"
      "Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"3F1A.1\"\n\n"
      "--3F1A.1\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\nsorry\n\n"
      "--3F1A.1\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n"
      "Reporting-MTA: dns; mx.example\nX-Postfix-Queue-ID: 3F1A\nArrival-Date: Tue, 6 Jan 2026 10:00:00 +0000 (UTC)\n\n"
      "Final-Recipient: rfc822; nobody@example.org\nOriginal-Recipient: rfc822;nobody@example.org\n"
      "Action: FAILED (permanent)\nStatus: 5.1.1 (bad mailbox)\n"
      "Diagnostic-Code: X-Postfix; unknown user: \"nobody\"\n\n--3F1A.1--\n";
  auto p = parse_dsn(postfix);
  REQUIRE(p);
  CHECK(p->report.reporting_mta == "mx.example");
  REQUIRE(p->report.arrival_date);
  CHECK(format_date(*p->report.arrival_date) == "Tue, 06 Jan 2026 10:00:00 +0000");
  REQUIRE(p->report.recipients.size() == 1);
  const DsnRecipient& r = p->report.recipients[0];
  CHECK(r.final_recipient == "nobody@example.org");
  CHECK(r.original_recipient == "nobody@example.org");
  CHECK(r.action == DsnAction::Failed);
  CHECK(r.status == "5.1.1");
  CHECK(r.diagnostic_code == "unknown user: \"nobody\"");
  CHECK(p->human_text == "sorry\n");
  CHECK_FALSE(parse_dsn(kOriginal));
  CHECK_FALSE(parse_delivery_status(""));
  CHECK_FALSE(parse_delivery_status("garbage without fields"));
  CHECK_FALSE(parse_delivery_status("Final-Recipient: rfc822; x@y\r\n"));
  CHECK(parse_dsn_action("Delayed") == DsnAction::Delayed);
  CHECK_FALSE(parse_dsn_action("exploded"));
}

TEST_CASE("a DSN's Status is the code alone, whatever white space follows it", "[protocols][message][dsn]") {
  // RFC 3464 §2.3.4: status-code, then a comment may follow. A tab or a folded line after
  // the code used to stay in it, and the report did not read back as it was written
  // (found by fuzz_dsn).
  for (const char* status : {"5.1.1 (unknown user)", "5.1.1\t(unknown user)", "5.1.1\r\n\t(unknown user)", "5.1.1"}) {
    INFO(status);
    std::string body = std::string("Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; x@y.example\r\n"
                                   "Action: failed\r\nStatus: ") + status + "\r\n";
    auto r = parse_delivery_status(body);
    REQUIRE(r);
    REQUIRE(r->recipients.size() == 1);
    CHECK(r->recipients[0].status == "5.1.1");
    std::string written = delivery_status_body(*r);
    auto again = parse_delivery_status(written);
    REQUIRE(again);
    CHECK(delivery_status_body(*again) == written);
  }
}
