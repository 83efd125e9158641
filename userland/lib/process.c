/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Processes from ELF images (see conductor/process.h).
 *
 * Sizing first, then building: the pages, page tables and objects a process
 * needs are counted before anything is made, so its pool untyped and its
 * window of the creator's slots are exactly big enough, and a failure half
 * way is undone by one revoke of the pool. Objects are made largest first
 * (the pool is aligned to its size, so no alignment gap is ever wasted).
 */
#include <abi/object_types.h>
#include <abi/user_context.h>
#include <conductor/elf.h>
#include <conductor/error.h>
#include <conductor/invocations.h>
#include <conductor/lock.h>
#include <conductor/process.h>
#include <conductor/syscalls.h>

#define MAP_SLOTS 16   /* creator slots kept for cnd_process_map copies */

struct image {
    const void *elf;
    size_t size;
    struct cnd_elf_info info;
    struct cnd_elf_segment segs[CND_ELF_MAX_SEGMENTS];
    unsigned n;
};

/* The first page at or after p that a segment touches; false if none.
 * *rights and *exec: what the segments touching it allow. */
static bool next_page(const struct image *im, cnd_vaddr_t p, cnd_vaddr_t *page,
                      cnd_cap_rights_t *rights, bool *exec)
{
    cnd_vaddr_t best = ~(cnd_vaddr_t)0;
    for (unsigned i = 0; i < im->n; i++) {
        const struct cnd_elf_segment *s = &im->segs[i];
        cnd_vaddr_t first = s->vaddr & ~(CND_PAGE_SIZE - 1);
        cnd_vaddr_t end = s->vaddr + s->memsz;
        cnd_vaddr_t cand = p > first ? p : first;
        if (cand < end && cand < best)
            best = cand;
    }
    if (best == ~(cnd_vaddr_t)0)
        return false;
    *page = best;
    *rights = 0;
    *exec = false;
    for (unsigned i = 0; i < im->n; i++) {
        const struct cnd_elf_segment *s = &im->segs[i];
        if (s->vaddr >= best + CND_PAGE_SIZE || s->vaddr + s->memsz <= best)
            continue;
        if (s->flags & CND_ELF_PF_R)
            *rights |= CND_CAN_READ;
        if (s->flags & CND_ELF_PF_W)
            *rights |= CND_CAN_READ | CND_CAN_WRITE;
        if (s->flags & CND_ELF_PF_X) {
            *rights |= CND_CAN_READ;
            *exec = true;
        }
    }
    return true;
}

/* Counts distinct 1 GiB and 2 MiB regions of ascending addresses. */
struct table_count {
    cnd_vaddr_t last_1g, last_2m;
    unsigned tables;
};

static void visit(struct table_count *tc, cnd_vaddr_t va)
{
    if (va >> CND_HUGE_PAGE_BITS != tc->last_1g) {
        tc->last_1g = va >> CND_HUGE_PAGE_BITS;
        tc->tables++;
    }
    if (va >> CND_LARGE_PAGE_BITS != tc->last_2m) {
        tc->last_2m = va >> CND_LARGE_PAGE_BITS;
        tc->tables++;
    }
}

static unsigned log2_up(cnd_word_t v)
{
    unsigned b = 0;
    while (((cnd_word_t)1 << b) < v)
        b++;
    return b;
}

/* Bytes of a pool holding these objects, made in descending size order. */
static cnd_word_t pool_bytes(unsigned cnode_bits, cnd_word_t pages, bool own_ep)
{
    cnd_word_t cnode = (cnd_word_t)1 << (cnode_bits + CND_SLOT_BITS);
    cnd_word_t sizes[4] = { cnode, (cnd_word_t)1 << CND_TCB_BITS,
                            own_ep ? (cnd_word_t)1 << CND_ENDPOINT_BITS : 0, 0 };
    cnd_word_t off = 0;
    /* CNode first when it is at least a page, else after the pages. */
    if (cnode >= CND_PAGE_SIZE)
        off = cnode;
    off += pages * CND_PAGE_SIZE;
    for (int i = cnode >= CND_PAGE_SIZE ? 1 : 0; i < 3; i++) {
        if (sizes[i] == 0)
            continue;
        off = ((off + sizes[i] - 1) & ~(sizes[i] - 1)) + sizes[i];
    }
    return off;
}

/* The size of an untyped nothing was made from: a retype asking for more
 * than it can have fails with NotEnoughMemory(bytes free) = its size. */
