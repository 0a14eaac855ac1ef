#!/usr/bin/env bash
# Limits of the bridge's server, tried by clients that mean to break them (on loopback,
# bounded in time): one connection more than --max-sessions, and a flood of pipelined
# commands past --max-commands, on SMTP, submission, POP3 and IMAP. Each gets the protocol's
# error and is closed; the sessions already open and the server carry on, and a replay of
# the recorded session gives the same refusals.
set -u
bin=$1; src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
. "$src/tests/app/lib_serve.sh"
serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}" --max-sessions 4 --max-commands 50 --record "$tmp/log.jsonl" --trace "$tmp/live.jsonl"
timeout 60 "$py" - "$port" <<'PY' || fail "limits session"
import smtplib, socket, sys, time
base = int(sys.argv[1])
SMTP, SUB, POP3, IMAP = base, base + 1, base + 2, base + 3

def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.settimeout(10)
    return s

def read_until_eof(s, limit=1 << 20):
    data = b""
    while len(data) < limit:
        try:
            b = s.recv(65536)
        except ConnectionResetError:
            raise SystemExit("connection reset instead of a clean close after %r" % data[-200:])
        if not b:
            return data
        data += b
    raise SystemExit("no close after %d bytes" % len(data))

def read_line(s):
    data = b""
    while not data.endswith(b"\r\n"):
        b = s.recv(1)
        if not b:
            raise SystemExit("closed while reading a line, got %r" % data)
        data += b
    return data.decode()

def exchange(s, line, want):
    s.sendall(line.encode() + b"\r\n")
    got = read_line(s)
    assert got.startswith(want), (line, got)

# What each protocol says: greeting, refusal of one session too many, a harmless command
# and its answer, and the end of a flood.
cases = {
    "smtp": (SMTP, "220 ", "421 4.7.0 mail.b.example Error: too many connections", "NOOP", "250 ",
             "421 4.7.0 mail.b.example Error: too many commands"),
    "submission": (SUB, "220 ", "421 4.7.0 mail.b.example Error: too many connections", "NOOP", "250 ",
                   "421 4.7.0 mail.b.example Error: too many commands"),
    "pop3": (POP3, "+OK", "-ERR [SYS/TEMP] too many connections", "NOOP", "-ERR",  # NOOP before login: -ERR
             "-ERR [SYS/TEMP] too many commands"),
    "imap": (IMAP, "* OK", "* BYE too many connections", "a NOOP", "a OK",
             "* BYE too many commands"),
}
for name, (port, hello, refusal, cmd, answer, flood_end) in cases.items():
    # One session too many is refused with the protocol's error and closed. The world's own
    # clients may hold sessions too (bob's phone idles on IMAP), so at most four are greeted.
    held = []
    while True:
        s = connect(port)
        first = read_line(s)
        if not first.startswith(hello):
            break
        held.append(s)
        assert len(held) <= 4, (name, "more sessions than --max-sessions")
    assert len(held) >= 3, (name, len(held))
    got = first + read_until_eof(s).decode("latin-1")
    assert got.startswith(refusal), (name, got)
    # The four carry on, and when one leaves there is room again.
    for s in held:
        exchange(s, cmd, answer)
    held.pop().close()
    time.sleep(0.3)
    again = connect(port)
    assert read_line(again).startswith(hello), name
    held.append(again)
    # A flood of 400 pipelined commands on one of them: 50 answers, then the end of the session.
    flooder = held[0]
    flooder.sendall((cmd + "\r\n").encode() * 400)
    lines = read_until_eof(flooder).decode("latin-1").split("\r\n")
    answers = [l for l in lines if l.startswith(answer) and not l.startswith(flood_end)]
    assert len(answers) == 50 - 1, (name, len(answers), lines[-3:])  # one NOOP was sent above
    assert lines[-2].startswith(flood_end), (name, lines[-3:])
    # A flood of garbage counts too, and the others still answer.
    held[1].sendall(b"\x00\xff garbage\r\n" * 200)
    tail = read_until_eof(held[1]).decode("latin-1").split("\r\n")
    assert tail[-2].startswith(flood_end), (name, tail[-3:])
    exchange(held[2], cmd, answer)
    for s in held:
        s.close()
    print(name, "limits ok")

# After all that, the server still takes mail.
time.sleep(0.3)
with smtplib.SMTP("127.0.0.1", SMTP, timeout=10) as s:
    refused = s.sendmail("carol@c.example", ["bob@b.example"], "Subject: after the flood\r\n\r\nstill here\r\n")
    assert not refused, refused
print("server carries on")
PY
sleep 0.3
serve_stop
"$bin" run "$src/assets/scenarios/default.json" --replay "$tmp/log.jsonl" --until 1h --format jsonl > "$tmp/replay.jsonl" || fail "replay"
for what in "too many connections" "too many commands"; do
  a=$(grep -c "$what" "$tmp/live.jsonl"); b=$(grep -c "$what" "$tmp/replay.jsonl")
  [ "$a" -gt 0 ] || fail "live trace has no '$what'"
  [ "$a" = "$b" ] || fail "'$what': live $a, replay $b"
done
echo "bridge limits ok"
