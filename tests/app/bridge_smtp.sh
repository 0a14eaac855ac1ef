#!/usr/bin/env bash
# The socket bridge with real clients: Python's smtplib sends through mailsim serve (on
# loopback, bounded in time), the session is recorded, and the replay shows the same
# conversation in the trace.
set -u
bin=$1; src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
. "$src/tests/app/lib_serve.sh"
serve_start "smtp of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}" --record "$tmp/log.jsonl" --trace "$tmp/live.jsonl"
timeout 20 "$py" - "$port" <<'PY' || fail "smtplib session"
import smtplib, sys
from email.message import EmailMessage
port = int(sys.argv[1])
m = EmailMessage()
m["From"] = "carol@c.example"
m["To"] = "bob@b.example"
m["Subject"] = "你好 from a real client"
m.set_content("Sent by Python's smtplib through the MailSim bridge.\n")
with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
    code, _ = s.ehlo("real.example")
    assert code == 250, code
    refused = s.send_message(m)
    assert not refused, refused
    # a wrong command gets the protocol's error and the session goes on
    code, text = s.docmd("FOO")
    assert code == 500, (code, text)
    code, text = s.docmd("RCPT TO:<bob@b.example>")
    assert code == 503, (code, text)
    try:
        s.sendmail("carol@c.example", ["nobody@b.example"], "Subject: x\r\n\r\nx\r\n")
        raise SystemExit("unknown user accepted")
    except smtplib.SMTPRecipientsRefused as e:
        assert e.recipients["nobody@b.example"][0] == 550
    try:
        s.sendmail("carol@c.example", ["someone@elsewhere.example"], "Subject: x\r\n\r\nx\r\n")
        raise SystemExit("open relay")
    except smtplib.SMTPRecipientsRefused as e:
        assert e.recipients["someone@elsewhere.example"][0] in (550, 554)
print("smtplib ok")
PY
sleep 0.3
serve_stop
grep -q '"verb":"MAIL"' "$tmp/live.jsonl" || fail "live trace has no MAIL command"
grep -q '"action":"append"' "$tmp/live.jsonl" || fail "bob's mailbox got nothing"
"$bin" run "$src/assets/scenarios/default.json" --replay "$tmp/log.jsonl" --until 1h --format jsonl > "$tmp/replay.jsonl" || fail "replay"
for v in EHLO MAIL RCPT DATA FOO QUIT; do
  a=$(grep '"from":"real-client"' "$tmp/live.jsonl" | grep -c "\"verb\":\"$v\"")
  b=$(grep '"from":"real-client"' "$tmp/replay.jsonl" | grep -c "\"verb\":\"$v\"")
  [ "$a" -gt 0 ] || fail "live trace has no $v from the real client"
  [ "$a" = "$b" ] || fail "$v: live $a, replay $b"
done
echo "bridge smtp ok"
