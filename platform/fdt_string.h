/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The few string helpers fdt.c and platform_info.c need, as static inlines:
 * the platform code is built freestanding into the kernel, so it cannot use
 * libc. Also a tiny bounded message formatter for error reports.
 */
#ifndef PLATFORM_FDT_STRING_H
#define PLATFORM_FDT_STRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline size_t fdt_strlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

/* Whether the `len` bytes at `a` equal the NUL-terminated string `b`. */
static inline bool fdt_memeq_str(const char *a, size_t len, const char *b)
{
    for (size_t i = 0; i < len; i++)
        if (b[i] == '\0' || a[i] != b[i])
            return false;
    return b[len] == '\0';
}

static inline bool fdt_streq(const char *a, const char *b)
{
    return fdt_memeq_str(a, fdt_strlen(a), b);
}

static inline char fdt_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive fdt_memeq_str (`b` is lower case). */
static inline bool fdt_memeq_str_nocase(const char *a, size_t len, const char *b)
{
    for (size_t i = 0; i < len; i++)
        if (b[i] == '\0' || fdt_lower(a[i]) != b[i])
            return false;
    return b[len] == '\0';
}

/* A bounded, always NUL-terminated message being built; overflow truncates. */
struct fdt_fmt {
    char *buf;
    size_t size;
    size_t len;
};

static inline void fdt_fmt_init(struct fdt_fmt *f, char *buf, size_t size)
{
    f->buf = buf;
    f->size = size;
    f->len = 0;
    if (size > 0)
        buf[0] = '\0';
}

static inline void fdt_fmt_char(struct fdt_fmt *f, char c)
{
    if (f->len + 1 < f->size) {
        f->buf[f->len++] = c;
        f->buf[f->len] = '\0';
    }
}

static inline void fdt_fmt_str(struct fdt_fmt *f, const char *s)
{
    while (*s != '\0')
        fdt_fmt_char(f, *s++);
}

static inline void fdt_fmt_dec(struct fdt_fmt *f, uint64_t v)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        fdt_fmt_char(f, digits[--n]);
}

static inline void fdt_fmt_hex(struct fdt_fmt *f, uint64_t v)
{
    int shift = 60;
    fdt_fmt_str(f, "0x");
    while (shift > 0 && ((v >> shift) & 0xf) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        fdt_fmt_char(f, "0123456789abcdef"[(v >> shift) & 0xf]);
}

#endif
