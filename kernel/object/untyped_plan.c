/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The arithmetic of Untyped_Retype: object sizes and where objects go under
 * the watermark. Pure logic, shared by the kernel and its host unit tests.
 */
#include <abi/constants.h>
#include <abi/object_types.h>
#include <kernel/untyped.h>

unsigned object_size_bits(uint64_t type, uint64_t user_size)
{
    switch (type) {
    case CND_OBJ_UNTYPED: return (unsigned)user_size;
    case CND_OBJ_TCB: return CND_TCB_BITS;
    case CND_OBJ_ENDPOINT: return CND_ENDPOINT_BITS;
    case CND_OBJ_NOTIFICATION: return CND_NOTIFICATION_BITS;
    case CND_OBJ_CAP_TABLE: return (unsigned)user_size + CND_SLOT_BITS;
    case CND_OBJ_GIGA_PAGE: return CND_HUGE_PAGE_BITS;
    case CND_OBJ_4K_PAGE: return CND_PAGE_BITS;
    case CND_OBJ_MEGA_PAGE: return CND_LARGE_PAGE_BITS;
    case CND_OBJ_PAGE_TABLE: return CND_PAGE_TABLE_BITS;
    default: return 0;
    }
}

bool object_is_frame(uint64_t type)
{
    return type == CND_OBJ_4K_PAGE || type == CND_OBJ_MEGA_PAGE || type == CND_OBJ_GIGA_PAGE;
}

bool untyped_plan(uint64_t base, unsigned ut_bits, uint64_t free_index, unsigned obj_bits,
                  uint64_t count, struct retype_plan *plan)
{
    plan->free_bytes = (1ULL << ut_bits) - free_index;
    /* seL4's test: whole objects in the bytes left. The base is aligned to
     * the untyped's size, so rounding the watermark up to a smaller object
     * size never loses a whole object's room. */
    if (obj_bits > ut_bits || (plan->free_bytes >> obj_bits) < count)
        return false;
    uint64_t mask = (1ULL << obj_bits) - 1;
    plan->first = (base + free_index + mask) & ~mask;
    plan->new_free_index = plan->first + (count << obj_bits) - base;
    return true;
}

