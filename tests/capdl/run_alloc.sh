#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# unit.capdl.alloc: each alloc/NAME.cdl lists `-- on: BOARD.dtb fits` or
# `-- on: BOARD.dtb does-not-fit` lines; the compiler, simulating the
# kernel's boot on that device tree, must agree (exit 0, or exit 2 with a
# "does not fit" error).
# Usage: run_alloc.sh COMPILER ALLOC_DIR DTB_DIR
set -u
bin=$1 dir=$2 dtbs=$3
data=$(cd "$dir/../data" && pwd)
cd "$dir" || exit 1
fail=0 n=0
for spec in *.cdl; do
    while read -r _ _ dtb want; do
        n=$((n + 1))
        out=$("$bin" "$spec" -L "$data" --dtb "$dtbs/$dtb" 2>&1)
        status=$?
        if [ "$want" = fits ] && [ "$status" -eq 0 ]; then
            echo "ok   $spec on $dtb: fits"
        elif [ "$want" = does-not-fit ] && [ "$status" -eq 2 ] &&
             printf '%s\n' "$out" | grep -q "does not fit"; then
            echo "ok   $spec on $dtb: does not fit"
        else
            echo "FAIL $spec on $dtb: wanted $want, got exit $status:"
            printf '%s\n' "$out"
            fail=1
        fi
    done < <(grep '^-- on: ' "$spec")
done
[ "$n" -gt 0 ] || { echo "no allocation cases in $dir"; exit 1; }
exit $fail
