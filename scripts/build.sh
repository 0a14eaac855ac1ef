#!/usr/bin/env bash
# Configures (once) and builds MailSim in build/ (Release by default).
set -euo pipefail
cd "$(dirname "$0")/.."
type=${MAILSIM_BUILD_TYPE:-Release}
dir=${MAILSIM_BUILD_DIR:-build}
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" ${MAILSIM_CMAKE_ARGS:-} >/dev/null
fi
cmake --build "$dir" -j"${MAILSIM_JOBS:-2}"
