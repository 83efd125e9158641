/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sets of physical address ranges, used at boot to compute free memory
 * (RAM minus everything reserved) and to carve the root task's objects out
 * of it. Fixed capacity, no allocation; pure logic, unit-tested on the host.
 */
#ifndef KERNEL_REGION_H
#define KERNEL_REGION_H

#include <stdbool.h>
#include <stdint.h>

#define REGION_LIST_MAX 64

struct region {
    uint64_t base;
    uint64_t end;   /* exclusive; base < end */
};

struct region_list {
    uint32_t n;
    struct region r[REGION_LIST_MAX];   /* sorted, disjoint, non-adjacent */
};

/* Adds [base, end) to the set, merging overlaps. False if the list is full
 * (the set is then unchanged). An empty range is accepted and ignored. */
bool region_list_add(struct region_list *l, uint64_t base, uint64_t end);

/* Removes [base, end) from the set. False if a split needed a slot that was
 * not there (the set is then unchanged). */
bool region_list_remove(struct region_list *l, uint64_t base, uint64_t end);

/* Takes `size` bytes aligned to `align` (a power of two) from the highest
 * region that can hold them, from its top end. Returns false if none can. */
bool region_list_alloc(struct region_list *l, uint64_t size, uint64_t align, uint64_t *out);

/* Total bytes in the set. */
uint64_t region_list_total(const struct region_list *l);

/* Whether [base, end) lies entirely inside one region of the set. */
bool region_list_contains(const struct region_list *l, uint64_t base, uint64_t end);

#endif
