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
guard size. So is every TCB of the spec (its cspace, vspace, IPC buffer and
bound notification, and ip, sp, prio, max_prio, fault_ep: the threads have
not run yet when the loader dumps) and every page table of the components'
VSpaces (the same entries, each a table or a frame mapped with the same
rights: R, W, X unless execute_never), and so is the notification cap each
IRQ of the spec signals (rights, badge). Any difference fails the test and is
listed.

--mutate changes the expected side before comparing -- a badge, a TCB's
priority and a page's rights -- and inverts the verdict: each of the three
must be reported, proving each comparison sees a difference.

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
TCB_SLOT = re.compile(r"^\s+(cspace|vspace|ipc_buffer_slot|bound_notification): (\S+)"
                      r"(?: \((.*)\))?$")
TCB_FIELDS = ("ip", "sp", "prio", "max_prio", "fault_ep")


def tcb_fields(line):
    """'x = tcb (addr: 0x18000, ip: 0x10000, ...)' -> {ip: 0x10000, ...}."""
    return {k: int(v, 0) for k, v in re.findall(r"\b(\w+): (0x[0-9a-f]+|\d+)\b", line)
            if k in TCB_FIELDS}


def parse_params(text):
    """'WP, badge: 0x2' -> dict(rights=set, badge=int, guard=int, guard_size=int)."""
    out = {"rights": None, "badge": 0, "guard": 0, "guard_size": 0, "xn": False}
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        if ":" in part:
            k, v = (x.strip() for x in part.split(":", 1))
            if k in ("badge", "guard", "guard_size"):
                out[k] = int(v, 0)
        elif re.fullmatch(r"[RWGPX]+", part):
            out["rights"] = set(part)
        elif part == "execute_never":
            out["xn"] = True
    return out


def spec_side(compiler, spec, libdirs, dtb):
    cmd = [compiler, spec, "--expand"] + sum((["-L", d] for d in libdirs), [])
    if dtb:
        cmd += ["--dtb", dtb]
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    types, cnodes, current = {}, {}, None
    tcbs, pts, irq_blocks, tcb_params = {}, {}, {}, {}
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
                if m.group(2) == "tcb":
                    tcb_params[m.group(1)] = tcb_fields(line)
        elif section == "caps":
            m = re.match(r"^  (\S+) \{$", line)
            if m:
                current = m.group(1)
                table = {"cnode": cnodes, "tcb": tcbs, "pt": pts, "irq": irq_blocks}.get(types.get(current))
                if table is not None:
                    table[current] = {}
                continue
            # The derivation ("- child_of (cnode, slot)") is not in the dump.
            line = re.sub(r" - child_of \(.*\)$", "", line)
            block = {"cnode": cnodes, "tcb": tcbs, "pt": pts, "irq": irq_blocks}.get(types.get(current))
            m = SLOT.match(line) or TCB_SLOT.match(line)
            if m and block is not None:
                key = int(m.group(1), 0) if m.group(1)[0].isdigit() else m.group(1)
                block[current][key] = (m.group(2), parse_params(m.group(3)))
    for name, fields in tcb_params.items():
        tcbs.setdefault(name, {})["params"] = fields
    return types, cnodes, tcbs, pts, irq_blocks


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
    blocks = {"cnode": {}, "tcb": {}, "pt": {}, "irq": {}}
    current, section = None, None
    for line in text.splitlines():
        if line.startswith("objects {"):
            section = "objects"
        elif line.startswith("caps {"):
            section = "caps"
        elif section == "objects":
            m = re.match(r"^  tcb_([0-9a-f]+) = tcb", line)
            if m:
                blocks["tcb"].setdefault(int(m.group(1), 16), {})["params"] = tcb_fields(line)
        elif section == "caps":
            m = re.match(r"^  (cnode|tcb|pt)_([0-9a-f]+) \{$", line)
            if m:
                current = blocks[m.group(1)].setdefault(int(m.group(2), 16), {})
                continue
            m = re.match(r"^  irq_(\d+) \{$", line)   # by IRQ number
            if m:
                current = blocks["irq"].setdefault(int(m.group(1)), {})
                continue
            m = SLOT.match(line) or TCB_SLOT.match(line)
            if m and current is not None:
                key = int(m.group(1), 0) if m.group(1)[0].isdigit() else m.group(1)
                current[key] = (m.group(2), parse_params(m.group(3)))
    return objects, irqs, blocks


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


def cap_diffs(kind, sp, lp, in_pt):
    """What differs between a spec cap's and a live cap's parameters."""
    diffs = []
    if kind in ("ep", "notification", "frame"):
        want = (sp["rights"] or set()) - {"X"}
        got = lp["rights"] or set()
        if kind == "frame":
            want &= {"R", "W"}
        if in_pt and kind == "frame":
            # A mapping: the PTE's R, W and X (execute unless execute_never).
            want = (sp["rights"] or set()) & {"R", "W", "X"}
            if sp["xn"]:
                want -= {"X"}
        if want != got:
            diffs.append(f"rights {''.join(sorted(want))} vs {''.join(sorted(got))}")
    for k in ("badge", "guard", "guard_size"):
        if sp[k] != lp[k]:
            diffs.append(f"{k} {sp[k]:#x} vs {lp[k]:#x}")
    return diffs


