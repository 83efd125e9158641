/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The HART_ISA_* bits of a RISC-V ISA string ("rv64imafdc_zicsr_sstc"), as
 * found in a cpu node's riscv,isa. A header of static inlines so that the
 * platform code stays two translation units; no libc, like the rest.
 */
#ifndef PLATFORM_RISCV_ISA_H
#define PLATFORM_RISCV_ISA_H

#include <stdint.h>

#include "fdt_string.h"
#include "platform/platform_info.h"

static inline bool riscv_isa_digit(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * F, D (also implied by 'g') and Sstc from `s`, a NUL-terminated string
 * starting "rv64" or "rv32" in any case; 0 for anything else. As in the ISA
 * manual, 's', 'x' and 'z' start a multi-letter extension that runs to the
 * next '_', and versions ("i2p1", "sstc1p0") may follow any name.
 */
static inline uint32_t riscv_isa_bits(const char *s)
{
    uint32_t isa = 0;
    size_t i = 4;
    if (!fdt_memeq_str_nocase(s, 2, "rv") ||
        !(fdt_memeq_str(s + 2, 2, "64") || fdt_memeq_str(s + 2, 2, "32")))
        return 0;
    while (s[i] != '\0') {
        char c = fdt_lower(s[i]);
        if (c == 's' || c == 'x' || c == 'z') {
            size_t j = i;
            while (s[j] != '\0' && s[j] != '_')
                j++;
            size_t k = j;   /* drop a version suffix: "sstc1p0" -> "sstc" */
            while (k > i && riscv_isa_digit(s[k - 1]))
                k--;
            if (k > i + 1 && fdt_lower(s[k - 1]) == 'p' &&
                riscv_isa_digit(s[k - 2]))
                for (k--; k > i && riscv_isa_digit(s[k - 1]); k--)
                    ;
            if (fdt_memeq_str_nocase(s + i, k - i, "sstc"))
                isa |= HART_ISA_SSTC;
            i = j;
            continue;
        }
        /* Single letters. Version digits and their 'p' land here too,
         * harmlessly: only f, d and g (= imafd) matter. */
        if (c == 'f')
            isa |= HART_ISA_F;
        else if (c == 'd')
            isa |= HART_ISA_D;
        else if (c == 'g')
            isa |= HART_ISA_F | HART_ISA_D;
        i++;
    }
    return isa;
}

#endif
