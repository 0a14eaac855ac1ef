#!/usr/bin/env bash
# Real, unmodified mail clients against mailsim serve (on loopback, bounded in time): swaks
# and mutt (batch mode) send a message each with a Chinese subject, a UTF-8 body and a binary
# attachment; Python's imaplib, fetchmail (POP3 and IMAP, to an MDA that writes a file) and
# mutt (driven through a pseudo-terminal) read them back. Every reader gets the same bytes:
# swaks's DATA exactly, after the Received field the server adds; fetchmail byte for byte
# (no stripcr); mutt the same with LF line ends (it keeps messages the Unix way); mutt's
# own copy of what it sent (its Fcc mbox, without the mbox bookkeeping fields) matches too.
set -u
bin=$1; src=$2
py=/usr/bin/python3
for t in "$py" swaks fetchmail mutt; do
  command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/deps.sh installs it)"; exit 77; }
done
. "$src/tests/app/lib_serve.sh"
smtp=$port; pop3=$((port+2)); imap=$((port+3))
serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example --smtp $smtp \
  --submission $((port+1)) --pop3 $pop3 --imap $imap --http $((port+4))

printf 'PK\003\004 binary \000\377\376 attachment\r\n.\nend\n' > "$tmp/att.bin"
printf '正文：你好，鲍勃。\n.leading dot\nSecond line.\n' > "$tmp/body.txt"

# swaks builds and sends message A; its transcript shows every DATA line it sent.
subject_a="=?UTF-8?B?$(printf '中文主题 from swaks' | base64 -w0)?="
timeout 20 swaks --server 127.0.0.1:$smtp --from carol@c.example --to bob@b.example \
  --header "Subject: $subject_a" --body @"$tmp/body.txt" \
  --attach-type application/octet-stream --attach "$tmp/att.bin" > "$tmp/swaks.out" 2>&1 \
  || fail "swaks: $(tail -5 "$tmp/swaks.out")"
grep -q '^<-  250 2.0.0 Ok: queued' "$tmp/swaks.out" || fail "swaks message not queued"

# mutt sends message B in batch mode (no terminal), keeping its own copy in an mbox.
mkdir -p "$tmp/mutt"
cat > "$tmp/mutt/sendrc" <<EOF
set smtp_url = "smtp://127.0.0.1:$smtp/"
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
  -- bob@b.example < "$tmp/body.txt" > "$tmp/mutt/send.out" 2>&1 || fail "mutt send: $(cat "$tmp/mutt/send.out")"

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
  FETCHMAILHOME="$tmp/fm" HOME="$tmp/fm" timeout 30 fetchmail -f "$tmp/fm/$proto.rc" --nodetach \
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
import email, email.policy, glob, imaplib, os, pty, select, sys, time
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
fcc = open(f"{tmp}/mutt/sent.mbox", "rb").read()
msgid_b = email.message_from_bytes(fcc.split(b"\n", 1)[1])["Message-ID"].strip("<> ")

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

# A: exactly what swaks sent, after the one Received field the server put on top.
assert got_a.startswith(b"Received: from "), got_a[:80]
assert got_a.endswith(sent_a), "imaplib's copy of the swaks message differs from what swaks sent"
received = got_a[: len(got_a) - len(sent_a)]
assert received.count(b"Received:") == 1 and received.endswith(b"\r\n"), received

for msg in (got_a, got_b):
    parsed = email.message_from_bytes(msg, policy=email.policy.default)
    assert parsed["Subject"].startswith("中文主题 from "), parsed["Subject"]
    parts = list(parsed.iter_attachments())
    assert len(parts) == 1 and parts[0].get_content() == attachment, "attachment changed"
    text = next(parsed.iter_parts()).get_payload(decode=True).decode("utf-8")
    assert text.replace("\r\n", "\n").rstrip("\n") == body_text.rstrip("\n"), repr(text)

# B: mutt's own copy, less what mbox adds (the From_ line, Status, Content-Length, Lines and
# the blank line that separates messages), is what the server stored after its Received field.
own = fcc.split(b"\n", 1)[1]
own = b"".join(l for l in own.splitlines(keepends=True)
               if not l.startswith((b"Status: ", b"Content-Length: ", b"Lines: ")))
own = own[:-1] if own.endswith(b"\n\n") else own
assert got_b.endswith(own.replace(b"\n", b"\r\n")), "mutt's Fcc copy differs from what the server stored"

# fetchmail, over POP3 and over IMAP: the same bytes as imaplib, CR LF and all.
for proto in ("pop3", "imap"):
    files = [open(f, "rb").read() for f in glob.glob(f"{tmp}/fm/{proto}/msg.*")]
    for msgid, want in ((msgid_a, got_a), (msgid_b, got_b)):
        mine = [f for f in files if msgid.encode() in f]
        assert len(mine) == 1, (proto, msgid, len(mine))
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
