#!/usr/bin/env bash
# Installs what is missing, builds, and starts MailSim on the default lesson.
# With no display, plays the default scenario in the terminal.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
scripts/build.sh
exec build/mailsim "$@"
