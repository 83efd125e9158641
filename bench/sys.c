/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The benchmark's plumbing: slots and objects from the boot-info untypeds,
 * page tables, a device frame, a second address space that runs a copy of
 * this image, and threads in fixed slots (stack, TLS and IPC buffer from
 * retyped frames, so the image's .bss stays small for the boot figure).
 */
#include <conductor/runtime.h>
#include "bench.h"

const struct cnd_boot_info *bench_bi;
cnd_cptr_t done_ntfn;
static cnd_cptr_t next_slot, end_slot, pool;
static cnd_cptr_t spare_table;
static cnd_cptr_t vspace2;
static struct bthread threads[T_NSLOTS];
static cnd_cptr_t park_ntfn;

cnd_cptr_t slot_alloc(void)
{
    if (next_slot >= end_slot) {
        put_str("bench: ERROR out of root CNode slots\n");
        park();
    }
    return next_slot++;
}

cnd_cptr_t obj_new(cnd_word_t type, cnd_word_t size_bits)
{
    cnd_cptr_t s = slot_alloc();
    bench_check(cnd_untyped_retype(pool, ROOT, type, size_bits, 0, 0, s, 1), "retype from pool");
    return s;
}

void sys_init(const struct cnd_boot_info *bi)
{
    bench_bi = bi;
    next_slot = bi->empty.start;
    end_slot = bi->empty.end;
    /* The general pool: the smallest RAM untyped of at least 16 MiB (the
     * first retype zeroes all of it: no need to take a bigger one). */
    unsigned best = 64;
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        if (!d->is_device && d->size_bits >= 24 && d->size_bits < best) {
            best = d->size_bits;
            pool = s;
        }
    }
    if (best == 64) {
        put_str("bench: ERROR no RAM untyped of 16 MiB or more\n");
        park();
    }
    done_ntfn = obj_new(CND_OBJ_NOTIFICATION, 0);
    park_ntfn = obj_new(CND_OBJ_NOTIFICATION, 0);
    ensure_tables(VSPACE, THREAD_REGION);
}

void ensure_tables(cnd_cptr_t vspace, cnd_word_t va)
{
    /* Each successful map adds the highest missing level; DeleteFirst
     * means the walk already reaches the last level. */
    for (unsigned level = 0; level < 3; level++) {
        if (!spare_table)
            spare_table = obj_new(CND_OBJ_PAGE_TABLE, 0);
        struct cnd_result r = cnd_page_table_map(spare_table, vspace, va, CND_VM_DEFAULT_ATTRIBUTES);
        if (r.error != CND_NO_ERROR)
            return;
        spare_table = 0;
    }
}

cnd_cptr_t device_frame(cnd_word_t paddr)
{
    const struct cnd_boot_info *bi = bench_bi;
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        if (!d->is_device || paddr < d->paddr || paddr - d->paddr >= (1ULL << d->size_bits))
            continue;
        /* Objects are placed in order, each aligned to its size: untypeds
         * sized by the set bits of the offset, largest first, skip exactly
         * up to paddr. */
        cnd_word_t offset = paddr - d->paddr;
        for (int bit = (int)d->size_bits - 1; bit >= CND_PAGE_BITS; bit--) {
            if (!(offset & (1ULL << bit)))
                continue;
            cnd_cptr_t skip = slot_alloc();
            bench_check(cnd_untyped_retype(s, ROOT, CND_OBJ_UNTYPED, (cnd_word_t)bit, 0, 0, skip, 1),
                        "device untyped skip");
        }
        cnd_cptr_t frame = slot_alloc();
        bench_check(cnd_untyped_retype(s, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, frame, 1), "device frame");
        return frame;
    }
    put_str("bench: ERROR no device untyped covers ");
    put_hex(paddr);
    put_str("\n");
    return 0;
}

/* Maps a copy of `frame` into `vspace` at `va`. */
static void map_copy(cnd_cptr_t frame, cnd_cptr_t vspace, cnd_word_t va, cnd_vm_attributes_t attr)
{
    cnd_cptr_t copy = slot_alloc();
    bench_check(cnd_cnode_copy(ROOT, ROOT, copy, DEPTH, frame, DEPTH, CND_ALL_RIGHTS), "copy frame");
    ensure_tables(vspace, va);
    bench_check(cnd_page_map(copy, vspace, va, CND_READ_WRITE, attr), "map frame copy");
}

