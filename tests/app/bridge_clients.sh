#!/usr/bin/env bash
# Real, unmodified mail clients against mailsim serve (on loopback, bounded in time): swaks
# and mutt (batch mode) send a message each with a Chinese subject, a UTF-8 body and a binary
# attachment; Python's imaplib, fetchmail (POP3 and IMAP, to an MDA that writes a file) and
# mutt (driven through a pseudo-terminal) read them back. Every reader gets the same bytes:
# each sender's DATA exactly (swaks's from its transcript, mutt's as a relay saw it on the
# wire), after the Return-Path and Received fields the server adds; fetchmail byte for byte (no stripcr);
# mutt the same with LF line ends (it keeps messages the Unix way). mutt's own copy of what
# it sent (its Fcc mbox, without the mbox bookkeeping fields) matches too, but for the value
# of its Date field: mutt stamps Date each time it writes the header, so its Fcc copy, written
# after the server's 250, may be a second or more later than the message it sent.
set -u
bin=$1; src=$2
py=/usr/bin/python3
for t in "$py" swaks fetchmail mutt; do
  command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/deps.sh installs it)"; exit 77; }
done
. "$src/tests/app/lib_serve.sh"
smtp=$port; pop3=$((port+2)); imap=$((port+3))
serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}"

printf 'PK\003\004 binary \000\377\376 attachment\r\n.\nend\n' > "$tmp/att.bin"
printf '正文：你好，鲍勃。\n.leading dot\nSecond line.\n' > "$tmp/body.txt"

# swaks builds and sends message A; its transcript shows every DATA line it sent.
subject_a="=?UTF-8?B?$(printf '中文主题 from swaks' | base64 -w0)?="
timeout 20 swaks --server 127.0.0.1:$smtp --from carol@c.example --to bob@b.example \
  --header "Subject: $subject_a" --body @"$tmp/body.txt" \
  --attach-type application/octet-stream --attach "$tmp/att.bin" > "$tmp/swaks.out" 2>&1 \
  || fail "swaks: $(tail -5 "$tmp/swaks.out")"
grep -q '^<-  250 2.0.0 Ok: queued' "$tmp/swaks.out" || fail "swaks message not queued"

