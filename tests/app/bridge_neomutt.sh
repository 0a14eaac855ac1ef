#!/usr/bin/env bash
# neomutt (Debian's, unmodified) in a headless tmux terminal against mailsim serve: it opens
# bob's INBOX over IMAP, lists a message whose RFC 2047 subject is Chinese and shows it
# decoded (read back from the terminal with capture-pane), opens it and shows the Chinese
# body, then composes and sends a message over submission with AUTH, which reaches the
# mailbox. Loopback only, every wait bounded.
set -u
bin=$1; src=$2
py=/usr/bin/python3
for t in "$py" neomutt tmux; do
  command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/deps.sh installs it)"; exit 77; }
done
. "$src/tests/app/lib_serve.sh"
imap=$((port + 3))
serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}"
sock="mailsim-neomutt-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; serve_cleanup' EXIT

timeout 20 "$py" - "$port" <<'PY' || fail "could not send the message neomutt is to read"
import smtplib, sys
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "Carol <carol@c.example>"
m["To"] = "bob@b.example"
m["Subject"] = "中文主题 for neomutt"
m["Message-ID"] = "<neomutt-1@c.example>"
m.set_content("你好，鲍勃。这封信由 neomutt 读取。\n")
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10) as s:
    s.send_message(m)
PY

mkdir -p "$tmp/home"
printf '#!/bin/sh\nprintf "Typed in the editor neomutt ran.\\n" >> "$1"\n' > "$tmp/editor.sh"
chmod +x "$tmp/editor.sh"
cat > "$tmp/neomuttrc" <<EOF
set folder = "imap://127.0.0.1:$imap/"
set spoolfile = "+INBOX"
set imap_user = "bob"
set imap_pass = "bob-secret"
set ssl_starttls = no
set ssl_force_tls = no
set smtp_url = "smtp://bob@127.0.0.1:$((port + 1))/"
set smtp_pass = "bob-secret"
set from = "bob@b.example"
set real_name = "Bob"
set hostname = "b.example"
set use_from = yes
set charset = "utf-8"
set send_charset = "utf-8"
set record = ""
set copy = no
set editor = "$tmp/editor.sh"
set edit_headers = no
set wait_key = no
set sort = date
set mail_check = 1
EOF

# Waits until the terminal shows TEXT (a fixed string), at most 10 s.
screen_has() {
  local i
  for i in $(seq 1 100); do
    tm capture-pane -p -t nm > "$tmp/screen.txt" 2>/dev/null && grep -qF -- "$1" "$tmp/screen.txt" && return 0
    sleep 0.1
  done
  fail "neomutt's screen never showed '$1'; it shows:
$(cat "$tmp/screen.txt")"
}

tm -u new-session -d -s nm -x 150 -y 40 \
  "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen HOME=$tmp/home neomutt -n -F $tmp/neomuttrc"
screen_has "中文主题 for neomutt"      # the index decodes the RFC 2047 subject
tm send-keys -t nm "l" && screen_has "Limit to messages matching"
tm send-keys -t nm -l "~i neomutt-1@" && tm send-keys -t nm Enter
tm send-keys -t nm Enter               # open it
screen_has "这封信由 neomutt 读取"       # the body, decoded from its transfer encoding
tm send-keys -t nm "q"                 # back to the index
tm send-keys -t nm "m" && screen_has "To:"
tm send-keys -t nm -l "bob@b.example" && tm send-keys -t nm Enter
screen_has "Subject:"
tm send-keys -t nm -l "written in neomutt" && tm send-keys -t nm Enter
screen_has "y:Send"                    # the compose menu, after the editor ran
tm send-keys -t nm "y"
screen_has "Mail sent"
tm send-keys -t nm "q"

timeout 20 "$py" - "$imap" <<'PY' || fail "the message neomutt sent is not in bob's mailbox"
import imaplib, sys, time
deadline = time.monotonic() + 15
while True:
    m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
    m.login("bob", "bob-secret")
    m.select("INBOX", readonly=True)
    hits = m.search(None, "SUBJECT", '"written in neomutt"')[1][0].split()
    if hits or time.monotonic() > deadline: break
    m.logout(); time.sleep(0.2)
assert hits, "not delivered"
raw = next(x for x in m.fetch(hits[0], "(BODY.PEEK[])")[1] if isinstance(x, tuple))[1]
assert raw.startswith(b"Return-Path: <bob@b.example>\r\n"), raw[:100]
assert b"Typed in the editor neomutt ran." in raw, raw
m.logout()
PY
serve_stop
echo "bridge neomutt ok ($(neomutt -v 2>/dev/null | head -1))"
