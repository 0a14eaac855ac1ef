#!/usr/bin/env bash
# Flow control through the bridge: an IMAP client pipelines FETCH 1:* (BODY.PEEK[]) three
# times over six 1 MiB messages and reads nothing for a while; the bridge pauses the virtual
# connection (bridge-flow in the input log) and the server answers in parts. When the client
# reads, every response arrives whole, in order. serve --trace streams the trace with a
# 1 MiB window in memory; the recorded input log replays to the same records (the live
# trace is a prefix of the replay's). Loopback only, bounded.
set -u
bin=$1; src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
. "$src/tests/app/lib_serve.sh"
scen="$src/assets/scenarios/textbook.json"
serve_start "imap of mail.b.example" "$scen" --server mail.b.example "${serve_ports[@]}" \
  --record "$tmp/log.jsonl" --trace "$tmp/live.jsonl" --trace-window 1
timeout 240 "$py" - "$port" "$((port+3))" <<'PY' || fail "clients"
import imaplib, smtplib, socket, sys, time
smtp_port, imap_port = int(sys.argv[1]), int(sys.argv[2])
body = "\r\n".join(("line %06d " % i) * 7 for i in range(14000)) + "\r\n"
for k in range(6):
    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as s:
        s.sendmail("carol@c.example", ["bob@b.example"],
                   ("From: carol@c.example\r\nTo: bob@b.example\r\nSubject: big %d\r\n\r\n" % k + body).encode())
deadline = time.time() + 60
while True:
    i = imaplib.IMAP4("127.0.0.1", imap_port, timeout=30)
    i.login("bob", "bob-secret")
    n = int(i.select("INBOX")[1][0])
    i.logout()
    if n >= 7: break  # the six and the scenario's own (alice's at 1 s): none arrives mid-FETCH
    assert time.time() < deadline, "messages did not arrive"
    time.sleep(0.2)
s = socket.create_connection(("127.0.0.1", imap_port), timeout=30)
s.sendall(b"a LOGIN bob bob-secret\r\nb SELECT INBOX\r\n" +
          b"".join(b"f%d FETCH 1:* (BODY.PEEK[])\r\n" % k for k in range(3)) + b"z LOGOUT\r\n")
time.sleep(4)  # not reading: the bridge pauses, the server waits
got = bytearray()
while b"z OK" not in got[-200:]:
    chunk = s.recv(1 << 16)
    assert chunk, "closed early"
    got += chunk
s.close()
text = bytes(got)
import re
n = int(re.search(rb"\* (\d+) EXISTS", text).group(1))  # what this session's SELECT saw
for k in range(3):
    assert b"f%d OK FETCH completed" % k in text, k
assert text.count(b" FETCH (BODY[] {") == 3 * n, text.count(b" FETCH (BODY[] {")
assert text.count(body.encode()) == 3 * 6, text.count(body.encode())
assert text.index(b"f0 OK") < text.index(b"f1 OK") < text.index(b"f2 OK") < text.index(b"z OK")
print("read", len(text), "bytes")
PY
serve_stop 30
grep -q '"kind":"bridge-flow".*"pause"' "$tmp/log.jsonl" || fail "no bridge-flow pause in the input log"
grep -q '"kind":"bridge-flow".*"resume"' "$tmp/log.jsonl" || fail "no bridge-flow resume in the input log"
"$bin" run "$scen" --replay "$tmp/log.jsonl" --until 1h --format jsonl --output "$tmp/replay.jsonl" || fail "replay"
lines=$(wc -l < "$tmp/live.jsonl")
[ "$lines" -gt 1000 ] || fail "live trace too short: $lines lines"
head -n "$lines" "$tmp/replay.jsonl" | cmp -s - "$tmp/live.jsonl" || fail "the replay differs from the live trace"
grep -q '"window":0' "$tmp/live.jsonl" || fail "no zero window in the trace"
echo "bridge flow ok"
