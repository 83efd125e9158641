#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# unit.capdl.examples: every capdl/examples/*.cdl compiles for the QEMU virt
# board into a binary spec and an authority graph (rendered to SVG when
# Graphviz is installed), and its expansion compiles again as plain capDL.
# Usage: run_examples.sh COMPILER EXAMPLES_DIR DTB_DIR WORK_DIR
set -u
bin=$1 dir=$2 dtbs=$3 work=$4
dtb=$dtbs/opensbi-handoff-virt-smp1-2G.dtb
cd "$dir" || exit 1
fail=0 n=0
for spec in *.cdl; do
    name=${spec%.cdl}
    n=$((n + 1))
    if ! "$bin" "$spec" -L elf --dtb "$dtb" -o "$work/$name.capdl" --dot "$work/$name.dot" \
            --expand > "$work/$name.plain.cdl" 2> "$work/$name.log"; then
        echo "FAIL $name:"; cat "$work/$name.log"; fail=1; continue
    fi
    # Plain capDL has no supervisor records (sections 10..12): everything
    # else must be the same, byte for byte.
    if ! "$bin" "$work/$name.plain.cdl" -L "$dir" -L elf --dtb "$dtb" -o "$work/$name.again.capdl" \
            2>> "$work/$name.log" ||
       ! python3 "$(dirname "$0")/same_spec.py" "$work/$name.capdl" "$work/$name.again.capdl"; then
        echo "FAIL $name: its expansion does not give the same binary spec"; cat "$work/$name.log"
        fail=1; continue
    fi
    if command -v dot > /dev/null && ! dot -Tsvg "$work/$name.dot" -o "$work/$name.svg"; then
        echo "FAIL $name: Graphviz rejects the authority graph"; fail=1; continue
    fi
    echo "ok   $name ($(stat -c %s "$work/$name.capdl") bytes)"
done
[ "$n" -gt 0 ] || { echo "no examples in $dir"; exit 1; }
exit $fail
