#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# unit.system.authority: compiles the default spec for each board (with that
# board's device tree, against the built component ELFs) to a binary spec;
# checks that its CNodes hold what system/components/slots.h promises the
# components (SLOTS_PROGRAM prints that: "CNODE SLOT CAP", "-" = empty, and
# "signal NOTIFICATION BADGE" for the supervisor's shutdown signals); then
# asks every question in authority.txt and compares the answers (and the
# exit status: 0 yes, 1 no).
# Usage: run_authority.sh COMPILER SLOTS_PROGRAM SYSTEM_DIR ELF_DIR DTB_DIR WORK_DIR
set -u
bin=$1 slots=$2 sys=$3 elfs=$4 dtbs=$5 work=$6
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
fail=0 n=0
for pair in "default.cdl opensbi-handoff-virt-smp1-2G.dtb virt 0x10000000" \
            "default.cdl opensbi-handoff-sifive_u-default.dtb sifive_u 0x10010000"; do
    set -- $pair
    spec=$sys/$1 dtb=$dtbs/$2
    args=("$spec" -L "$elfs" --dtb "$dtb")
    if ! out=$("$bin" "${args[@]}" -o "$work/${1%.cdl}-$3.capdl" 2>&1); then
        echo "FAIL $1 ($3): does not compile:"; printf '%s\n' "$out"; fail=1; continue
    fi
    echo "ok   $1 ($3) compiles: $(printf '%s\n' "$out" | grep '^allocation' || true)"
    expanded=$("$bin" "${args[@]}" --expand 2>/dev/null)
    # path: stdout found this board's console.
    n=$((n + 1))
    if ! printf '%s\n' "$expanded" | grep -q "^  uart_0 = frame (4k, paddr: $4)$"; then
        echo "FAIL $1 ($3): the console is not the UART at $4:"
        printf '%s\n' "$expanded" | grep "uart_0 ="; fail=1
    fi
    while read -r cnode slot cap; do
        n=$((n + 1))
        if [ "$cnode" = signal ]; then
            # "signal NOTIFICATION BADGE": the supervisor's signaller badge in the spec.
            badge=$(awk "/^notification $slot \\{/,/^}/" "$spec" |
                    sed -n 's/.*signaller: supervisor (badge: \([0-9a-fx]*\)).*/\1/p')
            if [ -z "$badge" ] || [ "$((badge))" != "$cap" ]; then
                echo "FAIL ${spec##*/}: the supervisor signals '$slot' with badge '$badge', slots.h says $cap"
                fail=1
            fi
            continue
        fi
        held=$(printf '%s\n' "$expanded" | awk "/^  $cnode \\{/,/^  }/" |
               sed -n "s/^    $slot: \(.*\)$/\1/p")
        if [ "$cap" = - ] && [ -n "$held" ]; then
            echo "FAIL ${spec##*/}: $cnode slot $slot must stay empty, holds '$held'"; fail=1
        elif [ "$cap" != - ] && [ "$held" != "$cap" ]; then
            echo "FAIL ${spec##*/}: $cnode slot $slot holds '$held', slots.h wants '$cap'"; fail=1
        fi
    done < <("$slots")
    while IFS= read -r line; do
        case $line in ''|'#'*) continue ;; esac
        q=${line% = *} want=${line##* = }
        n=$((n + 1))
        out=$("$bin" "${args[@]}" --check "$q" 2>&1)
        status=$?
        got=$(printf '%s\n' "$out" | sed -n 's/^.*: \(yes\|no\)\( .*\)\{0,1\}$/\1/p' | tail -1)
        expect_status=$([ "$want" = yes ] && echo 0 || echo 1)
        if [ "$got" != "$want" ] || [ "$status" -ne "$expect_status" ]; then
            echo "FAIL $1 ($3): '$q' wanted $want (exit $expect_status), got exit $status:"
            printf '%s\n' "$out"
            fail=1
        else
            echo "ok   $1 ($3): $(printf '%s\n' "$out" | tail -1)"
        fi
    done < "$here/authority.txt"
done
[ "$n" -gt 0 ] || { echo "no questions asked"; exit 1; }
exit $fail