static struct cnd_result probe_untyped(struct cnd_env *env, cnd_cptr_t ut, cnd_cptr_t slot,
                                       unsigned *bits)
{
    cnd_word_t index, depth, offset;
    cnd_cspace_node(&env->cspace, slot, &index, &depth, &offset);
    struct cnd_result r = cnd_untyped_retype(ut, env->cspace.root, CND_OBJ_UNTYPED,
                                             CND_MAX_UNTYPED_BITS, index, depth, offset, 1);
    if (cnd_result_ok(r)) {
        /* It was that big: undo the child made just now. */
        cnd_cnode_delete(env->cspace.root, slot, CND_CSPACE_DEPTH);
        *bits = CND_MAX_UNTYPED_BITS;
        return cnd_ok();
    }
    if (r.error != CND_NOT_ENOUGH_MEMORY)
        return r;
    cnd_word_t bytes = r.detail[0];
    if (bytes == 0 || (bytes & (bytes - 1)) != 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 4, ut);  /* not an unused untyped */
    *bits = log2_up(bytes);
    return cnd_ok();
}

/* Copies the image bytes of page p into `frame` through a scratch mapping in
 * the creator's own VSpace. */
static struct cnd_result fill_page(struct cnd_process *proc, const struct image *im,
                                   cnd_cptr_t frame, cnd_vaddr_t p, cnd_cptr_t scratch,
                                   cnd_vaddr_t scratch_va)
{
    struct cnd_env *env = proc->env;
    struct cnd_result r = cnd_cnode_copy(env->cspace.root, env->cspace.root, scratch,
                                         CND_CSPACE_DEPTH, frame, CND_CSPACE_DEPTH,
                                         CND_ALL_RIGHTS);
    if (!cnd_result_ok(r))
        return r;
    r = cnd_vspace_map(&env->vspace, scratch, scratch_va, CND_READ_WRITE, CND_VM_EXECUTE_NEVER);
    if (cnd_result_ok(r)) {
        uint8_t *dst = (uint8_t *)scratch_va;
        for (unsigned i = 0; i < im->n; i++) {
            const struct cnd_elf_segment *s = &im->segs[i];
            cnd_vaddr_t lo = s->vaddr > p ? s->vaddr : p;
            cnd_vaddr_t hi = s->vaddr + s->filesz;
            if (hi > p + CND_PAGE_SIZE)
                hi = p + CND_PAGE_SIZE;
            for (cnd_vaddr_t a = lo; a < hi; a++)
                dst[a - p] = s->data[a - s->vaddr];
        }
    }
    /* Deleting the copy removes the scratch mapping. */
    cnd_cnode_delete(env->cspace.root, scratch, CND_CSPACE_DEPTH);
    return r;
}

/* One fresh frame from the pool, mapped in the child at va. Pages come in
 * ascending order into a fresh VSpace, so the tables each new region needs
 * are made up front instead of being discovered by failed maps. */
static struct cnd_result child_frame(struct cnd_process *proc, struct table_count *tc,
                                     cnd_vaddr_t va, cnd_cap_rights_t rights, bool exec,
                                     cnd_cptr_t *frame)
{
    struct cnd_result r = cnd_ok();
    if (va >> CND_HUGE_PAGE_BITS != tc->last_1g)
        r = cnd_vspace_add_table(&proc->vs, va);
    if (cnd_result_ok(r) && va >> CND_LARGE_PAGE_BITS != tc->last_2m)
        r = cnd_vspace_add_table(&proc->vs, va);
    if (!cnd_result_ok(r))
        return r;
    visit(tc, va);
    struct cnd_object f;
    r = cnd_ut_alloc(&proc->mem, CND_OBJ_4K_PAGE, 0, &f);
    if (!cnd_result_ok(r))
        return r;
    *frame = f.cptr;
    return cnd_vspace_map(&proc->vs, f.cptr, va, rights,
                          exec ? CND_VM_DEFAULT_ATTRIBUTES : CND_VM_EXECUTE_NEVER);
}

