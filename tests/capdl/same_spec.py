#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""same_spec.py HIGHLEVEL.capdl PLAIN.capdl: the binary spec of a high-level
system and that of its plain-capDL expansion must agree in every section but
the supervisor's (COMPONENTS, SUPERVISOR, RESTART: kinds 10..12), which plain
capDL cannot express and so must be empty in the second. Exit 0 if so, else
print the first difference and exit 1."""
import struct
import sys

SUPERVISOR_KINDS = {10, 11, 12}


def sections(path):
    blob = open(path, "rb").read()
    if blob[:8] != b"CNDCAPDL":
        sys.exit(f"{path}: not a binary spec")
    n = struct.unpack_from("<I", blob, 24)[0]
    out = {}
    for i in range(n):
        kind, esize, off, count, size = struct.unpack_from("<IIQQQ", blob, 64 + 32 * i)
        out[kind] = (esize, count, blob[off:off + size])
    return out


def main():
    a, b = sections(sys.argv[1]), sections(sys.argv[2])
    for kind in sorted(set(a) | set(b)):
        if kind in SUPERVISOR_KINDS:
            if kind in b and b[kind][1] != 0:
                print(f"section {kind}: the plain expansion has supervisor records")
                return 1
            continue
        if a.get(kind) != b.get(kind):
            print(f"section {kind} differs between {sys.argv[1]} and {sys.argv[2]}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
