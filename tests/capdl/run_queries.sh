#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# unit.capdl.queries: each queries/NAME.cdl lists `-- query: QUESTION = yes|no`
# lines; each question is asked with --check and must get that answer (and
# exit status 0 for yes, 1 for no). A malformed question must exit with 2.
# Usage: run_queries.sh COMPILER QUERIES_DIR
set -u
bin=$1 dir=$2
data=$(cd "$dir/../data" && pwd)
cd "$dir" || exit 1
fail=0 n=0
for spec in *.cdl; do
    while IFS= read -r line; do
        q=${line#-- query: }
        want=${q##* = }
        q=${q% = *}
        n=$((n + 1))
        out=$("$bin" "$spec" -L "$data" --check "$q" 2>&1)
        status=$?
        got=$(printf '%s\n' "$out" | sed -n '1s/^[^:]*: \(yes\|no\).*/\1/p')
        expect_status=$([ "$want" = yes ] && echo 0 || echo 1)
        if [ "$got" != "$want" ] || [ "$status" -ne "$expect_status" ]; then
            echo "FAIL $spec: '$q' wanted $want (exit $expect_status), got exit $status:"
            printf '%s\n' "$out"
            fail=1
        else
            echo "ok   $spec: $out"
        fi
    done < <(grep '^-- query: ' "$spec")
done
# A question the compiler cannot parse is an error (status 2), not a "no".
"$bin" channel.cdl -L "$data" --check 'client => server' > /dev/null 2>&1
if [ $? -ne 2 ]; then
    echo "FAIL: a malformed query did not exit with 2"; fail=1
fi
[ "$n" -gt 0 ] || { echo "no queries in $dir"; exit 1; }
exit $fail