static struct cnd_result load(struct cnd_process *proc, const struct image *im,
                              cnd_word_t stack_size, cnd_cptr_t *ipc_frame)
{
    struct cnd_env *env = proc->env;
    cnd_cptr_t scratch = 0;
    /* A scratch page of the creator's window for this load alone, so two
     * threads can load processes at once; given back at the end, the next
     * load usually gets the same page, whose tables exist by then. */
    cnd_vaddr_t scratch_va = 0;
    struct cnd_result r = cnd_vspace_reserve(&env->vspace, CND_PAGE_SIZE, 0, &scratch_va);
    if (!cnd_result_ok(r))
        return r;
    r = cnd_vspace_prepare_page(&env->vspace, scratch_va);
    if (cnd_result_ok(r))
        r = cnd_cspace_alloc(&proc->slots, &scratch);
    struct table_count tc = { ~(cnd_vaddr_t)0, ~(cnd_vaddr_t)0, 0 };
    cnd_vaddr_t p = 0, page;
    cnd_cap_rights_t rights;
    bool exec;
    while (cnd_result_ok(r) && next_page(im, p, &page, &rights, &exec)) {
        cnd_cptr_t frame = 0;
        r = child_frame(proc, &tc, page, rights, exec, &frame);
        if (cnd_result_ok(r))
            r = fill_page(proc, im, frame, page, scratch, scratch_va);
        p = page + CND_PAGE_SIZE;
    }
    for (cnd_vaddr_t va = CND_PROC_STACK_TOP - stack_size;
         cnd_result_ok(r) && va < CND_PROC_STACK_TOP; va += CND_PAGE_SIZE) {
        cnd_cptr_t frame = 0;
        r = child_frame(proc, &tc, va, CND_READ_WRITE, false, &frame);
    }
    if (cnd_result_ok(r))
        r = child_frame(proc, &tc, CND_PROC_IPC_BUFFER, CND_READ_WRITE, false, ipc_frame);
    /* fill_page left nothing mapped there (deleting its copy unmaps it). */
    cnd_vspace_release(&env->vspace, scratch_va, CND_PAGE_SIZE);
    return r;
}

/* Fills the child's CSpace: its own caps, the fault endpoint, given caps. */
static struct cnd_result child_caps(struct cnd_process *proc,
                                    const struct cnd_process_options *o)
{
    cnd_cptr_t src_root = proc->env->cspace.root;
    const cnd_word_t d = CND_CSPACE_DEPTH;
    struct cnd_result r = cnd_cnode_copy(proc->cnode, src_root, CND_PROC_TCB, d, proc->tcb, d,
                                         CND_ALL_RIGHTS);
    if (cnd_result_ok(r))
        r = cnd_cnode_copy(proc->cnode, src_root, CND_PROC_CNODE, d, proc->cnode, d,
                           CND_ALL_RIGHTS);
    if (cnd_result_ok(r))
        r = cnd_cnode_copy(proc->cnode, src_root, CND_PROC_VSPACE, d, proc->vspace, d,
                           CND_ALL_RIGHTS);
    /* Send with GrantReply: what the kernel wants of a fault endpoint. */
    if (cnd_result_ok(r))
        r = cnd_cnode_mint(proc->cnode, src_root, CND_PROC_FAULT_EP, d, proc->fault_ep, d,
                           CND_CAN_WRITE | CND_CAN_GRANT_REPLY, proc->badge);
    for (unsigned i = 0; cnd_result_ok(r) && i < o->n_caps; i++)
        r = cnd_cnode_copy(proc->cnode, src_root, CND_PROC_FIRST_CAP + i, d, o->caps[i], d,
                           CND_ALL_RIGHTS);
    return r;
}

static void teardown(struct cnd_process *proc, cnd_cptr_t window, cnd_word_t n)
{
    struct cnd_env *env = proc->env;
    if (proc->pool.count != 0) {
        /* Everything made from the pool, wherever its caps are: the child's
         * CNode holds a cap to itself (slot CND_PROC_CNODE), which the
         * kernel's revoke handles (a CNode being destroyed skips its own
         * slot), so no emptying slot by slot first. */
        cnd_cnode_revoke(env->cspace.root, proc->pool.cptr, CND_CSPACE_DEPTH);
        cnd_ut_free(&env->untyped, &proc->pool);
    }
    /* What the revoke did not reach: copies of outside caps (shared frames
     * from cnd_process_map, the guarded CNode cap is gone already). */
    for (cnd_cptr_t s = window; s < proc->slots.next && s < window + n; s++)
        cnd_cnode_delete(env->cspace.root, s, CND_CSPACE_DEPTH);
    cnd_cspace_free_range(&env->cspace, window, n);
    proc->alive = false;
}

