#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Where the instructions of one operation go, from a QEMU instruction trace.

Record the trace with one instruction per line (bench/README.md shows how):
  qemu-system-riscv64 ... -icount shift=0,sleep=off -singlestep -d exec,nochain \
      -dfilter 0x10000..0x40000,0xffffffff80000000..0xffffffffffffffff -D trace.log
Then pick the user PC of an ecall in the benchmark loop (objdump the root
task) and run
  attribute.py trace.log --start 0x121b6 [--end 0x121c6] [--occurrence N] \
      [--elf build/target/images/bench-trace.elf]
It cuts the trace from the Nth execution of --start up to the next execution
of --end (default: --start again), and prints the instructions spent in
each kernel function (QEMU names them from the kernel ELF's symbols) and in
user code, in order of first appearance, with the kernel entry/exit path
split out. --elf names kernel code QEMU cannot (assembly without a symbol
type, such as trap entry and exit) by the nearest symbol below it.
"""
import argparse
import bisect
import re
import subprocess
import sys

LINE = re.compile(r"Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/[0-9a-f]+/[0-9a-f]+\]\s*(\S*)")
KERNEL_BASE = 0xffffffff80000000


def segment(path, start, end, occurrence):
    seen, out = 0, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if out:
                if pc == end:
                    return out
                out.append((pc, m.group(2)))
            elif pc == start:
                seen += 1
                if seen == occurrence:
                    out.append((pc, m.group(2)))
    return None


def symbols(elf):
    """Sorted (address, name) of the kernel's text symbols, from nm."""
    out = subprocess.run(["riscv64-unknown-elf-nm", "-n", elf], check=True,
                         capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT" and not parts[2].startswith(".L"):
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trace")
    ap.add_argument("--start", required=True, type=lambda s: int(s, 0))
    ap.add_argument("--end", type=lambda s: int(s, 0))
    ap.add_argument("--occurrence", type=int, default=1)
    ap.add_argument("--elf", help="the image, to name code QEMU gives no symbol")
    ap.add_argument("--sequence", action="store_true",
                    help="also print the run of functions in execution order")
    args = ap.parse_args()
    seg = segment(args.trace, args.start, args.end if args.end is not None else args.start,
                  args.occurrence)
    if not seg:
        print("attribute: no such segment in the trace", file=sys.stderr)
        return 1
    syms = symbols(args.elf) if args.elf else []
    addrs = [a for a, _ in syms]
    counts, order, runs = {}, [], []
    for pc, sym in seg:
        name = sym if pc >= KERNEL_BASE else "(user)"
        if pc >= KERNEL_BASE and not sym:
            i = bisect.bisect_right(addrs, pc) - 1
            name = syms[i][1] if i >= 0 else "(kernel %#x)" % pc
        if name not in counts:
            counts[name] = 0
            order.append(name)
        counts[name] += 1
        if runs and runs[-1][0] == name:
            runs[-1][1] += 1
        else:
            runs.append([name, 1])
    total = len(seg)
    kernel = sum(1 for pc, _ in seg if pc >= KERNEL_BASE)
    print("%d instructions: %d kernel, %d user" % (total, kernel, total - kernel))
    for name in order:
        print("  %6d  %s" % (counts[name], name))
    if args.sequence:
        print("in order:")
        for name, n in runs:
            print("  %6d  %s" % (n, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
