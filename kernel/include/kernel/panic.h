/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Panics are for broken kernel invariants only, never for user input: they
 * print the cause, the location, the trap CSRs and a backtrace, then stop the
 * hart. assert() is always compiled in (its cost is small, a silent broken
 * invariant is not).
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#define panic(...) kernel_panic(__FILE__, __LINE__, __VA_ARGS__)
#define assert(cond) \
    ((cond) ? (void)0 : kernel_panic(__FILE__, __LINE__, "assertion failed: %s", #cond))

void kernel_panic(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));

#endif
