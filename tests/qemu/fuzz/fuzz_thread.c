/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzzer thread and its sandbox (see main.c). Operation i is drawn from
 * a random stream seeded by (seed, i), so a run is reproducible and a
 * restart continues with exactly the operations that would have followed.
 */
#include <abi/object_types.h>
#include <conductor/runtime.h>
#include "../captest/harness.h"
#include "fuzz.h"

#define SANDBOX_BITS 8
#define SLOTS (1u << SANDBOX_BITS)
#define STACK_SIZE 16384
#define MAP_REGION 0x2000000000ULL   /* where the fuzzer maps, in its own VSpace */

/* Sandbox slots. */
enum {
    S_SELF = 1, S_UT_BIG, S_UT_SMALL, S_EP_ECHO, S_EP, S_NTFN, S_NTFN2, S_FRAME, S_FRAME2,
    S_PT, S_PT2, S_VSPACE, S_DUMMY_TCB, S_ASID_CONTROL, S_ASID_POOL, S_DOMAIN, S_FIRST_FREE
};

static uint8_t stack[STACK_SIZE] __attribute__((aligned(16)));
static uint64_t tls_block[64] __attribute__((aligned(64)));

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rnd(uint64_t n)
{
    return n ? splitmix(&fuzz.rng) % n : 0;
}

/* A word an invocation is likely to care about. */
static cnd_word_t interesting(void)
{
    switch (rnd(12)) {
    case 0: return rnd(SLOTS);                         /* a slot */
    case 1: return rnd(65);                            /* a depth or size */
    case 2: return 8 + rnd(2) * 56;                    /* depth 8 or 64 */
    case 3: return rnd(CND_OBJECT_TYPE_COUNT + 2);     /* an object type */
    case 4: return MAP_REGION + (rnd(1024) << 12);     /* an address */
    case 5: return rnd(16);                            /* rights */
    case 6: return rnd(256);                           /* a priority */
    case 7: return 0;
    case 8: return ~0ULL - rnd(4);
    case 9: return 1ULL << rnd(64);
    case 10: return rnd(8) << 6 | rnd(64);             /* a guard word */
    default: return splitmix(&fuzz.rng);
    }
}

static cnd_word_t cptr(void)
{
    if (rnd(16) == 0)
        return splitmix(&fuzz.rng);                 /* mostly invalid */
    return rnd(4) ? rnd(S_FIRST_FREE + 8) : rnd(SLOTS);
}

static cnd_word_t label(void)
{
    switch (rnd(8)) {
    case 0: return splitmix(&fuzz.rng) >> 12;
    case 1: return rnd(64);
    default: return 1 + rnd(40);                    /* the real labels */
    }
}

static void record(cnd_sword_t sys, cnd_word_t c, cnd_word_t l, cnd_word_t len, const cnd_word_t m[4])
{
    struct fuzz_op *op = &fuzz.log[fuzz.ops % FUZZ_LOG];
    op->valid = 1;
    op->index = fuzz.ops;
    op->syscall = sys;
    op->cptr = c;
    op->label = l;
    op->length = len;
    for (unsigned i = 0; i < 4; i++)
        op->mr[i] = m[i];
}

