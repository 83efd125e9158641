#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs the benchmark image under QEMU and reports: boots IMAGE.elf on
# qemu-system-riscv64 -machine virt -icount shift=0,sleep=off (so rdinstret
# counts executed instructions and every figure is deterministic), collects
# the "BENCH ..." lines, boots a one-instruction boot probe the same way to
# split the boot figure into firmware and kernel, reads the kernel's section
# sizes, prints a table beside seL4 16.0's figures and Conductor's goals,
# and writes JSON (tools/bench/report.py does the parsing and formatting).
#
#   run-bench.sh [--no-icount] [--check] [--timeout SECONDS] [-o OUT.json]
#                [--system SYSTEM.elf] IMAGE.elf
#
# --no-icount  run in real time: figures are host TSC ticks and ns from the
#              time CSR (10 MHz on virt), both labelled noisy
# --check      exit 1 unless every benchmark line and "bench: done" appeared
#              (and no "bench: ERROR"): for the smoke test; never judges a figure
# -o FILE      the JSON (default: build/bench.json); the QEMU log goes beside
#              it as FILE with .log instead of .json
# --system F   also boot the default capDL system image F the same way, ask
#              its shell for `uptime` and report the instructions from reset
#              to the shell's first instruction (the system being up)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
firmware=${CONDUCTOR_OPENSBI:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
qemu=${QEMU:-qemu-system-riscv64}
icount=1 check=0 timeout=600 out="$root/build/bench.json" image= system=

usage() {
    sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
        --no-icount) icount=0 ;;
        --check) check=1 ;;
        --timeout) [ $# -ge 2 ] || usage; timeout=$2; shift ;;
        -o) [ $# -ge 2 ] || usage; out=$2; shift ;;
        --system) [ $# -ge 2 ] || usage; system=$2; shift ;;
        -h|--help) usage ;;
        -*) echo "run-bench: unknown option $1" >&2; usage ;;
        *) [ -z "$image" ] || usage; image=$1 ;;
    esac
    shift
done
[ -n "$image" ] || usage
[ -f "$image" ] || { echo "run-bench: $image: no such file" >&2; exit 1; }
[ -f "$firmware" ] || { echo "run-bench: $firmware: no such file (install opensbi)" >&2; exit 1; }
command -v "$qemu" >/dev/null || { echo "run-bench: $qemu not found (install qemu-system-misc)" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
log="${out%.json}.log"
[ "$log" != "$out" ] || log="$out.log"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

qemu_args=(-nographic -machine virt -smp 1 -m 1G -bios "$firmware")
if [ "$icount" = 1 ]; then
    qemu_args+=(-icount "shift=0,sleep=off")
    mode=icount
else
    mode=no-icount
fi

# Boots $1 with a timeout; its output goes to $2. Prints how QEMU ended.
run_qemu() {
    local status=0
    timeout -k 5 "$timeout" "$qemu" "${qemu_args[@]}" -kernel "$1" \
        </dev/null >"$2" 2>&1 || status=$?
    case $status in
        0) echo "powered off" ;;
        124|137) echo "timed out after ${timeout}s" ;;
        *) echo "qemu exit status $status" ;;
    esac
}

# The boot probe: needs the cross compiler; optional.
probe=
cc=riscv64-unknown-elf-gcc
if [ "$icount" = 1 ] && command -v "$cc" >/dev/null; then
    probe_flags=(-nostdlib -static "-Wl,-N" "-Wl,-Ttext=0x80200000" "-Wl,--build-id=none"
                 -march=rv64imac_zicsr -mabi=lp64)
    if "$cc" "${probe_flags[@]}" "-Wl,--no-warn-rwx-segments" "$here/boot-probe.S" \
            -o "$work/probe.elf" 2>/dev/null ||
       "$cc" "${probe_flags[@]}" "$here/boot-probe.S" -o "$work/probe.elf" 2>/dev/null; then
        run_qemu "$work/probe.elf" "$work/probe.log" >/dev/null
        probe=$(sed -n 's/.*boot-probe: instret=\([0-9]*\).*/\1/p' "$work/probe.log" | head -n 1)
    fi
    [ -n "$probe" ] || echo "run-bench: boot probe gave no figure; boot is not split" >&2
fi

# The default capDL system: boot it, wait for the shell's prompt, ask for
# `uptime` (the counters at the shell's first instruction: deterministic under
# -icount, since nothing before it waits for input), then shut it down.
system_up=
if [ -n "$system" ] && [ "$icount" = 1 ]; then
    [ -f "$system" ] || { echo "run-bench: $system: no such file" >&2; exit 1; }
    echo "run-bench: booting the default system $system" >&2
    if python3 "$root/tests/qemu/qemu_test.py" --timeout "$timeout" --log "$work/system-serial.log" \
            --send-on "conductor> " "uptime" --expect "uptime: shell started at instret" \
            --send-on "uptime: shell started" "shutdown" --expect-exit \
            -- "$qemu" "${qemu_args[@]}" -kernel "$system" >"$work/system.log" 2>&1; then
        system_up=$(sed -n 's/.*uptime: shell started at instret \([0-9]*\).*/\1/p' "$work/system-serial.log" | head -n 1)
    fi
    [ -n "$system_up" ] || { echo "run-bench: the default system gave no uptime figure:" >&2; tail -n 20 "$work/system.log" >&2; }
fi

# Kernel section sizes from the image, without the payload (the root task).
sizes=
size_tool=riscv64-unknown-elf-size
if command -v "$size_tool" >/dev/null; then
    sizes=$("$size_tool" -A "$image" | awk '
        $1 == ".text" || $1 == ".rodata" || $1 == ".data" || $1 == ".bss" {
            printf "%s%s=%s", sep, substr($1, 2), $2; sep = ","
        }')
fi

echo "run-bench: booting $image ($mode, timeout ${timeout}s)" >&2
status=$(run_qemu "$image" "$log")
echo "run-bench: QEMU $status; log in $log" >&2

report_args=(--log "$log" --json "$out" --mode "$mode" --image "$image"
             --qemu "$qemu ${qemu_args[*]}" --status "$status")
[ -z "$probe" ] || report_args+=(--probe "$probe")
[ -z "$system_up" ] || report_args+=(--system-up "$system_up")
[ -z "$sizes" ] || report_args+=(--sizes "$sizes")
[ "$check" = 0 ] || report_args+=(--check)
rc=0
python3 "$here/report.py" "${report_args[@]}" || rc=$?
if [ "$check" = 1 ] && [ "$status" != "powered off" ]; then
    echo "run-bench: the machine did not power off: $status" >&2
    rc=1
fi
exit "$rc"
