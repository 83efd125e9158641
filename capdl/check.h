/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The check pass's parts: check.c (objects and caps, the entry point) and
 * check_space.c (VSpaces, untyped covers, IRQ numbers, the cdt).
 */
#ifndef CAPDL_CHECK_H
#define CAPDL_CHECK_H

#include <capdl/capdl.h>
#include <platform/platform_info.h>

#define CDL_USER_TOP 0x3ffffff000ULL

struct cdl_checker {
    struct cdl_model *m;
    struct cdl_diag *d;
    const struct cdl_options *opt;
    const struct platform_info *plat;
    struct cdl_arena tmp;
};

void cdl_check_vspaces(struct cdl_checker *c);
void cdl_check_untypeds(struct cdl_checker *c);
void cdl_check_irqs(struct cdl_checker *c);
void cdl_check_cdt(struct cdl_checker *c);

/* "4k", "2M", "1G" or "2^N" for a size in bits. */
const char *cdl_size_text(unsigned bits, char *buf, size_t size);

#endif
