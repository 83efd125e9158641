#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""apigen must reject a broken description with "conductor.api:LINE: message".

Usage: check_apigen.py APIGEN CONDUCTOR_API WORKDIR

Copies conductor.api (with the headers apigen reads) into WORKDIR, applies
one mistake at a time and checks that apigen exits non-zero naming the right
line. Also checks that the real file is accepted and that generation is
deterministic (same input, byte-identical output).
"""

import filecmp
import os
import re
import shutil
import subprocess
import sys

# (what, old text, new text, message regex, line of: text to find after the edit)
MUTATIONS = [
    ("duplicate label", "TCB_SetMCPriority TCBSetMCPriority 7", "TCB_SetMCPriority TCBSetMCPriority 6",
     r"label value", "TCBSetMCPriority 6"),
    ("unknown error", "errors TruncatedMessage InvalidCapability RangeError\n\nmethod TCB_SetMCPriority",
     "errors TruncatedMessage InvalidCapability Bogus\n\nmethod TCB_SetMCPriority",
     r"unknown error 'Bogus'", "Bogus"),
    ("missing errors line", "    brief Make an inactive thread runnable again\n    errors none\n",
     "    brief Make an inactive thread runnable again\n", r"no 'errors' line",
     "method TCB_Resume"),
    ("TruncatedMessage not listed", "    arg   tls_base word\n    errors TruncatedMessage\n",
     "    arg   tls_base word\n    errors none\n", r"TruncatedMessage",
     "errors none\n\nmethod TCB_SetFlags"),
    ("odd Conductor cap tag", "captype system_control 26  conductor",
     "captype system_control 27  conductor", r"even", "captype system_control 27"),
    ("overlapping packed fields", "arg   arch_flags     uint8  mr=0 shift=8\n    arg   count",
     "arg   arch_flags     uint8  mr=0 shift=0\n    arg   count", r"overlaps",
     "arch_flags     uint8  mr=0 shift=0"),
    ("gap in generic labels", "CNode_Revoke CNodeRevoke 17", "CNode_Revoke CNodeRevoke 50",
     r"generic labels", "CNodeRevoke 50"),
    ("gap in arch labels", "RISCVPageUnmap 36 arch", "RISCVPageUnmap 45 arch", r"arch labels",
     "RISCVPageUnmap 45"),
    ("unknown statement", "label InvalidInvocation 0", "label InvalidInvocation 0\nfrobnicate 1",
     r"unknown statement", "frobnicate 1"),
    ("error values out of order", "error RangeError         4", "error RangeError         5",
     r"values must run|already", None),
    ("positive syscall", "syscall Yield                -7", "syscall Yield                7",
     r"negative", "syscall Yield                7"),
    ("extension label in seL4 range", "SystemControlPowerOff 0x7C00 conductor",
     "SystemControlPowerOff 40 conductor", r"label value", "SystemControlPowerOff 40"),
    ("unknown size constant", "size=CND_TCB_BITS", "size=CND_TCB_BITZ", r"constants.h",
     "CND_TCB_BITZ"),
    ("unknown cap type", "cap   source           thread", "cap   source           thred",
     r"unknown cap type", "thred"),
    ("unterminated quote", '"MR0 = minimum allowed, MR1 = maximum allowed"',
     '"MR0 = minimum allowed', r"cannot split", "MR0 = minimum allowed\n"),
]


def line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def main(argv):
    apigen, api, work = argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    tree = os.path.join(work, "abi")
    shutil.copytree(os.path.join(os.path.dirname(api), "include"), os.path.join(tree, "include"))
    good = open(api).read()
    target = os.path.join(tree, "conductor.api")
    failures = 0

    def gen(text, out):
        with open(target, "w") as f:
            f.write(text)
        return subprocess.run([sys.executable, apigen, target, out], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)

    r1, r2 = gen(good, os.path.join(work, "out1")), gen(good, os.path.join(work, "out2"))
    if r1.returncode or r2.returncode:
        print("FAIL: the real conductor.api is rejected:\n" + r1.stderr)
        return 1
    cmp = filecmp.dircmp(os.path.join(work, "out1"), os.path.join(work, "out2"))
    if cmp.diff_files or any(d.diff_files for d in cmp.subdirs.values()):
        print("FAIL: apigen output is not deterministic")
        failures += 1
    for what, old, new, msg, needle in MUTATIONS:
        if old not in good:
            print("FAIL: %s: pattern not found in conductor.api (update this test)" % what)
            failures += 1
            continue
        text = good.replace(old, new, 1)
        r = gen(text, os.path.join(work, "bad"))
        m = re.match(r"^(.*conductor\.api):(\d+): (.+)$", r.stderr.strip())
        want_line = line_of(text, needle) if needle else None
        if r.returncode == 0 or not m or not re.search(msg, m.group(3)) or (
                want_line and int(m.group(2)) != want_line):
            print("FAIL: %s: exit %d, stderr %r (want /%s/ at line %s)"
                  % (what, r.returncode, r.stderr, msg, want_line))
            failures += 1
        else:
            print("ok: %s -> %s" % (what, r.stderr.strip()))
    print("%d failure(s)" % failures if failures else "OK")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
