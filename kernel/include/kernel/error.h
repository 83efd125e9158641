/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Errors returned to user land: a seL4 error code and its detail words,
 * encoded when the error is found (so the reply path just copies them).
 * Decode functions return one of these by pointer argument — there is no
 * global "current error".
 */
#ifndef KERNEL_ERROR_H
#define KERNEL_ERROR_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/errors.h>

/* Where a capability lookup stopped (seL4's lookup_fault). */
enum lookup_fault_type {
    LOOKUP_NONE = 0,
    LOOKUP_INVALID_ROOT,
    LOOKUP_MISSING_CAPABILITY,
    LOOKUP_DEPTH_MISMATCH,
    LOOKUP_GUARD_MISMATCH,
};

struct lookup_fault {
    enum lookup_fault_type type;
    uint64_t bits_left;
    uint64_t guard_found;   /* guard mismatch: the CNode's guard */
    uint64_t bits_found;    /* depth mismatch: bits the CNode resolves;
                               guard mismatch: its guard size */
};

#define ERROR_MAX_WORDS 6

struct syscall_error {
    cnd_error_t code;              /* CND_NO_ERROR when nothing went wrong */
    uint32_t n_words;
    uint64_t words[ERROR_MAX_WORDS];
};

/* Writes the lookup-failure block (type + 1, then its words) to `out`;
 * returns how many words it wrote (1..4). */
unsigned lookup_fault_encode(const struct lookup_fault *lf, uint64_t *out);

void error_set(struct syscall_error *e, cnd_error_t code);
void error_invalid_argument(struct syscall_error *e, uint64_t arg);
void error_invalid_capability(struct syscall_error *e, uint64_t which);
void error_range(struct syscall_error *e, uint64_t min, uint64_t max);
void error_failed_lookup(struct syscall_error *e, bool was_source, const struct lookup_fault *lf);
void error_not_enough_memory(struct syscall_error *e, uint64_t bytes_left);

#endif
