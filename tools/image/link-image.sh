#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Links a bootable Conductor image: a kernel archive + a boot payload.
#   link-image.sh CC OBJCOPY LDSCRIPT KERNEL_ARCHIVE PAYLOAD OUT.elf [LOAD_ADDRESS]
# Writes OUT.elf (for QEMU -kernel, fw_jump, gdb) and, beside it, OUT.bin:
# the raw image starting with the RISC-V Linux Image header (U-Boot booti,
# QEMU -kernel with a raw binary).
set -euo pipefail
if [ $# -ne 6 ] && [ $# -ne 7 ]; then
    echo "usage: $0 CC OBJCOPY LDSCRIPT KERNEL_ARCHIVE PAYLOAD OUT.elf [LOAD_ADDRESS]" >&2
    exit 2
fi
cc=$1 objcopy=$2 ldscript=$3 kernel=$4 payload=$5 out=$6
load_flags=()
[ $# -eq 7 ] && load_flags=(-Wl,--defsym=CONDUCTOR_LOAD_ADDRESS="$7")
for f in "$ldscript" "$kernel" "$payload"; do
    [ -f "$f" ] || { echo "link-image: $f: no such file" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
payload_abs=$(readlink -f "$payload")
printf '\t.section .payload, "a", @progbits\n\t.incbin "%s"\n' "$payload_abs" > "$work/payload.S"
"$cc" -march=rv64imac_zicsr_zifencei -mabi=lp64 -c "$work/payload.S" -o "$work/payload.o" 2>/dev/null ||
    "$cc" --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 -c "$work/payload.S" -o "$work/payload.o"
"$cc" -nostdlib -static -mabi=lp64 -T "$ldscript" -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
    "${load_flags[@]}" \
    -Wl,--whole-archive "$kernel" -Wl,--no-whole-archive "$work/payload.o" -o "$out"
"$objcopy" -O binary "$out" "${out%.elf}.bin"
