/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small printf for the kernel: enough formats for the boot summary, panics
 * and debug lines; no floating point. Output goes to a sink so the same code
 * formats to the console and into buffers.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kernel/console.h>
#include <kernel/printf.h>

struct sink {
    void (*put)(struct sink *s, char c);
    char *buf;
    size_t size, used;
    int count;
};

bool print_user_errors = true;

static void sink_console(struct sink *s, char c)
{
    (void)s;
    console_putc(c);
}

static void sink_buffer(struct sink *s, char c)
{
    if (s->used + 1 < s->size)
        s->buf[s->used++] = c;
}

static void emit(struct sink *s, char c)
{
    s->put(s, c);
    s->count++;
}

static void emit_padded(struct sink *s, const char *str, size_t len, int width, bool left,
                        char pad)
{
    int fill = width > (int)len ? width - (int)len : 0;
    if (!left)
        while (fill-- > 0)
            emit(s, pad);
    for (size_t i = 0; i < len; i++)
        emit(s, str[i]);
    if (left)
        while (fill-- > 0)
            emit(s, ' ');
}

static void emit_number(struct sink *s, uint64_t v, unsigned base, bool neg, bool upper,
                        int width, bool left, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    if (neg) {
        if (pad == '0' && !left) {
            emit(s, '-');
            width = width > 0 ? width - 1 : 0;
        } else {
            tmp[n++] = '-';
        }
    }
    char out[24];
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    emit_padded(s, out, n, width, left, pad);
}

static int format(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(s, *fmt);
            continue;
        }
        const char *start = fmt++;
        bool left = false, alt = false;
        char pad = ' ';
        for (;; fmt++) {
            if (*fmt == '-')
                left = true;
            else if (*fmt == '#')
                alt = true;
            else if (*fmt == '0')
                pad = '0';
            else
                break;
        }
        int width = 0;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        int lng = 0; /* 0 int, 1 long, 2 long long/size_t, -1 short, -2 char */
        for (;; fmt++) {
            if (*fmt == 'l')
                lng = lng < 0 ? 1 : lng + 1;
            else if (*fmt == 'z')
                lng = 2;
            else if (*fmt == 'h')
                lng = lng > 0 ? -1 : lng - 1;
            else
                break;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = lng >= 1 ? va_arg(ap, long) : va_arg(ap, int);
            if (lng == -1)
                v = (short)v;
            else if (lng <= -2)
                v = ((v & 0xff) ^ 0x80) - 0x80; /* sign-extend the low byte (%hhd) */
            uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
            emit_number(s, mag, 10, v < 0, false, width, left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            uint64_t v = lng >= 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            if (lng == -1)
                v = (unsigned short)v;
            else if (lng <= -2)
                v = (unsigned char)v;
            unsigned base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
            if (alt && base == 16) {
                emit(s, '0');
                emit(s, 'x');
                width = width > 2 ? width - 2 : 0;
            }
            emit_number(s, v, base, false, *fmt == 'X', width, left, pad);
            break;
        }
        case 'p':
            emit(s, '0');
            emit(s, 'x');
            emit_number(s, (uintptr_t)va_arg(ap, void *), 16, false, false, 16, false, '0');
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            size_t len = 0;
            while (str[len])
                len++;
            emit_padded(s, str, len, width, left, ' ');
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            emit_padded(s, &c, 1, width, left, ' ');
            break;
        }
        case '%':
            emit(s, '%');
            break;
        default:
            /* Print an unknown conversion as written rather than guess. */
            for (const char *p = start; p <= fmt && *p; p++)
                emit(s, *p);
            if (!*fmt)
                return s->count;
            break;
        }
    }
    return s->count;
}

int kvprintf(const char *fmt, va_list ap)
{
    struct sink s = { .put = sink_console };
    return format(&s, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    struct sink s = { .put = sink_buffer, .buf = buf, .size = size };
    va_list ap;
    va_start(ap, fmt);
    int n = format(&s, fmt, ap);
    va_end(ap);
    if (size > 0)
        buf[s.used] = '\0';
    return n;
}
