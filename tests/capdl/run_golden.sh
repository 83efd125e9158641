#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# unit.capdl.golden: for every golden/NAME.cdl, `--expand` must print exactly
# golden/NAME.expected, and that output, parsed and printed again, must not
# change (the printer's output is a fixed point). A first-line comment
# `-- args: ...` adds arguments (paths relative to the golden directory).
# Usage: run_golden.sh COMPILER GOLDEN_DIR WORK_DIR
set -u
bin=$1 dir=$2 work=$3
data=$(cd "$dir/../data" && pwd)
cd "$dir" || exit 1
fail=0 n=0
for spec in *.cdl; do
    name=${spec%.cdl}
    n=$((n + 1))
    args=()
    first=$(head -n 1 "$spec")
    if [[ $first == "-- args: "* ]]; then
        read -r -a args <<< "${first#-- args: }"
    fi
    out=$work/$name.out
    if ! "$bin" "$spec" -L "$data" "${args[@]}" --expand > "$out" 2> "$work/$name.err"; then
        echo "FAIL $name: the compiler failed:"; cat "$work/$name.err"; fail=1; continue
    fi
    if ! diff -u "$name.expected" "$out"; then
        echo "FAIL $name: --expand differs from $name.expected"; fail=1; continue
    fi
    if ! "$bin" "$out" -L "$dir" -L "$data" --expand > "$work/$name.again" 2> "$work/$name.err2" ||
       ! diff -u "$out" "$work/$name.again"; then
        echo "FAIL $name: print -> parse -> print is not a fixed point"; cat "$work/$name.err2"
        fail=1; continue
    fi
    echo "ok   $name"
done
[ "$n" -gt 0 ] || { echo "no golden specs in $dir"; exit 1; }
exit $fail
