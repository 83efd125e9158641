/* SPDX-License-Identifier: BSD-2-Clause */
/* Encoding errors and lookup failures the way seL4 sends them (see error.h). */
#include <stdbool.h>
#include <kernel/error.h>

unsigned lookup_fault_encode(const struct lookup_fault *lf, uint64_t *out)
{
    /* seL4 numbers lookup failures 0..3 internally and sends type + 1. */
    out[0] = (uint64_t)lf->type;
    switch (lf->type) {
    case LOOKUP_MISSING_CAPABILITY:
        out[1] = lf->bits_left;
        return 2;
    case LOOKUP_DEPTH_MISMATCH:
        out[1] = lf->bits_left;
        out[2] = lf->bits_found;
        return 3;
    case LOOKUP_GUARD_MISMATCH:
        out[1] = lf->bits_left;
        out[2] = lf->guard_found;
        out[3] = lf->bits_found;
        return 4;
    default:
        return 1;
    }
}

void error_set(struct syscall_error *e, cnd_error_t code)
{
    e->code = code;
    e->n_words = 0;
}

void error_invalid_argument(struct syscall_error *e, uint64_t arg)
{
    e->code = CND_INVALID_ARGUMENT;
    e->n_words = 1;
    e->words[0] = arg;
}

void error_invalid_capability(struct syscall_error *e, uint64_t which)
{
    e->code = CND_INVALID_CAPABILITY;
    e->n_words = 1;
    e->words[0] = which;
}

void error_range(struct syscall_error *e, uint64_t min, uint64_t max)
{
    e->code = CND_RANGE_ERROR;
    e->n_words = 2;
    e->words[0] = min;
    e->words[1] = max;
}

void error_failed_lookup(struct syscall_error *e, bool was_source, const struct lookup_fault *lf)
{
    e->code = CND_FAILED_LOOKUP;
    e->words[0] = was_source;
    e->n_words = 1 + lookup_fault_encode(lf, &e->words[1]);
}

void error_not_enough_memory(struct syscall_error *e, uint64_t bytes_left)
{
    e->code = CND_NOT_ENOUGH_MEMORY;
    e->n_words = 1;
    e->words[0] = bytes_left;
}
