/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An independent extraction of the platform summary written against libfdt,
 * used to cross-check platform_info_parse() on real device trees.
 */
#ifndef REF_LIBFDT_H
#define REF_LIBFDT_H

#include <stdbool.h>

#include "platform/platform_info.h"

/* Fills `ref` from `blob` with libfdt (ISA bits are not extracted). False,
 * with a reason on stderr, if libfdt rejects the blob. */
bool ref_extract(const void *blob, struct platform_info *ref);

/* Compares everything ref_extract() fills; failures go through CHECK. */
void ref_compare(const struct platform_info *ours, const struct platform_info *ref);

#endif
