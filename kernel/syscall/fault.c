/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fault delivery (see fault.h). The fault endpoint is a cptr looked up in
 * the faulting thread's CSpace; it must name an endpoint cap with Send and
 * Grant or GrantReply. Until endpoint IPC exists no fault message can be
 * delivered, so every fault ends as seL4's double fault: the thread is
 * suspended and the rest of the system runs on.
 */
#include <kernel/fault.h>
#include <kernel/printf.h>
#include <kernel/trap.h>

static void no_handler(struct tcb *t, const char *what)
{
    char why[160];
    ksnprintf(why, sizeof why, "%s, and no fault handler (fault endpoint %#lx)", what,
              (unsigned long)t->fault_ep);
    thread_suspend(t, why);
}

static const char *lookup_fault_name(enum lookup_fault_type type)
{
    switch (type) {
    case LOOKUP_INVALID_ROOT: return "invalid root";
    case LOOKUP_MISSING_CAPABILITY: return "missing capability";
    case LOOKUP_DEPTH_MISMATCH: return "depth mismatch";
    case LOOKUP_GUARD_MISMATCH: return "guard mismatch";
    default: return "no failure";
    }
}

void fault_cap(struct tcb *t, uint64_t cptr, bool in_receive, const struct lookup_fault *lf)
{
    char what[96];
    ksnprintf(what, sizeof what, "cap fault on cptr %#lx (%s, %lu bits left)%s",
              (unsigned long)cptr, lookup_fault_name(lf->type), (unsigned long)lf->bits_left,
              in_receive ? " in receive phase" : "");
    t->ctx.pc = t->restart_pc;
    no_handler(t, what);
}

void fault_unknown_syscall(struct tcb *t, int64_t number)
{
    char what[48];
    ksnprintf(what, sizeof what, "unknown syscall %ld", (long)number);
    t->ctx.pc = t->restart_pc;
    no_handler(t, what);
}

void fault_vm(struct tcb *t, uint64_t addr, bool instruction, uint64_t fsr, uint64_t cause)
{
    char what[128];
    ksnprintf(what, sizeof what, "VM fault at %#lx (%s, FSR %lu, %s)", (unsigned long)addr,
              instruction ? "instruction fetch" : "data access", (unsigned long)fsr,
              arch_trap_cause_name(cause));
    no_handler(t, what);
}

void fault_user_exception(struct tcb *t, uint64_t scause, uint64_t stval)
{
    char what[96];
    ksnprintf(what, sizeof what, "%s (scause %lu, stval %#lx)", arch_trap_cause_name(scause),
              (unsigned long)scause, (unsigned long)stval);
    no_handler(t, what);
}