/* One random system call. */
static void random_syscall(void)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    cnd_word_t m[4] = { interesting(), interesting(), interesting(), interesting() };
    cnd_word_t c = cptr(), l = label(), len = rnd(10), caps = rnd(4);
    for (unsigned i = 4; i < 12; i++)
        ipc->msg[i] = interesting();
    for (unsigned i = 0; i < 3; i++)
        ipc->caps_or_badges[i] = cptr();
    ipc->receive_cnode = S_SELF;
    ipc->receive_index = rnd(SLOTS);
    ipc->receive_depth = rnd(3) ? 64 : interesting();
    cnd_msginfo_t info = cnd_msginfo_new(l, 0, caps, len);
    cnd_badge_t badge;
    unsigned kind = (unsigned)rnd(20);
    cnd_sword_t sys = kind < 12 ? CND_SYS_CALL : kind < 14 ? CND_SYS_SEND : kind < 16 ? CND_SYS_NB_SEND
                    : kind < 17 ? CND_SYS_NB_RECV : kind < 18 ? CND_SYS_YIELD
                    : kind < 19 ? CND_SYS_REPLY : CND_SYS_RECV;
    record(sys, c, l, len, m);
    switch (sys) {
    case CND_SYS_CALL:
        cnd_call_with_mrs(c, info, &m[0], &m[1], &m[2], &m[3]);
        break;
    case CND_SYS_SEND:
        cnd_send_with_mrs(c, info, m[0], m[1], m[2], m[3]);
        break;
    case CND_SYS_NB_SEND:
        cnd_nbsend_with_mrs(c, info, m[0], m[1], m[2], m[3]);
        break;
    case CND_SYS_NB_RECV:
        cnd_nbrecv(c, &badge);
        break;
    case CND_SYS_YIELD:
        cnd_yield();
        break;
    case CND_SYS_REPLY:
        cnd_reply_with_mrs(info, m[0], m[1], m[2], m[3]);
        break;
    default:
        /* Only where something may arrive: the echo endpoint never sends. */
        cnd_recv(rnd(2) ? S_NTFN : S_NTFN2, &badge);
        break;
    }
}

/* A structured step: retype, map, copy, revoke, delete in sensible orders. */
static void structured(void)
{
    cnd_word_t m[4] = { 0 };
    cnd_word_t slot = S_FIRST_FREE + rnd(SLOTS - S_FIRST_FREE);
    record(0, slot, 0, 0, m);
    switch (rnd(8)) {
    case 0: {
        static const cnd_word_t types[] = { CND_OBJ_ENDPOINT, CND_OBJ_NOTIFICATION, CND_OBJ_4K_PAGE,
                                            CND_OBJ_PAGE_TABLE, CND_OBJ_CAP_TABLE, CND_OBJ_TCB,
                                            CND_OBJ_UNTYPED };
        cnd_word_t type = types[rnd(7)];
        cnd_untyped_retype(rnd(2) ? S_UT_BIG : S_UT_SMALL, S_SELF, type, type == CND_OBJ_UNTYPED ? 8 : rnd(4),
                           0, 0, slot, 1 + rnd(4));
        break;
    }
    case 1:
        cnd_page_table_map(slot, S_VSPACE, MAP_REGION + (rnd(64) << 21), 0);
        break;
    case 2:
        cnd_page_map(slot, S_VSPACE, MAP_REGION + (rnd(1024) << 12), rnd(16), rnd(2));
        break;
    case 3:
        cnd_cnode_copy(S_SELF, S_SELF, slot, 64, rnd(S_FIRST_FREE + 16), 64, rnd(16));
        break;
    case 4:
        cnd_cnode_mint(S_SELF, S_SELF, slot, 64, rnd(S_FIRST_FREE + 16), 64, rnd(16), rnd(4));
        break;
    case 5:
        cnd_cnode_revoke(S_SELF, rnd(2) ? S_UT_BIG : rnd(SLOTS), 64);
        break;
    case 6:
        cnd_cnode_delete(S_SELF, slot, 64);
        break;
    default:
        cnd_asid_pool_assign(S_ASID_POOL, slot);
        break;
    }
}

static void fuzz_loop(struct thread *self)
{
    cnd_set_ipc_buffer((struct cnd_ipc_buffer *)self->ipc_va);
    while (fuzz.ops < fuzz.target) {
        fuzz.rng = fuzz.seed * 0x100000001b3ULL ^ (fuzz.ops * 0x9e3779b97f4a7c15ULL);
        if (rnd(5) == 0)
            structured();
        else
            random_syscall();
        fuzz.ops++;
    }
    /* Done: stop by faulting (no handler: the kernel suspends us), so the
     * root task, waiting at a lower priority, runs again. */
    for (;;)
        *(volatile cnd_word_t *)self->arg = 0;
}

static void put(cnd_cptr_t sandbox_slot, cnd_cptr_t src, cnd_cap_rights_t rights)
{
    cnd_cnode_copy(fuzz.sandbox, ROOT, sandbox_slot, SANDBOX_BITS, src, DEPTH, rights);
}

