/* SPDX-License-Identifier: BSD-2-Clause */
/* Image options (see options.h). */
#include <kernel/options.h>
#include <kernel/printf.h>

void boot_options_default(struct boot_options *o)
{
    o->root_cnode_bits = 13;
    o->selftest_kernel_fault = false;
    o->selftest_write_text = false;
    o->selftest_halt_fault = false;
    o->no_hw_asids = false;
    o->fastpath = true;
    o->quiet_user_errors = false;
    o->root_args[0] = 0;
    o->root_args_len = 0;
}

static bool same(const char *a, uint64_t alen, const char *b)
{
    uint64_t i = 0;
    for (; i < alen && b[i]; i++)
        if (a[i] != b[i])
            return false;
    return i == alen && b[i] == 0;
}

static bool parse_number(const char *s, uint64_t len, uint64_t *out)
{
    uint64_t v = 0;
    if (len == 0 || len > 9)
        return false;
    for (uint64_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

bool boot_options_parse(const char *text, uint64_t len, struct boot_options *o, char *err,
                        unsigned err_size)
{
    unsigned line = 0;
    for (uint64_t pos = 0; pos < len;) {
        uint64_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        line++;
        const char *s = text + pos;
        uint64_t n = end - pos;
        pos = end + 1;
        if (n == 0 || s[0] == '#')
            continue;
        uint64_t eq = 0;
        while (eq < n && s[eq] != '=')
            eq++;
        if (eq == n) {
            ksnprintf(err, err_size, "options line %u: expected key=value", line);
            return false;
        }
        const char *val = s + eq + 1;
        uint64_t vlen = n - eq - 1, v;
        if (same(s, eq, "root_cnode_bits")) {
            if (!parse_number(val, vlen, &v) || v < ROOT_CNODE_BITS_MIN || v > ROOT_CNODE_BITS_MAX) {
                ksnprintf(err, err_size, "options line %u: root_cnode_bits must be %d..%d", line,
                          ROOT_CNODE_BITS_MIN, ROOT_CNODE_BITS_MAX);
                return false;
            }
            o->root_cnode_bits = (unsigned)v;
        } else if (same(s, eq, "fastpath")) {
            if (!same(val, vlen, "on") && !same(val, vlen, "off")) {
                ksnprintf(err, err_size, "options line %u: fastpath must be on or off", line);
                return false;
            }
            o->fastpath = same(val, vlen, "on");
        } else if (same(s, eq, "user_errors")) {
            if (!same(val, vlen, "print") && !same(val, vlen, "quiet")) {
                ksnprintf(err, err_size, "options line %u: user_errors must be print or quiet", line);
                return false;
            }
            o->quiet_user_errors = same(val, vlen, "quiet");
        } else if (same(s, eq, "selftest")) {
            if (same(val, vlen, "kernel_fault")) {
                o->selftest_kernel_fault = true;
            } else if (same(val, vlen, "write_text")) {
                o->selftest_write_text = true;
            } else if (same(val, vlen, "halt_fault")) {
                o->selftest_halt_fault = true;
            } else {
                ksnprintf(err, err_size, "options line %u: selftest must be kernel_fault, "
                          "write_text or halt_fault", line);
                return false;
            }
        } else if (same(s, eq, "args")) {
            /* Printable ASCII only: the root task prints it back, and a
             * control character in a test log would only confuse. */
            if (vlen > ROOT_ARGS_MAX) {
                ksnprintf(err, err_size, "options line %u: args is longer than %d characters",
                          line, ROOT_ARGS_MAX);
                return false;
            }
            for (uint64_t i = 0; i < vlen; i++) {
                if (val[i] < 0x20 || val[i] > 0x7e) {
                    ksnprintf(err, err_size, "options line %u: args must be printable ASCII",
                              line);
                    return false;
                }
                o->root_args[i] = val[i];
            }
            o->root_args[vlen] = 0;
            o->root_args_len = (unsigned)vlen;
        } else if (same(s, eq, "hw_asids")) {
            if (!same(val, vlen, "auto") && !same(val, vlen, "off")) {
                ksnprintf(err, err_size, "options line %u: hw_asids must be auto or off", line);
                return false;
            }
            o->no_hw_asids = same(val, vlen, "off");
        } else {
            ksnprintf(err, err_size, "options line %u: unknown option (known: root_cnode_bits, "
                      "fastpath, user_errors, hw_asids, selftest, args)", line);
            return false;
        }
    }
    return true;
}
