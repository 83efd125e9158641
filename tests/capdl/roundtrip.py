#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Round trip: does the system the capDL loader built equal its spec?

usage: roundtrip.py --compiler BIN --spec SPEC [-L DIR] [--dtb FILE]
                    [--mutate] [--timeout S] -- QEMU-COMMAND...

Boots an image whose loader was built with LD_ROUNDTRIP (capdl/loader): after
loading it prints where every spec object went ("capdl-roundtrip: object NAME
TYPE PADDR BITS", "capdl-roundtrip: irq NAME NUMBER") and the kernel's
DebugSnapshot, capDL text naming objects by type and physical address. Every
CNode of the spec is found in the snapshot by its address and compared slot by
slot with the compiler's expansion of the spec (--expand): the same slots
filled, each with a cap to the same object (snapshot names mapped back to spec
names), the same rights (endpoints, notifications, frames), badge, guard and
guard size. Any difference fails the test and is listed.

--mutate changes one cap of the expected side (a badge) before comparing and
inverts the verdict: it checks that the comparison does see a difference.

--loader ELF (with --dtb): also compare where every object went with where
the compiler's allocation check placed it (--placement), replaying the boot
with the kernel image size the kernel printed and that loader (without spec).
"""
import argparse
import os
import re
import subprocess
import sys
import time

SLOT = re.compile(r"^\s+(\d+|0x[0-9a-f]+): (\S+)(?: \((.*)\))?$")


def parse_params(text):
    """'WP, badge: 0x2' -> dict(rights=set, badge=int, guard=int, guard_size=int)."""
    out = {"rights": None, "badge": 0, "guard": 0, "guard_size": 0}
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        if ":" in part:
            k, v = (x.strip() for x in part.split(":", 1))
            if k in ("badge", "guard", "guard_size"):
                out[k] = int(v, 0)
        elif re.fullmatch(r"[RWGPX]+", part):
            out["rights"] = set(part)
    return out


def spec_side(compiler, spec, libdirs, dtb):
    cmd = [compiler, spec, "--expand"] + sum((["-L", d] for d in libdirs), [])
    if dtb:
        cmd += ["--dtb", dtb]
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    types, cnodes, current = {}, {}, None
    section = None
    for line in text.splitlines():
        if line.startswith("objects {"):
            section = "objects"
        elif line.startswith("caps {"):
            section = "caps"
        elif line.startswith("irq maps") or line.startswith("cdt"):
            section = None
        elif section == "objects":
            m = re.match(r"^\s+(\S+) = (\w+)", line)
            if m:
                types[m.group(1)] = m.group(2)
        elif section == "caps":
            m = re.match(r"^  (\S+) \{$", line)
            if m:
                current = m.group(1) if types.get(m.group(1)) == "cnode" else None
                if current:
                    cnodes[current] = {}
                continue
            # The derivation ("- child_of (cnode, slot)") is not in the dump.
            m = SLOT.match(re.sub(r" - child_of \(.*\)$", "", line))
            if m and current:
                cnodes[current][int(m.group(1), 0)] = (m.group(2), parse_params(m.group(3)))
    return types, cnodes


def run_qemu(cmd, timeout):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    deadline = time.monotonic() + timeout
    import select
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline and b"capdl-roundtrip: end" not in out:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            out += chunk
    proc.kill()
    proc.wait()
    text = out.decode("utf-8", "replace").replace("\r", "")
    if "capdl-roundtrip: end" not in text:
        print(text)
        sys.exit("roundtrip: the guest never finished its dump (timeout or failure above)")
    return text[:text.index("capdl-roundtrip: end")]


def placement_problems(a, log, objects):
    """The compiler's simulated address of every object against the loader's."""
    m = re.search(r"kernel: image \[(0x[0-9a-f]+), (0x[0-9a-f]+)\)", log)
    if not m:
        return ["placement: the kernel did not print its image range"]
    kernel_size = int(m.group(2), 16) - int(m.group(1), 16)
    out = "/tmp/roundtrip-placement-%d.txt" % os.getpid()
    cmd = [a.compiler, a.spec, "--dtb", a.dtb, "--loader", a.loader, "--kernel-size",
           hex(kernel_size), "--placement", out] + sum((["-L", d] for d in a.libdirs), [])
    subprocess.run(cmd, check=True, capture_output=True)
    planned = {}
    for line in open(out):
        name, addr = line.split()
        planned[name] = int(addr, 16)
    os.unlink(out)
    live = {name: base for name, _, base, _ in objects}
    problems = []
    for name in sorted(set(planned) | set(live)):
        if planned.get(name) != live.get(name):
            problems.append(f"placement of {name}: compiler {planned.get(name, 0):#x}, "
                            f"loader {live.get(name, 0):#x}")
    print(f"roundtrip: {len(live)} objects placed where the compiler's check put them"
          if not problems else f"roundtrip: {len(problems)} objects placed elsewhere")
    return problems


def live_side(text):
    objects, irqs = [], {}
    for line in text.splitlines():
        m = re.match(r"capdl-roundtrip: object (\S+) (\w+) (0x[0-9a-f]+) (\d+)$", line)
        if m:
            objects.append((m.group(1), m.group(2), int(m.group(3), 16), 1 << int(m.group(4))))
        m = re.match(r"capdl-roundtrip: irq (\S+) (\d+)$", line)
        if m:
            irqs[int(m.group(2))] = m.group(1)
    cnodes, current, in_caps = {}, None, False
    for line in text.splitlines():
        if line.startswith("caps {"):
            in_caps = True
        elif in_caps:
            m = re.match(r"^  cnode_([0-9a-f]+) \{$", line)
            if m:
                current = int(m.group(1), 16)
                cnodes[current] = {}
                continue
            m = SLOT.match(line)
            if m and current is not None:
                cnodes[current][int(m.group(1), 0)] = (m.group(2), parse_params(m.group(3)))
    return objects, irqs, cnodes


def live_name(target, objects, irqs):
    """tcb_80266000 -> the spec object of that type whose memory holds it."""
    m = re.fullmatch(r"irq_(\d+)", target)
    if m:
        return irqs.get(int(m.group(1)), target)
    m = re.fullmatch(r"(\w+?)_([0-9a-f]+)", target)
    if not m:
        return target           # control caps: irq_control, system_control, ...
    kind, addr = m.group(1), int(m.group(2), 16)
    for name, t, base, size in objects:
        if t == kind and base <= addr < base + size:
            return name
    return target + " (not a spec object)"


def compare(types, spec_cnodes, objects, irqs, live_cnodes):
    problems, checked = [], 0
    where = {name: base for name, t, base, _ in objects if t == "cnode"}
    for cnode, slots in sorted(spec_cnodes.items()):
        if cnode not in where or where[cnode] not in live_cnodes:
            problems.append(f"{cnode}: not found in the snapshot")
            continue
        live = live_cnodes[where[cnode]]
        for slot in sorted(set(slots) | set(live)):
            if slot not in live:
                problems.append(f"{cnode} slot {slot}: the spec has {slots[slot][0]}, the system nothing")
                continue
            if slot not in slots:
                problems.append(f"{cnode} slot {slot}: the system has {live[slot][0]}, the spec nothing")
                continue
            (st, sp), (lt, lp) = slots[slot], live[slot]
            lname = live_name(lt, objects, irqs)
            checked += 1
            if st != lname:
                problems.append(f"{cnode} slot {slot}: spec {st}, system {lname}")
                continue
            kind = types.get(st)
            diffs = []
            if kind in ("ep", "notification", "frame"):
                want = (sp["rights"] or set()) - {"X"}
                if kind == "frame":
                    want &= {"R", "W"}
                if want != (lp["rights"] or set()):
                    diffs.append(f"rights {''.join(sorted(want))} vs {''.join(sorted(lp['rights'] or []))}")
            for k in ("badge", "guard", "guard_size"):
                if sp[k] != lp[k]:
                    diffs.append(f"{k} {sp[k]:#x} vs {lp[k]:#x}")
            if diffs:
                problems.append(f"{cnode} slot {slot} ({st}): spec vs system: " + ", ".join(diffs))
    return problems, checked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compiler", required=True)
    ap.add_argument("--spec", required=True)
    ap.add_argument("-L", dest="libdirs", action="append", default=[])
    ap.add_argument("--dtb")
    ap.add_argument("--mutate", action="store_true")
    ap.add_argument("--loader")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    types, spec_cnodes = spec_side(a.compiler, a.spec, a.libdirs, a.dtb)
    if a.mutate:
        # The first badged cap gets another badge: a difference to find.
        for cnode in sorted(spec_cnodes):
            hit = [s for s, (_, p) in sorted(spec_cnodes[cnode].items()) if p["badge"]]
            if hit:
                spec_cnodes[cnode][hit[0]][1]["badge"] ^= 0x10
                print(f"roundtrip: mutated the badge in {cnode} slot {hit[0]}")
                break
    log = run_qemu(cmd, a.timeout)
    objects, irqs, live_cnodes = live_side(log[log.index("capdl-roundtrip: begin"):])
    problems, checked = compare(types, spec_cnodes, objects, irqs, live_cnodes)
    if a.loader:
        problems += placement_problems(a, log, objects)
    for p in problems:
        print("DIFF " + p)
    print(f"roundtrip: {len(spec_cnodes)} CNodes, {checked} caps compared, "
          f"{len(problems)} differences")
    if not spec_cnodes or not checked:
        print("roundtrip: nothing was compared")
        return 1
    if a.mutate:
        return 0 if problems else 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