# mutt sends message B in batch mode (no terminal), keeping its own copy in an mbox. It
# talks to the server through a relay that keeps what mutt wrote (wire.bin): its Fcc copy is
# not that, as its Date is stamped anew when the copy is written. The relay takes one
# connection, on a port of the kernel's choosing, and gives up after 20 s without traffic.
mkdir -p "$tmp/mutt"
"$py" - "$smtp" "$tmp/mutt" > "$tmp/mutt/relay.out" 2>&1 <<'PY' &
import os, select, socket, sys
upstream, folder = int(sys.argv[1]), sys.argv[2]
listener = socket.create_server(("127.0.0.1", 0))
listener.settimeout(20)
with open(f"{folder}/relay.port.new", "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(f"{folder}/relay.port.new", f"{folder}/relay.port")
client, _ = listener.accept()
server = socket.create_connection(("127.0.0.1", upstream), timeout=20)
peer, wrote = {client: server, server: client}, bytearray()
while peer:
    ready = select.select(list(peer), [], [], 20)[0]
    if not ready:
        raise SystemExit("relay: no traffic for 20 s")
    for s in ready:
        try:
            data = s.recv(65536)
        except ConnectionError:
            data = b""
        if s is client:
            wrote += data
        try:
            if data:
                peer[s].sendall(data)
            else:
                peer.pop(s).shutdown(socket.SHUT_WR)
        except OSError:
            peer.pop(s, None)
with open(f"{folder}/wire.bin", "wb") as f:
    f.write(wrote)
PY
relay=$!
for i in $(seq 1 200); do [ -s "$tmp/mutt/relay.port" ] && break; sleep 0.1; done
[ -s "$tmp/mutt/relay.port" ] || fail "relay did not start: $(cat "$tmp/mutt/relay.out")"
cat > "$tmp/mutt/sendrc" <<EOF
set smtp_url = "smtp://127.0.0.1:$(cat "$tmp/mutt/relay.port")/"
set from = "carol@c.example"
set realname = "Carol"
set hostname = "c.example"
set use_from = yes
set charset = "utf-8"
set send_charset = "utf-8"
set ssl_starttls = no
set ssl_force_tls = no
set record = "$tmp/mutt/sent.mbox"
EOF
HOME="$tmp/mutt" timeout 20 mutt -n -F "$tmp/mutt/sendrc" -s "中文主题 from mutt" -a "$tmp/att.bin" \
  -- bob@b.example < "$tmp/body.txt" > "$tmp/mutt/send.out" 2>&1 \
  || { kill $relay 2>/dev/null; fail "mutt send: $(cat "$tmp/mutt/send.out")"; }
wait $relay || fail "relay: $(cat "$tmp/mutt/relay.out")"

# The scenario's own mail reaches bob too (alice's at 1 s, the webmail's at 20 s). Wait
# until all four messages are in bob's INBOX before any client reads it: a message that
# arrives during fetchmail's IMAP session (* 3 EXISTS) makes fetchmail, with fetchall and
# keep, poll again and hand the messages it already fetched to its MDA a second time.
timeout 90 "$py" - "$imap" <<'PY' || fail "bob's INBOX never held the four messages"
import imaplib, sys, time
deadline = time.monotonic() + 80
while True:
    with imaplib.IMAP4("127.0.0.1", int(sys.argv[1])) as m:
        m.login("bob", "bob-secret")
        count = int(m.select("INBOX", readonly=True)[1][0])
        m.logout()
    if count >= 4:
        break
    if time.monotonic() > deadline:
        raise SystemExit(f"bob's INBOX holds {count} messages, not 4")
    time.sleep(0.5)
PY

# fetchmail reads bob's mailbox over POP3 and over IMAP, keeping the messages, one file each.
mkdir -p "$tmp/fm/pop3" "$tmp/fm/imap"
for proto in pop3 imap; do
  p=$pop3; [ $proto = imap ] && p=$imap
  cat > "$tmp/fm/$proto.rc" <<EOF
set no syslog
set invisible
poll 127.0.0.1 service $p protocol $proto auth password timeout 20
  user "bob" there with password "bob-secret" is "$(id -un)" here
  keep fetchall no rewrite no stripcr sslproto "" no sslcertck
  mda "/bin/sh -c 'cat > \$(mktemp $tmp/fm/$proto/msg.XXXXXX)'"
EOF
  chmod 600 "$tmp/fm/$proto.rc"
  FETCHMAILHOME="$tmp/fm" HOME="$tmp/fm" timeout 30 fetchmail -v --pidfile "$tmp/fm/$proto.pid" -f "$tmp/fm/$proto.rc" --nodetach \
    > "$tmp/fm/$proto.out" 2>&1 || fail "fetchmail $proto: $(tail -5 "$tmp/fm/$proto.out")"
done

cat > "$tmp/mutt/readrc" <<EOF
set folder = "$tmp/mutt"
set spoolfile = "imap://bob:bob-secret@127.0.0.1:$imap/INBOX"
set ssl_starttls = no
set ssl_force_tls = no
set move = no
set quit = yes
set wait_key = no
set pipe_decode = no
set mail_check = 0
set header_cache = ""
set message_cachedir = ""
EOF

timeout 60 "$py" - "$tmp" "$imap" <<'PY' || fail "clients disagree"
import email, email.policy, email.utils, glob, imaplib, os, pty, re, select, sys, time
tmp, imap_port = sys.argv[1], int(sys.argv[2])
attachment = open(f"{tmp}/att.bin", "rb").read()
body_text = open(f"{tmp}/body.txt", encoding="utf-8").read()

# What swaks sent: the lines after its DATA's 354, up to the final dot, each ended by CR LF.
# swaks shows them as they went on the wire, dot-stuffed: the server removes the leading dot
# of a line that starts with one (RFC 5321 §4.5.2), so the message has it once.
lines = open(f"{tmp}/swaks.out", encoding="utf-8").read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("<-  354"))
j = next(k for k, l in enumerate(lines) if l == " -> ." and k > i)
wire = [l[4:] for l in lines[i + 1:j]]
assert "..leading dot" in wire, "swaks did not dot-stuff"
sent_a = "".join((l[1:] if l.startswith(".") else l) + "\r\n" for l in wire).encode()
msgid_a = email.message_from_bytes(sent_a)["Message-Id"].strip("<> ")

# What mutt sent: the bytes it wrote to the relay after its DATA command, up to the final
# dot (mutt waits for each reply, so DATA is a line of its own), dot-stuffed the same way.
wrote = open(f"{tmp}/mutt/wire.bin", "rb").read()
i = wrote.index(b"\r\nDATA\r\n") + len(b"\r\nDATA\r\n")
j = wrote.index(b"\r\n.\r\n", i) + len(b"\r\n")
wire = wrote[i:j].split(b"\r\n")[:-1]
assert b"..leading dot" in wire, "mutt did not dot-stuff"
sent_b = b"".join((l[1:] if l.startswith(b".") else l) + b"\r\n" for l in wire)
msgid_b = email.message_from_bytes(sent_b)["Message-ID"].strip("<> ")

# Python's imaplib: each message found by its Message-ID.
m = imaplib.IMAP4("127.0.0.1", imap_port)
m.login("bob", "bob-secret")
m.select("INBOX", readonly=True)
def fetch(msgid):
    typ, d = m.uid("SEARCH", None, "HEADER", "Message-ID", msgid)
    uids = d[0].split()
    assert len(uids) == 1, (msgid, uids)
    typ, d = m.uid("FETCH", uids[0], "(BODY.PEEK[])")
    return d[0][1]
