#!/usr/bin/env bash
# The bridge's calendar: a live serve of a scenario without "start" runs at the wall clock,
# so the Received field and INTERNALDATE agree with the Date a real client writes; the input
# log records that start first and a replay writes the very same dates; --start fixes it.
set -u
bin=$1; src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
. "$src/tests/app/lib_serve.sh"
grep -q '"start"' "$src/assets/scenarios/default.json" && fail "default.json sets a start: this test needs one without"

# Sends one message with smtplib, reads it back with imaplib; prints INTERNALDATE's Unix time
# and the Received field's, each checked against EXPECT (Unix seconds) within 120 s.
exchange() {
  timeout 20 "$py" - "$port" "$1" <<'PY'
import email.utils, imaplib, smtplib, sys, time
port, expect = int(sys.argv[1]), float(sys.argv[2])
with smtplib.SMTP("127.0.0.1", port, timeout=10) as s:
    s.sendmail("carol@c.example", ["bob@b.example"],
               f"From: carol@c.example\r\nTo: bob@b.example\r\nDate: {email.utils.formatdate(localtime=True)}\r\n"
               "Subject: clock\r\n\r\nWhat time is it?\r\n")
deadline = time.monotonic() + 10
m = imaplib.IMAP4("127.0.0.1", port + 3)
m.login("bob", "bob-secret")
while True:
    typ, d = m.select("INBOX", readonly=True)
    typ, d = m.search(None, "SUBJECT", "clock")
    if d[0].split() or time.monotonic() > deadline: break
    time.sleep(0.1)
n = d[0].split()[-1]
typ, d = m.fetch(n, "(INTERNALDATE BODY.PEEK[HEADER.FIELDS (Received)])")
d = [x for x in d if isinstance(x, tuple)]  # not an untagged EXISTS of mail arriving meanwhile
internal = time.mktime(imaplib.Internaldate2tuple(d[0][0]))
received = email.utils.parsedate_to_datetime(d[0][1].decode().rsplit(";", 1)[1].strip()).timestamp()
m.logout()
for what, t in (("INTERNALDATE", internal), ("Received", received)):
    assert abs(t - expect) < 120, f"{what} is {t - expect:+.0f} s from the expected start"
print("dates ok", int(internal))
PY
}

serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}" --record "$tmp/log.jsonl" --trace "$tmp/live.jsonl"
exchange "$(date +%s)" || fail "live serve without --start: dates are not the wall clock's"
serve_stop
head -1 "$tmp/log.jsonl" | grep -q '"kind":"start"' || fail "the input log does not begin with the start: $(head -1 "$tmp/log.jsonl")"
"$bin" run "$src/assets/scenarios/default.json" --replay "$tmp/log.jsonl" --until 1h --format jsonl > "$tmp/replay.jsonl" \
  || fail "replay"
live=$(grep -o 'INTERNALDATE \\"[^\\]*' "$tmp/live.jsonl" | sort -u)
again=$(grep -o 'INTERNALDATE \\"[^\\]*' "$tmp/replay.jsonl" | sort -u)
[ -n "$live" ] || fail "no INTERNALDATE in the live trace"
[ "$live" = "$again" ] || fail "the replay's INTERNALDATE differs: live $live, replay $again"

# --start fixes the calendar whatever the wall clock says.
serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}" --start "Mon, 05 Jan 2026 09:00:00 +0800"
exchange 1767574800 || fail "--start was not followed"
serve_stop
"$bin" serve "$src/assets/scenarios/default.json" --start "next tuesday" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a malformed --start must exit 2"
echo "bridge clock ok"
