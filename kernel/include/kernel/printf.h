/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel formatted output to the console. */
#ifndef KERNEL_PRINTF_H
#define KERNEL_PRINTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Supports %d %i %u %x %X %o %p %s %c %%, the length modifiers hh h l ll z,
 * flags '-' '0' and a field width. Unknown conversions print verbatim.
 * Never fails; output goes through console_putc().
 */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Whether debug builds report user errors (failed invocations, stopped
 * threads); the image option user_errors=quiet turns it off. */
extern bool print_user_errors;

/* Same formatting into a buffer; always NUL-terminates when size > 0. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
