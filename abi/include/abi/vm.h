/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual memory facts user land needs: the VM attributes word of Page_Map /
 * PageTable_Map, page sizes, and the top of the user address space (Sv39,
 * three page-table levels). The size exponents themselves are defined once
 * in constants.h; this header derives byte sizes and entry counts from them.
 */
#ifndef ABI_VM_H
#define ABI_VM_H

#include <abi/constants.h>
#include <abi/types.h>

/* VM attributes (seL4_RISCV_VMAttributes): only bit 0 has a meaning. */
#define CND_VM_DEFAULT_ATTRIBUTES 0 /* executable */
#define CND_VM_EXECUTE_NEVER 1

#define CND_PAGE_SIZE (CND_UL(1) << CND_PAGE_BITS)             /* 4 KiB */
#define CND_LARGE_PAGE_SIZE (CND_UL(1) << CND_LARGE_PAGE_BITS) /* 2 MiB */
#define CND_HUGE_PAGE_SIZE (CND_UL(1) << CND_HUGE_PAGE_BITS)   /* 1 GiB */
#define CND_PAGE_TABLE_ENTRIES (1 << CND_PAGE_TABLE_INDEX_BITS)
#define CND_ASID_POOL_ENTRIES (1 << CND_ASID_POOL_INDEX_BITS)
#define CND_NUM_ASID_POOLS (1 << CND_NUM_ASID_POOLS_BITS)

#ifndef __ASSEMBLER__

typedef cnd_word_t cnd_vm_attributes_t;

_Static_assert(CND_USER_TOP % CND_PAGE_SIZE == 0, "user top is page aligned");
_Static_assert(CND_USER_TOP < (CND_UL(1) << (CND_PAGE_BITS + CND_PT_LEVELS *
                                                              CND_PAGE_TABLE_INDEX_BITS - 1)),
               "user top is in the lower half of Sv39");

static inline bool cnd_vm_is_page_aligned(cnd_vaddr_t v, unsigned size_bits)
{
    return (v & ((CND_UL(1) << size_bits) - 1)) == 0;
}

#endif /* !__ASSEMBLER__ */

#endif /* ABI_VM_H */
