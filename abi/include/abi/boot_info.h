/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the kernel hands the root task (seL4_BootInfo and friends): the fixed
 * initial capability slots, the boot-info frame (its address arrives in a0)
 * and the "extra boot info" chunks mapped one page above it.
 *
 * Conductor extension (the only one): the SystemControl capability.
 *   - It lives in slot CND_CAP_SYSTEM_CONTROL = 16, the first slot after
 *     seL4's 16 fixed slots. The regions the kernel fills next (paging, extra
 *     boot-info pages, image frames, untypeds, empty) start after it, and are
 *     described by the boot-info regions as usual, so a seL4 program that
 *     follows bootinfo (as it must) never notices the extra slot.
 *   - It is announced by an extra boot-info chunk with id
 *     CND_BOOTINFO_HEADER_SYSTEM_CONTROL = 0x434e44 ("CND" in ASCII), a
 *     number seL4 never uses (seL4's ids are 0..6). seL4 programs skip chunks
 *     with unknown ids by their len, so the chunk is invisible to them. The
 *     chunk's payload is the slot number, so user land does not need to
 *     hard-code 16.
 */
#ifndef ABI_BOOT_INFO_H
#define ABI_BOOT_INFO_H

#include <abi/constants.h>
#include <abi/types.h>

/* --- Initial capability slots of the root CNode ------------------------------ */
#define CND_CAP_NULL 0
#define CND_CAP_INIT_THREAD_TCB 1
#define CND_CAP_INIT_THREAD_CNODE 2
#define CND_CAP_INIT_THREAD_VSPACE 3 /* the root level-1 page table */
#define CND_CAP_INIT_THREAD_PD CND_CAP_INIT_THREAD_VSPACE /* seL4 alias */
#define CND_CAP_IRQ_CONTROL 4
#define CND_CAP_ASID_CONTROL 5
#define CND_CAP_INIT_THREAD_ASID_POOL 6 /* holds the root VSpace (ASID 1) */
#define CND_CAP_IO_PORT_CONTROL 7       /* null on RISC-V */
#define CND_CAP_IO_SPACE 8              /* null on RISC-V */
#define CND_CAP_BOOT_INFO_FRAME 9
#define CND_CAP_INIT_THREAD_IPC_BUFFER 10
#define CND_CAP_DOMAIN 11
#define CND_CAP_SMMU_SID_CONTROL 12 /* null on RISC-V */
#define CND_CAP_SMMU_CB_CONTROL 13  /* null on RISC-V */
#define CND_CAP_INIT_THREAD_SC 14   /* null: non-MCS */
#define CND_CAP_SMC 15              /* null on RISC-V */
/* seL4's count of fixed slots; kept so seL4-derived code sees its value. */
#define CND_NUM_INITIAL_CAPS 16
/* Conductor: SystemControl cap (PowerOff/Reboot), right after seL4's slots. */
#define CND_CAP_SYSTEM_CONTROL 16
/* Slots fixed by Conductor; the kernel allocates everything else from here. */
#define CND_NUM_CONDUCTOR_INITIAL_CAPS 17

/* --- Extra boot-info chunk ids (seL4_BootInfoHeader.id, word-sized) --------- */
#define CND_BOOTINFO_HEADER_PADDING 0
#define CND_BOOTINFO_HEADER_X86_VBE 1
#define CND_BOOTINFO_HEADER_X86_MBMMAP 2
#define CND_BOOTINFO_HEADER_X86_ACPI_RSDP 3
#define CND_BOOTINFO_HEADER_X86_FRAMEBUFFER 4
#define CND_BOOTINFO_HEADER_X86_TSC_FREQ 5
#define CND_BOOTINFO_HEADER_FDT 6 /* payload: the flattened device tree */
#define CND_BOOTINFO_HEADER_NUM 7 /* a count, not an id */
/* Conductor: payload is struct cnd_boot_info_system_control. 'C' 'N' 'D'. */
#define CND_BOOTINFO_HEADER_SYSTEM_CONTROL 0x434e44
/* Conductor: payload is the image option args=TEXT, NUL-terminated and
 * zero-padded to a multiple of 8 bytes. Only present if the option is. "CNDA". */
#define CND_BOOTINFO_HEADER_ARGS 0x434e4441

#ifndef __ASSEMBLER__

/* A range of slots in the root CNode: [start, end). */
struct cnd_slot_region {
    cnd_word_t start;
    cnd_word_t end;
};

/* One untyped capability handed to the root task. */
struct cnd_untyped_desc {
    cnd_paddr_t paddr;  /* physical base address */
    uint8_t size_bits;  /* log2 of the size in bytes, 4..38 */
    uint8_t is_device;  /* 1: device memory (only frames/untypeds from it) */
    uint8_t padding[6]; /* zero */
};

/* The boot-info frame (seL4_BootInfo). It fits in one 4 KiB page. */
struct cnd_boot_info {
    cnd_word_t extra_len;        /* bytes of extra boot info (0: none) */
    cnd_word_t node_id;          /* 0 */
    cnd_word_t num_nodes;        /* 1 */
    cnd_word_t num_iopt_levels;  /* 0 */
    cnd_vaddr_t ipc_buffer;      /* the root task's IPC buffer address */
    struct cnd_slot_region empty;             /* free slots */
    struct cnd_slot_region shared_frames;     /* empty */
    struct cnd_slot_region user_image_frames; /* one 4 KiB frame per image page */
    struct cnd_slot_region user_image_paging; /* page tables of the image */
    struct cnd_slot_region io_space_caps;     /* empty on RISC-V */
    struct cnd_slot_region extra_bi_pages;    /* frames of the extra boot info */
    cnd_word_t init_thread_cnode_size_bits;   /* root CNode has 2^n slots */
    cnd_word_t init_thread_domain;            /* 0 */
    struct cnd_slot_region untyped;           /* untyped caps, 1:1 with list */
    struct cnd_untyped_desc untyped_list[CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
};

/* Header of each extra boot-info chunk; len includes the header itself. */
struct cnd_boot_info_header {
    cnd_word_t id;
    cnd_word_t len;
};

/* Conductor's chunk: where the SystemControl cap is. */
struct cnd_boot_info_system_control {
    struct cnd_boot_info_header header; /* id SYSTEM_CONTROL, len 24 */
    cnd_cptr_t slot;                    /* slot in the root CNode */
};

_Static_assert(sizeof(struct cnd_slot_region) == 16, "seL4_SlotRegion size");
_Static_assert(_Alignof(struct cnd_slot_region) == 8, "seL4_SlotRegion alignment");
_Static_assert(offsetof(struct cnd_slot_region, start) == 0, "start");
_Static_assert(offsetof(struct cnd_slot_region, end) == 8, "end");

_Static_assert(sizeof(struct cnd_untyped_desc) == 16, "seL4_UntypedDesc size");
_Static_assert(_Alignof(struct cnd_untyped_desc) == 8, "seL4_UntypedDesc alignment");
_Static_assert(offsetof(struct cnd_untyped_desc, paddr) == 0, "paddr");
_Static_assert(offsetof(struct cnd_untyped_desc, size_bits) == 8, "sizeBits");
_Static_assert(offsetof(struct cnd_untyped_desc, is_device) == 9, "isDevice");
_Static_assert(offsetof(struct cnd_untyped_desc, padding) == 10, "padding");

_Static_assert(sizeof(struct cnd_boot_info) == 3848, "seL4_BootInfo size");
_Static_assert(sizeof(struct cnd_boot_info) <= CND_BOOT_INFO_FRAME_SIZE, "fits one frame");
_Static_assert(_Alignof(struct cnd_boot_info) == 8, "seL4_BootInfo alignment");
_Static_assert(offsetof(struct cnd_boot_info, extra_len) == 0, "extraLen");
_Static_assert(offsetof(struct cnd_boot_info, node_id) == 8, "nodeID");
_Static_assert(offsetof(struct cnd_boot_info, num_nodes) == 16, "numNodes");
_Static_assert(offsetof(struct cnd_boot_info, num_iopt_levels) == 24, "numIOPTLevels");
_Static_assert(offsetof(struct cnd_boot_info, ipc_buffer) == 32, "ipcBuffer");
_Static_assert(offsetof(struct cnd_boot_info, empty) == 40, "empty");
_Static_assert(offsetof(struct cnd_boot_info, shared_frames) == 56, "sharedFrames");
_Static_assert(offsetof(struct cnd_boot_info, user_image_frames) == 72, "userImageFrames");
_Static_assert(offsetof(struct cnd_boot_info, user_image_paging) == 88, "userImagePaging");
_Static_assert(offsetof(struct cnd_boot_info, io_space_caps) == 104, "ioSpaceCaps");
_Static_assert(offsetof(struct cnd_boot_info, extra_bi_pages) == 120, "extraBIPages");
_Static_assert(offsetof(struct cnd_boot_info, init_thread_cnode_size_bits) == 136,
               "initThreadCNodeSizeBits");
_Static_assert(offsetof(struct cnd_boot_info, init_thread_domain) == 144, "initThreadDomain");
_Static_assert(offsetof(struct cnd_boot_info, untyped) == 152, "untyped");
_Static_assert(offsetof(struct cnd_boot_info, untyped_list) == 168, "untypedList");

_Static_assert(sizeof(struct cnd_boot_info_header) == 16, "seL4_BootInfoHeader size");
_Static_assert(_Alignof(struct cnd_boot_info_header) == 8, "seL4_BootInfoHeader alignment");
_Static_assert(offsetof(struct cnd_boot_info_header, id) == 0, "id");
_Static_assert(offsetof(struct cnd_boot_info_header, len) == 8, "len");

_Static_assert(sizeof(struct cnd_boot_info_system_control) == 24, "sysctl chunk size");
_Static_assert(_Alignof(struct cnd_boot_info_system_control) == 8, "sysctl chunk alignment");
_Static_assert(offsetof(struct cnd_boot_info_system_control, header) == 0, "sysctl header");
_Static_assert(offsetof(struct cnd_boot_info_system_control, slot) == 16, "sysctl slot");

_Static_assert(CND_CAP_SYSTEM_CONTROL == CND_NUM_INITIAL_CAPS,
               "SystemControl takes the first slot after seL4's fixed slots");
_Static_assert(CND_NUM_CONDUCTOR_INITIAL_CAPS == CND_CAP_SYSTEM_CONTROL + 1, "slot count");
_Static_assert(CND_BOOTINFO_HEADER_SYSTEM_CONTROL >= CND_BOOTINFO_HEADER_NUM,
               "Conductor's chunk id must not collide with seL4's");

#endif /* !__ASSEMBLER__ */

#endif /* ABI_BOOT_INFO_H */
