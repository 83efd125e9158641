/* SPDX-License-Identifier: BSD-2-Clause */
/* Physical range sets (see region.h). Kept sorted and coalesced. */
#include <kernel/region.h>

static void remove_at(struct region_list *l, uint32_t i)
{
    for (uint32_t j = i; j + 1 < l->n; j++)
        l->r[j] = l->r[j + 1];
    l->n--;
}

static bool insert_at(struct region_list *l, uint32_t i, uint64_t base, uint64_t end)
{
    if (l->n == REGION_LIST_MAX)
        return false;
    for (uint32_t j = l->n; j > i; j--)
        l->r[j] = l->r[j - 1];
    l->r[i] = (struct region){ base, end };
    l->n++;
    return true;
}

bool region_list_add(struct region_list *l, uint64_t base, uint64_t end)
{
    if (base >= end)
        return true;
    uint32_t i = 0;
    while (i < l->n && l->r[i].end < base)
        i++;
    /* r[i] is the first region that touches or follows [base, end). */
    if (i == l->n || l->r[i].base > end)
        return insert_at(l, i, base, end);
    if (base < l->r[i].base)
        l->r[i].base = base;
    if (end > l->r[i].end)
        l->r[i].end = end;
    /* Swallow the following regions the grown one now touches. */
    while (i + 1 < l->n && l->r[i + 1].base <= l->r[i].end) {
        if (l->r[i + 1].end > l->r[i].end)
            l->r[i].end = l->r[i + 1].end;
        remove_at(l, i + 1);
    }
    return true;
}

bool region_list_remove(struct region_list *l, uint64_t base, uint64_t end)
{
    if (base >= end)
        return true;
    /* One split at most: check for room before changing anything. */
    for (uint32_t i = 0; i < l->n; i++)
        if (l->r[i].base < base && l->r[i].end > end && l->n == REGION_LIST_MAX)
            return false;
    for (uint32_t i = 0; i < l->n;) {
        struct region *r = &l->r[i];
        if (r->end <= base || r->base >= end) {
            i++;
        } else if (r->base >= base && r->end <= end) {
            remove_at(l, i);
        } else if (r->base < base && r->end > end) {
            uint64_t old_end = r->end;
            r->end = base;
            insert_at(l, i + 1, end, old_end);
            return true;
        } else if (r->base < base) {
            r->end = base;
            i++;
        } else {
            r->base = end;
            i++;
        }
    }
    return true;
}

bool region_list_alloc(struct region_list *l, uint64_t size, uint64_t align, uint64_t *out)
{
    if (size == 0 || align == 0 || (align & (align - 1)) != 0)
        return false;
    for (uint32_t k = l->n; k > 0; k--) {
        struct region *r = &l->r[k - 1];
        if (r->end - r->base < size)
            continue;
        uint64_t start = (r->end - size) & ~(align - 1);
        if (start < r->base)
            continue;
        /* Taking it from the top needs no split unless alignment leaves a
         * tail; removing cannot fail then for lack of room only if no split
         * is needed, so check the result. */
        if (!region_list_remove(l, start, start + size))
            return false;
        *out = start;
        return true;
    }
    return false;
}

uint64_t region_list_total(const struct region_list *l)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < l->n; i++)
        total += l->r[i].end - l->r[i].base;
    return total;
}

bool region_list_contains(const struct region_list *l, uint64_t base, uint64_t end)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->r[i].base <= base && end <= l->r[i].end)
            return true;
    return false;
}
