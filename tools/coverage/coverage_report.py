#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The conformance coverage report.

usage: coverage_report.py API.json [-o REPORT] [--cover LOG]... [--evidence LOG]...

Demands, from abi/conductor.api (as apigen's api.json):
  - every system call made at least once;
  - every method: success (NoError on a cap of its type), each error it
    documents (on a cap of its type), the generic InvalidCapability (empty
    slot) and the generic IllegalOperation (a cap of another type);
  - every generated wrapper cnd_<method>: one success and one error through
    the wrapper itself.
--cover LOGs are serial transcripts of root tasks built with coverage
(tests/qemu/captest/coverage.c): "COVER syscall NAME", "COVER method
METHOD ERROR own|null|other", "COVER wrapper METHOD ERROR", ending with
"COVER end" (a log without it was cut short and counts as a failure).
--evidence LOGs only contribute the kernel's own lines for the outcomes no
root task can report because they do not return: PowerOff, Reboot,
DebugHalt. Prints (and writes to REPORT) every outcome nobody reached;
exits 1 if there is any.
"""
import argparse
import json
import re
import sys

# Kernel log lines that prove an outcome that never returns to its caller.
KERNEL_EVIDENCE = [
    (r"system control: power off requested", [("method", "SystemControl_PowerOff", "NoError", "own"),
                                              ("wrapper", "SystemControl_PowerOff", "NoError")]),
    (r"system control: reboot requested", [("method", "SystemControl_Reboot", "NoError", "own"),
                                           ("wrapper", "SystemControl_Reboot", "NoError")]),
    (r"debug halt requested", [("syscall", "DebugHalt")]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("api")
    ap.add_argument("-o", dest="out")
    ap.add_argument("--cover", action="append", default=[])
    ap.add_argument("--evidence", action="append", default=[])
    args = ap.parse_args()
    with open(args.api, encoding="utf-8") as f:
        api = json.load(f)

    seen = set()
    problems = []
    for path in args.cover + args.evidence:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError as e:
            problems.append("log %s: %s (did its QEMU test run?)" % (path, e.strerror))
            continue
        for rx, items in KERNEL_EVIDENCE:
            if re.search(rx, text):
                seen.update(items)
        if path not in args.cover:
            continue
        if not re.search(r"^COVER end\s*$", text, re.M):
            problems.append("log %s: no 'COVER end' line (the run was cut short)" % path)
        for m in re.finditer(r"^COVER (\w+) (.*?)\s*$", text, re.M):
            kind, rest = m.group(1), m.group(2).split()
            if kind in ("syscall", "method", "wrapper"):
                seen.add(tuple([kind] + rest))

    missing = []
    total = 0

    def need(item, what):
        nonlocal total
        total += 1
        if item not in seen:
            missing.append(what)

    for s in api["syscalls"]:
        need(("syscall", s["name"]), "syscall %s: never called" % s["name"])
    for m in sorted(api["methods"], key=lambda m: m["label"]):
        name = m["name"]
        need(("method", name, "NoError", "own"), "%s: success" % name)
        for e in m["errors"]:
            need(("method", name, e, "own"), "%s: %s" % (name, e))
        need(("method", name, "InvalidCapability", "null"),
             "%s: generic InvalidCapability (empty slot)" % name)
        need(("method", name, "IllegalOperation", "other"),
             "%s: generic IllegalOperation (cap of another type)" % name)
        # The wrapper: one success and at least one error through it.
        total += 2
        if ("wrapper", name, "NoError") not in seen:
            missing.append("wrapper cnd_%s: no successful call" % m["c"])
        if not any(k[0] == "wrapper" and k[1] == name and k[2] != "NoError" for k in seen):
            missing.append("wrapper cnd_%s: no call that returned an error" % m["c"])

    lines = ["conformance coverage: %d of %d outcomes reached (%d syscalls, %d methods, "
             "%d wrappers)" % (total - len(missing), total, len(api["syscalls"]),
                               len(api["methods"]), len(api["methods"]))]
    lines += ["PROBLEM: " + p for p in problems]
    lines += ["NOT REACHED: " + x for x in missing]
    if not missing and not problems:
        lines.append("every system call, every method's success and documented errors, and "
                     "every wrapper (success and an error) were reached")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(main())
