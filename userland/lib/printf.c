/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cnd_printf and friends (see conductor/printf.h). One formatter writes into
 * a sink; a sink either fills a caller's buffer (snprintf) or collects a
 * chunk on the stack and hands it to the current output when full or done,
 * so an endpoint output sends whole lines rather than single characters.
 */
#include <stdint.h>
#include <conductor/printf.h>
#include <conductor/runtime.h>
#include <conductor/syscalls.h>

#define CHUNK 128

struct sink {
    char *buf;          /* snprintf: destination; NULL for an output sink */
    size_t cap;         /* its size */
    size_t total;       /* bytes produced so far (also past cap) */
    char chunk[CHUNK];  /* output sink: pending bytes */
    size_t pending;
};

static struct cnd_output current_output = { cnd_output_debug_write, NULL };

void cnd_output_debug_write(void *ctx, const char *bytes, size_t n)
{
    (void)ctx;
    for (size_t i = 0; i < n; i++)
        cnd_debug_put_char(bytes[i]);
}

void cnd_output_endpoint_write(void *ctx, const char *bytes, size_t n)
{
    struct cnd_endpoint_output *eo = ctx;
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    while (n > 0) {
        size_t len = n < CND_OUTPUT_ENDPOINT_MAX_BYTES ? n : CND_OUTPUT_ENDPOINT_MAX_BYTES;
        size_t words = (len + 7) / 8;
        for (size_t w = 0; w < words; w++) {
            cnd_word_t v = 0;
            for (size_t b = 0; b < 8 && w * 8 + b < len; b++)
                v |= (cnd_word_t)(unsigned char)bytes[w * 8 + b] << (8 * b);
            ipc->msg[1 + w] = v;
        }
        ipc->msg[0] = len;
        cnd_call(eo->ep, cnd_msginfo_new(eo->label, 0, 0, 1 + words));
        bytes += len;
        n -= len;
    }
}

void cnd_output_to_endpoint(struct cnd_endpoint_output *eo, cnd_cptr_t ep, cnd_word_t label)
{
    eo->ep = ep;
    eo->label = label;
    struct cnd_output out = { cnd_output_endpoint_write, eo };
    cnd_set_output(&out);
}

void cnd_set_output(const struct cnd_output *out)
{
    if (out == NULL || out->write == NULL) {
        current_output.write = cnd_output_debug_write;
        current_output.ctx = NULL;
    } else {
        current_output = *out;
    }
}

static void flush(struct sink *s)
{
    if (s->buf == NULL && s->pending > 0) {
        current_output.write(current_output.ctx, s->chunk, s->pending);
        s->pending = 0;
    }
}

static void put(struct sink *s, char c)
{
    if (s->buf != NULL) {
        if (s->total + 1 < s->cap)
            s->buf[s->total] = c;
    } else {
        s->chunk[s->pending++] = c;
        if (s->pending == CHUNK)
            flush(s);
    }
    s->total++;
}

static void put_repeat(struct sink *s, char c, int n)
{
    while (n-- > 0)
        put(s, c);
}

struct spec {
    bool left, zero, alt;
    int width, precision;   /* precision -1: none */
    int length;             /* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size/ptrdiff/intmax */
};

/* Digits of v in `base` into tmp (reversed); returns how many. */
static int digits(uint64_t v, unsigned base, bool upper, char tmp[24])
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        tmp[n++] = set[v % base];
        v /= base;
    } while (v != 0);
    return n;
}

static void put_number(struct sink *s, const struct spec *sp, uint64_t v, bool negative,
                       unsigned base, bool upper, const char *prefix)
{
    char tmp[24];
    int n = digits(v, base, upper, tmp);
    if (sp->precision == 0 && v == 0)
        n = 0;  /* C: zero with precision 0 prints no digits */
    int zeros = sp->precision > n ? sp->precision - n : 0;
    int plen = 0;
    while (prefix[plen] != '\0')
        plen++;
    int body = (negative ? 1 : 0) + plen + zeros + n;
    int pad = sp->width > body ? sp->width - body : 0;
    bool zero_pad = sp->zero && !sp->left && sp->precision < 0;
    if (!sp->left && !zero_pad)
        put_repeat(s, ' ', pad);
    if (negative)
        put(s, '-');
    for (int i = 0; i < plen; i++)
        put(s, prefix[i]);
    if (zero_pad)
        put_repeat(s, '0', pad);
    put_repeat(s, '0', zeros);
    while (n > 0)
        put(s, tmp[--n]);
    if (sp->left)
        put_repeat(s, ' ', pad);
}

static void put_string(struct sink *s, const struct spec *sp, const char *str)
{
    if (str == NULL)
        str = "(null)";
    int len = 0;
    while (str[len] != '\0' && (sp->precision < 0 || len < sp->precision))
        len++;
    int pad = sp->width > len ? sp->width - len : 0;
    if (!sp->left)
        put_repeat(s, ' ', pad);
    for (int i = 0; i < len; i++)
        put(s, str[i]);
    if (sp->left)
        put_repeat(s, ' ', pad);
}

