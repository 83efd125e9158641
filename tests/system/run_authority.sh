#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# system.default.authority: compiles each board's default spec (with that
# board's device tree, against the built component ELFs) to a binary spec,
# then asks every question in authority.txt and compares the answers (and
# the exit status: 0 yes, 1 no).
# Usage: run_authority.sh COMPILER SYSTEM_DIR ELF_DIR DTB_DIR WORK_DIR
set -u
bin=$1 sys=$2 elfs=$3 dtbs=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
fail=0 n=0
for pair in "default.cdl opensbi-handoff-virt-smp1-2G.dtb" \
            "default-sifive_u.cdl opensbi-handoff-sifive_u-default.dtb"; do
    set -- $pair
    spec=$sys/$1 dtb=$dtbs/$2
    args=("$spec" -L "$elfs" --dtb "$dtb")
    if ! out=$("$bin" "${args[@]}" -o "$work/${1%.cdl}.capdl" 2>&1); then
        echo "FAIL $1: does not compile:"; printf '%s\n' "$out"; fail=1; continue
    fi
    echo "ok   $1 compiles: $(printf '%s\n' "$out" | grep '^allocation' || true)"
    while IFS= read -r line; do
        case $line in ''|'#'*) continue ;; esac
        q=${line% = *} want=${line##* = }
        n=$((n + 1))
        out=$("$bin" "${args[@]}" --check "$q" 2>&1)
        status=$?
        got=$(printf '%s\n' "$out" | sed -n 's/^.*: \(yes\|no\)\( .*\)\{0,1\}$/\1/p' | tail -1)
        expect_status=$([ "$want" = yes ] && echo 0 || echo 1)
        if [ "$got" != "$want" ] || [ "$status" -ne "$expect_status" ]; then
            echo "FAIL $1: '$q' wanted $want (exit $expect_status), got exit $status:"
            printf '%s\n' "$out"
            fail=1
        else
            echo "ok   $1: $(printf '%s\n' "$out" | tail -1)"
        fi
    done < "$here/authority.txt"
done
[ "$n" -gt 0 ] || { echo "no questions asked"; exit 1; }
exit $fail