static struct cnd_result make(struct cnd_process *proc, const struct image *im,
                              cnd_word_t priority, cnd_cptr_t memory,
                              const struct cnd_process_options *o, cnd_word_t stack,
                              unsigned bits, cnd_word_t pages, cnd_word_t tables)
{
    struct cnd_env *env = proc->env;
    bool own_ep = o->fault_ep == 0;
    unsigned pool_bits = log2_up(pool_bytes(bits, pages + tables + 1, own_ep));
    struct cnd_result r = cnd_ut_alloc(&env->untyped, CND_OBJ_UNTYPED, pool_bits, &proc->pool);
    if (!cnd_result_ok(r))
        return r;
    cnd_ut_init(&proc->mem, &proc->slots, &proc->mem_entry, 1);
    cnd_ut_add(&proc->mem, proc->pool.cptr, proc->pool.paddr, pool_bits, false);

    struct cnd_object cnode, vspace, tcb, ep;
    bool big_cnode = ((cnd_word_t)1 << (bits + CND_SLOT_BITS)) >= CND_PAGE_SIZE;
    if (big_cnode)
        r = cnd_ut_alloc(&proc->mem, CND_OBJ_CAP_TABLE, bits, &cnode);
    if (cnd_result_ok(r))
        r = cnd_ut_alloc(&proc->mem, CND_OBJ_PAGE_TABLE, 0, &vspace);
    if (cnd_result_ok(r))
        r = cnd_asid_pool_assign(env->asid_pool, vspace.cptr);
    if (!cnd_result_ok(r))
        return r;
    proc->vspace = vspace.cptr;
    cnd_vspace_init(&proc->vs, proc->vspace, &proc->mem, 0, 0);
    cnd_cptr_t ipc_frame = 0;
    r = load(proc, im, stack, &ipc_frame);
    if (cnd_result_ok(r) && !big_cnode)
        r = cnd_ut_alloc(&proc->mem, CND_OBJ_CAP_TABLE, bits, &cnode);
    if (cnd_result_ok(r))
        r = cnd_ut_alloc(&proc->mem, CND_OBJ_TCB, 0, &tcb);
    if (cnd_result_ok(r) && own_ep)
        r = cnd_ut_alloc(&proc->mem, CND_OBJ_ENDPOINT, 0, &ep);
    if (!cnd_result_ok(r))
        return r;
    proc->tcb = tcb.cptr;
    proc->fault_ep = own_ep ? ep.cptr : o->fault_ep;
    proc->badge = o->badge != 0 ? o->badge : tcb.cptr;
    /* The CSpace root as the child sees it: slot n is cptr n. */
    r = cnd_cspace_alloc(&proc->slots, &proc->cnode);
    if (cnd_result_ok(r))
        r = cnd_cnode_mint(env->cspace.root, env->cspace.root, proc->cnode, CND_CSPACE_DEPTH,
                           cnode.cptr, CND_CSPACE_DEPTH, CND_ALL_RIGHTS,
                           cnd_cnode_cap_data_new(0, CND_WORD_BITS - bits));
    if (cnd_result_ok(r))
        r = child_caps(proc, o);
    if (cnd_result_ok(r))
        r = cnd_tcb_configure(proc->tcb, proc->cnode, proc->vspace, ipc_frame, CND_PROC_FAULT_EP,
                              CND_NIL_DATA, CND_NIL_DATA, CND_PROC_IPC_BUFFER);
    if (cnd_result_ok(r))
        r = cnd_tcb_set_sched_params(proc->tcb, env->tcb, priority, priority);
    unsigned mem_bits = 0;
    cnd_paddr_t mem_paddr = 0;
    struct cnd_ut_entry *mem_entry = NULL;  /* if the creator's allocator has it */
    if (cnd_result_ok(r) && memory != 0) {
        cnd_cptr_t probe = 0;
        r = cnd_cspace_alloc(&proc->slots, &probe);
        if (cnd_result_ok(r))
            r = probe_untyped(env, memory, probe, &mem_bits);
        /* The creator's table is shared with its other threads: look under
         * its lock (the entry pointer stays valid: entries are never moved). */
        cnd_lock_acquire(env->untyped.lock);
        for (unsigned i = 0; i < env->untyped.count; i++) {
            struct cnd_ut_entry *e = &env->untyped.entries[i];
            if (e->cptr == memory && !e->split) {
                mem_paddr = e->paddr;
                mem_entry = e;
            }
        }
        cnd_lock_release(env->untyped.lock);
    }
    if (cnd_result_ok(r)) {
        struct cnd_user_context regs = { 0 };
        regs.pc = im->info.entry;
        regs.sp = CND_PROC_STACK_TOP;
        regs.a0 = o->args[0];
        regs.a1 = o->args[1];
        regs.a2 = o->args[2];
        regs.a3 = o->args[3];
        regs.a4 = CND_PROC_IPC_BUFFER;
        regs.a5 = proc->first_free;
        regs.a6 = bits | (cnd_word_t)mem_bits << 8;
        regs.a7 = mem_paddr;
        r = cnd_tcb_write_registers(proc->tcb, false, 0, CND_USER_CONTEXT_WORDS, &regs);
    }
    /* Last, so that on any failure above the memory stays with the creator. */
    if (cnd_result_ok(r) && memory != 0)
        r = cnd_cnode_move(proc->cnode, env->cspace.root, CND_PROC_MEMORY, CND_CSPACE_DEPTH,
                           memory, CND_CSPACE_DEPTH);
    if (cnd_result_ok(r) && mem_entry != NULL) {
        cnd_lock_acquire(env->untyped.lock);
        mem_entry->split = CND_UT_GONE;  /* given away: the allocator must not use it */
        cnd_lock_release(env->untyped.lock);
    }
    return r;
}

