#!/usr/bin/env bash
# The webmail of mailsim serve in a real browser: headless Chromium, driven over WebDriver
# by chromedriver (Debian's chromium and chromium-driver), signs in as carol, sends alice a
# message with a Chinese subject, signs in as alice and reads it; imaplib finds it too, and
# the trace shows HTTP from the browser and IMAP/SMTP behind the pages
# (tests/app/webmail_browser.py does the work). Loopback only, every wait bounded.
set -u
bin=$1; src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
command -v chromium >/dev/null || { echo "SKIP: chromium missing (apt-get install chromium)"; exit 77; }
command -v chromedriver >/dev/null || { echo "SKIP: chromedriver missing (apt-get install chromium-driver)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout 60 "$py" "$src/tests/app/webmail_browser.py" "$bin" "$src" "$tmp"
rc=$?
if [ $rc -ne 0 ]; then
  echo "--- mailsim serve output"; tail -20 "$tmp/serve.out" 2>/dev/null
  echo "--- chromedriver errors"; tail -20 "$tmp/chromedriver.err" 2>/dev/null
  exit 1
fi