got_a, got_b = fetch(msgid_a), fetch(msgid_b)
m.logout()

# A and B: exactly what swaks and mutt sent, after what final delivery put on top: the
# Return-Path with the envelope sender (RFC 5321 §4.4) and the one Received field.
for who, got, sent in (("swaks", got_a, sent_a), ("mutt", got_b, sent_b)):
    assert got.startswith(b"Return-Path: <"), got[:80]
    assert got.split(b"\r\n", 1)[1].startswith(b"Received: from "), got[:200]
    assert got.endswith(sent), f"imaplib's copy of the {who} message differs from what {who} sent"
    received = got[: len(got) - len(sent)]
    assert received.count(b"Received:") == 1 and received.endswith(b"\r\n"), received

for msg in (got_a, got_b):
    parsed = email.message_from_bytes(msg, policy=email.policy.default)
    assert parsed["Subject"].startswith("中文主题 from "), parsed["Subject"]
    parts = list(parsed.iter_attachments())
    assert len(parts) == 1 and parts[0].get_content() == attachment, "attachment changed"
    text = next(parsed.iter_parts()).get_payload(decode=True).decode("utf-8")
    assert text.replace("\r\n", "\n").rstrip("\n") == body_text.rstrip("\n"), repr(text)

# mutt's own copy, less what mbox adds (the From_ line; Status, Content-Length and Lines in
# the header; the blank line that separates messages), is what it sent, but for the value of
# Date: mutt writes Date from the clock each time it writes a header, and it writes the Fcc
# copy after the server's 250 (mutt's $fcc_before_send is unset), so the copy's Date is the
# same or up to the 20 s mutt may take later. Every other byte is compared.
fcc = open(f"{tmp}/mutt/sent.mbox", "rb").read()
assert fcc.startswith(b"From carol@c.example ") and fcc.count(b"\nFrom ") == 0, fcc[:80]
head, body = fcc.split(b"\n", 1)[1].split(b"\n\n", 1)
head = b"".join(l for l in (head + b"\n").splitlines(keepends=True)
                if not l.startswith((b"Status: ", b"Content-Length: ", b"Lines: ")))
body = body[:-1] if body.endswith(b"\n\n") else body
own = (head + b"\n" + body).replace(b"\n", b"\r\n")
date = re.compile(rb"^Date: ([^\r\n]*)\r\n", re.M)
own_date, sent_date = date.search(own), date.search(sent_b)
assert own_date and sent_date and own_date.start() == sent_date.start(), "Date fields differ in place"
stamped = [email.utils.parsedate_to_datetime(d[1].decode()) for d in (sent_date, own_date)]
assert 0 <= (stamped[1] - stamped[0]).total_seconds() <= 20, (sent_date[1], own_date[1])
assert date.sub(lambda _: sent_date[0], own, count=1) == sent_b, \
    "mutt's Fcc copy differs from what it sent (and the server stored) in more than its Date"

# fetchmail, over POP3 and over IMAP: the same bytes as imaplib, CR LF and all.
for proto in ("pop3", "imap"):
    files = [open(f, "rb").read() for f in glob.glob(f"{tmp}/fm/{proto}/msg.*")]
    for msgid, want in ((msgid_a, got_a), (msgid_b, got_b)):
        mine = [f for f in files if msgid.encode() in f]
        assert len(mine) == 1, (proto, msgid, len(mine), open(f"{tmp}/fm/{proto}.out").read()[-3000:])
        assert mine[0] == want, f"fetchmail over {proto} got other bytes than imaplib"

# mutt, driven through a pseudo-terminal: limit the index to the message, pipe it raw to a file.
for msgid, want in ((msgid_a, got_a), (msgid_b, got_b)):
    out = f"{tmp}/mutt/read-{msgid.replace('/', '_')}.eml"
    keys = f'push "<limit>~i {msgid}<enter><pipe-message>cat > {out}<enter><quit>"'
    child, fd = pty.fork()
    if child == 0:
        os.environ.update(TERM="vt100", HOME=f"{tmp}/mutt", LINES="40", COLUMNS="120")
        os.execvp("mutt", ["mutt", "-n", "-F", f"{tmp}/mutt/readrc", "-e", keys])
    deadline, screen = time.time() + 20, b""
    while time.time() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            screen += chunk
        if os.waitpid(child, os.WNOHANG)[0]:
            break
    else:
        os.kill(child, 9)
        raise SystemExit("mutt did not finish; screen: %r" % screen[-400:])
    got = open(out, "rb").read()
    assert got == want.replace(b"\r\n", b"\n"), "mutt read other bytes than imaplib"
print("swaks, mutt, imaplib and fetchmail agree on", msgid_a, "and", msgid_b)
PY
serve_stop
echo "bridge clients ok"
