/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Numeric constants of the ABI: object sizes, address-space limits, message
 * limits, priorities and the few kernel configuration values that user land
 * can observe (they size structures or bound arguments). Every value here is
 * identical to seL4 16.0 riscv64 non-MCS (see tests/data/abi/seL4-16.0-
 * riscv64.md sec. 5 and 10); tests/unit/abi checks each one against the
 * machine-readable sheet, so a wrong number fails the build's tests.
 *
 * Each constant is defined exactly once, here; the other abi/ headers derive
 * from these. tools/apigen/apigen.py also reads this file (it resolves
 * object sizes written as CND_..._BITS in abi/conductor.api and checks the
 * message limits), so keep the `#define NAME literal` form. Usable from
 * assembly.
 */
#ifndef ABI_CONSTANTS_H
#define ABI_CONSTANTS_H

#include <abi/types.h>

/* --- Words ------------------------------------------------------------- */
#define CND_WORD_BITS 64
#define CND_WORD_SIZE_BITS 3 /* log2(bytes per word) */

/* --- Object sizes (log2 bytes unless noted) ------------------------------ */
#define CND_SLOT_BITS 5 /* one CNode slot (cte) is 32 bytes */
#define CND_NOTIFICATION_BITS 5
#define CND_ENDPOINT_BITS 4
#define CND_IPC_BUFFER_SIZE_BITS 10 /* IPC buffers are 1 KiB, 1 KiB aligned */
#define CND_TCB_BITS 11             /* 2 KiB: includes the F+D FPU state */
#define CND_PAGE_TABLE_ENTRY_BITS 3
#define CND_PAGE_TABLE_INDEX_BITS 9
#define CND_PAGE_BITS 12       /* 4 KiB page */
#define CND_LARGE_PAGE_BITS 21 /* 2 MiB "mega" page */
#define CND_HUGE_PAGE_BITS 30  /* 1 GiB "giga" page */
#define CND_TERA_PAGE_BITS 39  /* no tera pages with Sv39 (3 levels) */
#define CND_PAGE_TABLE_BITS 12
#define CND_VSPACE_BITS 12 /* a VSpace root is a level-1 page table */
#define CND_NUM_ASID_POOLS_BITS 7
#define CND_ASID_POOL_INDEX_BITS 9 /* 512 ASIDs per pool, not 1024 */
#define CND_ASID_POOL_BITS 12
#define CND_MIN_UNTYPED_BITS 4
#define CND_MAX_UNTYPED_BITS 38
#define CND_BOOT_INFO_FRAME_BITS 12
#define CND_BOOT_INFO_FRAME_SIZE 4096

/* --- User address space (Sv39) ------------------------------------------ */
/* First address user land cannot map: vaddr >= USER_TOP is InvalidArgument. */
#define CND_USER_TOP CND_UL(0x3ffffff000)
#define CND_USER_VSPACE_TOP CND_UL(0x3fffffefff)

/* --- Messages ------------------------------------------------------------ */
#define CND_MSG_LENGTH_BITS 7
#define CND_MSG_EXTRA_CAP_BITS 2
#define CND_MSG_MAX_LENGTH 120   /* longer lengths are clamped by the kernel */
#define CND_MSG_MAX_EXTRA_CAPS 3
/* MR0..MR3 travel in a2..a5; MR4 and up live in the IPC buffer. */
#define CND_NUM_MSG_REGISTERS 4

/* --- Capabilities ---------------------------------------------------------- */
#define CND_CAP_RIGHTS_BITS 4
#define CND_GUARD_SIZE_BITS 6
#define CND_GUARD_BITS 58
#define CND_BADGE_BITS 64
#define CND_NIL_DATA 0 /* "no change" for cspace_root_data / vspace_root_data */
#define CND_UNTYPED_RETYPE_MAX_OBJECTS 256

/* --- Page_Map failure reporting ------------------------------------------ */
/* After FailedLookup from Page_Map, detail word MR2 (bitsLeft) is the level
 * that is missing; CND_MAPPING_LOOKUP_NO_PT means "no page table there". */
#define CND_MAPPING_LOOKUP_LEVEL 2
#define CND_MAPPING_LOOKUP_NO_PT 21

/* --- Priorities and threads ------------------------------------------------ */
#define CND_INVALID_PRIO (-1)
#define CND_MIN_PRIO 0
#define CND_MAX_PRIO 255
#define CND_TCB_FLAG_NO_FLAG 0
#define CND_TCB_FLAG_FPU_DISABLED 1
#define CND_TCB_FLAG_MASK 1

/* --- seL4_Bool ------------------------------------------------------------- */
#define CND_TRUE 1
#define CND_FALSE 0

/*
 * --- Kernel configuration values visible to user land ---------------------
 * seL4 makes these build options; Conductor fixes them to the values of the
 * reference configurations because they size ABI structures (the bootinfo
 * untyped list) or bound invocation arguments. Purely internal settings
 * (tick length, time slice, root CNode size, stack size) belong to the
 * kernel's own configuration, not to the ABI.
 */
#define CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#define CND_NUM_PRIORITIES 256
#define CND_RETYPE_FAN_OUT_LIMIT 256
#define CND_NUM_DOMAINS 1
#define CND_NUM_DOMAIN_SCHEDULES 2
#define CND_MAX_NUM_NODES 1
#define CND_PT_LEVELS 3 /* Sv39 */
/* Device untypeds cover physical addresses below this (2^39). */
#define CND_PADDR_USER_DEVICE_TOP CND_UL(0x8000000000)

#ifndef __ASSEMBLER__
_Static_assert(CND_WORD_BITS == 8 * sizeof(cnd_word_t), "word size");
_Static_assert((1 << CND_WORD_SIZE_BITS) == sizeof(cnd_word_t), "word size bits");
_Static_assert(CND_MSG_MAX_LENGTH < (1 << CND_MSG_LENGTH_BITS), "length field");
_Static_assert(CND_MSG_MAX_EXTRA_CAPS < (1 << CND_MSG_EXTRA_CAP_BITS), "caps field");
_Static_assert(CND_GUARD_BITS + CND_GUARD_SIZE_BITS == CND_WORD_BITS, "guard word");
_Static_assert(CND_BOOT_INFO_FRAME_SIZE == (1 << CND_BOOT_INFO_FRAME_BITS), "bootinfo frame");
_Static_assert(CND_USER_VSPACE_TOP == CND_USER_TOP - 1, "user top");
_Static_assert(CND_NUM_PRIORITIES == CND_MAX_PRIO + 1, "priorities");
_Static_assert(CND_UNTYPED_RETYPE_MAX_OBJECTS == CND_RETYPE_FAN_OUT_LIMIT, "fan out");
_Static_assert(CND_ASID_POOL_BITS == CND_ASID_POOL_INDEX_BITS + CND_WORD_SIZE_BITS,
               "an ASID pool is one page of VSpace pointers");
_Static_assert(CND_PAGE_TABLE_BITS == CND_PAGE_TABLE_INDEX_BITS + CND_PAGE_TABLE_ENTRY_BITS,
               "a page table is one page of PTEs");
_Static_assert(CND_TERA_PAGE_BITS == CND_HUGE_PAGE_BITS + CND_PAGE_TABLE_INDEX_BITS,
               "page size ladder");
_Static_assert(CND_PADDR_USER_DEVICE_TOP == (CND_UL(1) << 39), "device top");
#endif

#endif /* ABI_CONSTANTS_H */
