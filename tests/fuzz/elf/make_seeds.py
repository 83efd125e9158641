#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of fuzz.elf: small static RISC-V ELF64 executables
that both loaders accept (one to three PT_LOAD segments, a bss-only segment,
a non-load header), and a few near misses. Run: make_seeds.py DIR"""
import os
import struct
import sys


def elf(segments, entry, extra_phdrs=()):
    """segments: (vaddr, flags, data, memsz). Returns the file bytes."""
    phdrs = list(segments) + list(extra_phdrs)
    phoff, n = 64, len(phdrs)
    data_off = phoff + 56 * n
    body, ph = b"", b""
    for seg in phdrs:
        if len(seg) == 5:   # a raw (type, vaddr, flags, data, memsz)
            ptype, vaddr, flags, data, memsz = seg
        else:
            ptype = 1
            vaddr, flags, data, memsz = seg
        off = data_off + len(body)
        ph += struct.pack("<IIQQQQQQ", ptype, flags, off, vaddr, vaddr, len(data), memsz, 4096)
        body += data
    ehdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    ehdr += struct.pack("<HHIQQQIHHHHHH", 2, 243, 1, entry, phoff, 0, 0, 64, 56, n, 64, 0, 0)
    return ehdr + ph + body


RET = b"\x67\x80\x00\x00"   # ret
SEEDS = {
    "one_segment": elf([(0x10000, 5, RET * 4, 16)], 0x10000),
    "text_data_bss": elf([(0x10000, 5, RET * 8, 32), (0x11000, 6, b"data" * 4, 0x2000)],
                         0x10008),
    "bss_only_second": elf([(0x10000, 5, RET, 4), (0x20000, 6, b"", 0x10000)], 0x10000),
    "three_segments": elf([(0x10000, 5, RET * 2, 8), (0x10100, 4, b"ro", 2),
                           (0x12000, 6, b"rw", 0x1000)], 0x10004),
    "note_header": elf([(0x10000, 5, RET, 4)], 0x10000, [(4, 0, 0, b"note", 4)]),
    "near_top": elf([(0x3ffffee000, 5, RET, 0x1000)], 0x3ffffee000),
    "entry_outside": elf([(0x10000, 5, RET, 4)], 0x20000),
    "overlap": elf([(0x10000, 5, RET * 4, 16), (0x10008, 6, b"x", 8)], 0x10000),
}


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__ + "\n")
        return 2
    os.makedirs(argv[1], exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(argv[1], name + ".elf"), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
