// Rebuilding a message from the segments of an SMTP connection and parsing its MIME tree.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "visual/carried_message.hpp"

using namespace vtest;
using namespace visual;


TEST_CASE("the message is cut from DATA to the final dot, dot-stuffing removed", "[visual][message]") {
  std::string stream = "EHLO a.example\r\nMAIL FROM:<a@a.example>\r\nRCPT TO:<b@b.example>\r\nDATA\r\n"
                       "Subject: x\r\n\r\n..starts with a dot\r\n.\r\nQUIT\r\n";
  auto m = message_in_smtp_stream(stream);
  REQUIRE(m);
  CHECK(*m == "Subject: x\r\n\r\n.starts with a dot\r\n");
  CHECK_FALSE(message_in_smtp_stream("EHLO a\r\nDATA\r\nSubject: x\r\n\r\nno end yet\r\n"));
  CHECK_FALSE(message_in_smtp_stream("EHLO a\r\nMAIL FROM:<>\r\n"));
}

TEST_CASE("a connection's stream counts a retransmitted segment once", "[visual][message]") {
  sim::Trace t = smtp_stream({"EHLO a.example\r\n", "DATA\r\n", "Subject: x\r\n\r\nhi\r\n", ".\r\n"}, 2);
  CHECK(delivered_stream(t, 5, 0) == "EHLO a.example\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n.\r\n");
  CHECK(delivered_stream(t, 5, 2).empty());
}

TEST_CASE("a carried MIME message is parsed into its tree", "[visual][message]") {
  std::string body = kMime.substr(0, 100), rest = kMime.substr(100);
  sim::Trace t = smtp_stream({"EHLO a.example\r\nMAIL FROM:<alice@a.example>\r\n", "DATA\r\n", body, rest + ".\r\n"});
  auto msgs = carried_messages(t);
  REQUIRE(msgs.size() == 1);
  const CarriedMessage& m = msgs[0];
  CHECK(m.conn == 5);
  CHECK(m.from == 0);
  CHECK(m.to == 2);
  CHECK(m.bytes == kMime);
  REQUIRE(m.root.is_multipart());
  REQUIRE(m.root.children.size() == 2);
  CHECK(m.root.children[0].media_type() == "text/plain");
  CHECK(protocols::message::decode_text(m.root.children[0], m.bytes) == "你好 Bob");
  CHECK(m.root.children[1].filename == "a.bin");
}

TEST_CASE("the envelope sender is MAIL FROM's reverse-path, the null path as empty", "[visual][message]") {
  CHECK(envelope_from_in_smtp_stream("EHLO a\r\nMAIL FROM:<bounce@lists.example> SIZE=10\r\nDATA\r\n") ==
        "bounce@lists.example");
  CHECK(envelope_from_in_smtp_stream("EHLO a\r\nmail from:<>\r\nDATA\r\n") == "");
  // A transaction that was reset: the last MAIL before DATA counts.
  CHECK(envelope_from_in_smtp_stream("MAIL FROM:<a@a.example>\r\nRSET\r\nMAIL FROM:<b@a.example>\r\nDATA\r\n") ==
        "b@a.example");
  CHECK_FALSE(envelope_from_in_smtp_stream("EHLO a\r\nMAIL FROM:broken\r\nDATA\r\n"));
  sim::Trace t = smtp_stream({"EHLO a.example\r\nMAIL FROM:<alice@a.example>\r\n", "DATA\r\n", kMime + ".\r\n"});
  auto msgs = carried_messages(t);
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].envelope_from == "alice@a.example");
}
