/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Image options: choices seL4 fixes per kernel build that Conductor takes
 * per image instead, so one kernel binary serves every system. They travel
 * in the boot payload's "options" module as text lines "key=value"
 * (conductor image --option key=value). Pure logic; host-tested.
 *
 *   root_cnode_bits   12..16   the root CNode has 2^n slots (default 13)
 *   fastpath          on | off: the IPC fastpath (results are identical)
 *   user_errors       print | quiet: debug kernels print a line for every
 *                     failed invocation and stopped thread (fuzzing: quiet)
 *   hw_asids          auto | off: off runs every VSpace as ASID 0 with a
 *                     full TLB flush per switch, as on harts without ASIDs
 *   selftest          kernel_fault | write_text | halt_fault (debug builds):
 *                     the kernel faults on purpose (a bad address, or a
 *                     write to its own read-only text) after boot, or (a bad
 *                     address) in the root task's DebugHalt instead of
 *                     powering off, to show and test the panic report (with
 *                     the system calls made before it) and the W^X mapping
 */
#ifndef KERNEL_OPTIONS_H
#define KERNEL_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#define ROOT_CNODE_BITS_MIN 12
#define ROOT_CNODE_BITS_MAX 16
/* Longest root-task argument string (option args=...), without its NUL. */
#define ROOT_ARGS_MAX 119

struct boot_options {
    unsigned root_cnode_bits;
    bool selftest_kernel_fault;
    bool selftest_write_text;
    bool selftest_halt_fault;
    bool no_hw_asids;
    bool fastpath;
    bool quiet_user_errors;
    /* args=TEXT: handed to the root task verbatim as an extra boot-info
     * chunk (CND_BOOTINFO_HEADER_ARGS), e.g. which test cases to run. */
    char root_args[ROOT_ARGS_MAX + 1];
    unsigned root_args_len;
};

/* The defaults: those under which seL4's test suite and capDL loader run. */
void boot_options_default(struct boot_options *o);

/* Parses `len` bytes of option text into `o` (starting from its current
 * values). Returns false with `err` (at most err_size bytes) naming the line
 * and the problem: unknown key, bad number, value out of range. */
bool boot_options_parse(const char *text, uint64_t len, struct boot_options *o, char *err,
                        unsigned err_size);

#endif
