#!/usr/bin/env bash
# The command line as a user meets it: help, version, exit codes for bad arguments.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
"$bin" --help | grep -q "usage: mailsim" || fail "--help"
"$bin" --version | grep -qE "^mailsim [0-9]+\.[0-9]+\.[0-9]+$" || fail "--version"
for c in run check; do "$bin" $c --help | grep -q "usage: mailsim $c" || fail "$c --help"; done
"$bin" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown command must exit 2"
"$bin" run --until soon >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --until must exit 2"
"$bin" run --format xml >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --format must exit 2"
"$bin" run --fault 'later explode everything' >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --fault must exit 2"
"$bin" run --seed >/dev/null 2>&1; [ $? -eq 2 ] || fail "--seed without a value must exit 2"
"$bin" run "$src/assets/scenarios/echo.json" --tcp > /tmp/mailsim_echo_$$.txt || fail "run echo"
grep -q "\[SYN\]" /tmp/mailsim_echo_$$.txt || fail "--tcp shows SYN"
grep -q "\[SYN,ACK\]" /tmp/mailsim_echo_$$.txt || fail "--tcp shows SYN,ACK"
grep -q "\[FIN,ACK\]" /tmp/mailsim_echo_$$.txt || fail "--tcp shows FIN,ACK"
grep -q "ECHO" /tmp/mailsim_echo_$$.txt || fail "echo lines"
rm -f /tmp/mailsim_echo_$$.txt
echo "cli basics ok"
