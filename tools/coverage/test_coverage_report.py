#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Self-test of coverage_report.py (ctest conformance.coverage.selftest): a
synthetic log that reaches every outcome of api.json passes; the same log
without any one of its lines, or without its final "COVER end", fails. So the
report cannot silently pass on incomplete coverage.

usage: test_coverage_report.py API.json WORK_DIR"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def full_log(api):
    lines = ["COVER syscall %s" % s["name"] for s in api["syscalls"] if s["name"] != "DebugHalt"]
    for m in api["methods"]:
        n = m["name"]
        lines.append("COVER method %s NoError own" % n)
        lines += ["COVER method %s %s own" % (n, e) for e in m["errors"]]
        lines.append("COVER method %s InvalidCapability null" % n)
        lines.append("COVER method %s IllegalOperation other" % n)
        lines.append("COVER wrapper %s NoError" % n)
        lines.append("COVER wrapper %s InvalidCapability" % n)
    return lines


def run(api_path, work, lines, end=True, evidence=True):
    log = os.path.join(work, "cover.log")
    with open(log, "w", encoding="utf-8") as f:
        f.write("\n".join(lines + (["COVER end"] if end else [])) + "\n")
    ev = os.path.join(work, "evidence.log")
    with open(ev, "w", encoding="utf-8") as f:
        if evidence:
            f.write("debug halt requested by rootserver\nsystem control: power off requested\n"
                    "system control: reboot requested\n")
    p = subprocess.run([sys.executable, os.path.join(HERE, "coverage_report.py"), api_path,
                        "--cover", log, "--evidence", ev], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return p.returncode


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__ + "\n")
        return 2
    api_path, work = argv[1], argv[2]
    os.makedirs(work, exist_ok=True)
    with open(api_path, encoding="utf-8") as f:
        api = json.load(f)
    lines = full_log(api)
    failures = []
    if run(api_path, work, lines) != 0:
        failures.append("a complete log did not pass")
    if run(api_path, work, lines, end=False) == 0:
        failures.append("a log without 'COVER end' passed")
    if run(api_path, work, lines, evidence=False) == 0:
        failures.append("no DebugHalt/PowerOff/Reboot evidence passed")
    # Success of a noreturn method is only evidence, never a COVER line: skip
    # the lines whose removal the evidence covers anyway.
    noreturn = ("SystemControl_PowerOff NoError", "SystemControl_Reboot NoError")
    for i, l in enumerate(lines):
        if any(l.endswith(k) or (k + " own") in l for k in noreturn):
            continue
        if l.startswith("COVER wrapper") and not l.endswith("NoError"):
            continue  # the other wrapper error line is checked below
        if run(api_path, work, lines[:i] + lines[i + 1:]) == 0:
            failures.append("passed without: " + l)
    wrapper_errors = [l for l in lines if l.startswith("COVER wrapper") and not l.endswith("NoError")]
    if run(api_path, work, [l for l in lines if l not in wrapper_errors[:1]]) == 0:
        failures.append("passed without " + wrapper_errors[0])
    for f in failures:
        print("FAIL: " + f)
    print("coverage report self-test: %d lines removed one at a time, %d failures"
          % (len(lines), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
