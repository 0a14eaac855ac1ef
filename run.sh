#!/usr/bin/env bash
# Installs what is missing, builds, and starts MailSim on the default lesson.
# With no display, plays the default scenario in the terminal.
# `./run.sh web` builds the web page instead (build-web/site/) and serves it on 127.0.0.1;
# `./run.sh web --no-serve` only builds it.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = web ]; then
  scripts/web_deps.sh
  scripts/web_build.sh
  if [ "${2:-}" = --no-serve ]; then exit 0; fi
  port=${MAILSIM_WEB_PORT:-8080}
  echo "mailsim: serving build-web/site/ at http://127.0.0.1:$port/ (Ctrl-C stops)"
  exec /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory build-web/site
fi
scripts/deps.sh
scripts/build.sh
exec build/mailsim "$@"
