#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot something in QEMU and check what the guest prints on its serial port.

usage: qemu_test.py [--timeout S] [--expect REGEX]... [--contains REGEX]...
                    [--send-on REGEX TEXT]... [--forbid REGEX]... [--expect-exit]
                    -- QEMU-COMMAND...

--expect patterns must appear in order; --contains patterns anywhere. --send-on types TEXT (a newline is
added) once REGEX has appeared. The run fails on a kernel panic, a boot
failure, any --forbid pattern, a timeout, or (with --expect-exit) if QEMU
does not exit by itself with status 0 once everything was seen. On failure
the whole serial transcript is printed.
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time

ALWAYS_FORBIDDEN = [r"KERNEL PANIC", r"BOOT FAILED", r"hello: FAIL"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--contains", action="append", default=[])
    ap.add_argument("--send-on", nargs=2, action="append", default=[],
                    metavar=("REGEX", "TEXT"))
    ap.add_argument("--forbid", action="append", default=[])
    ap.add_argument("--expect-exit", action="store_true")
    ap.add_argument("--allow-panic", action="store_true",
                    help="do not fail on KERNEL PANIC (for tests of the panic report)")
    ap.add_argument("--log", metavar="FILE",
                    help="write the serial transcript to FILE (the coverage report reads it)")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no QEMU command given")

    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    transcript = b""
    expects = [re.compile(e) for e in args.expect]
    sends = [(re.compile(r), t) for r, t in args.send_on]
    always = [f for f in ALWAYS_FORBIDDEN if not (args.allow_panic and f == r"KERNEL PANIC")]
    forbids = [re.compile(f) for f in args.forbid + always]
    next_expect = 0
    search_from = 0
    deadline = time.monotonic() + args.timeout
    failure = None

    def text():
        return transcript.decode("utf-8", "replace")

    while True:
        now = time.monotonic()
        if now >= deadline:
            failure = "timed out after %.0f s" % args.timeout
            break
        ready, _, _ = select.select([proc.stdout], [], [], min(0.2, deadline - now))
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                proc.wait()
            transcript += chunk
        out = text()
        bad = next((f for f in forbids if f.search(out)), None)
        if bad:
            # Give the guest a moment to finish printing the panic.
            time.sleep(0.5)
            try:
                transcript += os.read(proc.stdout.fileno(), 65536)
            except OSError:
                pass
            failure = "forbidden output /%s/" % bad.pattern
            break
        for i, (rx, t) in enumerate(sends):
            if rx is not None and rx.search(out):
                proc.stdin.write((t + "\n").encode())
                proc.stdin.flush()
                sends[i] = (None, t)
        while next_expect < len(expects):
            m = expects[next_expect].search(out, search_from)
            if not m:
                break
            search_from = m.end()
            next_expect += 1
        done = next_expect == len(expects)
        if proc.poll() is not None:
            # Drain what is left, then judge.
            rest = proc.stdout.read()
            if rest:
                transcript += rest
                continue
            if not done:
                failure = "QEMU exited (status %d) before /%s/ appeared" % (
                    proc.returncode, expects[next_expect].pattern)
            elif args.expect_exit and proc.returncode != 0:
                failure = "QEMU exited with status %d" % proc.returncode
            break
        if done and not args.expect_exit:
            break

    if proc.poll() is None:
        proc.kill()
        proc.wait()
    if args.log:
        # Written whether or not the run passed: a stale log from an earlier
        # run must never vouch for coverage this run did not reach.
        with open(args.log, "w", encoding="utf-8") as f:
            f.write(text())
    if not failure:
        missing = [c for c in args.contains if not re.search(c, text())]
        if missing:
            failure = "output lacks /%s/" % missing[0]
    if failure:
        sys.stdout.write(text())
        print("\n---\nFAILED: %s\ncommand: %s" % (failure, " ".join(cmd)))
        if next_expect < len(expects):
            print("waiting for: /%s/" % expects[next_expect].pattern)
        return 1
    print("passed: %d expectations met%s" % (
        len(expects) + len(args.contains), ", QEMU powered off" if args.expect_exit else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
