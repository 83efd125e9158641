/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the device-tree code: every input goes through
 * platform_info_parse() and the generic dtb_* walker (fdt_exercise.c).
 * Seeds are the trees in tests/data/dtbs; crashes found become files in
 * regressions/, replayed by unit.platform.fuzz_regressions.
 */
#include <stddef.h>
#include <stdint.h>

#include "fdt_exercise.h"

/* Per-node work that costs a tree walk is limited to this many nodes so
 * that an iteration on a 30 KB tree stays around a millisecond. */
#define DEEP_NODES 16

/* libFuzzer's entry point: one input, any bytes; a crash, sanitizer report
 * or abort() from fdt_exercise() is a finding. Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fdt_exercise(data, size, DEEP_NODES);
    return 0;
}
