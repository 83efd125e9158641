/* SPDX-License-Identifier: BSD-2-Clause */
/* Guarded CSpace lookups (see cspace.h). */
#include <kernel/cspace.h>

static uint64_t low_mask(unsigned n)
{
    return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

bool cspace_resolve(struct cap root, uint64_t cptr, unsigned depth, struct cte **slot,
                    unsigned *bits_left, struct lookup_fault *lf)
{
    struct cap node = root;
    unsigned n = depth;
    if (cap_type(node) != CAP_CNODE) {
        *lf = (struct lookup_fault){ .type = LOOKUP_INVALID_ROOT };
        return false;
    }
    for (;;) {
        unsigned radix = cap_cnode_radix(node), guard_size = cap_cnode_guard_size(node);
        unsigned level = radix + guard_size;
        uint64_t guard = cap_cnode_guard(node);
        /* The guard sits in the bits just below those already used. */
        uint64_t found = guard_size == 0 || guard_size > n ? 0
                       : (cptr >> (n - guard_size)) & low_mask(guard_size);
        if (guard_size > n || found != (guard & low_mask(guard_size))) {
            *lf = (struct lookup_fault){ .type = LOOKUP_GUARD_MISMATCH, .bits_left = n,
                                         .guard_found = guard, .bits_found = guard_size };
            return false;
        }
        if (level > n || level == 0) {
            *lf = (struct lookup_fault){ .type = LOOKUP_DEPTH_MISMATCH, .bits_left = n,
                                         .bits_found = level };
            return false;
        }
        uint64_t index = (cptr >> (n - level)) & low_mask(radix);
        struct cte *s = cnode_slot(node, index);
        n -= level;
        if (n == 0 || cap_type(s->cap) != CAP_CNODE) {
            *slot = s;
            *bits_left = n;
            return true;
        }
        node = s->cap;
    }
}

bool cspace_lookup_slot(struct cap root, uint64_t cptr, struct cte **slot,
                        struct lookup_fault *lf)
{
    unsigned left;
    return cspace_resolve(root, cptr, WORD_BITS, slot, &left, lf);
}

bool cspace_lookup_for_op(bool is_source, struct cap root, uint64_t index, uint64_t depth,
                          struct cte **slot, struct syscall_error *err)
{
    struct lookup_fault lf;
    if (cap_type(root) != CAP_CNODE) {
        lf = (struct lookup_fault){ .type = LOOKUP_INVALID_ROOT };
        error_failed_lookup(err, is_source, &lf);
        return false;
    }
    if (depth < 1 || depth > WORD_BITS) {
        error_range(err, 1, WORD_BITS);
        return false;
    }
    unsigned left;
    if (!cspace_resolve(root, index, (unsigned)depth, slot, &left, &lf)) {
        error_failed_lookup(err, is_source, &lf);
        return false;
    }
    if (left != 0) {
        lf = (struct lookup_fault){ .type = LOOKUP_DEPTH_MISMATCH, .bits_left = left,
                                    .bits_found = 0 };
        error_failed_lookup(err, is_source, &lf);
        return false;
    }
    return true;
}
