/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The compact binary capDL spec ("CNDCAPDL", version 2) that the compiler
 * writes and the loader root task reads (capdl/FORMAT.md describes it in
 * prose). Little-endian, every record fixed-size and 8-byte aligned, every
 * reference an index that cdlb_check() validates, so a loader can trust a
 * checked blob without further bounds checks. Objects are listed in the
 * order they must be created; each table's order is one that works.
 *
 * This header and format_check.c use no libc: the loader links them as is.
 */
#ifndef CAPDL_FORMAT_H
#define CAPDL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CDLB_MAGIC "CNDCAPDL"
#define CDLB_VERSION 2
#define CDLB_HEADER_SIZE 64
#define CDLB_SECTION_SIZE 32
#define CDLB_NONE 0xffffffffu
#define CDLB_USER_TOP 0x3ffffff000ULL

/* Section kinds; each appears at most once. */
enum cdlb_section_kind {
    CDLB_SEC_STRINGS = 1,   /* NUL-terminated names; offset 0 is "" */
    CDLB_SEC_OBJECTS = 2,   /* struct cdlb_object, in creation order */
    CDLB_SEC_CAPS = 3,      /* struct cdlb_cap, grouped by container, slots ascending */
    CDLB_SEC_MAPPINGS = 4,  /* struct cdlb_mapping: page tables (level 1, then 0), then frames */
    CDLB_SEC_VSPACES = 5,   /* struct cdlb_vspace: roots to give an ASID */
    CDLB_SEC_TCBS = 6,      /* struct cdlb_tcb */
    CDLB_SEC_IRQS = 7,      /* struct cdlb_irq */
    CDLB_SEC_FILLS = 8,     /* struct cdlb_fill, grouped by frame */
    CDLB_SEC_DATA = 9,      /* bytes the fills copy (component ELF segments) */
    CDLB_SEC_COMPONENTS = 10, /* struct cdlb_component: what the supervisor manages */
    CDLB_SEC_SUPERVISOR = 11, /* struct cdlb_sup_cap: the supervisor's own caps */
    CDLB_SEC_RESTART = 12,  /* struct cdlb_restart: frames re-filled on restart */
    CDLB_SEC_MAX = 12
};

/* Object types: seL4's riscv64 object type numbers where one exists, so
 * `type` goes straight into Untyped_Retype. */
enum cdlb_obj_type {
    CDLB_OBJ_UNTYPED = 0, CDLB_OBJ_TCB = 1, CDLB_OBJ_ENDPOINT = 2, CDLB_OBJ_NOTIFICATION = 3,
    CDLB_OBJ_CNODE = 4, CDLB_OBJ_FRAME_1G = 5, CDLB_OBJ_FRAME_4K = 6, CDLB_OBJ_FRAME_2M = 7,
    CDLB_OBJ_PAGE_TABLE = 8,
    CDLB_OBJ_ASID_POOL = 64,   /* ASIDControl_MakePool from a 4 KiB untyped */
    CDLB_OBJ_IRQ = 65,         /* IRQControl_Get: no memory */
};

enum { CDLB_OBJ_HAS_PADDR = 1 };

struct cdlb_object {          /* 48 bytes */
    uint32_t name;            /* STRINGS offset */
    uint8_t type;             /* enum cdlb_obj_type */
    uint8_t size_bits;        /* Untyped_Retype size_bits: ut bits, cnode radix, else 0 */
    uint8_t mem_bits;         /* log2 of the memory it takes (0: none) */
    uint8_t flags;            /* CDLB_OBJ_HAS_PADDR */
    uint32_t parent;          /* covering untyped (an earlier object) or CDLB_NONE */
    uint32_t cap_first, cap_count;    /* the caps it holds (CNode, TCB, IRQ) */
    uint32_t fill_first, fill_count;  /* frames: their fills */
    uint32_t extra;           /* TCB: TCBS index; IRQ: IRQS index; else CDLB_NONE */
    uint64_t paddr;           /* with CDLB_OBJ_HAS_PADDR */
    uint64_t reserved;
};

