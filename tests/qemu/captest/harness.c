/* SPDX-License-Identifier: BSD-2-Clause */
/* Output and bookkeeping for the in-QEMU test harness (see harness.h). */
#include "harness.h"

unsigned harness_passed, harness_failed;
const char *harness_case;
int harness_case_failed;

void put_str(const char *s)
{
    cnd_debug_puts(s);
}

void put_dec(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_str(&buf[i]);
}

void put_hex(uint64_t v)
{
    char buf[19] = "0x";
    int n = 0;
    for (int shift = 60; shift >= 0; shift -= 4) {
        unsigned d = (v >> shift) & 0xf;
        if (d || n || shift == 0)
            buf[2 + n++] = "0123456789abcdef"[d];
    }
    buf[2 + n] = 0;
    put_str(buf);
}

void expect_impl(int ok, const char *what, int line)
{
    if (ok)
        return;
    harness_case_failed = 1;
    put_str("  ");
    put_str(harness_case);
    put_str(": line ");
    put_dec((uint64_t)line);
    put_str(": expected ");
    put_str(what);
    put_str("\n");
}

void expect_err_impl(struct cnd_result r, cnd_error_t err, const char *what, int line)
{
    if (r.error == err)
        return;
    harness_case_failed = 1;
    put_str("  ");
    put_str(harness_case);
    put_str(": line ");
    put_dec((uint64_t)line);
    put_str(": ");
    put_str(what);
    put_str(" gave ");
    put_str(cnd_error_name(r.error));
    put_str(", expected ");
    put_str(cnd_error_name(err));
    for (unsigned i = 0; i < r.detail_len; i++) {
        put_str(i ? ", " : " (");
        put_hex(r.detail[i]);
    }
    put_str(r.detail_len ? ")\n" : "\n");
}

void case_begin(const char *name)
{
    harness_case = name;
    harness_case_failed = 0;
}

void case_end(void)
{
    put_str(harness_case);
    put_str(harness_case_failed ? " FAIL\n" : " pass\n");
    if (harness_case_failed)
        harness_failed++;
    else
        harness_passed++;
}

void harness_summary(void)
{
    put_dec(harness_passed);
    put_str(" passed, ");
    put_dec(harness_failed);
    put_str(" failed\n");
}
