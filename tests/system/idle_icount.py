#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The default system left idle under -icount shift=0,sleep=off (the bench's
mode), then driven through its shell.

usage: idle_icount.py [--timeout S] [--idle S] QEMU IMAGE

With sleep=off an idle guest makes QEMU jump its virtual clock to the next
armed timer; the firmware's all-ones mtimecmp is one at the end of QEMU's
signed 64-bit nanosecond clock, so the first idle period runs the clock to
its end. A kernel that then disarmed its timer by writing an all-ones
deadline froze QEMU on that write (arch/riscv64/include/arch/timer.h says
why), and the shell stopped answering: `./conductor bench` sat out its
timeout whenever the typed line met the frozen machine. Input typed later
happens to unfreeze QEMU, so the serial transcript alone does not show it
reliably; QEMU's own state does: frozen, it spins (its vCPU thread asks for
a budget of zero instructions, over and over), while an idle guest in wfi
with nothing due leaves QEMU asleep. So the test leaves the system idle at
its prompt and requires QEMU to have used (almost) no CPU time meanwhile
(Linux's /proc/PID/stat). Then every one of several typed lines must be
answered, and `shutdown` must power the machine off.
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time

FIRMWARE = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
PROMPT = b"conductor> "


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--idle", type=float, default=3.0,
                    help="host seconds to leave the system idle at its prompt")
    ap.add_argument("qemu")
    ap.add_argument("image")
    args = ap.parse_args()

    # -nic none: the default user network keeps timers of its own, which
    # would keep an idle QEMU busy.
    cmd = [args.qemu, "-nographic", "-machine", "virt", "-smp", "1", "-m", "1G",
           "-bios", FIRMWARE, "-icount", "shift=0,sleep=off", "-nic", "none",
           "-kernel", args.image]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = b""
    deadline = time.monotonic() + args.timeout

    def read_for(seconds):
        nonlocal out
        end = min(time.monotonic() + seconds, deadline)
        while time.monotonic() < end:
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, end - time.monotonic()))
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    return False
                out += chunk
        return True

    def wait_for(pattern, start):
        rx = re.compile(pattern)
        while time.monotonic() < deadline:
            m = rx.search(out, start)
            if m:
                return m.end()
            if not read_for(0.1) and proc.poll() is not None:
                return None
        return None

    def fail(why):
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sys.stdout.write(out.decode("utf-8", "replace"))
        print("\n---\nFAILED: %s\ncommand: %s" % (why, " ".join(cmd)))
        return 1

    def cpu_seconds():
        with open("/proc/%d/stat" % proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # utime and stime (fields 14 and 15; 12 and 13 after the name).
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    pos = wait_for(re.escape(PROMPT), 0)
    if pos is None:
        return fail("no first prompt")
    # Idle at the prompt (the driver waits for a key, the shell for the
    # driver): QEMU runs its virtual clock to the end meanwhile.
    # The first half lets it settle; the second is measured.
    read_for(args.idle / 2)
    before = cpu_seconds()
    read_for(args.idle / 2)
    used = cpu_seconds() - before
    if used > 0.1 * args.idle:
        return fail("QEMU used %.2f s of CPU in %.1f s while the system was idle at its "
                    "prompt: frozen on a timer it cannot expire?" % (used, args.idle / 2))
    # Every line answered, each typed only after the previous prompt, with
    # idle periods between them as a person typing would leave.
    for i in range(4):
        proc.stdin.write(b"uptime\n")
        proc.stdin.flush()
        pos = wait_for(rb"uptime: shell started at instret \d+.*\n" + re.escape(PROMPT), pos)
        if pos is None:
            return fail("uptime #%d was not answered" % (i + 1))
        read_for(0.5)
    proc.stdin.write(b"shutdown\n")
    proc.stdin.flush()
    if wait_for(rb"system control: power off requested", pos) is None:
        return fail("shutdown was not answered")
    try:
        proc.wait(max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return fail("QEMU did not power off")
    read_for(0.1)
    if proc.returncode != 0:
        return fail("QEMU exited with status %d" % proc.returncode)
    print("passed: QEMU idle while the system was, 4 lines answered, QEMU powered off")
    return 0


if __name__ == "__main__":
    sys.exit(main())
