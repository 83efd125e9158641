/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of the retype arithmetic: object sizes, watermark and
 * alignment, checked against a byte-by-byte model of untyped memory. */
#include <stdlib.h>
#include <abi/object_types.h>
#include <kernel/untyped.h>
#include "test.h"

/* The model: objects placed one after another, each aligned to its size,
 * never past the end; returns how many of `count` fit. */
static uint64_t model_fit(uint64_t base, unsigned ut_bits, uint64_t free_index, unsigned obj_bits,
                          uint64_t count, uint64_t *first)
{
    uint64_t pos = base + free_index, end = base + (1ULL << ut_bits), n = 0;
    while (n < count) {
        uint64_t start = (pos + (1ULL << obj_bits) - 1) & ~((1ULL << obj_bits) - 1);
        if (start + (1ULL << obj_bits) > end)
            break;
        if (n == 0)
            *first = start;
        pos = start + (1ULL << obj_bits);
        n++;
    }
    return n;
}

int main(void)
{
    CHECK(object_size_bits(CND_OBJ_TCB, 0) == 11);
    CHECK(object_size_bits(CND_OBJ_ENDPOINT, 99) == 4);
    CHECK(object_size_bits(CND_OBJ_NOTIFICATION, 0) == 5);
    CHECK(object_size_bits(CND_OBJ_CAP_TABLE, 10) == 15);
    CHECK(object_size_bits(CND_OBJ_UNTYPED, 20) == 20);
    CHECK(object_size_bits(CND_OBJ_4K_PAGE, 0) == 12);
    CHECK(object_size_bits(CND_OBJ_MEGA_PAGE, 0) == 21);
    CHECK(object_size_bits(CND_OBJ_GIGA_PAGE, 0) == 30);
    CHECK(object_size_bits(CND_OBJ_PAGE_TABLE, 0) == 12);
    CHECK(object_is_frame(CND_OBJ_4K_PAGE) && !object_is_frame(CND_OBJ_PAGE_TABLE));

    struct retype_plan p;
    CHECK(untyped_plan(0x80000000, 12, 0, 4, 256, &p) && p.first == 0x80000000 &&
          p.new_free_index == 4096);
    CHECK(!untyped_plan(0x80000000, 12, 16, 4, 256, &p) && p.free_bytes == 4080);
    CHECK(untyped_plan(0x80000000, 20, 16, 12, 255, &p) && p.first == 0x80001000);
    CHECK(!untyped_plan(0x80000000, 20, 16, 12, 256, &p));
    CHECK(!untyped_plan(0x80000000, 12, 0, 21, 1, &p));   /* bigger than the untyped */

    srand(3);
    for (int i = 0; i < 200000; i++) {
        unsigned ut_bits = 4 + (unsigned)(rand() % 20);
        unsigned obj_bits = 4 + (unsigned)(rand() % 22);
        uint64_t base = (uint64_t)(rand() % 64) << 32;   /* aligned to 2^32 */
        uint64_t free_index = (uint64_t)rand() % ((1ULL << ut_bits) + 1);
        uint64_t count = 1 + (uint64_t)(rand() % 300), first = 0;
        uint64_t fits = model_fit(base, ut_bits, free_index, obj_bits, count, &first);
        bool ok = untyped_plan(base, ut_bits, free_index, obj_bits, count, &p);
        CHECK_MSG(ok == (fits == count), "ut %u fi %lu obj %u n %lu: plan %d model %lu", ut_bits,
                  (unsigned long)free_index, obj_bits, (unsigned long)count, ok,
                  (unsigned long)fits);
        CHECK(p.free_bytes == (1ULL << ut_bits) - free_index);
        if (ok && fits == count) {
            CHECK(p.first == first);
            CHECK(p.new_free_index == first + (count << obj_bits) - base);
            CHECK(p.new_free_index <= (1ULL << ut_bits));
        }
    }
    return test_report("untyped");
}
