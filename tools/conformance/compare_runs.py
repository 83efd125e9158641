#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Checks that a conformance root task gave the same results with the
fastpaths on and off (image option fastpath=off: every system call takes the
general path). The fastpaths must change only instruction counts, so for each
pair of serial transcripts these must be equal:
  - the case result lines ("CNODE0001 <description> pass"), in order;
  - the summary line ("N passed, N failed");
  - the COVER lines: every system call made and every invocation's
    (method, result, kind of cap) the run reached (tests/qemu/captest/coverage.c).
The off transcript must show that the kernel really ran without fastpaths,
and the on transcript that it did not.

usage: compare_runs.py --pair ON.log OFF.log [--pair ...]
       compare_runs.py --selftest
"""
import argparse
import re
import sys

CASE = re.compile(r"^([A-Z]+[0-9]{4}) .*\b(pass|FAIL.*)$")
SUMMARY = re.compile(r"^[0-9]+ passed, [0-9]+ failed$")
OFF_MARK = "syscalls: fastpath off"


def results(text):
    cases, summary, cover = [], [], []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if CASE.match(line):
            cases.append(line)
        elif SUMMARY.match(line):
            summary.append(line)
        elif line.startswith("COVER "):
            cover.append(line)
    return cases, summary, cover


def diff(kind, on, off):
    """The first differences between two lists of lines, as messages."""
    out = []
    son, soff = set(on), set(off)
    for line in on:
        if line not in soff:
            out.append(f"  {kind} only with the fastpath: {line}")
    for line in off:
        if line not in son:
            out.append(f"  {kind} only without the fastpath: {line}")
    if not out and on != off:
        out.append(f"  {kind} lines in a different order or count "
                   f"({len(on)} with, {len(off)} without the fastpath)")
    return out[:20]


def compare(on_name, on_text, off_name, off_text):
    """Problems found (empty: identical results) and a one-line summary."""
    problems = []
    if OFF_MARK not in off_text:
        problems.append(f"  {off_name}: the kernel did not report '{OFF_MARK}'")
    if OFF_MARK in on_text:
        problems.append(f"  {on_name}: the kernel ran with the fastpath off")
    on_cases, on_sum, on_cover = results(on_text)
    off_cases, off_sum, off_cover = results(off_text)
    if not on_cases or not on_sum:
        problems.append(f"  {on_name}: no case results or no summary line (did the run finish?)")
    if not off_cases or not off_sum:
        problems.append(f"  {off_name}: no case results or no summary line (did the run finish?)")
    problems += diff("case", on_cases, off_cases)
    problems += diff("summary", on_sum, off_sum)
    problems += diff("COVER", on_cover, off_cover)
    return problems, (f"{len(on_cases)} cases, {len(on_cover)} COVER lines")


def selftest():
    base = ("ipctest: threads\nIPC0001 call pass\nIPC0002 badges pass\n"
            "COVER syscall Call\nCOVER method X ok own\n2 passed, 0 failed\n")
    off = "syscalls: fastpath off (image option)\n" + base
    checks = [
        ("identical", base, off, True),
        ("case result differs", base, off.replace("IPC0002 badges pass", "IPC0002 badges FAIL: x"), False),
        ("case missing", base, off.replace("IPC0002 badges pass\n", ""), False),
        ("case order", base, off.replace("IPC0001 call pass\nIPC0002 badges pass",
                                         "IPC0002 badges pass\nIPC0001 call pass"), False),
        ("summary differs", base, off.replace("2 passed, 0 failed", "1 passed, 1 failed"), False),
        ("COVER differs", base, off.replace("COVER method X ok own", "COVER method X BadCap own"), False),
        ("off run not off", base, base, False),
        ("on run not on", off, off, False),
        ("unfinished run", base, "syscalls: fastpath off\n", False),
    ]
    bad = 0
    for name, a, b, want in checks:
        problems, _ = compare("on", a, "off", b)
        if (not problems) != want:
            print(f"selftest: {name}: expected {'no difference' if want else 'a difference'}, "
                  f"got {problems or 'none'}")
            bad += 1
    print(f"compare_runs selftest: {len(checks) - bad} passed, {bad} failed")
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pair", nargs=2, action="append", metavar=("ON", "OFF"), default=[])
    ap.add_argument("--selftest", action="store_true")
    args = ap.parse_args()
    if args.selftest:
        return selftest()
    if not args.pair:
        ap.error("give at least one --pair ON.log OFF.log")
    failed = 0
    for on, off in args.pair:
        try:
            with open(on, errors="replace") as f:
                on_text = f.read()
            with open(off, errors="replace") as f:
                off_text = f.read()
        except OSError as e:
            print(f"FAIL {on} / {off}: {e}")
            failed += 1
            continue
        problems, summary = compare(on, on_text, off, off_text)
        if problems:
            print(f"FAIL {on} vs {off}: results differ")
            print("\n".join(problems))
            failed += 1
        else:
            print(f"same {on} vs {off}: {summary}")
    print(f"{len(args.pair) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
