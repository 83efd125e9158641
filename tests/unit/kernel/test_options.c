/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of image options: defaults, every key, every error message. */
#include <string.h>
#include <kernel/options.h>
#include "test.h"

static int parse(const char *text, struct boot_options *o, char *err)
{
    boot_options_default(o);
    return boot_options_parse(text, strlen(text), o, err, 128);
}

static void expect_error(const char *text, const char *msg)
{
    struct boot_options o;
    char err[128];
    CHECK(!parse(text, &o, err));
    CHECK_MSG(strstr(err, msg) != NULL, "\"%s\" gave \"%s\"", text, err);
}

int main(void)
{
    struct boot_options o;
    char err[128];
    CHECK(parse("", &o, err) && o.root_cnode_bits == 13 && !o.selftest_kernel_fault);
    CHECK(parse("root_cnode_bits=16\n", &o, err) && o.root_cnode_bits == 16);
    CHECK(parse("# comment\n\nroot_cnode_bits=12\nselftest=kernel_fault", &o, err) &&
          o.root_cnode_bits == 12 && o.selftest_kernel_fault);
    expect_error("root_cnode_bits=11", "options line 1: root_cnode_bits must be 12..16");
    expect_error("root_cnode_bits=17", "must be 12..16");
    expect_error("root_cnode_bits=", "must be 12..16");
    expect_error("root_cnode_bits=1x", "must be 12..16");
    expect_error("root_cnode_bits=99999999999999", "must be 12..16");
    expect_error("\nfoo=1", "options line 2: unknown option");
    expect_error("root_cnode_bits", "expected key=value");
    expect_error("selftest=other", "selftest must be kernel_fault, write_text or halt_fault");
    CHECK(parse("selftest=write_text\nhw_asids=off", &o, err) && o.selftest_write_text && o.no_hw_asids);
    CHECK(parse("selftest=halt_fault", &o, err) && o.selftest_halt_fault && !o.selftest_kernel_fault);
    expect_error("hw_asids=on", "hw_asids must be auto or off");
    expect_error("fastpath=maybe", "fastpath must be on or off");
    CHECK(parse("fastpath=off", &o, err) && !o.fastpath);
    CHECK(parse("fastpath=on", &o, err) && o.fastpath);
    CHECK(parse("user_errors=quiet", &o, err) && o.quiet_user_errors);
    expect_error("user_errors=loud", "user_errors must be print or quiet");
    CHECK(parse("", &o, err) && o.root_args_len == 0 && o.root_args[0] == 0);
    CHECK(parse("args=cases=CNODE00,GEN", &o, err) && o.root_args_len == 17 &&
          strcmp(o.root_args, "cases=CNODE00,GEN") == 0);
    CHECK(parse("args=", &o, err) && o.root_args_len == 0);
    expect_error("args=a\tb", "args must be printable ASCII");
    char long_args[200] = "args=";
    memset(long_args + 5, 'x', ROOT_ARGS_MAX + 1);
    long_args[5 + ROOT_ARGS_MAX + 1] = 0;
    expect_error(long_args, "args is longer than 119 characters");
    long_args[5 + ROOT_ARGS_MAX] = 0;
    CHECK(parse(long_args, &o, err) && o.root_args_len == ROOT_ARGS_MAX);
    /* Every prefix parses cleanly or fails cleanly (ASan watches). */
    const char *t = "root_cnode_bits=14\nselftest=kernel_fault\n";
    for (size_t n = 0; n <= strlen(t); n++) {
        boot_options_default(&o);
        (void)boot_options_parse(t, n, &o, err, sizeof err);
    }
    return test_report("options");
}
