/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Threads allocating from one env at the same time, and VSpace ranges
 * coming back when freed. The kernel runs one thread per hart and libtest's
 * threads share a hart, so interleaving comes from the threads yielding in
 * the middle of their work (and from time-slice preemption, which may land
 * inside an allocator); LIBLOCK0001 makes one thread find the lock taken, so
 * the waiting path runs every time, not by luck.
 */
#include "libtest.h"

#define PER_THREAD 24
#define WORKER_PRIORITY 100  /* both workers alike: the lock's rule (lock.h) */

struct worker {
    unsigned id;
    struct cnd_object eps[PER_THREAD];
    struct cnd_mapping pages[PER_THREAD];
    unsigned made, failures;
};

/* Allocates an endpoint and a page per round, yielding between the steps so
 * the other worker's calls run in between; writes its id all over each page;
 * then frees every other one, still interleaved. */
static int allocate(void *arg)
{
    struct worker *w = arg;
    for (unsigned i = 0; i < PER_THREAD; i++) {
        if (!cnd_result_ok(cnd_alloc(CND_OBJ_ENDPOINT, 0, &w->eps[i])))
            w->failures++;
        cnd_yield();
        if (!cnd_result_ok(cnd_vspace_alloc(&env->vspace, 4096, &w->pages[i]))) {
            w->failures++;
            continue;
        }
        volatile cnd_word_t *p = (volatile cnd_word_t *)w->pages[i].vaddr;
        for (unsigned k = 0; k < 4096 / sizeof(cnd_word_t); k++)
            p[k] = w->id;
        w->made++;
        if (i % 3 == 0)
            cnd_yield();
    }
    for (unsigned i = 0; i < PER_THREAD; i += 2) {
        if (!cnd_result_ok(cnd_free(&w->eps[i])) ||
            !cnd_result_ok(cnd_vspace_free(&env->vspace, &w->pages[i])))
            w->failures++;
        cnd_yield();
    }
    return 0;
}

/* Whether each kept page still holds only its owner's id (a page handed to
 * both workers would hold a mix), and no slot or address was given twice. */
static bool intact(const struct worker *w, unsigned n)
{
    for (unsigned a = 0; a < n; a++) {
        for (unsigned i = 1; i < PER_THREAD; i += 2) {
            const volatile cnd_word_t *p = (const cnd_word_t *)w[a].pages[i].vaddr;
            for (unsigned k = 0; k < 4096 / sizeof(cnd_word_t); k++)
                if (p[k] != w[a].id)
                    return false;
            if (cnd_debug_cap_identify(w[a].eps[i].cptr) != CND_CAP_TAG_ENDPOINT)
                return false;
            for (unsigned b = 0; b < n; b++)
                for (unsigned j = 1; j < PER_THREAD; j += 2) {
                    if (a == b && i == j)
                        continue;
                    if (w[a].eps[i].cptr == w[b].eps[j].cptr ||
                        w[a].eps[i].paddr == w[b].eps[j].paddr ||
                        w[a].pages[i].vaddr == w[b].pages[j].vaddr ||
                        w[a].pages[i].frames.cptr == w[b].pages[j].frames.cptr)
                        return false;
                }
        }
    }
    return true;
}

static volatile unsigned sequence, holder_has_lock, holder_released, waiter_done;

/* Takes the env's lock and keeps it across several Yields: the waiter runs
 * meanwhile and must find it taken. */
static int hold_lock(void *arg)
{
    (void)arg;
    cnd_lock_acquire(&env->lock);
    cnd_lock_acquire(&env->lock);  /* nested: counted, not a deadlock */
    holder_has_lock = 1;
    for (int i = 0; i < 5; i++)
        cnd_yield();
    cnd_lock_release(&env->lock);
    holder_released = ++sequence;  /* still held once */
    cnd_yield();
    cnd_lock_release(&env->lock);
    return 0;
}

static int wait_for_lock(void *arg)
{
    struct cnd_object *obj = arg;
    while (!holder_has_lock)
        cnd_yield();
    struct cnd_result r = cnd_alloc(CND_OBJ_NOTIFICATION, 0, obj);
    waiter_done = ++sequence;
    return cnd_result_ok(r) ? 1 : 0;
}

static bool run_pair(cnd_thread_fn a, void *arg_a, cnd_thread_fn b, void *arg_b, int *ra,
                     int *rb)
{
    struct cnd_thread ta, tb;
    if (!cnd_result_ok(cnd_thread_create(&ta, a, arg_a, WORKER_PRIORITY, NULL)))
        return false;
    if (!cnd_result_ok(cnd_thread_create(&tb, b, arg_b, WORKER_PRIORITY, NULL))) {
        cnd_thread_destroy(&ta);
        return false;
    }
    cnd_thread_start(&ta);
    cnd_thread_start(&tb);
    *ra = cnd_thread_join(&ta);
    *rb = cnd_thread_join(&tb);
    return cnd_result_ok(cnd_thread_destroy(&ta)) && cnd_result_ok(cnd_thread_destroy(&tb));
}

