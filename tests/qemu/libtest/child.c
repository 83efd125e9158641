/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component libtest starts as a process (embedded in the root task).
 * arg0 picks what it does; the root task checks the outcome (exit status,
 * replies, faults). See process.c in this directory for each mode's test.
 */
#include <conductor/libcap.h>
#include "libtest.h"

/* CHILD_ECHO: answers label 1 with the words reversed and the string
 * upper-cased; label 2 stops. */
static enum cnd_server_action echo(void *ctx, const struct cnd_request *req, struct cnd_msg *reply)
{
    int *served = ctx;
    (*served)++;
    if (req->label == 2) {
        reply->label = 99;
        return CND_SERVER_REPLY_STOP;
    }
    struct cnd_msg_reader rd = cnd_msg_reader(req->info);
    cnd_word_t a = cnd_msg_get_word(&rd), b = cnd_msg_get_word(&rd);
    char s[64];
    size_t n = cnd_msg_get_string(&rd, s, sizeof s);
    for (size_t i = 0; i < n && i < sizeof s; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            s[i] = (char)(s[i] - 'a' + 'A');
    /* Everything is read: now the reply may overwrite the buffer. */
    reply->label = req->badge;
    cnd_msg_add_word(reply, b);
    cnd_msg_add_word(reply, a);
    cnd_msg_add_string(reply, s);
    return CND_SERVER_REPLY;
}

static int worker(void *arg)
{
    cnd_word_t *v = arg;
    return (int)(*v * 3);
}

/* CHILD_MEMORY: objects from the untyped it was given, until none fit. */
static int use_memory(void)
{
    struct cnd_env *env = cnd_process_env();
    /* A thread in its own address space, from its own memory. */
    struct cnd_thread t;
    cnd_word_t v = 14;
    CND_TRY(cnd_thread_create(&t, worker, &v, 50, NULL));
    CND_TRY(cnd_thread_start(&t));
    if (cnd_thread_join(&t) != 42)
        return 100;
    CND_TRY(cnd_thread_destroy(&t));
    int frames = 0;
    struct cnd_object f;
    struct cnd_result r;
    while (cnd_result_ok(r = cnd_alloc(CND_OBJ_4K_PAGE, 0, &f)))
        frames++;
    char msg[160];
    cnd_printf("child: %d frames, then %s\n", frames, cnd_error_string(r, msg, sizeof msg));
    if (r.error != (cnd_error_t)CND_ERR_NO_MEMORY || env->cspace.root != CND_PROC_CNODE)
        return 101;
    return frames;
}

int cnd_main(cnd_word_t mode, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    const struct cnd_process_info *pi = cnd_process_self();
    switch (mode) {
    case CHILD_ARGS:
        cnd_printf("child: args %lu %lu %lu, IPC buffer %#lx, first free slot %lu\n",
                   (unsigned long)a1, (unsigned long)a2, (unsigned long)a3,
                   (unsigned long)pi->ipc_buffer, (unsigned long)pi->first_free);
        /* Its own caps where process.h says they are. */
        if (cnd_debug_cap_identify(CND_PROC_TCB) != CND_CAP_TAG_THREAD ||
            cnd_debug_cap_identify(CND_PROC_CNODE) != CND_CAP_TAG_CNODE ||
            cnd_debug_cap_identify(CND_PROC_VSPACE) != CND_CAP_TAG_PAGE_TABLE ||
            cnd_debug_cap_identify(CND_PROC_FAULT_EP) != CND_CAP_TAG_ENDPOINT)
            return 200;
        /* Caps given after creation move the first free slot. */
        return (int)(a1 + a2 + a3 + 100 * (pi->first_free - CND_PROC_FIRST_CAP));
    case CHILD_ECHO: {
        int served = 0;
        cnd_server_run(CND_PROC_FIRST_CAP, echo, &served);
        return served;
    }
    case CHILD_FAULT: {
        /* a1: an address the creator maps only when the fault arrives. */
        volatile cnd_word_t *p = (volatile cnd_word_t *)a1;
        *p = a2;            /* faults; the creator maps a page and restarts */
        return (int)(p[0] + p[1]);  /* p[1] the creator wrote meanwhile */
    }
    case CHILD_MEMORY:
        return use_memory();
    case CHILD_ASSERT:
        cnd_assert(a1 == a2);
        return 0;
    case CHILD_TRY:
        CND_TRY(cnd_tcb_suspend(CND_PROC_FIRST_CAP + 7));  /* an empty slot */
        return 0;
    case CHILD_PANIC:
        cnd_panic("child gives up: %d", (int)a1);
    case CHILD_NO_MEMORY: {
        /* The creator gave no memory: an env still works, it just has none. */
        struct cnd_env *env = cnd_process_env();
        struct cnd_object o;
        struct cnd_result r = cnd_alloc(CND_OBJ_ENDPOINT, 0, &o);
        return env->untyped.count == 0 && r.error == (cnd_error_t)CND_ERR_NO_MEMORY ? 5 : 6;
    }
    case CHILD_ILLEGAL:
        __asm__ volatile(".4byte 0xc0001073");  /* csrw cycle, zero: illegal in U-mode */
        return 9;
    default:
        return 255;
    }
}
