# SPDX-License-Identifier: BSD-2-Clause
# Generator of the tiny RISC-V ELF placeholders used by the capDL
# tests and examples (tests/capdl/data, capdl/examples/elf): text (R X), then
# data (R W) with some bss. Usage: python3 mkelf.py DIR...
import struct, sys
def mkelf(path, text_words, data_bytes, bss):
    text = b''.join(struct.pack('<I', w) for w in text_words)
    ehsize, phsize = 64, 56
    phnum = 2
    text_off = 0x1000
    data_off = 0x2000
    text_va, data_va = 0x10000, 0x11000
    eh = b'\x7fELF' + bytes([2, 1, 1, 0]) + b'\0' * 8
    eh += struct.pack('<HHIQQQIHHHHHH', 2, 243, 1, text_va, ehsize, 0, 0, ehsize, phsize, phnum, 0, 0, 0)
    ph1 = struct.pack('<IIQQQQQQ', 1, 5, text_off, text_va, text_va, len(text), len(text), 0x1000)
    ph2 = struct.pack('<IIQQQQQQ', 1, 6, data_off, data_va, data_va, len(data_bytes), len(data_bytes) + bss, 0x1000)
    out = bytearray(eh + ph1 + ph2)
    out += b'\0' * (text_off - len(out)) + text
    out += b'\0' * (data_off - len(out)) + data_bytes
    open(path, 'wb').write(out)
# li a7,-11 (DebugHalt); ecall; j . : the programs only stop the machine.
halt = [0xff500893, 0x00000073, 0x0000006f]
for d in sys.argv[1:]:
    for name, msg in [('hello', b'hello\n'), ('client', b'client\n'), ('server', b'server\n'), ('driver', b'driver\n'),
                      ('producer', b'producer\n'), ('consumer', b'consumer\n')]:
        mkelf(f'{d}/{name}.elf', halt, msg, 0x1800 if name == 'server' else 0x100)
