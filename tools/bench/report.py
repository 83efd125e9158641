#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Turns the benchmark root task's output into a table and JSON.

Reads the QEMU log of a bench image (lines "BENCH name=... key=value ...",
"bench: done"), prints one table row per benchmark with seL4 16.0's figures
and Conductor's goals beside it, adds the boot split (firmware probe) and the
kernel's section sizes, and writes everything as JSON. With --check it fails
(exit 1) when a known benchmark is missing, an error was reported, or the
run did not reach "bench: done": never on a figure.
"""
import argparse
import json
import re
import sys

TIMEBASE_HZ = 10_000_000          # QEMU virt's time CSR
LENGTHS = (0, 1, 2, 3, 4, 10, 120)
PRIOS = (("hi", "higher"), ("eq", "same"), ("lo", "lower"))

SEL4_IPC = "743"                  # seL4 16.0 on the same emulator, same AS
SEL4_YIELD = "472"
SEL4_NTFN = "2148-2894"


def catalogue():
    """(name, description, seL4 figure, Conductor goal) of every benchmark, in order."""
    rows = [("boot_to_main", "reset to root task main (firmware + kernel boot + crt0)", "", ""),
            ("yield", "Yield (the null system call)", SEL4_YIELD, "<= 120")]
    for cross in (False, True):
        for short, word in PRIOS:
            for n in LENGTHS:
                name = "ipc_call_reply_%dw_%s_as_srv_%s" % (n, "cross" if cross else "same", short)
                desc = "Call+ReplyRecv %d words, %s AS, server %s prio" % (
                    n, "cross" if cross else "same", word)
                fits = n <= 4
                sel4 = SEL4_IPC if fits and not cross else ""
                goal = ("<= 440" if cross else "<= 400") if fits else ""
                rows.append((name, desc, sel4, goal))
    rows += [
        ("ipc_send_recv_oneway_same_as", "Send -> higher-prio Recv, one way, same AS", "", ""),
        ("ipc_send_recv_oneway_cross_as", "Send -> higher-prio Recv, one way, cross AS", "", ""),
        ("ntfn_signal_wait_rt_peer_eq", "Signal/Wait round trip, peer same prio", SEL4_NTFN, "<= 700"),
        ("ntfn_signal_wait_rt_peer_hi", "Signal/Wait round trip, peer higher prio", SEL4_NTFN, "<= 700"),
        ("ntfn_signal_wake_higher", "Signal -> higher-prio waiter runs, one way", "", ""),
        ("irq_uart_thre_to_handler", "UART IER write -> IRQ handler thread runs", "", ""),
        ("irq_ack", "IRQHandler_Ack", "", ""),
        ("untyped_retype_4k", "Retype one 4 KiB frame per call", "", ""),
        ("untyped_retype_4k_fanout", "Retype 4 KiB frames, 250 per call (per frame)", "", ""),
        ("page_map_4k", "Page_Map of a 4 KiB frame", "", ""),
        ("page_unmap_4k", "Page_Unmap of a 4 KiB frame", "", ""),
        ("cnode_revoke_frames", "Revoke an untyped: per frame cap deleted", "", ""),
        ("untyped_reset", "first Retype after that revoke (zeroes the frames)", "", ""),
        ("cnode_copy", "CNode_Copy of an endpoint cap", "", ""),
        ("cnode_delete", "CNode_Delete of that copy", "", ""),
        ("cnode_revoke", "Revoke of an endpoint cap with N children (per revoke)", "", ""),
    ]
    return rows


def parse_log(text):
    results, info = {}, {"done": False, "errors": [], "timer_wait_ticks": None}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("BENCH "):
            fields = dict(kv.split("=", 1) for kv in line[6:].split() if "=" in kv)
            results[fields.get("name", "?")] = fields
        elif line == "bench: done":
            info["done"] = True
        elif line.startswith("bench: ERROR") or re.match(r"bench: \d+ errors", line):
            info["errors"].append(line)
        elif line.startswith("bench: Conductor"):
            info["config"] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
        m = re.search(r"deadline fired after (\d+) ticks", line)
        if m:
            info["timer_wait_ticks"] = int(m.group(1))
    return results, info


def number(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def ns_per_op(fields):
    ticks, n = number(fields.get("ticks")), number(fields.get("iterations"))
    if ticks is None or not n:
        return None
    return ticks * 1e9 / TIMEBASE_HZ / n


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--log", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--mode", choices=("icount", "no-icount"), default="icount")
    ap.add_argument("--probe", type=int, help="instret at the kernel's entry (boot probe)")
    ap.add_argument("--sizes", default="", help="section=bytes,... of the kernel")
    ap.add_argument("--system-up", type=int,
                    help="instret at the default system's shell's first instruction")
    ap.add_argument("--image", default="")
    ap.add_argument("--qemu", default="")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--status", default="", help="how QEMU ended (for the JSON)")
    args = ap.parse_args()

    with open(args.log, encoding="utf-8", errors="replace") as f:
        results, info = parse_log(f.read())
    noisy = args.mode == "no-icount"
    unit = "host ticks (noisy)" if noisy else "instructions"

    out_rows, missing = [], []
    print("Conductor benchmarks: %s" % ("NO -icount: wall clock, noisy" if noisy else
                                        "QEMU -icount shift=0: instructions per operation"))
    if "config" in info:
        print("  %s" % ", ".join("%s=%d" % kv for kv in info["config"].items()))
    cols = ("tsc mean", "tsc min", "tsc max") if noisy else ("mean", "min", "max")
    head = "%-36s %11s %11s %11s %10s %8s" % (("benchmark",) + cols + ("seL4 16.0", "goal"))
    if noisy:
        head += " %12s" % "ns (noisy)"
        print("  (tsc: rdinstret without -icount = host time-stamp counter ticks; seL4 and goal"
              " columns are instructions)")
    print(head)
    print("-" * len(head))
    for name, desc, sel4, goal in catalogue():
        fields = results.get(name)
        if noisy and name == "boot_to_main" and fields is not None:
            print("%-36s %11s" % (name, "n/a"))   # an absolute host TSC value: meaningless
            continue
        if fields is None:
            missing.append(name)
            print("%-36s %11s" % (name, "MISSING"))
            continue
        row = {"name": name, "description": desc, "unit": unit,
               "iterations": int(fields.get("iterations", "0")),
               "mean": number(fields.get("mean")), "min": number(fields.get("min")),
               "max": number(fields.get("max")), "cycles": number(fields.get("cycles")),
               "sel4_16_0": sel4 or None, "goal": goal or None,
               "extra": {k: v for k, v in fields.items() if k not in
                         ("name", "iterations", "mean", "min", "max", "unit", "cycles", "ticks")}}
        ns = ns_per_op(fields)
        if noisy and ns is not None and name != "boot_to_main":
            row["ns_noisy"] = round(ns, 1)
        out_rows.append(row)
        line = "%-36s %11s %11s %11s %10s %8s" % (name, fields.get("mean"), fields.get("min"),
                                                    fields.get("max"), sel4, goal)
        if noisy:
            line += " %12s" % ("%.1f" % row["ns_noisy"] if "ns_noisy" in row else "")
        print(line)
    extra_names = sorted(set(results) - {r[0] for r in catalogue()})
    for name in extra_names:   # new benchmarks the table does not know yet
        f = results[name]
        print("%-36s %11s %11s %11s" % (name, f.get("mean"), f.get("min"), f.get("max")))
        out_rows.append({"name": name, "unit": unit, "mean": number(f.get("mean")),
                         "min": number(f.get("min")), "max": number(f.get("max"))})

    boot = {}
    to_main = number(results.get("boot_to_main", {}).get("mean"))
    if not noisy and to_main is not None:
        boot["to_main"] = int(to_main)
        print("\nBoot (QEMU virtual ns = instructions, plus any time spent idle in wfi):")
        print("  reset -> root task main        %12d" % to_main)
        if args.probe:
            boot["firmware"] = args.probe
            boot["kernel_and_crt0"] = int(to_main) - args.probe
            print("  firmware (boot probe)          %12d" % args.probe)
            print("  kernel entry -> main           %12d" % boot["kernel_and_crt0"])
        if info["timer_wait_ticks"] is not None:
            wait = info["timer_wait_ticks"] * 1e9 // TIMEBASE_HZ
            boot["timer_self_test_ns"] = int(wait)
            print("    of which timer self-test    %12d  (1 ms idle in wfi)" % wait)
            if args.probe:
                boot["kernel_and_crt0_without_timer_test"] = boot["kernel_and_crt0"] - int(wait)
                print("    without it                  %12d" % boot["kernel_and_crt0_without_timer_test"])

    if not noisy and args.system_up:
        boot["to_default_system"] = args.system_up
        print("  reset -> default system up     %12d  (the shell's first instruction)" % args.system_up)
        if args.probe:
            boot["kernel_to_default_system"] = args.system_up - args.probe
            print("  kernel entry -> system up      %12d" % boot["kernel_to_default_system"])

    sizes = {}
    for item in filter(None, args.sizes.split(",")):
        k, v = item.split("=")
        sizes[k] = int(v)
    if sizes:
        print("\nKernel image (without the payload): " +
              ", ".join("%s %d" % kv for kv in sizes.items()) +
              " bytes; text+rodata %d" % (sizes.get("text", 0) + sizes.get("rodata", 0)))

    report = {"mode": args.mode, "unit": unit, "image": args.image, "qemu": args.qemu,
              "status": args.status, "config": info.get("config", {}), "results": out_rows,
              "boot": boot, "kernel_size": sizes, "done": info["done"],
              "errors": info["errors"], "missing": missing}
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    print("\nwrote %s" % args.json)

    problems = []
    if missing:
        problems.append("missing: " + " ".join(missing))
    if info["errors"]:
        problems.append("errors: " + "; ".join(info["errors"]))
    if not info["done"]:
        problems.append('no "bench: done"')
    for p in problems:
        print("bench: " + p, file=sys.stderr)
    return 1 if (args.check and problems) else 0


if __name__ == "__main__":
    sys.exit(main())
