/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capDL loader root task: instantiates the embedded binary spec
 * (capdl/FORMAT.md, "Loading") from the boot untypeds, then stays on as the
 * supervisor (userland/include/conductor/supervisor.h).
 *
 * create.c   objects: placement in the boot untypeds exactly as the
 *            compiler's allocation check simulates it, fillers in front of
 *            fixed addresses, the out-of-memory report
 * build.c    fills, CNode caps, VSpaces, TCBs, IRQs, start, surplus caps
 * supervise.c the supervisor: requests, faults, restart, shutdown
 * sup_text.c the supervisor's text answers (ps, caps, mem)
 * main.c     finding and checking the spec, the order of the phases
 *
 * Every phase stops at the first failure with a message naming the spec
 * record (object name, slot, address) and the kernel's error; the loader then
 * halts, so a half-built system never runs.
 */
#ifndef CAPDL_LOADER_H
#define CAPDL_LOADER_H

#include <conductor/libcap.h>
#include <capdl/format.h>
#include <conductor/supervisor.h>

/* The loader's root CNode has 2^13 slots (seL4's default); one cap per
 * object bounds the object count well below this. */
#define LD_MAX_OBJECTS 4096
#define LD_MAX_UNTYPEDS CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS

/* Where the loader maps frames to fill them: a 1 GiB region of its own VSpace
 * no image uses. 4 KiB frames go at SCRATCH, 2 MiB at SCRATCH + 2 MiB,
 * 1 GiB frames at the next 1 GiB. */
#define LD_SCRATCH 0x3000000000ULL
#define LD_SCRATCH_2M (LD_SCRATCH + (1ULL << 21))
#define LD_SCRATCH_1G (LD_SCRATCH + (1ULL << 30))

struct ld_untyped {
    cnd_cptr_t cptr;
    uint64_t base, wm;      /* the kernel's watermark as the loader models it */
    uint8_t bits;
    bool device;
};

struct loader {
    const struct cnd_boot_info *bi;
    struct cdlb_view v;
    uint32_t n_objects;
    cnd_cptr_t next_slot, end_slot;     /* bump allocator over the free slots */
    struct ld_untyped uts[LD_MAX_UNTYPEDS];
    uint32_t n_uts;
    cnd_cptr_t system_control;          /* 0: the kernel gave none */
    cnd_cptr_t scratch;                 /* slot for a frame copy while filling */
    uint64_t ram_total, ram_used;       /* bytes of RAM untypeds; placed in them */
};

/* Per object (index = OBJECTS index): the loader's original cap, the
 * physical address it got, and for untypeds the watermark inside. */
/* Slots of the loader's CNode fit 32 bits: half the memory of a cptr array
 * (the loader's image is what the compiler's allocation check assumes). */
extern uint32_t ld_cap[LD_MAX_OBJECTS];
extern uint64_t ld_paddr[LD_MAX_OBJECTS];
extern uint64_t ld_wm[LD_MAX_OBJECTS];

/* Prints "capdl-loader: <what>: <kernel sentence>" and returns false when r
 * failed. */
bool ld_ok(struct cnd_result r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool ld_alloc_slot(struct loader *ld, cnd_cptr_t *slot);
const char *ld_name(const struct loader *ld, uint32_t obj);
const char *ld_type_name(uint8_t type);

/* create.c */
bool ld_init_untypeds(struct loader *ld);
bool ld_create_objects(struct loader *ld);
/* An object for the loader's own use (scratch page tables, the supervisor's
 * CSpace root), placed after the spec's objects. */
bool ld_create_extra(struct loader *ld, uint8_t type, uint8_t size_bits, uint8_t mem_bits,
                     cnd_cptr_t *slot);

/* build.c */
bool ld_map_scratch_tables(struct loader *ld);
/* Copies the spec's fills into frame `obj` (zeroing it first when `zero`). */
bool ld_fill_frame(struct loader *ld, uint32_t obj, bool zero);
bool ld_fill_frames(struct loader *ld);
bool ld_build_cnodes(struct loader *ld);
bool ld_build_vspaces(struct loader *ld);
/* The registers TCB record t starts with: pc, sp, a0..a7. */
void ld_initial_registers(const struct loader *ld, uint32_t t, struct cnd_user_context *regs);
/* TCB record t: Configure, priorities, registers, bound notification. */
bool ld_configure_tcb(struct loader *ld, uint32_t t);
bool ld_build_tcbs(struct loader *ld);
bool ld_build_irqs(struct loader *ld);
bool ld_start(struct loader *ld);
bool ld_drop_surplus(struct loader *ld, const bool *keep);

/* ---- The supervisor (supervise.c, sup_text.c) ---------------------------- */

#define SUP_MAX_COMPONENTS 256
/* The supervisor's CSpace root: slot 0 the loader's CNode, slot 1 the CNode
 * of the component being inspected (SUP_CAPS). */
#define VIEW_BITS 4
#define SUP_RESTART_LIMIT SUP_RESTART_MAX
/* "%u component%s", n, PLURAL(n): the supervisor's messages read well for 1. */
#define PLURAL(n) ((n) == 1 ? "" : "s")

enum sup_state { SUP_RUNNING, SUP_STOPPED, SUP_EXITED };

struct sup_comp {
    struct cdlb_component rec;
    uint8_t state;              /* enum sup_state */
    int exit_status;
    uint32_t faults, restarts;
    bool notified, done;        /* shutdown: signalled; answered SUP_SHUTDOWN_DONE */
    uint64_t client_badge;      /* badge of its channel to the supervisor, 0: none */
};

struct supervisor {
    struct loader *ld;
    uint32_t n;
    struct sup_comp comps[SUP_MAX_COMPONENTS];
    cnd_cptr_t ep;              /* the endpoint served */
    cnd_cptr_t view;            /* the supervisor's CSpace root (two levels) */
    unsigned view_bits;         /* W: slot bits of the level below the root */
    bool shutting_down;
};

/* Text answers: the whole text is made again for every chunk asked for and
 * the cookie is the offset reached (sup_text.c). */
struct sup_text {
    char buf[16384];
    size_t len;
};
void sup_text_printf(struct sup_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sup_text_ps(struct supervisor *s, struct sup_text *t);
/* Component `c`'s CSpace, live (DebugCapIdentify through the supervisor's
 * view of it) and labelled with what the spec put there. */
void sup_text_caps(struct supervisor *s, uint32_t c, struct sup_text *t);
void sup_text_mem(struct supervisor *s, struct sup_text *t);

/* Never returns. */
void ld_supervise(struct loader *ld) __attribute__((noreturn));

#endif
