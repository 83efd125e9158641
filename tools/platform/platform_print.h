/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host-side printers for struct platform_info: a human summary and a JSON
 * object. They live with the host tool, not in platform/, because the kernel
 * has no stdio and prints the summary its own way.
 */
#ifndef TOOLS_PLATFORM_PRINT_H
#define TOOLS_PLATFORM_PRINT_H

#include <stdio.h>

#include "platform/platform_info.h"

/* Name of a console kind ("ns16550a", "none", ...). */
const char *platform_console_kind_name(enum console_kind kind);

/* Writes a multi-line human-readable summary of `info` to `out`. */
void platform_print_summary(FILE *out, const struct platform_info *info);

/*
 * Writes `info` to `out` as one JSON object followed by a newline, with keys
 * model, memory, reserved, console (or null), plic (or null), timebase and
 * harts; all numbers are plain decimal integers.
 */
void platform_print_json(FILE *out, const struct platform_info *info);

#endif
