#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The second supported compiler: builds the RISC-V side (kernel, user land,
# images) with clang --target=riscv64 and boots the capability and IPC test
# images it produced.
#   clang_target.sh SOURCE_DIR HOST_BUILD_DIR WORK_DIR
set -euo pipefail
src=$1 host=$2 work=$3
rm -rf "$work"
cmake -S "$src" -B "$work" -DCONDUCTOR_TARGET_BUILD=ON \
    -DCMAKE_TOOLCHAIN_FILE="$src/cmake/riscv64-clang.cmake" \
    -DCONDUCTOR_HOST_BINARY_DIR="$host" -DCMAKE_BUILD_TYPE=Debug > "$work.log" 2>&1 ||
    { cat "$work.log"; exit 1; }
cmake --build "$work" -j "$(nproc)" >> "$work.log" 2>&1 || { tail -50 "$work.log"; exit 1; }
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
for image in captest ipctest; do
    python3 "$src/tests/qemu/qemu_test.py" --timeout 240 --forbid " FAIL" \
        --expect "[0-9]+ passed, 0 failed" --expect "system control: power off requested" \
        --expect-exit -- qemu-system-riscv64 -nographic -machine virt -m 1G -bios "$fw" \
        -kernel "$work/images/$image.elf"
done
echo "clang-built images pass"