enum cdlb_cap_kind {
    CDLB_CAP_OBJECT = 0, CDLB_CAP_IRQ_CONTROL = 1, CDLB_CAP_ASID_CONTROL = 2,
    CDLB_CAP_DOMAIN = 3, CDLB_CAP_SYSTEM_CONTROL = 4,
};

/* Rights in seL4's CapRights word layout. */
enum { CDLB_RIGHT_WRITE = 1, CDLB_RIGHT_READ = 2, CDLB_RIGHT_GRANT = 4, CDLB_RIGHT_GRANT_REPLY = 8 };
/* Frame cap flags. */
enum { CDLB_CAP_EXECUTE_NEVER = 1, CDLB_CAP_UNCACHED = 2, CDLB_CAP_EXECUTE = 4 };

struct cdlb_cap {             /* 32 bytes */
    uint64_t slot;            /* CNode slot, TCB slot (capDL numbering), IRQ: 0 */
    uint32_t container;       /* object holding the cap */
    uint32_t object;          /* target (CDLB_CAP_OBJECT), else CDLB_NONE */
    uint8_t kind;             /* enum cdlb_cap_kind */
    uint8_t rights;           /* CDLB_RIGHT_* */
    uint8_t flags;            /* frames: CDLB_CAP_* */
    uint8_t guard_size;       /* CNode caps */
    uint32_t cdt_parent;      /* CAPS index of the cap to derive it from, or CDLB_NONE */
    uint64_t data;            /* endpoint/notification: badge; CNode: guard */
};

enum { CDLB_MAP_PAGE_TABLE = 1, CDLB_MAP_FRAME = 2 };

struct cdlb_mapping {         /* 32 bytes */
    uint64_t vaddr;
    uint32_t vspace;          /* the VSpace root (a page table object) */
    uint32_t object;          /* the page table or frame mapped */
    uint8_t level;            /* level of the table it goes into: 2 = root, 1, 0 */
    uint8_t rights;           /* frames: CDLB_RIGHT_READ / _WRITE */
    uint8_t flags;            /* frames: CDLB_CAP_EXECUTE_NEVER */
    uint8_t kind;             /* CDLB_MAP_* */
    uint32_t reserved0;
    uint64_t reserved1;
};

struct cdlb_vspace {          /* 8 bytes */
    uint32_t root;            /* page table object */
    uint32_t asid_pool;       /* ASID pool object, or CDLB_NONE: the loader's own */
};

enum { CDLB_TCB_RESUME = 1 };

struct cdlb_tcb {             /* 128 bytes */
    uint32_t object;
    uint8_t prio, max_prio, flags, n_init;
    uint64_t ipc_buffer;      /* IPC buffer address (TCB_Configure buffer) */
    uint64_t ip, sp;
    uint64_t fault_ep;        /* cptr in its own CSpace (non-MCS), 0 = none */
    uint32_t affinity, domain;
    uint64_t init[8];         /* a0..a7 */
    uint64_t reserved[2];
};

struct cdlb_irq {             /* 16 bytes */
    uint64_t number;          /* PLIC source */
    uint32_t object;
    uint32_t reserved;
};

enum { CDLB_FILL_DATA = 1, CDLB_FILL_BOOTINFO = 2 };

struct cdlb_fill {            /* 40 bytes */
    uint32_t frame;
    uint32_t kind;            /* CDLB_FILL_* */
    uint64_t dest_offset, length;
    uint64_t source;          /* DATA: offset into the DATA section; BOOTINFO: offset
                                 into that boot-info chunk */
    uint64_t bootinfo_id;     /* BOOTINFO: the chunk's header id (6 = FDT) */
};

/* Component flags. */
enum {
    CDLB_COMP_RESTART = 1,     /* on_fault: restart (else stop) */
    CDLB_COMP_SUPERVISED = 2,  /* its fault endpoint is the supervisor's, with fault_badge */
};

/* A component of the high-level form, for the supervisor (version 2). Plain
 * capDL specs have none. */
