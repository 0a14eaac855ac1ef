#!/usr/bin/env bash
# mbsync (isync, Debian's, unmodified) keeps a local Maildir in step with bob's mailbox on
# mailsim serve, both ways: the first sync copies the server's messages down; then a folder
# made locally, a flag set locally and a message deleted locally reach the server; then a
# folder, a message and a flag made on the server (with imaplib) reach the Maildir.
# Loopback only, bounded in time.
set -u
bin=$1; src=$2
py=/usr/bin/python3
for t in "$py" mbsync; do
  command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/deps.sh installs it)"; exit 77; }
done
. "$src/tests/app/lib_serve.sh"
imap=$((port + 3))
serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}"
mkdir -p "$tmp/home" "$tmp/mail"
cat > "$tmp/mbsyncrc" <<EOF
IMAPAccount bridge
Host 127.0.0.1
Port $imap
User bob
Pass bob-secret
SSLType None
AuthMechs LOGIN
Timeout 10

IMAPStore far
Account bridge

MaildirStore near
Path $tmp/mail/
Inbox $tmp/mail/INBOX
SubFolders Verbatim

Channel bob
Far :far:
Near :near:
Patterns *
Create Both
Remove Both
Expunge Both
SyncState *
EOF
sync() { HOME="$tmp/home" timeout 20 mbsync -c "$tmp/mbsyncrc" -a > "$tmp/mbsync.$1.out" 2>&1 || fail "mbsync ($1): $(tail -5 "$tmp/mbsync.$1.out")"; }

# Two messages in bob's INBOX, sent over SMTP, before the first sync.
timeout 30 "$py" - "$port" <<'PY' || fail "could not put two messages in bob's INBOX"
import imaplib, smtplib, sys, time
port = int(sys.argv[1])
with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
    for n in (1, 2):
        s.sendmail("carol@c.example", ["bob@b.example"],
                   f"From: carol@c.example\r\nTo: bob@b.example\r\nSubject: mbsync {n}\r\nMessage-ID: <mbsync-{n}@c.example>\r\n\r\nBody {n}.\r\n")
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    with imaplib.IMAP4("127.0.0.1", port + 3) as m:
        m.login("bob", "bob-secret")
        m.select("INBOX", readonly=True)
        if len(m.search(None, "SUBJECT", "mbsync")[1][0].split()) == 2: break
    time.sleep(0.2)
else:
    raise SystemExit("the two messages did not arrive")
PY

sync down
files=$(grep -l '^Subject: mbsync' "$tmp"/mail/INBOX/{cur,new}/* 2>/dev/null | wc -l)
[ "$files" = 2 ] || fail "after the first sync the Maildir holds $files of the 2 messages: $(cat "$tmp/mbsync.down.out")"

# Locally: a new folder with a message, message 1 flagged, message 2 deleted (trashed).
mkdir -p "$tmp/mail/Local/cur" "$tmp/mail/Local/new" "$tmp/mail/Local/tmp"
printf 'From: bob@b.example\r\nTo: bob@b.example\r\nSubject: made locally\r\nMessage-ID: <local-1@b.example>\r\n\r\nWritten in the Maildir.\r\n' \
  > "$tmp/mail/Local/new/1700000000.1.local"
one=$(grep -l 'mbsync-1@' "$tmp"/mail/INBOX/{cur,new}/* 2>/dev/null | head -1)
two=$(grep -l 'mbsync-2@' "$tmp"/mail/INBOX/{cur,new}/* 2>/dev/null | head -1)
mv "$one" "$tmp/mail/INBOX/cur/$(basename "${one%%:2,*}"):2,F"
mv "$two" "$tmp/mail/INBOX/cur/$(basename "${two%%:2,*}"):2,T"
sync up
timeout 20 "$py" - "$imap" <<'PY' || fail "the local changes did not reach the server"
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("bob", "bob-secret")
typ, d = m.select("Local", readonly=True)
assert typ == "OK" and int(d[0]) == 1, ("the folder made locally", typ, d)
assert m.search(None, "SUBJECT", '"made locally"')[1][0].split(), "its message"
m.select("INBOX")
assert m.search(None, "HEADER", "Message-ID", "mbsync-1@", "FLAGGED")[1][0].split(), "flag set locally"
assert not m.search(None, "HEADER", "Message-ID", "mbsync-2@")[1][0].split(), "message deleted locally is still there"
# On the server: a new folder with a message, and \Seen on message 1.
m.create("Remote")
m.append("Remote", None, None, b"From: carol@c.example\r\nSubject: made on the server\r\nMessage-ID: <remote-1@c.example>\r\n\r\nAPPENDed.\r\n")
n = m.search(None, "HEADER", "Message-ID", "mbsync-1@")[1][0].split()[0]
m.store(n, "+FLAGS", "(\\Seen)")
m.logout()
PY
sync again
cat "$tmp"/mail/Remote/{cur,new}/* 2>/dev/null | grep -q 'remote-1@' || fail "the folder made on the server is not in the Maildir: $(ls -R "$tmp/mail")"
ls "$tmp"/mail/INBOX/cur/ | grep -q ':2,FS$' || fail "\\Seen set on the server did not reach the Maildir: $(ls "$tmp"/mail/INBOX/cur)"
serve_stop
echo "bridge mbsync ok ($(mbsync --version))"