static struct worker workers[2];

/* Makes, runs and destroys a process three times (the child exits with
 * a1 + a2 + 100 per given cap = *arg + 1); returns how many exited so. */
static int processes(void *arg)
{
    const struct cnd_embedded_file *child = cnd_embedded_find("libtest_child");
    cnd_word_t n = *(cnd_word_t *)arg;
    int ok = 0;
    for (int i = 0; child != NULL && i < 3; i++) {
        struct cnd_process p;
        struct cnd_process_options o = { .args = { CHILD_ARGS, n, 1, 0 } };
        if (!cnd_result_ok(cnd_create_process(child->data, child->size, WORKER_PRIORITY, 0, &o,
                                              &p)))
            continue;
        struct cnd_fault ev;
        cnd_process_wait(&p, &ev);
        ok += ev.type == CND_FAULT_EXIT && ev.status == (int)n + 1;
        ok += cnd_result_ok(cnd_process_destroy(&p)) ? 0 : -100;
        cnd_yield();
    }
    return ok;
}

static void lock_wait(void)
{
    int ra = -1, rb = -1;
    if (!case_begin("LIBLOCK0001 a thread finds the allocators' lock taken and waits its turn"))
        return;
    struct cnd_object ntfn = { 0 };
    unsigned contended = env->lock.contended;
    EXPECT(run_pair(hold_lock, NULL, wait_for_lock, &ntfn, &ra, &rb));
    EXPECT(ra == 0 && rb == 1);
    /* The waiter's allocation finished only after the last release. */
    EXPECT(holder_released != 0 && waiter_done > holder_released);
    EXPECT(env->lock.contended > contended && env->lock.owner == 0 && env->lock.depth == 0);
    EXPECT(cnd_debug_cap_identify(ntfn.cptr) == CND_CAP_TAG_NOTIFICATION);
    EXPECT_ERR(cnd_free(&ntfn), CND_NO_ERROR);
    case_end();
}

static void lock_allocate(void)
{
    int ra = -1, rb = -1;
    if (!case_begin("LIBLOCK0002 two threads allocate slots, objects and pages at once"))
        return;
    unsigned tables = env->vspace.tables;
    cnd_word_t slots = cnd_cspace_free_count(&env->cspace);
    cnd_vaddr_t next = env->vspace.next;
    unsigned holes = env->vspace.n_holes;
    struct cnd_vspace_hole first_hole = env->vspace.holes[0];
    workers[0].id = 0x1111;
    workers[1].id = 0x2222;
    EXPECT(run_pair(allocate, &workers[0], allocate, &workers[1], &ra, &rb));
    EXPECT(workers[0].made == PER_THREAD && workers[1].made == PER_THREAD);
    EXPECT(workers[0].failures == 0 && workers[1].failures == 0);
    EXPECT(intact(workers, 2));
    unsigned freed = 0;
    for (unsigned a = 0; a < 2; a++)
        for (unsigned i = 1; i < PER_THREAD; i += 2)
            freed += cnd_result_ok(cnd_free(&workers[a].eps[i])) &&
                     cnd_result_ok(cnd_vspace_free(&env->vspace, &workers[a].pages[i]));
    EXPECT(freed == PER_THREAD);
    /* Everything came back: slots (but those of new page tables), and the
     * window down to where it was (the workers' stacks included). */
    EXPECT(cnd_cspace_free_count(&env->cspace) == slots - (env->vspace.tables - tables));
    EXPECT(env->vspace.next == next && env->vspace.n_holes == holes);
    EXPECT(holes == 0 || (env->vspace.holes[0].start == first_hole.start &&
                          env->vspace.holes[0].end == first_hole.end));
    case_end();
}

static void lock_processes(void)
{
    int ra = -1, rb = -1;
    if (!case_begin("LIBLOCK0003 two threads make, run and destroy processes at once"))
        return;
    cnd_word_t slots = cnd_cspace_free_count(&env->cspace);
    unsigned tables = env->vspace.tables;
    cnd_vaddr_t next = env->vspace.next;
    unsigned holes = env->vspace.n_holes;
    cnd_word_t n1 = 10, n2 = 20;
    EXPECT(run_pair(processes, &n1, processes, &n2, &ra, &rb));
    EXPECT(ra == 3 && rb == 3);
    EXPECT(cnd_cspace_free_count(&env->cspace) == slots - (env->vspace.tables - tables));
    EXPECT(env->vspace.next == next && env->vspace.n_holes == holes);
    case_end();
}

void test_concurrent(void)
{
    lock_wait();
    lock_allocate();
    lock_processes();
}