cnd_cptr_t second_vspace(void)
{
    if (vspace2)
        return vspace2;
    vspace2 = obj_new(CND_OBJ_PAGE_TABLE, 0);
    bench_check(cnd_asid_pool_assign(CND_CAP_INIT_THREAD_ASID_POOL, vspace2), "assign ASID");
    /* The image's frames again at the same addresses: same code, and the
     * same .data/.bss, which is where results are exchanged. */
    extern char __image_start[];
    cnd_word_t base = (cnd_word_t)__image_start;
    const struct cnd_slot_region *img = &bench_bi->user_image_frames;
    for (cnd_word_t i = 0; i < img->end - img->start; i++)
        map_copy(img->start + i, vspace2, base + i * CND_PAGE_SIZE, CND_VM_DEFAULT_ATTRIBUTES);
    return vspace2;
}

/* --- Threads ------------------------------------------------------------------------- */

static cnd_word_t slot_va(unsigned slot)
{
    return THREAD_REGION + slot * THREAD_STRIDE;
}

/* Frames of a thread slot, made and mapped on first use: a guard page, 4
 * stack pages (TLS block at the top), the IPC buffer. */
static void slot_memory(struct bthread *t, unsigned slot)
{
    if (t->frames[0])
        return;
    t->slot = slot;
    for (unsigned i = 0; i < 5; i++) {
        t->frames[i] = obj_new(CND_OBJ_4K_PAGE, 0);
        cnd_word_t va = slot_va(slot) + (1 + i) * CND_PAGE_SIZE;
        bench_check(cnd_page_map(t->frames[i], VSPACE, va, CND_READ_WRITE, CND_VM_EXECUTE_NEVER),
                    "map thread frame");
        if (slot == T_XSERVER)
            map_copy(t->frames[i], second_vspace(), va, CND_VM_EXECUTE_NEVER);
    }
    t->ipc_va = slot_va(slot) + 5 * CND_PAGE_SIZE;
    t->in_second_vspace = slot == T_XSERVER;
}

static void thread_entry(struct bthread *self)
{
    cnd_set_ipc_buffer((struct cnd_ipc_buffer *)self->ipc_va);
    self->fn(self);
    park();
}

struct bthread *thread_run(unsigned slot, void (*fn)(struct bthread *), cnd_word_t prio,
                           cnd_word_t a0, cnd_word_t a1)
{
    struct bthread *t = &threads[slot];
    slot_memory(t, slot);
    if (!t->tcb)
        t->tcb = slot_alloc();
    t->fn = fn;
    t->arg[0] = a0;
    t->arg[1] = a1;
    bench_check(cnd_untyped_retype(pool, ROOT, CND_OBJ_TCB, 0, 0, 0, t->tcb, 1), "retype TCB");
    cnd_cptr_t vs = t->in_second_vspace ? second_vspace() : VSPACE;
    bench_check(cnd_tcb_configure(t->tcb, ROOT, vs, t->frames[4], 0, 0, 0, t->ipc_va),
                "TCB_Configure");
    bench_check(cnd_tcb_set_priority(t->tcb, CND_CAP_INIT_THREAD_TCB, prio), "TCB_SetPriority");
    /* TLS block at the top of the stack pages, the stack below it. */
    cnd_word_t top = slot_va(slot) + 5 * CND_PAGE_SIZE;
    cnd_word_t tls = (top - cnd_tls_size() - 64) & ~63ULL;
    struct cnd_user_context regs = { 0 };
    cnd_word_t gp;
    __asm__ volatile("mv %0, gp" : "=r"(gp));
    regs.pc = (cnd_word_t)thread_entry;
    regs.sp = (tls - 64) & ~15ULL;
    regs.gp = gp;
    regs.a0 = (cnd_word_t)t;
    regs.tp = (cnd_word_t)cnd_tls_init((void *)tls);
    bench_check(cnd_tcb_write_registers(t->tcb, true, 0, CND_USER_CONTEXT_WORDS, &regs),
                "TCB_WriteRegisters");
    return t;
}

void thread_kill(struct bthread *t)
{
    if (!t)
        return;
    bench_check(cnd_tcb_suspend(t->tcb), "TCB_Suspend");
    bench_check(cnd_cnode_delete(ROOT, t->tcb, DEPTH), "delete TCB");
}

void wait_done(void)
{
    cnd_wait(done_ntfn);
}

void park(void)
{
    for (;;)
        cnd_wait(park_ntfn);
}
