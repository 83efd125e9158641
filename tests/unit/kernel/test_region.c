/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of the boot-time physical range sets, including randomized
 * add/remove/alloc sequences checked against a byte-map reference model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/region.h>
#include "test.h"

#define SPACE 4096   /* model addresses 0..SPACE-1 */

static unsigned char model[SPACE];

static void check_against_model(const struct region_list *l)
{
    unsigned char seen[SPACE];
    memset(seen, 0, sizeof seen);
    for (uint32_t i = 0; i < l->n; i++) {
        CHECK(l->r[i].base < l->r[i].end);
        if (i > 0)
            CHECK(l->r[i - 1].end < l->r[i].base);   /* sorted, non-adjacent */
        for (uint64_t a = l->r[i].base; a < l->r[i].end && a < SPACE; a++)
            seen[a] = 1;
    }
    CHECK(memcmp(seen, model, SPACE) == 0);
}

static void test_basic(void)
{
    struct region_list l = { 0 };
    CHECK(region_list_add(&l, 100, 200));
    CHECK(region_list_add(&l, 300, 400));
    CHECK(region_list_add(&l, 200, 300));   /* bridges the two */
    CHECK(l.n == 1 && l.r[0].base == 100 && l.r[0].end == 400);
    CHECK(region_list_remove(&l, 150, 160));
    CHECK(l.n == 2 && l.r[0].end == 150 && l.r[1].base == 160);
    CHECK(region_list_total(&l) == 290);
    CHECK(region_list_contains(&l, 160, 400));
    CHECK(!region_list_contains(&l, 140, 170));
    uint64_t pa;
    CHECK(region_list_alloc(&l, 64, 64, &pa) && pa == 320);
    CHECK(!region_list_alloc(&l, 1000, 1, &pa));
    CHECK(!region_list_alloc(&l, 16, 3, &pa));   /* not a power of two */
    CHECK(region_list_add(&l, 5, 5));           /* empty: ignored */
    CHECK(region_list_remove(&l, 0, 1000));
    CHECK(l.n == 0);
}

static void test_full_list(void)
{
    struct region_list l = { 0 };
    for (uint64_t i = 0; i < REGION_LIST_MAX; i++)
        CHECK(region_list_add(&l, i * 10, i * 10 + 5));
    CHECK(!region_list_add(&l, 10000, 10001));
    struct region_list before = l;
    CHECK(!region_list_remove(&l, 12, 13));   /* would split: no room */
    CHECK(memcmp(&before, &l, sizeof l) == 0);
    CHECK(region_list_remove(&l, 10, 15));    /* whole region: fine */
    CHECK(l.n == REGION_LIST_MAX - 1);
}

static void test_random(unsigned seed)
{
    srand(seed);
    struct region_list l = { 0 };
    memset(model, 0, sizeof model);
    for (int step = 0; step < 5000; step++) {
        uint64_t a = (uint64_t)(rand() % SPACE), b = a + (uint64_t)(rand() % 64);
        if (b > SPACE)
            b = SPACE;
        int op = rand() % 3;
        if (op == 0) {
            if (region_list_add(&l, a, b))
                memset(model + a, 1, b - a);
        } else if (op == 1) {
            if (region_list_remove(&l, a, b))
                memset(model + a, 0, b - a);
        } else {
            uint64_t size = 1 + (uint64_t)(rand() % 32), align = 1u << (rand() % 5), pa;
            if (region_list_alloc(&l, size, align, &pa)) {
                CHECK(pa % align == 0);
                for (uint64_t k = pa; k < pa + size; k++) {
                    CHECK(model[k] == 1);
                    model[k] = 0;
                }
            }
        }
        check_against_model(&l);
    }
}

int main(void)
{
    test_basic();
    test_full_list();
    for (unsigned seed = 1; seed <= 20; seed++)
        test_random(seed);
    return test_report("region");
}
