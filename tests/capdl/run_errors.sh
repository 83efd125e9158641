#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# unit.capdl.errors: one fixture per error message. Each errors/NAME.cdl
# starts with `-- expect: NAME.cdl:LINE:COL: message` (or `-- expect:
# conductor-capdl: message` for errors without a place); an optional second
# line `-- args: ...` adds arguments. The compiler, run from the fixture's
# directory, must exit with status 2 and print that line first on stderr.
# Usage: run_errors.sh COMPILER ERRORS_DIR
set -u
bin=$1 dir=$2
data=$(cd "$dir/../data" && pwd)
cd "$dir" || exit 1
fail=0 n=0
for spec in *.cdl; do
    n=$((n + 1))
    expect=$(sed -n '1s/^-- expect: //p' "$spec")
    args=()
    second=$(sed -n '2p' "$spec")
    if [[ $second == "-- args: "* ]]; then
        read -r -a args <<< "${second#-- args: }"
    fi
    if [ -z "$expect" ]; then
        echo "FAIL $spec: no '-- expect: ' line"; fail=1; continue
    fi
    err=$("$bin" "$spec" -L "$data" "${args[@]}" 2>&1 >/dev/null)
    status=$?
    got=$(printf '%s\n' "$err" | head -n 1)
    if [ "$status" -ne 2 ] || [ "$got" != "$expect" ]; then
        echo "FAIL $spec (exit $status)"
        echo "  expected: $expect"
        echo "  got:      $got"
        fail=1
        continue
    fi
    if printf '%s\n' "$err" | grep -q "AddressSanitizer\|runtime error"; then
        echo "FAIL $spec: sanitizer report"; printf '%s\n' "$err"; fail=1; continue
    fi
    echo "ok   $spec"
done
[ "$n" -gt 0 ] || { echo "no fixtures in $dir"; exit 1; }
exit $fail
