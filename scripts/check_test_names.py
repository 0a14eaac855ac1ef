#!/usr/bin/env python3
"""Fails when a ctest entry made by catch_discover_tests does not run exactly one Catch2 test.

catch_discover_tests splits the binary's list of names at ";" (one test becomes two, each
matching nothing), and Catch2 reads the name it is given as a test spec, where '"' quotes
and '\\' escapes: a name holding them matches nothing either. Catch2 2.x then exits 0 with
"No test cases matched", so such a test passes without running. This runs every such ctest
command with --list-test-names-only and checks that it selects one test case, and that
every test case of the binaries has its ctest entry.

Usage: check_test_names.py BUILD_DIR
"""
import json
import os
import subprocess
import sys

CATCH_BINARIES = ("mailsim_tests", "mailsim_visual_tests")


def listed(command):
    out = subprocess.run(command + ["--list-test-names-only"], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


def main():
    build = sys.argv[1]
    shown = subprocess.run(["ctest", "--show-only=json-v1"], cwd=build, capture_output=True,
                           text=True, check=True)
    problems = []
    covered = {}  # binary -> names run by some ctest entry
    entries = 0
    for test in json.loads(shown.stdout)["tests"]:
        command = test.get("command") or []
        if not command or os.path.basename(command[0]) not in CATCH_BINARIES:
            continue
        entries += 1
        names = listed(command)
        covered.setdefault(command[0], set()).update(names)
        if len(names) != 1:
            problems.append(f"ctest '{test['name']}' runs {len(names)} Catch2 tests, not 1")
    for binary, names in covered.items():
        for name in listed([binary]):
            if name not in names:
                problems.append(f"{os.path.basename(binary)}: '{name}' has no ctest entry that runs it")
    for p in problems:
        print(p)
    if entries == 0:
        print("no Catch2 tests found in ctest's list")
        return 1
    print(f"{entries} ctest entries checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
