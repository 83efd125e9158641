/* SPDX-License-Identifier: BSD-2-Clause */
/* Test helpers (see threads.h). */
#include <conductor/runtime.h>
#include "../captest/harness.h"
#include "threads.h"

#define MAX_THREADS 96
#define STACK_SIZE 8192
#define IPC_REGION 0x1000000000ULL   /* 64 GiB: IPC buffers of new threads */

const struct cnd_boot_info *bi;
static cnd_cptr_t next_free, untyped;
static struct thread threads[MAX_THREADS];
/* Which entries of threads[] (and their stacks, TLS blocks and IPC buffer
 * addresses) belong to a live thread: thread_destroy gives its index back,
 * so a leak-checked task can create and destroy threads case after case. */
static bool thread_used[MAX_THREADS];
static uint8_t stacks[MAX_THREADS][STACK_SIZE] __attribute__((aligned(16)));
static uint64_t tls_blocks[MAX_THREADS][64] __attribute__((aligned(64)));

/* Once the task has set up the harness's scratch untyped and slot window
 * (harness_scratch_setup: a leak-checked task), objects come from the
 * scratch and caps go into the window, so the harness's per-case leak check
 * sees them; before that (and always in tasks without a scratch: fuzz,
 * blktest, serialtest) from the bump allocator over the boot info's empty
 * slots and one boot untyped. */
cnd_cptr_t alloc_slot(void)
{
    if (harness_scratch() != 0)
        return harness_slot();
    return next_free++;
}

cnd_cptr_t make_object(cnd_word_t type, cnd_word_t size_bits)
{
    cnd_cptr_t s = alloc_slot();
    cnd_cptr_t from = harness_scratch() != 0 ? harness_scratch() : untyped;
    struct cnd_result r = cnd_untyped_retype(from, ROOT, type, size_bits, 0, 0, s, 1);
    return r.error == CND_NO_ERROR ? s : 0;
}

void helpers_init(const struct cnd_boot_info *boot_info)
{
    bi = boot_info;
    next_free = bi->empty.start;
    unsigned best = 64;
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        if (!d->is_device && d->size_bits >= 24 && d->size_bits < best) {
            untyped = s;
            best = d->size_bits;
        }
    }
    /* One level-1 and one level-0 table cover the IPC buffer region. Shared
     * by every thread of the task and made before any scratch is set up, so
     * they lie outside a leak-checked task's tracked region and stay. */
    cnd_page_table_map(make_object(CND_OBJ_PAGE_TABLE, 0), VSPACE, IPC_REGION, 0);
    cnd_page_table_map(make_object(CND_OBJ_PAGE_TABLE, 0), VSPACE, IPC_REGION, 0);
}

static void thread_entry(struct thread *self)
{
    cnd_set_ipc_buffer((struct cnd_ipc_buffer *)self->ipc_va);
    self->fn(self);
    self->done = 1;
    /* Finished: stop for good. */
    cnd_tcb_suspend(self->tcb);
}

struct thread *thread_create(void (*fn)(struct thread *), cnd_word_t arg, cnd_word_t prio,
                             cnd_cptr_t fault_ep)
{
    unsigned i = 0;
    while (i < MAX_THREADS && thread_used[i])
        i++;
    if (i == MAX_THREADS)
        return 0;
    thread_used[i] = true;
    struct thread *t = &threads[i];
    t->fn = fn;
    t->arg = arg;
    t->result = 0;
    t->done = 0;
    t->tcb = make_object(CND_OBJ_TCB, 0);
    t->ipc_frame = make_object(CND_OBJ_4K_PAGE, 0);
    t->ipc_va = IPC_REGION + (cnd_word_t)i * 0x1000;
    cnd_page_map(t->ipc_frame, VSPACE, t->ipc_va, CND_ALL_RIGHTS, CND_VM_EXECUTE_NEVER);
    cnd_tcb_configure(t->tcb, ROOT, VSPACE, t->ipc_frame, fault_ep, 0, 0, t->ipc_va);
    cnd_tcb_set_priority(t->tcb, CND_CAP_INIT_THREAD_TCB, prio);
    struct cnd_user_context regs = { 0 };
    cnd_word_t gp;
    __asm__ volatile("mv %0, gp" : "=r"(gp));
    regs.pc = (cnd_word_t)thread_entry;
    regs.sp = (cnd_word_t)&stacks[i][STACK_SIZE];
    regs.a0 = (cnd_word_t)t;
    regs.gp = gp;
    regs.tp = (cnd_word_t)cnd_tls_init(tls_blocks[i]);
    cnd_tcb_write_registers(t->tcb, false, 0, 32, &regs);
    char name[16] = "test-thread-";
    name[12] = (char)('0' + i / 10);
    name[13] = (char)('0' + i % 10);
    cnd_debug_name_thread(t->tcb, name);
    return t;
}

void let_others_run(void)
{
    cnd_tcb_set_priority(CND_CAP_INIT_THREAD_TCB, CND_CAP_INIT_THREAD_TCB, 0);
    cnd_tcb_set_priority(CND_CAP_INIT_THREAD_TCB, CND_CAP_INIT_THREAD_TCB, 255);
}

void thread_start(struct thread *t)
{
    cnd_tcb_resume(t->tcb);
}

void thread_destroy(struct thread *t)
{
    cnd_tcb_suspend(t->tcb);
    cnd_cnode_delete(ROOT, t->tcb, DEPTH);
    /* Deleting the last cap to the IPC buffer frame unmaps it, so the index
     * (and its IPC buffer address) can be handed out again. */
    cnd_cnode_delete(ROOT, t->ipc_frame, DEPTH);
    thread_used[t - threads] = false;
}