static cnd_cptr_t move_in(cnd_cptr_t sandbox_slot, cnd_cptr_t src)
{
    cnd_cnode_move(fuzz.sandbox, ROOT, sandbox_slot, SANDBOX_BITS, src, DEPTH);
    return sandbox_slot;
}

struct thread *fuzz_setup(void)
{
    fuzz.sandbox = make_object(CND_OBJ_CAP_TABLE, SANDBOX_BITS);
    /* Its CSpace root as seen from inside: guard 56 + radix 8 = 64 bits. */
    cnd_cnode_mint(fuzz.sandbox, ROOT, S_SELF, SANDBOX_BITS, fuzz.sandbox, DEPTH, CND_ALL_RIGHTS,
                   cnd_cnode_cap_data_new(0, 64 - SANDBOX_BITS));
    move_in(S_UT_BIG, make_object(CND_OBJ_UNTYPED, 20));
    move_in(S_UT_SMALL, make_object(CND_OBJ_UNTYPED, 12));
    fuzz.echo_ep_root = make_object(CND_OBJ_ENDPOINT, 0);
    put(S_EP_ECHO, fuzz.echo_ep_root, CND_CAN_WRITE | CND_CAN_GRANT_REPLY);
    move_in(S_EP, make_object(CND_OBJ_ENDPOINT, 0));
    move_in(S_NTFN, make_object(CND_OBJ_NOTIFICATION, 0));
    move_in(S_NTFN2, make_object(CND_OBJ_NOTIFICATION, 0));
    move_in(S_FRAME, make_object(CND_OBJ_4K_PAGE, 0));
    move_in(S_FRAME2, make_object(CND_OBJ_4K_PAGE, 0));
    move_in(S_PT, make_object(CND_OBJ_PAGE_TABLE, 0));
    move_in(S_PT2, make_object(CND_OBJ_PAGE_TABLE, 0));
    /* Its own empty VSpace to map into, and a dummy thread that lives there. */
    cnd_cptr_t vs = make_object(CND_OBJ_PAGE_TABLE, 0);
    cnd_asid_pool_assign(CND_CAP_INIT_THREAD_ASID_POOL, vs);
    put(S_VSPACE, vs, CND_ALL_RIGHTS);
    cnd_cptr_t dummy = make_object(CND_OBJ_TCB, 0);
    cnd_tcb_configure(dummy, fuzz.sandbox, vs, 0, 0, cnd_cnode_cap_data_new(0, 64 - SANDBOX_BITS), 0, 0);
    move_in(S_DUMMY_TCB, dummy);
    put(S_ASID_CONTROL, CND_CAP_ASID_CONTROL, CND_ALL_RIGHTS);
    put(S_ASID_POOL, CND_CAP_INIT_THREAD_ASID_POOL, CND_ALL_RIGHTS);
    put(S_DOMAIN, CND_CAP_DOMAIN, CND_ALL_RIGHTS);

    /* arg: an address never mapped, for stopping at the end. */
    struct thread *t = thread_create(fuzz_loop, 0x10, 100, 0);
    /* Its CSpace is the sandbox only; it runs in our VSpace (our caps to
     * which it never holds). */
    cnd_tcb_configure(t->tcb, fuzz.sandbox, VSPACE, t->ipc_frame, 0,
                      cnd_cnode_cap_data_new(0, 64 - SANDBOX_BITS), 0, t->ipc_va);
    fuzz_restart(t);
    return t;
}

void fuzz_restart(struct thread *t)
{
    cnd_tcb_suspend(t->tcb);
    struct cnd_user_context regs = { 0 };
    cnd_word_t gp;
    __asm__ volatile("mv %0, gp" : "=r"(gp));
    regs.pc = (cnd_word_t)fuzz_loop;
    regs.sp = (cnd_word_t)&stack[STACK_SIZE];
    regs.a0 = (cnd_word_t)t;
    regs.gp = gp;
    regs.tp = (cnd_word_t)cnd_tls_init(tls_block);
    cnd_tcb_write_registers(t->tcb, true, 0, 32, &regs);
}