struct cdlb_component {       /* 40 bytes */
    uint32_t name;            /* STRINGS offset */
    uint32_t tcb, cnode, vspace;  /* objects */
    uint8_t prio, flags;      /* CDLB_COMP_* */
    uint16_t reserved0;
    uint32_t restart_first, restart_count;  /* its frames in RESTART */
    uint32_t reserved1;
    uint64_t fault_badge;     /* the badge its faults arrive with (SUPERVISED) */
};

enum { CDLB_SUP_SERVE = 1, CDLB_SUP_SIGNAL = 2 };

/* A cap the supervisor holds: the endpoint it serves (at most one: channels
 * to the supervisor and supervised fault endpoints all share it, told apart
 * by badge) or a notification it may signal on shutdown, with its badge. */
struct cdlb_sup_cap {         /* 16 bytes */
    uint32_t kind;            /* CDLB_SUP_* */
    uint32_t object;
    uint64_t badge;           /* SIGNAL: the badge to signal with */
};

/* A frame only this component maps writable (image data, stack, IPC
 * buffer): a restart copies the spec's fills into it again, over zeros. */
struct cdlb_restart {         /* 8 bytes */
    uint32_t frame;
    uint32_t component;       /* COMPONENTS index; its range holds this record */
};

/* A checked blob: where each section is (NULL/0 when absent). */
struct cdlb_view {
    const uint8_t *base;
    uint64_t size;
    const uint8_t *sec[CDLB_SEC_MAX + 1];
    uint64_t count[CDLB_SEC_MAX + 1];   /* records (bytes for STRINGS, DATA) */
};

/* Validates everything (see FORMAT.md, "Checks") and fills `view`. On
 * failure writes a NUL-terminated reason into err (err_size bytes). */
bool cdlb_check(const void *blob, uint64_t size, struct cdlb_view *view, char *err,
                size_t err_size);

/* Record i of a checked view (i < view->count[...]). */
void cdlb_object_at(const struct cdlb_view *v, uint32_t i, struct cdlb_object *out);
void cdlb_cap_at(const struct cdlb_view *v, uint32_t i, struct cdlb_cap *out);
void cdlb_mapping_at(const struct cdlb_view *v, uint32_t i, struct cdlb_mapping *out);
void cdlb_vspace_at(const struct cdlb_view *v, uint32_t i, struct cdlb_vspace *out);
void cdlb_tcb_at(const struct cdlb_view *v, uint32_t i, struct cdlb_tcb *out);
void cdlb_irq_at(const struct cdlb_view *v, uint32_t i, struct cdlb_irq *out);
void cdlb_fill_at(const struct cdlb_view *v, uint32_t i, struct cdlb_fill *out);
void cdlb_component_at(const struct cdlb_view *v, uint32_t i, struct cdlb_component *out);
void cdlb_sup_cap_at(const struct cdlb_view *v, uint32_t i, struct cdlb_sup_cap *out);
void cdlb_restart_at(const struct cdlb_view *v, uint32_t i, struct cdlb_restart *out);
const char *cdlb_string(const struct cdlb_view *v, uint32_t offset);

/* Record encoders (the compiler's side), each writing exactly the record size. */
void cdlb_put_object(uint8_t *p, const struct cdlb_object *o);
void cdlb_put_cap(uint8_t *p, const struct cdlb_cap *c);
void cdlb_put_mapping(uint8_t *p, const struct cdlb_mapping *m);
void cdlb_put_vspace(uint8_t *p, const struct cdlb_vspace *v);
void cdlb_put_tcb(uint8_t *p, const struct cdlb_tcb *t);
void cdlb_put_irq(uint8_t *p, const struct cdlb_irq *q);
void cdlb_put_fill(uint8_t *p, const struct cdlb_fill *f);
void cdlb_put_component(uint8_t *p, const struct cdlb_component *c);
void cdlb_put_sup_cap(uint8_t *p, const struct cdlb_sup_cap *c);
void cdlb_put_restart(uint8_t *p, const struct cdlb_restart *r);

/* Record sizes by section kind (1 for STRINGS and DATA). */
uint32_t cdlb_entry_size(uint32_t kind);

#endif
