#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""check_listings: the tutorial's C listings are the example files.

Usage: check_listings.py TUTORIAL.md EXAMPLES_DIR

docs/tutorial.md shows the examples' code; the examples are what the suite
builds and boots. So that the text cannot drift from the code that is
tested, every ```c block of the tutorial must appear in one file under
EXAMPLES_DIR: each of its lines, in order (a block may skip lines of the
file, never add or reorder any). Exits 1 naming the first line that is not
there. Standard library only.
"""

import os
import re
import sys


def in_order(lines, text):
    """Index of the first of `lines` not found after its predecessor, or -1."""
    file_lines = text.split("\n")
    pos = 0
    for i, ln in enumerate(lines):
        while pos < len(file_lines) and file_lines[pos] != ln:
            pos += 1
        if pos == len(file_lines):
            return i
        pos += 1
    return -1


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    tutorial, root = argv
    text = open(tutorial, encoding="utf-8").read()
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith((".c", ".h")):
                p = os.path.join(d, n)
                files[p] = open(p, encoding="utf-8").read()
    bad = 0
    blocks = list(re.finditer(r"```c\n(.*?)```", text, re.S))
    for m in blocks:
        line = text.count("\n", 0, m.start()) + 2
        lines = [ln for ln in m.group(1).split("\n") if ln.strip()]
        results = {p: in_order(lines, t) for p, t in files.items()}
        if any(r < 0 for r in results.values()):
            continue
        # Report against the file that matched longest.
        best = max(results, key=lambda p: results[p])
        sys.stderr.write("%s:%d: listing not in any example; %s has no line %r after the "
                         "lines before it\n" % (tutorial, line, best, lines[results[best]]))
        bad += 1
    if bad:
        return 1
    print("check_listings: %d listings found in %s" % (len(blocks), root))
    return 0 if blocks else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
