#!/usr/bin/env bash
# msmtp (Debian's, unmodified) submits through mailsim serve's submission port with AUTH
# PLAIN and with AUTH LOGIN; a wrong password is refused with 535 and nothing is sent; both
# messages reach the mailbox with their Chinese subjects, Return-Path and Received on top,
# and the trace shows the real client's AUTH commands. Loopback only, bounded in time.
set -u
bin=$1; src=$2
py=/usr/bin/python3
for t in "$py" msmtp; do
  command -v "$t" >/dev/null || { echo "SKIP: $t missing (scripts/deps.sh installs it)"; exit 77; }
done
. "$src/tests/app/lib_serve.sh"
serve_start "imap of mail.b.example" "$src/assets/scenarios/default.json" --server mail.b.example \
  "${serve_ports[@]}" --trace "$tmp/live.jsonl"

for mech in plain login wrong; do
  pass=bob-secret; m=$mech
  [ $mech = wrong ] && pass=not-the-password && m=plain
  cat > "$tmp/msmtprc.$mech" <<EOF
account bridge
host 127.0.0.1
port $((port + 1))
tls off
auth $m
user bob
password $pass
from bob@b.example
domain real.example
timeout 10
account default : bridge
EOF
  chmod 600 "$tmp/msmtprc.$mech"
  printf 'From: bob@b.example\r\nTo: bob@b.example\r\nSubject: =?UTF-8?B?%s?=\r\n\r\nSent by msmtp with AUTH %s.\r\n' \
    "$(printf '测试 msmtp %s' $mech | base64 -w0)" "$mech" > "$tmp/msg.$mech"
  timeout 20 msmtp -C "$tmp/msmtprc.$mech" -t < "$tmp/msg.$mech" > "$tmp/msmtp.$mech.out" 2>&1
  rc=$?
  if [ $mech = wrong ]; then
    [ $rc -ne 0 ] || fail "msmtp with a wrong password succeeded"
    grep -q "535" "$tmp/msmtp.$mech.out" || fail "wrong password: no 535 in $(cat "$tmp/msmtp.$mech.out")"
  else
    [ $rc -eq 0 ] || fail "msmtp AUTH $mech: $(cat "$tmp/msmtp.$mech.out")"
  fi
done

timeout 30 "$py" - "$((port + 3))" <<'PY' || fail "the messages msmtp sent are not in bob's mailbox"
import email, email.policy, imaplib, sys, time
deadline = time.monotonic() + 20
while True:
    m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
    m.login("bob", "bob-secret")
    m.select("INBOX", readonly=True)
    m.literal = "测试 msmtp".encode()  # SEARCH CHARSET UTF-8 SUBJECT {n} (RFC 3501 §6.4.4)
    typ, d = m.search("UTF-8", "SUBJECT")
    hits = d[0].split()
    if len(hits) >= 2 or time.monotonic() > deadline: break
    m.logout(); time.sleep(0.2)
subjects = set()
for n in hits:
    # the literal's tuple (an untagged EXISTS or FLAGS of mail arriving meanwhile may come too)
    raw = next(x for x in m.fetch(n, "(BODY.PEEK[])")[1] if isinstance(x, tuple))[1]
    assert raw.startswith(b"Return-Path: <bob@b.example>\r\nReceived: from real.example"), raw[:120]
    assert b"with ESMTPA" in raw, raw[:400]
    subjects.add(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])
m.logout()
assert subjects == {"测试 msmtp plain", "测试 msmtp login"}, subjects
print("msmtp messages:", sorted(subjects))
PY
serve_stop
for v in '"AUTH PLAIN' '"AUTH LOGIN'; do
  grep '"from":"real-client"' "$tmp/live.jsonl" | grep -q "\"line\":$v" || fail "no $v from msmtp in the trace"
done
echo "bridge msmtp ok ($(msmtp --version | head -1))"