struct cnd_result cnd_create_process(const void *elf, size_t elf_size, cnd_word_t priority,
                                     cnd_cptr_t memory_limit,
                                     const struct cnd_process_options *opts,
                                     struct cnd_process *proc)
{
    static const struct cnd_process_options defaults;
    const struct cnd_process_options *o = opts != NULL ? opts : &defaults;
    struct cnd_env *env = o->env != NULL ? o->env : cnd_env();
    if (env == NULL)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 5, 0);
    if (priority > CND_MAX_PRIO)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 3, priority);
    unsigned bits = o->cnode_bits != 0 ? o->cnode_bits : CND_PROC_DEFAULT_CNODE_BITS;
    if (bits < CND_PROC_MIN_CNODE_BITS || bits > CND_PROC_MAX_CNODE_BITS)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 5, bits);
    if (o->n_caps > CND_PROC_MAX_CAPS || (o->n_caps > 0 && o->caps == NULL))
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 5, o->n_caps);
    cnd_word_t stack = o->stack_size != 0 ? o->stack_size : CND_PROC_DEFAULT_STACK;
    stack = (stack + CND_PAGE_SIZE - 1) & ~(CND_PAGE_SIZE - 1);
    if (stack > CND_UL(0x10000000))
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 5, stack);

    static struct image im;  /* too big for small stacks; creation is not reentrant */
    im.elf = elf;
    im.size = elf_size;
    struct cnd_result r = cnd_elf_check(elf, elf_size, &im.info);
    if (!cnd_result_ok(r))
        return r;
    im.n = im.info.n_segments;
    for (unsigned i = 0; i < im.n; i++)
        cnd_elf_segment(elf, elf_size, i, &im.segs[i]);
    /* The image must stay below the stack's guard page. */
    if (im.info.hi > CND_PROC_STACK_TOP - stack - CND_PAGE_SIZE)
        return cnd_lib_error(CND_ERR_BAD_ELF, CND_ELF_SEGMENT_BAD_ADDRESS, 0);

    /* Count: image pages, then stack and IPC buffer pages, all ascending. */
    struct table_count tc = { ~(cnd_vaddr_t)0, ~(cnd_vaddr_t)0, 0 };
    cnd_word_t pages = 0;
    cnd_vaddr_t p = 0, page;
    cnd_cap_rights_t rights;
    bool exec;
    while (next_page(&im, p, &page, &rights, &exec)) {
        visit(&tc, page);
        pages++;
        p = page + CND_PAGE_SIZE;
    }
    for (cnd_vaddr_t va = CND_PROC_STACK_TOP - stack; va < CND_PROC_STACK_TOP; va += CND_PAGE_SIZE)
        visit(&tc, va);
    visit(&tc, CND_PROC_IPC_BUFFER);
    pages += stack / CND_PAGE_SIZE + 1;
    cnd_word_t tables = tc.tables + (o->extra_tables != 0 ? o->extra_tables : 2);

    /* The creator's slots: objects, one copy per frame while loading,
     * the guarded CNode cap, the probe, and copies for cnd_process_map. */
    cnd_word_t n = pages + tables + 8 + MAP_SLOTS;
    cnd_cptr_t window = 0;
    r = cnd_cspace_alloc_range(&env->cspace, n, &window);
    if (!cnd_result_ok(r))
        return r;
    proc->env = env;
    proc->pool.count = 0;
    proc->cnode = 0;
    proc->alive = true;
    proc->cnode_bits = bits;
    proc->entry = im.info.entry;
    proc->stack_top = CND_PROC_STACK_TOP;
    proc->ipc_buffer = CND_PROC_IPC_BUFFER;
    proc->first_free = CND_PROC_FIRST_CAP + o->n_caps;
    cnd_cspace_init(&proc->slots, env->cspace.root, env->cspace.root_bits, env->cspace.l2_bits,
                    window, window + n, NULL, 0, NULL);
    if (env->cspace.l2_bits != 0)
        cnd_cspace_mark_node(&proc->slots, window >> env->cspace.l2_bits);

    r = make(proc, &im, priority, memory_limit, o, stack, bits, pages, tables);
    if (cnd_result_ok(r) && o->name != NULL)
        cnd_debug_name_thread(proc->tcb, o->name);
    if (cnd_result_ok(r) && !o->suspended)
        r = cnd_tcb_resume(proc->tcb);
    if (!cnd_result_ok(r))
        teardown(proc, window, n);
    return r;
}

