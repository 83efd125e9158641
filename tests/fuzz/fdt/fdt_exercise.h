/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Drives platform_info_parse() and every dtb_* accessor over one input. Used
 * by the libFuzzer target and by the unit tests that replay regressions and
 * corrupted trees, so both exercise exactly the same paths.
 */
#ifndef FDT_EXERCISE_H
#define FDT_EXERCISE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses `data` (`size` bytes) as a platform summary and, if the header and
 * structure validate, walks the whole tree with the generic reader; for the
 * first `deep_nodes` nodes also the accessors that cost a tree walk each
 * (parent, path, path lookup, reg, phandle). Aborts
 * if a result breaks the API's promises (a failed parse without a message,
 * an error offset outside the input, a path that does not lead back to its
 * node, ...); memory errors are left to the sanitizers.
 */
void fdt_exercise(const uint8_t *data, size_t size, unsigned deep_nodes);

#endif
