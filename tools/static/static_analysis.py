#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Static analysis of kernel/ and arch/: clang-tidy (.clang-tidy) and cppcheck
(no suppressions: a finding is fixed in the code), both driven by the RISC-V kernel
build's compile_commands.json. Any finding fails (exit 1).

usage: static_analysis.py SOURCE_DIR TARGET_BUILD_DIR WORK_DIR [-j N]

The kernel is built by riscv64-unknown-elf-gcc; clang-tidy parses with clang,
so the compile commands are rewritten for clang's RISC-V target: the same
defines, includes and -std, -march without the z* extensions clang 14 does
not name, and without gcc-only optimisation flags. Only the debug kernel's
sources are analysed (it is a superset: CONDUCTOR_DEBUG adds the invariant
checker and debug system calls).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

GCC_ONLY = {"-fno-tree-loop-distribute-patterns"}
FINDING = re.compile(r"^(/\S+):(\d+):(\d+): (warning|error): (.*)$")


def kernel_entries(db, src):
    dirs = (os.path.join(src, "kernel") + os.sep, os.path.join(src, "arch") + os.sep)
    seen, out = set(), []
    for e in db:
        f = os.path.realpath(os.path.join(e["directory"], e["file"]))
        if not f.endswith(".c") or not f.startswith(dirs) or "/kernel/host/" in f:
            continue
        args = e.get("arguments") or shlex.split(e["command"])
        if "-DCONDUCTOR_DEBUG=1" not in args or f in seen:
            continue
        seen.add(f)
        out.append((f, e["directory"], args))
    return out


def clang_args(args):
    out = ["clang", "--target=riscv64-unknown-elf"]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c"):
            skip = a == "-o"
            continue
        if a in GCC_ONLY or a.endswith((".c", ".obj", ".o")):
            continue
        if a.startswith("-march="):
            a = "-march=" + a[len("-march="):].split("_")[0]
        out.append(a)
    return out


def run_tidy(tidy, src, f, directory, args):
    cmd = [tidy, "--quiet", "--config-file=" + os.path.join(src, ".clang-tidy"), f, "--"]
    cmd += clang_args(args)[1:]
    p = subprocess.run(cmd, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    findings = [l for l in p.stdout.splitlines() if FINDING.match(l)]
    if p.returncode != 0 and not findings:
        findings = ["%s: clang-tidy failed:\n%s" % (f, p.stdout)]
    return findings


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("target_build")
    ap.add_argument("work")
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    src = os.path.realpath(a.src)
    db_path = os.path.join(a.target_build, "compile_commands.json")
    try:
        with open(db_path, encoding="utf-8") as fh:
            db = json.load(fh)
    except OSError as e:
        print("static analysis: %s: %s (build the kernel first)" % (db_path, e.strerror))
        return 1
    entries = kernel_entries(db, src)
    if len(entries) < 20:
        print("static analysis: only %d kernel sources in %s" % (len(entries), db_path))
        return 1
    os.makedirs(a.work, exist_ok=True)
    # The rewritten database (cppcheck reads it; also handy for editors).
    clang_db = [{"directory": d, "file": f, "command": shlex.join(clang_args(args) + ["-c", f])}
                for f, d, args in entries]
    with open(os.path.join(a.work, "compile_commands.json"), "w", encoding="utf-8") as fh:
        json.dump(clang_db, fh, indent=1)

    findings = []
    tidy = shutil.which("clang-tidy")
    cppcheck = shutil.which("cppcheck")
    if not tidy or not cppcheck:
        print("static analysis: needs clang-tidy and cppcheck (apt-get install clang-tidy cppcheck)")
        return 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.j) as pool:
        for r in pool.map(lambda e: run_tidy(tidy, src, *e), entries):
            findings += r

    cmd = [cppcheck, "--quiet", "--std=c11", "--enable=warning,portability,performance",
           "--inline-suppr", "--error-exitcode=1", "-j", str(a.j),
           "--project=" + os.path.join(a.work, "compile_commands.json"),
           "--template={file}:{line}:{column}: warning: {message} [cppcheck-{id}]",
           "--cppcheck-build-dir=" + a.work]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    cpp = [l for l in p.stdout.splitlines() if FINDING.match(l)]
    if p.returncode != 0 and not cpp:
        cpp = ["cppcheck failed:\n" + p.stdout]
    findings += cpp

    findings = sorted(set(findings))
    for l in findings:
        print(l)
    print("static analysis: %d kernel/arch sources, clang-tidy and cppcheck: %d findings"
          % (len(entries), len(findings)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
