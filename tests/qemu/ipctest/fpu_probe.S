/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * long fpu_double(long x): 2 * x computed in the FPU. The test programs are
 * built without F/D; this file alone is assembled with them (see
 * CMakeLists.txt), so a thread runs F/D instructions only through it.
 */
    .section .text
    .globl fpu_double
fpu_double:
    fcvt.d.l ft0, a0
    fadd.d ft0, ft0, ft0
    fcvt.l.d a0, ft0
    ret
