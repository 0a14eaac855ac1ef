// IMAP server engine: the RFC 3501 §8 sample session shape, BAD and NO, literals over the
// wire, FETCH, STORE, SEARCH, mailbox commands, UIDPLUS, NAMESPACE, autologout, random bytes.
#include <catch2/catch.hpp>

#include <random>

#include "imap_grammar.hpp"
#include "imap_session_helper.hpp"

using namespace protocols;
using namespace protocols::imap;
using imap_test::Session;

TEST_CASE("server follows the shape of the RFC 3501 §8 sample session", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.greeting.rfind("* OK [CAPABILITY IMAP4rev1 ", 0) == 0);
  CHECK(s.say("a001 login mrc secret").find("a001 OK") != std::string::npos);
  CHECK(s.server.state() == State::Authenticated);
  std::string sel = s.say("a002 select inbox");
  CHECK(sel.find("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n") != std::string::npos);
  CHECK(sel.find("* 3 EXISTS\r\n") != std::string::npos);
  CHECK(sel.find("* 3 RECENT\r\n") != std::string::npos);
  CHECK(sel.find("* OK [UNSEEN 1]") != std::string::npos);
  CHECK(sel.find("* OK [UIDVALIDITY 1]") != std::string::npos);
  CHECK(sel.find("* OK [UIDNEXT 4]") != std::string::npos);
  CHECK(sel.find("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)]") != std::string::npos);
  CHECK(sel.find("a002 OK [READ-WRITE] SELECT completed") != std::string::npos);
  std::string full = s.say("a003 fetch 2 full");
  CHECK(full.rfind("* 2 FETCH (FLAGS (\\Recent) INTERNALDATE \"17-Jul-1996 02:24:25 +0000\" RFC822.SIZE ", 0) == 0);
  CHECK(full.find("ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" "
                  "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))") != std::string::npos);
  CHECK(full.find("BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" ") != std::string::npos);
  std::string hdr = s.say("a004 fetch 2 body[header]");
  CHECK(hdr.find("* 2 FETCH (BODY[header] {") != std::string::npos);
  CHECK(hdr.find("FLAGS (\\Seen \\Recent)") != std::string::npos);  // \Seen set by a non-PEEK fetch
  CHECK(s.say("a005 store 2 +flags \\deleted") == "* 2 FETCH (FLAGS (\\Seen \\Deleted \\Recent))\r\na005 OK STORE completed\r\n");
  CHECK(s.say("a006 logout") == "* BYE IMAP4rev1 server logging out\r\na006 OK LOGOUT completed\r\n");
  CHECK(s.server.state() == State::Logout);
  CHECK(s.server.wants_close());
}

TEST_CASE("malformed and misplaced commands get BAD and the session goes on", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 FETCH 1 FLAGS") == "a1 BAD FETCH not allowed in the Not Authenticated state\r\n");
  CHECK(s.say("a2 FROBNICATE") == "a2 BAD unknown command FROBNICATE\r\n");
  CHECK(s.say("a3 LOGIN \"mrc") .rfind("a3 BAD", 0) == 0);
  // RFC 3501 §9: a quoted string holds no NUL; a syntax error, so BAD rather than a failed LOGIN's NO.
  CHECK(s.say(std::string("a3 LOGIN \"m\0rc\" secret", 22)) == "a3 BAD NUL in a quoted string\r\n");
  CHECK(s.say("*").rfind("* BAD", 0) == 0);
  CHECK(s.say("a4 LOGIN mrc").rfind("a4 BAD", 0) == 0);
  s.say("a5 LOGIN mrc secret");
  CHECK(s.say("a6 LOGIN mrc secret").rfind("a6 BAD", 0) == 0);
  s.say("a7 SELECT INBOX");
  CHECK(s.say("a8 FETCH 9 FLAGS") == "a8 BAD message sequence number out of range\r\n");
  CHECK(s.say("a9 FETCH 1 (FLAGS BOGUS)") == "a9 BAD unknown fetch item BOGUS\r\n");
  CHECK(s.say("b1 FETCH x FLAGS") == "b1 BAD invalid sequence set\r\n");
  CHECK(s.say("b2 STORE 1 FLAGS.LOUD (\\Seen)") .rfind("b2 BAD", 0) == 0);
  CHECK(s.say("b3 SEARCH WIBBLE") == "b3 BAD unknown search key WIBBLE\r\n");
  CHECK(s.say("b4 UID NOOP") == "b4 BAD unknown command UID NOOP\r\n");
  CHECK(s.say("b5 FETCH 1 BODY[HEADER.FIELDS FROM]") == "b5 BAD bad header list\r\n");
  CHECK(s.say("b6 NOOP") == "b6 OK NOOP completed\r\n");
}

TEST_CASE("failures get NO with a response code where the RFCs give one", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  CHECK(s.say("a1 LOGIN mrc wrong") == "a1 NO [AUTHENTICATIONFAILED] invalid user name or password\r\n");
  s.say("a2 LOGIN mrc secret");
  CHECK(s.say("a3 SELECT nowhere") == "a3 NO [NONEXISTENT] no such mailbox\r\n");
  CHECK(s.say("a4 DELETE INBOX") == "a4 NO cannot delete INBOX\r\n");
  CHECK(s.say("a5 CREATE INBOX") == "a5 NO [ALREADYEXISTS] mailbox already exists\r\n");
  CHECK(s.say("a6 APPEND nowhere {1+}\r\nx") == "a6 NO [TRYCREATE] no such mailbox\r\n");
  s.say("a7 EXAMINE INBOX");
  CHECK(s.say("a8 STORE 1 +FLAGS (\\Seen)") == "a8 NO mailbox is read-only\r\n");
  CHECK(s.say("a9 EXPUNGE") == "a9 NO mailbox is read-only\r\n");
  CHECK(s.say("b1 COPY 1 nowhere") == "b1 NO [TRYCREATE] no such mailbox\r\n");
  CHECK(s.say("b2 SEARCH CHARSET KOI8-R ALL").rfind("b2 NO [BADCHARSET", 0) == 0);
}

TEST_CASE("a synchronizing literal gets a continuation and LITERAL+ does not", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  CHECK(s.say("a2 APPEND INBOX (\\Flagged) {7}") == "+ Ready for literal data\r\n");
  CHECK(s.feed("Hi\r\nYo!\r\n") == "a2 OK [APPENDUID 1 4] APPEND completed\r\n");
  CHECK(s.feed("a3 APPEND INBOX \"01-Feb-2024 10:00:00 +0100\" {5+}\r\nHello\r\n") ==
        "a3 OK [APPENDUID 1 5] APPEND completed\r\n");
  const store::Folder* f = st.folder("mrc", "INBOX");
  CHECK(f->find(4)->bytes() == "Hi\r\nYo!");
  CHECK(f->find(4)->flags.to_string() == "\\Flagged");
  s.say("a4 SELECT INBOX");
  CHECK(s.say("a5 FETCH 5 INTERNALDATE") == "* 5 FETCH (INTERNALDATE \"01-Feb-2024 09:00:00 +0000\")\r\na5 OK FETCH completed\r\n");
  CHECK(s.say("a6 APPEND INBOX {99999999999}").rfind("a6 BAD literal too large", 0) == 0);
  CHECK(s.say("a7 NOOP") == "a7 OK NOOP completed\r\n");
}

TEST_CASE("the same literal command works fed one byte at a time", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  std::string out;
  for (char c : std::string("a2 LOGIN {3}\r\n"))  // wrong state, but framed first
    out += s.feed(std::string(1, c));
  CHECK(out == "+ Ready for literal data\r\n");
  out.clear();
  for (char c : std::string("mrc {6}\r\nsecret\r\n")) out += s.feed(std::string(1, c));
  CHECK(out == "+ Ready for literal data\r\na2 BAD LOGIN not allowed in the Authenticated state\r\n");
}

TEST_CASE("FETCH returns sections, partials, headers and body structure", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  s.say("a2 SELECT INBOX");
  std::string sub = s.say("a3 FETCH 3 BODY.PEEK[HEADER.FIELDS (SUBJECT)]");
  CHECK(sub == "* 3 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {23}\r\nSubject: with parts\r\n\r\n)\r\na3 OK FETCH completed\r\n");
  CHECK(s.say("a4 FETCH 3 BODY.PEEK[1]") == "* 3 FETCH (BODY[1] {14}\r\nplain part\r\nok)\r\na4 OK FETCH completed\r\n");
  CHECK(s.say("a5 FETCH 3 BODY.PEEK[2]<0.4>") == "* 3 FETCH (BODY[2]<0> \"PGI+\")\r\na5 OK FETCH completed\r\n");
  CHECK(s.say("a6 FETCH 3 BODY.PEEK[2.MIME]").find("Content-Transfer-Encoding: base64") != std::string::npos);
  CHECK(s.say("a7 FETCH 3 BODY.PEEK[9]") == "* 3 FETCH (BODY[9] \"\")\r\na7 OK FETCH completed\r\n");
  std::string bs = s.say("a8 FETCH 3 BODYSTRUCTURE");
  CHECK(bs.find("BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 14 2 NIL NIL NIL NIL)"
                "(\"TEXT\" \"HTML\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"BASE64\" 12 1 NIL (\"ATTACHMENT\" (\"FILENAME\" \"a.html\")) NIL NIL)"
                " \"MIXED\" (\"BOUNDARY\" \"xyz\") NIL NIL NIL)") != std::string::npos);
  CHECK(s.say("a9 FETCH 3 FLAGS") == "* 3 FETCH (FLAGS (\\Recent))\r\na9 OK FETCH completed\r\n");  // PEEK kept it unseen
  CHECK(s.say("b1 UID FETCH 2:3 RFC822.SIZE") ==
        "* 2 FETCH (UID 2 RFC822.SIZE " + std::to_string(st.folder("mrc", "INBOX")->find(2)->size()) +
            ")\r\n* 3 FETCH (UID 3 RFC822.SIZE " + std::to_string(st.folder("mrc", "INBOX")->find(3)->size()) +
            ")\r\nb1 OK UID FETCH completed\r\n");
}

TEST_CASE("STORE replaces, adds and removes flags, silently on request", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  s.say("a2 SELECT INBOX");
  CHECK(s.say("a3 STORE 1:2 FLAGS (\\Flagged $Work)") ==
        "* 1 FETCH (FLAGS (\\Flagged $Work \\Recent))\r\n* 2 FETCH (FLAGS (\\Flagged $Work \\Recent))\r\na3 OK STORE completed\r\n");
  CHECK(s.say("a4 STORE 1 -FLAGS.SILENT $Work") == "a4 OK STORE completed\r\n");
  CHECK(st.folder("mrc", "INBOX")->find(1)->flags.to_string() == "\\Flagged");
  CHECK(s.say("a5 UID STORE 2 +FLAGS (\\Answered)") ==
        "* 2 FETCH (FLAGS (\\Answered \\Flagged $Work \\Recent) UID 2)\r\na5 OK STORE completed\r\n");
  CHECK(s.say("a6 STORE 1 +FLAGS (\\Recent)") == "a6 BAD invalid flag\r\n");
}

TEST_CASE("SEARCH matches flags, headers, text, sizes, dates and UIDs", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  s.say("a2 SELECT INBOX");
  s.say("a3 STORE 1 +FLAGS (\\Seen)");
  CHECK(s.say("b1 SEARCH ALL") == "* SEARCH 1 2 3\r\nb1 OK SEARCH completed\r\n");
  CHECK(s.say("b2 SEARCH SEEN") == "* SEARCH 1\r\nb2 OK SEARCH completed\r\n");
  CHECK(s.say("b3 SEARCH UNSEEN") == "* SEARCH 2 3\r\nb3 OK SEARCH completed\r\n");
  CHECK(s.say("b4 SEARCH FROM gray") == "* SEARCH 2\r\nb4 OK SEARCH completed\r\n");
  CHECK(s.say("b5 SEARCH SUBJECT \"WG MTG\"") == "* SEARCH 2\r\nb5 OK SEARCH completed\r\n");
  CHECK(s.say("b6 SEARCH TO mrc") == "* SEARCH 1 2\r\nb6 OK SEARCH completed\r\n");
  CHECK(s.say("b7 SEARCH BODY \"plain part\"") == "* SEARCH 3\r\nb7 OK SEARCH completed\r\n");
  CHECK(s.say("b8 SEARCH TEXT parts") == "* SEARCH 3\r\nb8 OK SEARCH completed\r\n");
  CHECK(s.say("b9 UID SEARCH UID 2:*") == "* SEARCH 2 3\r\nb9 OK UID SEARCH completed\r\n");
  CHECK(s.say("c1 SEARCH OR SEEN FROM gray") == "* SEARCH 1 2\r\nc1 OK SEARCH completed\r\n");
  CHECK(s.say("c2 SEARCH NOT (SEEN) 2:3") == "* SEARCH 2 3\r\nc2 OK SEARCH completed\r\n");
  CHECK(s.say("c3 SEARCH SINCE 17-Jul-1996 BEFORE 18-Jul-1996") == "* SEARCH 2\r\nc3 OK SEARCH completed\r\n");
  CHECK(s.say("c4 SEARCH SENTON 17-Jul-1996") == "* SEARCH 2\r\nc4 OK SEARCH completed\r\n");
  CHECK(s.say("c5 SEARCH LARGER 100000") == "* SEARCH\r\nc5 OK SEARCH completed\r\n");
  CHECK(s.say("c6 SEARCH CHARSET UTF-8 HEADER Content-Type multipart") == "* SEARCH 3\r\nc6 OK SEARCH completed\r\n");
}

TEST_CASE("SEARCH CHARSET UTF-8 matches header values with their RFC 2047 words decoded", "[protocols][imap]") {
  store::Store st;
  st.add_user("u", "p");
  st.append("u", "INBOX", "From: a@b.example\r\nSubject: =?UTF-8?B?5Lit5paH?=\r\n\r\nx\r\n", {}, at_ns(0));
  st.append("u", "INBOX", "From: =?UTF-8?Q?=E5=BC=A0=E4=B8=89?= <zs@b.example>\r\nSubject: =?GB2312?B?u+HS6SDW0M7EILzN0qo=?=\r\n\r\nx\r\n",
            {}, at_ns(0));
  st.append("u", "INBOX", "From: c@b.example\r\nSubject: plain English\r\n\r\n中文 in the body\r\n", {}, at_ns(0));
  Session s(st);
  s.say("a1 LOGIN u p");
  s.say("a2 SELECT INBOX");
  // The 8-bit argument as an atom, and as a literal (what imaplib and mutt send).
  CHECK(s.say("b1 SEARCH CHARSET UTF-8 SUBJECT 中文") == "* SEARCH 1 2\r\nb1 OK SEARCH completed\r\n");
  CHECK(s.say("b2 SEARCH CHARSET UTF-8 SUBJECT {6+}\r\n中文") == "* SEARCH 1 2\r\nb2 OK SEARCH completed\r\n");
  CHECK(s.say("b3 SEARCH CHARSET UTF-8 FROM 张三") == "* SEARCH 2\r\nb3 OK SEARCH completed\r\n");
  CHECK(s.say("b4 SEARCH CHARSET UTF-8 HEADER Subject 纪要") == "* SEARCH 2\r\nb4 OK SEARCH completed\r\n");
  // As written still matches, and a header search does not look into the body.
  CHECK(s.say("b5 SEARCH SUBJECT GB2312") == "* SEARCH 2\r\nb5 OK SEARCH completed\r\n");
  CHECK(s.say("b6 SEARCH CHARSET UTF-8 BODY 中文") == "* SEARCH 3\r\nb6 OK SEARCH completed\r\n");
}

TEST_CASE("mailbox commands create, list, rename, subscribe, status and delete", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  CHECK(s.say("a2 CREATE Work/2024/") == "a2 OK CREATE completed\r\n");
  CHECK(s.say("a3 LIST \"\" *") == "* LIST (\\HasNoChildren) \"/\" INBOX\r\n* LIST (\\HasChildren) \"/\" Work\r\n"
                                   "* LIST (\\HasNoChildren) \"/\" Work/2024\r\na3 OK LIST completed\r\n");
  CHECK(s.say("a4 LIST \"\" %") == "* LIST (\\HasNoChildren) \"/\" INBOX\r\n* LIST (\\HasChildren) \"/\" Work\r\na4 OK LIST completed\r\n");
  CHECK(s.say("a5 LIST \"\" \"\"") == "* LIST (\\Noselect) \"/\" \"\"\r\na5 OK LIST completed\r\n");
  CHECK(s.say("a6 RENAME Work Jobs") == "a6 OK RENAME completed\r\n");
  CHECK(s.say("a7 SUBSCRIBE Jobs/2024") == "a7 OK SUBSCRIBE completed\r\n");
  CHECK(s.say("a8 LSUB \"\" *") == "* LSUB (\\HasNoChildren) \"/\" INBOX\r\n* LSUB (\\HasNoChildren) \"/\" Jobs/2024\r\na8 OK LSUB completed\r\n");
  CHECK(s.say("a9 STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)") ==
        "* STATUS INBOX (MESSAGES 3 UNSEEN 3 UIDNEXT 4 UIDVALIDITY 1)\r\na9 OK STATUS completed\r\n");
  CHECK(s.say("b1 DELETE Jobs") == "b1 NO mailbox has inferior hierarchical names\r\n");
  CHECK(s.say("b2 DELETE Jobs/2024") == "b2 OK DELETE completed\r\n");
  CHECK(s.say("b3 NAMESPACE") == "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\nb3 OK NAMESPACE completed\r\n");
  CHECK(s.say("b4 CAPABILITY") == "* CAPABILITY IMAP4rev1 LITERAL+ IDLE UIDPLUS MOVE NAMESPACE ID ENABLE SASL-IR AUTH=PLAIN\r\nb4 OK CAPABILITY completed\r\n");
}

TEST_CASE("EXPUNGE, UID EXPUNGE and CLOSE remove deleted messages", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  s.say("a2 SELECT INBOX");
  s.say("a3 STORE 1:3 +FLAGS.SILENT (\\Deleted)");
  CHECK(s.say("a4 UID EXPUNGE 2") == "* 2 EXPUNGE\r\na4 OK EXPUNGE completed\r\n");
  CHECK(s.say("a5 EXPUNGE") == "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\na5 OK EXPUNGE completed\r\n");
  CHECK(s.say("a6 APPEND INBOX (\\Deleted) {1+}\r\nx") ==
        "* 1 EXISTS\r\n* 1 RECENT\r\na6 OK [APPENDUID 1 4] APPEND completed\r\n");
  CHECK(s.say("a7 NOOP") == "a7 OK NOOP completed\r\n");
  CHECK(s.say("a8 CLOSE") == "a8 OK CLOSE completed\r\n");  // silent expunge (RFC 3501 §6.4.2)
  CHECK(s.server.state() == State::Authenticated);
  CHECK(st.folder("mrc", "INBOX")->messages.empty());
}

TEST_CASE("COPY answers with COPYUID and shares the bytes", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  st.create("mrc", "Saved");
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  s.say("a2 SELECT INBOX");
  CHECK(s.say("a3 COPY 2:3 Saved") == "a3 OK [COPYUID 2 2:3 1:2] COPY completed\r\n");
  CHECK(st.folder("mrc", "Saved")->messages.size() == 2);
}

TEST_CASE("the autologout timer ends an idle IMAP session with BYE", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  REQUIRE(s.server.poll_timeout());
  CHECK(*s.server.poll_timeout() == std::chrono::minutes(30) + Instant{});
  s.server.handle_timeout(Instant{} + std::chrono::minutes(30));
  CHECK(s.drain() == "* BYE Autologout; idle for too long\r\n");
  CHECK(s.server.wants_close());
}

TEST_CASE("server commands and replies carry IMAP labels", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  s.say("a2 SELECT INBOX");
  s.server.handle_bytes("a3 FETCH 1 (BODY[1])\r\n", Instant{});
  std::vector<Label> labels;
  while (auto t = s.server.poll_transmit()) labels.push_back(t->label);
  REQUIRE(labels.size() == 2);
  CHECK(labels[0].text.rfind("* 1 FETCH (BODY[1] {", 0) == 0);
  CHECK(labels[1] == Label{Proto::IMAP, LabelKind::Reply, "a3 OK FETCH completed"});
}

// RFC 3501 §9 on random input: every response is well formed (imap_grammar.hpp), the
// state is one of §3's and matches the StateChanged events, a BYE comes only with Logout or
// a closing session, and afterwards the session still answers a valid command.
TEST_CASE("random bytes get well-formed responses and the IMAP session goes on", "[protocols][imap]") {
  std::mt19937 rng(3501);
  std::vector<std::string> words = {"a1 LOGIN mrc secret\r\n", "a2 SELECT INBOX\r\n", "a3 FETCH 1:* (FLAGS BODY[])\r\n",
                                    "a4 STORE 1 +FLAGS (\\Deleted)\r\n", "a5 EXPUNGE\r\n", "a6 IDLE\r\n", "DONE\r\n",
                                    "a7 APPEND INBOX {5}\r\n", "a8 SEARCH OR SEEN (NOT FROM x)\r\n", "{3+}\r\n",
                                    "a9 MOVE 1 INBOX\r\n", "b1 FETCH 1 BODYSTRUCTURE\r\n", "b2 UID FETCH *:1 BODY[1.2.MIME]\r\n",
                                    "b3 AUTHENTICATE PLAIN\r\n", "AG1yYwBzZWNyZXQ=\r\n", "*\r\n",
                                    "b4 ID (\"name\" NIL)\r\n", "b5 ENABLE CONDSTORE\r\n", "b6 EXAMINE INBOX\r\n", "b7 LOGOUT\r\n",
                                    "+x LOGIN mrc secret\r\n", "a(b NOOP\r\n", "\x80\x81 NOOP\r\n"};
  int answered_after = 0, closed = 0;
  for (int round = 0; round < 150; ++round) {
    store::Store st = imap_test::sample_store();
    ServerConfig cfg;
    cfg.limits.max_line = 200;
    cfg.limits.max_literal = 100;
    Server server(st, cfg);
    server.handle_connected(Instant{});
    std::string out;
    std::optional<State> reported;
    auto pump = [&] {
      while (auto t = server.poll_transmit()) out += t->bytes;
      while (auto e = server.poll_event())
        if (auto* sc = std::get_if<StateChanged>(&*e)) {
          if (reported) CHECK(sc->from == to_string(*reported));
          for (State st2 : {State::NotAuthenticated, State::Authenticated, State::Selected, State::Logout})
            if (sc->to == to_string(st2)) reported = st2;
        }
    };
    pump();
    for (int i = 0; i < 40 && !server.wants_close(); ++i) {
      std::string chunk;
      if (rng() % 2) chunk = words[rng() % words.size()];
      else
        for (unsigned n = rng() % 30; n > 0; --n) chunk += static_cast<char>(rng() % 256);
      server.handle_bytes(chunk, Instant{});
      server.handle_store_changed(Instant{});
      pump();
    }
    State now = server.state();
    CHECK((now == State::NotAuthenticated || now == State::Authenticated || now == State::Selected || now == State::Logout));
    if (reported) CHECK(*reported == now);
    if (now == State::Logout) CHECK(server.wants_close());
    // A valid command, repeated until a pending literal, IDLE or AUTHENTICATE exchange has
    // taken the bytes before it: it must be answered with its own tag.
    bool answered = false;
    for (int k = 0; k < 12 && !server.wants_close() && !answered; ++k) {
      std::string tag = "z" + std::to_string(k);
      std::size_t before = out.size();
      server.handle_bytes("\r\nDONE\r\n*\r\n" + tag + " NOOP\r\n", Instant{});
      pump();
      answered = out.find(tag + " OK NOOP completed\r\n", before) != std::string::npos;
    }
    if (server.wants_close()) ++closed;
    else {
      CHECK(answered);
      answered_after += answered;
    }
    std::string why;
    auto rs = imap_test::parse_responses(out, &why);
    INFO("round " << round << ": " << why);
    REQUIRE(rs);
    for (const auto& r : *rs)
      if (r.tag == "*" && r.status == "BYE") CHECK((server.state() == State::Logout || server.wants_close()));
  }
  CHECK(answered_after > 50);  // the property was exercised, not skipped by closed sessions
  CHECK(closed > 0);
}

TEST_CASE("server reports commands, replies, states and store changes as events", "[protocols][imap]") {
  store::Store st = imap_test::sample_store();
  Session s(st);
  s.say("a1 LOGIN mrc secret");
  s.say("a2 SELECT INBOX");
  s.say("a3 UID STORE 1 +FLAGS (\\Seen)");
  s.say("a4 BOGUS");
  std::vector<std::string> verbs, states, changes, statuses;
  while (auto e = s.server.poll_event()) {
    if (auto c = std::get_if<CommandReceived>(&*e)) verbs.push_back(c->tag + " " + c->verb);
    if (auto c = std::get_if<StateChanged>(&*e)) states.push_back(c->to);
    if (auto c = std::get_if<StoreChanged>(&*e)) changes.push_back(c->change.describe());
    if (auto c = std::get_if<ReplySent>(&*e))
      if (c->tag != "*") statuses.push_back(c->tag + " " + c->status);
  }
  CHECK(verbs == std::vector<std::string>{"a1 LOGIN", "a2 SELECT", "a3 UID STORE", "a4 BOGUS"});
  CHECK(states == std::vector<std::string>{"Authenticated", "Selected"});
  CHECK(changes == std::vector<std::string>{"flags mrc/INBOX uid 1"});
  CHECK(statuses == std::vector<std::string>{"a1 OK", "a2 OK", "a3 OK", "a4 BAD"});
}

TEST_CASE("the IMAP command table says which states each command is valid in", "[protocols][imap]") {
  bool login = false, fetch = false, noop = false;
  for (const auto& c : Server::command_specs()) {
    if (c.verb == "LOGIN") login = c.states == std::vector<State>{State::NotAuthenticated};
    if (c.verb == "FETCH") fetch = c.states == std::vector<State>{State::Selected};
    if (c.verb == "NOOP")
      noop = c.states == std::vector<State>{State::NotAuthenticated, State::Authenticated, State::Selected};
  }
  CHECK(login);
  CHECK(fetch);
  CHECK(noop);
}

TEST_CASE("FETCH reaches into an attached message/rfc822 part", "[protocols][imap]") {
  store::Store st;
  st.add_user("u", "p");
  st.append("u", "INBOX",
            "From: a@x.example\r\nSubject: fwd\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
            "--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@y.example\r\nSubject: inner\r\n\r\ninner body\r\n"
            "--b--\r\n",
            {}, Instant{});
  Session s(st);
  s.say("a1 LOGIN u p");
  s.say("a2 SELECT INBOX");
  CHECK(s.say("a3 FETCH 1 BODY.PEEK[2.HEADER]") ==
        "* 1 FETCH (BODY[2.HEADER] {37}\r\nFrom: c@y.example\r\nSubject: inner\r\n\r\n)\r\na3 OK FETCH completed\r\n");
  CHECK(s.say("a4 FETCH 1 BODY.PEEK[2.TEXT]") == "* 1 FETCH (BODY[2.TEXT] \"inner body\")\r\na4 OK FETCH completed\r\n");
  CHECK(s.say("a5 FETCH 1 BODY.PEEK[1.HEADER]") == "* 1 FETCH (BODY[1.HEADER] \"\")\r\na5 OK FETCH completed\r\n");
  std::string bs = s.say("a6 FETCH 1 BODY");
  CHECK(bs.find("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" ") != std::string::npos);
  CHECK(bs.find("(NIL \"inner\" ((NIL NIL \"c\" \"y.example\"))") != std::string::npos);
  CHECK(bs.find("\"MIXED\")") != std::string::npos);  // BODY has no extension data
}

TEST_CASE("a store that counts from the run's start speaks calendar time (epoch_unix)", "[protocols][imap]") {
  // A simulated server's store: instant zero is the scenario's start, 2026-01-05 01:00 UTC.
  store::Store st;
  st.add_user("bob", "pw");
  st.append("bob", "INBOX", "Subject: hi\r\n\r\nbody\r\n", {}, at_ns(3'600'000'000'000));  // an hour in
  ServerConfig cfg;
  cfg.epoch_unix = 1767574800;
  Session s(st, cfg);
  s.say("a1 LOGIN bob pw");
  s.say("a2 SELECT INBOX");
  CHECK(s.say("a3 FETCH 1 INTERNALDATE") == "* 1 FETCH (INTERNALDATE \"05-Jan-2026 02:00:00 +0000\")\r\na3 OK FETCH completed\r\n");
  CHECK(s.say("a4 SEARCH ON 5-Jan-2026") == "* SEARCH 1\r\na4 OK SEARCH completed\r\n");
  CHECK(s.say("a5 SEARCH BEFORE 5-Jan-2026") == "* SEARCH\r\na5 OK SEARCH completed\r\n");
  // An APPEND's date is stored on the same scale and reads back as given.
  CHECK(s.say("a6 APPEND INBOX \"04-Jan-2026 23:00:00 +0000\" {2+}\r\nHi").find("a6 OK") != std::string::npos);
  CHECK(s.say("a7 FETCH 2 INTERNALDATE").rfind("* 2 FETCH (INTERNALDATE \"04-Jan-2026 23:00:00 +0000\")", 0) == 0);
  CHECK(st.folder("bob", "INBOX")->find(2)->internal_date < Instant{});  // before the run began
}
