/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: formatted output and assertions.
 *
 * cnd_printf writes through one pluggable output (a function taking a chunk
 * of bytes). By default that is the kernel's debug console (DebugPutChar, one
 * system call per character: fine for tests and tutorials, slow for bulk
 * output). A system with a serial driver points the output at the driver's
 * endpoint instead (cnd_output_to_endpoint).
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %% with the flags '-', '0' and
 * '#' (0x before non-zero hex), a field width and a precision ('*' for
 * either), and the length modifiers hh h l ll z t j. %p prints 0x and the
 * hex digits. There is no floating point.
 */
#ifndef CONDUCTOR_PRINTF_H
#define CONDUCTOR_PRINTF_H

#include <stdarg.h>
#include <stddef.h>
#include <abi/message_info.h>
#include <abi/types.h>

/* Marks a printf-like function (format string argument f, first value a)
 * so the compiler checks its calls. Errors: none (a compile-time check). */
#define CND_PRINTF_FORMAT(f, a) __attribute__((format(printf, f, a)))

/* An output: write(ctx, bytes, n) must consume all n bytes. */
struct cnd_output {
    void (*write)(void *ctx, const char *bytes, size_t n);
    void *ctx;
};

/* Makes `out` the output of cnd_printf/cnd_puts/cnd_putchar (NULL or a NULL
 * write: back to the debug console). Applies to every thread of the program;
 * the struct is copied. Errors: none. */
void cnd_set_output(const struct cnd_output *out);

/* The debug console output (DebugPutChar; needs a kernel with printing).
 * Errors: none reported (a release kernel drops the characters). */
void cnd_output_debug_write(void *ctx, const char *bytes, size_t n);

/*
 * Output through a serial driver's endpoint. Each chunk is sent with
 * cnd_call(ep, label, ...): MR0 = number of bytes (at most
 * CND_OUTPUT_ENDPOINT_MAX_BYTES), MR1.. = the bytes, eight per word, first
 * byte in the least significant byte. The reply is ignored (the call only
 * makes output synchronous). Set it up with cnd_output_to_endpoint().
 */
#define CND_OUTPUT_ENDPOINT_MAX_BYTES 512
_Static_assert(1 + CND_OUTPUT_ENDPOINT_MAX_BYTES / 8 <= CND_MSG_MAX_LENGTH,
               "a chunk (count word + bytes) fits one message");
struct cnd_endpoint_output {
    cnd_cptr_t ep;
    cnd_word_t label;
};
/* The output function: ctx is a struct cnd_endpoint_output; writes n bytes
 * in chunks as above. Errors: none reported (the reply is ignored). */
void cnd_output_endpoint_write(void *ctx, const char *bytes, size_t n);
/* Routes cnd_printf to endpoint ep with `label` through `eo` (filled here;
 * it must stay valid while in use). Errors: none. */
void cnd_output_to_endpoint(struct cnd_endpoint_output *eo, cnd_cptr_t ep, cnd_word_t label);

/* Formatted output through the current output; return the number of bytes
 * written. Errors: none reported (an unknown conversion is printed as
 * written); the output itself cannot report failure. */
int cnd_printf(const char *fmt, ...) CND_PRINTF_FORMAT(1, 2);
int cnd_vprintf(const char *fmt, va_list ap);

/* Formatting into buf (n bytes, always NUL-terminated when n > 0). Return
 * the length the full result would have, as C's snprintf. Errors: none;
 * a result of n or more means it was cut. */
int cnd_snprintf(char *buf, size_t n, const char *fmt, ...) CND_PRINTF_FORMAT(3, 4);
int cnd_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

/* Writes s followed by a newline and returns the bytes written / writes
 * one character. Errors: none reported. */
int cnd_puts(const char *s);
void cnd_putchar(char c);

/*
 * cnd_assert(expr): if expr is false, prints
 *   "assertion failed: <expr> (<file>:<line>, in <function>)"
 * and ends the program with cnd_exit(1). Always compiled in (no NDEBUG):
 * in a capability system a silently wrong cptr is worse than a stop.
 * cnd_assert_fail is its implementation. Errors: none returned: a false
 * expression ends the program.
 */
#define cnd_assert(expr)                                                          \
    ((expr) ? (void)0 : cnd_assert_fail(#expr, __FILE__, __LINE__, __func__))
void cnd_assert_fail(const char *expr, const char *file, int line, const char *func)
    __attribute__((noreturn));

/* Prints "panic: <message>" and ends the program with cnd_exit(1).
 * Errors: none (never returns). */
void cnd_panic(const char *fmt, ...) CND_PRINTF_FORMAT(1, 2) __attribute__((noreturn));

#endif /* CONDUCTOR_PRINTF_H */
