# SPDX-License-Identifier: BSD-2-Clause
"""Helpers shared by check_abi.py and check_marshal.py."""

import os
import shlex
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
INCLUDES = [os.path.join(ROOT, "abi", "include"), os.path.join(ROOT, "userland", "include")]

FAILURES = []


def fail(msg):
    """Record a mismatch; the check keeps going so one run shows them all."""
    FAILURES.append(msg)
    print("FAIL: " + msg)


def norm(name):
    """Parameter names compare without '*', '_' and case (bufferFrame = buffer_frame)."""
    return name.lstrip("*").replace("_", "").lower()


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        print("$ " + " ".join(shlex.quote(c) for c in cmd))
        print(r.stdout)
        raise SystemExit("command failed (exit %d)" % r.returncode)
    return r.stdout


def include_flags(gen):
    return ["-I" + d for d in INCLUDES + [gen]]
