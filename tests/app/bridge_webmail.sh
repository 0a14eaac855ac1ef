#!/usr/bin/env bash
# The webmail port of mailsim serve, used over real HTTP (curl as the browser): sign in,
# list the inbox, send to another user, and find it in their mailbox; the live trace shows
# HTTP from the real client and IMAP/SMTP from the webmail server to the mail server.
set -u
bin=$1; src=$2
command -v curl >/dev/null || { echo "SKIP: curl missing"; exit 77; }
. "$src/tests/app/lib_serve.sh"
serve_start "http of webmail.a.example" "$src/assets/scenarios/default.json" --server mail.a.example \
  "${serve_ports[@]}" --trace "$tmp/live.jsonl"
base="http://127.0.0.1:$((port+4))"
jar="$tmp/cookies"
code=$(curl -s -o "$tmp/login.html" -w '%{http_code}' "$base/login") || fail "GET /login"
[ "$code" = 200 ] || fail "GET /login: $code"
grep -q "<form" "$tmp/login.html" || fail "no form on the login page"
code=$(curl -s -c "$jar" -o /dev/null -w '%{http_code}' --data-urlencode user=carol --data-urlencode password=wrong "$base/login")
[ "$code" = 200 ] || fail "a wrong password must show the login page again: $code"
code=$(curl -s -c "$jar" -o /dev/null -w '%{http_code}' --data-urlencode user=carol --data-urlencode password=carol-secret "$base/login")
[ "$code" = 303 ] || fail "POST /login: $code"
code=$(curl -s -b "$jar" -o "$tmp/inbox.html" -w '%{http_code}' "$base/inbox?lang=en") || fail "GET /inbox"
[ "$code" = 200 ] || fail "GET /inbox: $code"
# A message URL with a UID the folder does not hold: 404 and a page that says so.
code=$(curl -s -b "$jar" -o "$tmp/nouid.html" -w '%{http_code}' "$base/message?folder=INBOX&uid=4242&lang=en")
[ "$code" = 404 ] || fail "GET /message with an unknown UID: $code, expected 404"
grep -q "No such page or message." "$tmp/nouid.html" || fail "the 404 page does not say the message is not there"
grep -q "(no subject)" "$tmp/nouid.html" && fail "the 404 page shows an empty message"
out=$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' --data-urlencode to=alice@a.example \
  --data-urlencode "subject=来自浏览器 from a real browser" --data-urlencode "body=你好 alice" "$base/send?lang=en")
[ "${out%% *}" = 303 ] || fail "POST /send: $out"
# Post, redirect, get: the inbox the send leads to says the message went.
curl -s -b "$jar" -o "$tmp/sent.html" "${out#* }" || fail "GET ${out#* }"
grep -q 'class="notice" role="status">Message sent.' "$tmp/sent.html" || fail "no 'Message sent.' after the send (${out#* })"
grep -q 'role="status"' "$tmp/inbox.html" && fail "the inbox shows a notice before anything happened"
out=$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' "$base/logout?lang=zh")
[ "${out%% *}" = 303 ] || fail "GET /logout: $out"
curl -s -o "$tmp/out.html" "${out#* }" || fail "GET ${out#* }"
grep -q 'class="notice" role="status">' "$tmp/out.html" || fail "no notice on the login page after signing out (${out#* })"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/inbox")
[ "$code" = 401 ] || fail "no cookie must get 401, got $code"
sleep 0.5
serve_stop
grep -q '"proto":"HTTP","from":"real-client","to":"webmail.a.example"' "$tmp/live.jsonl" || fail "no HTTP from the real client in the trace"
grep -q '"proto":"IMAP","from":"webmail.a.example","to":"mail.a.example"' "$tmp/live.jsonl" || fail "no IMAP behind the page"
grep -q '"proto":"SMTP","from":"webmail.a.example","to":"mail.a.example"' "$tmp/live.jsonl" || fail "no SMTP behind the page"
grep -q '"user":"alice","folder":"INBOX","action":"append"' "$tmp/live.jsonl" || fail "alice's mailbox got nothing"
echo "bridge webmail ok"