struct cnd_result cnd_process_start(struct cnd_process *proc)
{
    /* Caps given since creation moved the first free slot: tell the child. */
    struct cnd_user_context regs;
    struct cnd_result r = cnd_tcb_read_registers(proc->tcb, false, 0, CND_USER_CONTEXT_WORDS, &regs);
    if (cnd_result_ok(r) && regs.a5 != proc->first_free) {
        regs.a5 = proc->first_free;
        r = cnd_tcb_write_registers(proc->tcb, false, 0, CND_USER_CONTEXT_WORDS, &regs);
    }
    return cnd_result_ok(r) ? cnd_tcb_resume(proc->tcb) : r;
}

struct cnd_result cnd_process_give_cap(struct cnd_process *proc, cnd_cptr_t cap,
                                       cnd_cap_rights_t rights, cnd_badge_t badge,
                                       cnd_cptr_t *child_slot)
{
    if (proc->first_free >= ((cnd_cptr_t)1 << proc->cnode_bits))
        return cnd_lib_error(CND_ERR_NO_SLOTS, 1, 0);
    struct cnd_result r = cnd_cnode_mint(proc->cnode, proc->env->cspace.root, proc->first_free,
                                         CND_CSPACE_DEPTH, cap, CND_CSPACE_DEPTH, rights, badge);
    if (cnd_result_ok(r))
        *child_slot = proc->first_free++;
    return r;
}

struct cnd_result cnd_process_map(struct cnd_process *proc, cnd_cptr_t frame, cnd_vaddr_t vaddr,
                                  cnd_cap_rights_t rights, cnd_vm_attributes_t attr)
{
    cnd_cptr_t copy = 0;
    struct cnd_result r = cnd_cspace_alloc(&proc->slots, &copy);
    if (!cnd_result_ok(r))
        return r;
    cnd_cptr_t root = proc->env->cspace.root;
    r = cnd_cnode_copy(root, root, copy, CND_CSPACE_DEPTH, frame, CND_CSPACE_DEPTH, CND_ALL_RIGHTS);
    if (cnd_result_ok(r)) {
        r = cnd_vspace_map(&proc->vs, copy, vaddr, rights, attr);
        if (!cnd_result_ok(r))
            cnd_cnode_delete(root, copy, CND_CSPACE_DEPTH);
    }
    if (!cnd_result_ok(r))
        cnd_cspace_free(&proc->slots, copy);
    return r;
}

void cnd_process_wait(struct cnd_process *proc, struct cnd_fault *event)
{
    do {
        cnd_fault_recv(proc->fault_ep, event);
    } while (event->badge != proc->badge);
}

struct cnd_result cnd_process_destroy(struct cnd_process *proc)
{
    if (!proc->alive)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 1, 0);
    cnd_tcb_suspend(proc->tcb);
    teardown(proc, proc->slots.first, proc->slots.end - proc->slots.first);
    return cnd_ok();
}