def compare_block(what, slots, live, types, objects, irqs, in_pt=False):
    """One CNode, TCB or page table: the same keys, targets and parameters."""
    problems, checked = [], 0
    for slot in sorted(set(slots) | set(live), key=str):
        if slot == "params":
            continue
        if slot not in live:
            problems.append(f"{what} slot {slot}: the spec has {slots[slot][0]}, the system nothing")
            continue
        if slot not in slots:
            problems.append(f"{what} slot {slot}: the system has {live[slot][0]}, the spec nothing")
            continue
        (st, sp), (lt, lp) = slots[slot], live[slot]
        lname = live_name(lt, objects, irqs)
        checked += 1
        if st != lname:
            problems.append(f"{what} slot {slot}: spec {st}, system {lname}")
            continue
        # A binding is to the object: the kernel keeps no rights for it.
        diffs = [] if slot == "bound_notification" else cap_diffs(types.get(st), sp, lp, in_pt)
        if diffs:
            problems.append(f"{what} slot {slot} ({st}): spec vs system: " + ", ".join(diffs))
    return problems, checked


def compare(types, spec, objects, irqs, blocks):
    """spec: {"cnode": {name: slots}, "tcb": ..., "pt": ...}; blocks: the same by address."""
    problems, checked = [], 0
    where = {(t, name): base for name, t, base, _ in objects}
    where.update({("irq", name): number for number, name in irqs.items()})
    for kind in ("cnode", "tcb", "pt", "irq"):
        for name, slots in sorted(spec[kind].items()):
            base = where.get((kind, name))
            if base is None or base not in blocks[kind]:
                problems.append(f"{name}: not found in the snapshot")
                continue
            live = blocks[kind][base]
            p, c = compare_block(name, slots, live, types, objects, irqs, kind == "pt")
            problems += p
            checked += c
            if kind == "tcb":
                want, got = slots.get("params", {}), live.get("params", {})
                for k in TCB_FIELDS:
                    if k in want:
                        checked += 1
                        if want[k] != got.get(k):
                            problems.append(f"{name} {k}: spec {want[k]:#x}, system "
                                            f"{got.get(k, 0):#x}")
    return problems, checked


def mutate(spec):
    """Three changes to the expected side, and the text each DIFF must name."""
    marks = []
    for cnode in sorted(spec["cnode"]):
        hit = [s for s, (_, p) in sorted(spec["cnode"][cnode].items()) if p["badge"]]
        if hit:
            spec["cnode"][cnode][hit[0]][1]["badge"] ^= 0x10
            marks.append(f"{cnode} slot {hit[0]} ")
            break
    for tcb in sorted(spec["tcb"]):
        params = spec["tcb"][tcb].get("params", {})
        if "prio" in params:
            params["prio"] ^= 1
            marks.append(f"{tcb} prio")
            break
    for pt in sorted(spec["pt"]):
        hit = [s for s, (t, p) in sorted(spec["pt"][pt].items()) if p["rights"]]
        if hit:
            p = spec["pt"][pt][hit[0]][1]
            p["rights"] = set(p["rights"]) ^ {"W"}
            marks.append(f"{pt} slot {hit[0]} ")
            break
    for m in marks:
        print(f"roundtrip: mutated {m.strip()}")
    return marks


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
    types, cnodes, tcbs, pts, irq_blocks = spec_side(a.compiler, a.spec, a.libdirs, a.dtb)
    spec = {"cnode": cnodes, "tcb": tcbs, "pt": pts, "irq": irq_blocks}
    marks = mutate(spec) if a.mutate else []
    log = run_qemu(cmd, a.timeout)
    objects, irqs, blocks = live_side(log[log.index("capdl-roundtrip: begin"):])
    problems, checked = compare(types, spec, objects, irqs, blocks)
    if a.loader:
        problems += placement_problems(a, log, objects)
    for p in problems:
        print("DIFF " + p)
    print(f"roundtrip: {len(cnodes)} CNodes, {len(tcbs)} TCBs, {len(pts)} page tables, "
          f"{len(irq_blocks)} IRQs, {checked} caps and TCB fields compared, "
          f"{len(problems)} differences")
    if not cnodes or not tcbs or not pts or not checked:
        print("roundtrip: nothing (or not everything) was compared")
        return 1
    if a.mutate:
        missed = [m for m in marks if not any(p.startswith(m) for p in problems)]
        for m in missed:
            print(f"roundtrip: the mutation of {m.strip()} was not reported")
        return 0 if len(marks) == 3 and not missed else 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
