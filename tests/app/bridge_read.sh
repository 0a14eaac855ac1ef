#!/usr/bin/env bash
# Real reading clients through the bridge: a message sent with curl (smtp://) is listed and
# read back with Python's poplib, imaplib and curl (pop3://, imap://), byte for byte, with
# its Chinese subject; flags set over IMAP stay on the server; imaplib logs in with
# AUTHENTICATE PLAIN too (curl picks it, with SASL-IR). Loopback only, bounded.
set -u
bin=$1; src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: curl missing"; exit 77; }
. "$src/tests/app/lib_serve.sh"
serve_start "imap of mail.b.example" "$src/assets/scenarios/textbook.json" --server mail.b.example \
  "${serve_ports[@]}"
printf 'From: carol@c.example\r\nTo: bob@b.example\r\nSubject: =?UTF-8?B?5rWL6K+VIHRlc3Q=?=\r\nMessage-ID: <curl-1@c.example>\r\n\r\nSent with curl.\r\n' > "$tmp/msg.eml"
timeout 20 curl -s --url "smtp://127.0.0.1:$port" --mail-from carol@c.example --mail-rcpt bob@b.example \
  --upload-file "$tmp/msg.eml" || fail "curl smtp send"
timeout 20 "$py" - "$((port+2))" "$((port+3))" "$tmp/msg.eml" <<'PY' || fail "poplib/imaplib"
import imaplib, poplib, sys, email, email.policy
pop_port, imap_port, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sent = open(path, "rb").read()
p = poplib.POP3("127.0.0.1", pop_port, timeout=10)
p.user("bob"); p.pass_("bob-secret")
count, size = p.stat()
assert count >= 1, count
# The scenario's own mail (alice's, sent at 1 s) may reach bob before or after curl's on a
# loaded machine: find curl's by its bytes, not by its position.
got = None
for n in range(1, count + 1):
    resp, lines, octets = p.retr(n)
    msg = b"\r\n".join(lines) + b"\r\n"
    if msg.endswith(sent):                      # byte for byte after the Received fields
        got = msg
assert got is not None, "curl's message not in the POP3 maildrop"
m = email.message_from_bytes(got, policy=email.policy.default)
assert m["Subject"] == "测试 test", m["Subject"]
try:
    p.user("nobody"); p.pass_("x")
except poplib.error_proto:
    pass
p.quit()                                        # keep mode by default: nothing DELEted
i = imaplib.IMAP4("127.0.0.1", imap_port)
i.login("bob", "bob-secret")
typ, data = i.select("INBOX")
assert typ == "OK", data
typ, data = i.search(None, "UNSEEN", "HEADER", "Message-ID", "<curl-1@c.example>")
uids = data[0].split()
assert uids, data
typ, data = i.fetch(uids[-1], "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
assert b"5rWL6K+VIHRlc3Q" in data[0][1], data
typ, data = i.store(uids[-1], "+FLAGS", "(\\Seen)")
assert typ == "OK" and b"\\Seen" in data[0], data
typ, data = i.search(None, "UNSEEN")
assert uids[-1] not in data[0].split(), data
typ, data = i.create("Archive")
assert typ == "OK", data
i.logout()
j = imaplib.IMAP4("127.0.0.1", imap_port)       # AUTHENTICATE PLAIN (RFC 4616), "+ " form
assert "AUTH=PLAIN" in j.capabilities, j.capabilities
try:
    j.authenticate("PLAIN", lambda challenge: b"\0bob\0wrong")
    raise AssertionError("a wrong password was accepted")
except imaplib.IMAP4.error as e:
    assert "AUTHENTICATIONFAILED" in str(e), e
typ, data = j.authenticate("PLAIN", lambda challenge: b"\0bob\0bob-secret")
assert typ == "OK", data
typ, data = j.select("INBOX")
assert typ == "OK", data
j.logout()
print("poplib and imaplib ok")
PY
out=$(timeout 20 curl -s --url "pop3://127.0.0.1:$((port+2))/" -u bob:bob-secret) || fail "curl pop3 list"
echo "$out" | grep -qE "^1 [0-9]+" || fail "curl pop3 list: $out"
# curl's message is UID 1 or 2, depending on whether alice's arrived first.
out=$(for uid in 1 2; do timeout 20 curl -s --url "imap://127.0.0.1:$((port+3))/INBOX;UID=$uid" -u bob:bob-secret || true; done)  # UID 2 may not exist yet
echo "$out" | grep -q "Sent with curl." || fail "curl imap fetch: $out"
out=$(timeout 20 curl -s --url "imap://127.0.0.1:$((port+3))/" -u bob:bob-secret) || fail "curl imap list"
echo "$out" | grep -q "Archive" || fail "curl imap list: $out"
serve_stop
echo "bridge read ok"