static uint64_t take_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case -2: return (unsigned char)va_arg(*ap, unsigned int);
    case -1: return (unsigned short)va_arg(*ap, unsigned int);
    case 0: return va_arg(*ap, unsigned int);
    case 1: return va_arg(*ap, unsigned long);
    case 2: return va_arg(*ap, unsigned long long);
    default: return va_arg(*ap, size_t);
    }
}

static int64_t take_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case -2: return (signed char)va_arg(*ap, int);
    case -1: return (short)va_arg(*ap, int);
    case 0: return va_arg(*ap, int);
    case 1: return va_arg(*ap, long);
    case 2: return va_arg(*ap, long long);
    default: return va_arg(*ap, ptrdiff_t);
    }
}

/* Parses flags, width, precision and length after a '%'. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    sp->left = sp->zero = sp->alt = false;
    sp->width = 0;
    sp->precision = -1;
    sp->length = 0;
    for (;; f++) {
        if (*f == '-')
            sp->left = true;
        else if (*f == '0')
            sp->zero = true;
        else if (*f == '#')
            sp->alt = true;
        else if (*f != '+' && *f != ' ')
            break;  /* '+' and ' ' are accepted and ignored */
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = true;
            sp->width = -sp->width;
        }
        f++;
    } else {
        while (*f >= '0' && *f <= '9')
            sp->width = sp->width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        f++;
        sp->precision = 0;
        if (*f == '*') {
            sp->precision = va_arg(*ap, int);
            if (sp->precision < 0)
                sp->precision = -1;
            f++;
        } else {
            while (*f >= '0' && *f <= '9')
                sp->precision = sp->precision * 10 + (*f++ - '0');
        }
    }
    if (*f == 'h') {
        sp->length = f[1] == 'h' ? -2 : -1;
        f += f[1] == 'h' ? 2 : 1;
    } else if (*f == 'l') {
        sp->length = f[1] == 'l' ? 2 : 1;
        f += f[1] == 'l' ? 2 : 1;
    } else if (*f == 'z' || *f == 't' || *f == 'j') {
        sp->length = 3;
        f++;
    }
    return f;
}

static void format(struct sink *s, const char *f, va_list ap_in)
{
    va_list ap;
    va_copy(ap, ap_in);
    while (*f != '\0') {
        if (*f != '%') {
            put(s, *f++);
            continue;
        }
        struct spec sp;
        f = parse_spec(f + 1, &sp, &ap);
        char conv = *f;
        if (conv == '\0')
            break;
        f++;
        switch (conv) {
        case 'd':
        case 'i': {
            int64_t v = take_signed(&sp, &ap);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            put_number(s, &sp, mag, v < 0, 10, false, "");
            break;
        }
        case 'u': put_number(s, &sp, take_unsigned(&sp, &ap), false, 10, false, ""); break;
        case 'x':
        case 'X': {
            uint64_t v = take_unsigned(&sp, &ap);
            /* As C: '#' adds 0x/0X, except to zero. */
            const char *prefix = sp.alt && v != 0 ? (conv == 'x' ? "0x" : "0X") : "";
            put_number(s, &sp, v, false, 16, conv == 'X', prefix);
            break;
        }
        case 'o': put_number(s, &sp, take_unsigned(&sp, &ap), false, 8, false, ""); break;
        case 'p':
            put_number(s, &sp, (uint64_t)(uintptr_t)va_arg(ap, void *), false, 16, false, "0x");
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            struct spec one = sp;
            one.precision = -1;
            char str[2] = { c, '\0' };
            if (c == '\0') {
                put_repeat(s, ' ', sp.left ? 0 : sp.width - 1);
                put(s, '\0');
                put_repeat(s, ' ', sp.left ? sp.width - 1 : 0);
            } else {
                put_string(s, &one, str);
            }
            break;
        }
        case 's': put_string(s, &sp, va_arg(ap, const char *)); break;
        case '%': put(s, '%'); break;
        default:
            /* Unknown conversion: show it rather than guess at its argument. */
            put(s, '%');
            put(s, conv);
            break;
        }
    }
    va_end(ap);
}

int cnd_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    static char dummy;
    struct sink s = { buf != NULL ? buf : &dummy, buf != NULL ? n : 0, 0, { 0 }, 0 };
    format(&s, fmt, ap);
    if (buf != NULL && n > 0)
        buf[s.total < n ? s.total : n - 1] = '\0';
    return (int)s.total;
}

int cnd_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = cnd_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

int cnd_vprintf(const char *fmt, va_list ap)
{
    struct sink s = { NULL, 0, 0, { 0 }, 0 };
    format(&s, fmt, ap);
    flush(&s);
    return (int)s.total;
}

int cnd_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = cnd_vprintf(fmt, ap);
    va_end(ap);
    return r;
}

int cnd_puts(const char *s)
{
    return cnd_printf("%s\n", s);
}

void cnd_putchar(char c)
{
    current_output.write(current_output.ctx, &c, 1);
}

void cnd_assert_fail(const char *expr, const char *file, int line, const char *func)
{
    cnd_printf("assertion failed: %s (%s:%d, in %s)\n", expr, file, line, func);
    cnd_exit(1);
}

void cnd_panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cnd_printf("panic: ");
    cnd_vprintf(fmt, ap);
    cnd_printf("\n");
    va_end(ap);
    cnd_exit(1);
}
