/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Lazy FPU switching. One thread per hart owns the register file; everyone
 * else runs with sstatus.FS = Off, so their first F/D instruction traps as an
 * illegal instruction. Then, unless the thread has the FPU disabled, the
 * owner's registers are saved, the thread's loaded, and the instruction
 * retried; a thread with the FPU disabled gets a user-exception fault. Most
 * threads never touch the FPU and so never pay for it.
 */
#include <arch/csr.h>
#include <arch/fpu.h>
#include <abi/constants.h>
#include <kernel/tcb.h>

void fpu_save(uint64_t *area);
void fpu_load(const uint64_t *area);

/* Not static: the fastpaths test it inline (fpu.h). */
struct tcb *arch_fpu_owner;

static bool fpu_allowed(const struct tcb *t)
{
    return !(t->flags & CND_TCB_FLAG_FPU_DISABLED);
}

/* Takes the register file away from its owner, keeping its values. */
static void fpu_release(void)
{
    struct tcb *o = arch_fpu_owner;
    if (!o)
        return;
    if ((o->ctx.sstatus & SSTATUS_FS_MASK) == SSTATUS_FS_DIRTY) {
        csr_set(sstatus, SSTATUS_FS_CLEAN);
        fpu_save(o->fpu);
        csr_clear(sstatus, SSTATUS_FS_MASK);
    }
    o->ctx.sstatus &= ~SSTATUS_FS_MASK;
    arch_fpu_owner = 0;
}

void arch_fpu_prepare(struct tcb *t)
{
    /* Only the owner may find the FPU on. */
    if (t != arch_fpu_owner)
        t->ctx.sstatus &= ~SSTATUS_FS_MASK;
}

bool arch_fpu_trap(struct tcb *t)
{
    if ((t->ctx.sstatus & SSTATUS_FS_MASK) != SSTATUS_FS_OFF || !fpu_allowed(t))
        return false;
    fpu_release();
    csr_set(sstatus, SSTATUS_FS_CLEAN);
    fpu_load(t->fpu);
    csr_clear(sstatus, SSTATUS_FS_MASK);
    t->ctx.sstatus = (t->ctx.sstatus & ~SSTATUS_FS_MASK) | SSTATUS_FS_CLEAN;
    arch_fpu_owner = t;
    return true;
}

void arch_fpu_flags_changed(struct tcb *t)
{
    if (!fpu_allowed(t) && t == arch_fpu_owner)
        fpu_release();
}

void arch_fpu_thread_destroyed(struct tcb *t)
{
    if (t == arch_fpu_owner) {
        t->ctx.sstatus &= ~SSTATUS_FS_MASK;
        arch_fpu_owner = 0;
    }
}
