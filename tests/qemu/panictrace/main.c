/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * panictrace: the root task of the panic-report test (qemu.boot.panic_report).
 * A server thread waits on an endpoint; the root task Calls it three times
 * with label 1441 (0x5a1) and one word, each Call and each ReplyRecv taken by
 * the IPC fastpaths (the server is already waiting, at the same priority),
 * then makes the DebugHalt system call, in which the kernel (image option
 * selftest=halt_fault) faults on purpose. The panic report's last system
 * calls must list the fastpath Calls and ReplyRecvs before the DebugHalt.
 * Nothing is printed between the first Call and DebugHalt: every character
 * is a system call and would push the Calls out of the 16-entry trace.
 */
#include <conductor/libcap.h>

#define LABEL 0x5a1
#define CALLS 3

static cnd_cptr_t ep;

static int server(void *arg)
{
    (void)arg;
    cnd_badge_t badge;
    cnd_msginfo_t info = cnd_recv(ep, &badge);
    for (;;) {
        cnd_set_mr(0, cnd_get_mr(0) + 1);
        info = cnd_reply_recv(ep, cnd_msginfo_new(cnd_msginfo_get_label(info), 0, 0, 1), &badge);
    }
    return 0;
}

int main(const struct cnd_boot_info *bi)
{
    cnd_root_env(bi);
    struct cnd_object e;
    struct cnd_thread t;
    CND_TRY(cnd_alloc(CND_OBJ_ENDPOINT, 0, &e));
    ep = e.cptr;
    /* The root task's own priority (255): a fastpath switch needs the
     * receiver at least as high as the caller. */
    CND_TRY(cnd_thread_create(&t, server, NULL, 255, NULL));
    CND_TRY(cnd_thread_start(&t));
    cnd_debug_puts("panictrace: Calls with label 1441 on endpoint ");
    cnd_debug_put_hex(ep, 1);
    cnd_debug_puts(", then DebugHalt\n");
    cnd_yield();  /* the server runs and waits in Recv */
    cnd_word_t v = 0;
    for (int i = 0; i < CALLS; i++) {
        cnd_set_mr(0, v);
        cnd_call(ep, cnd_msginfo_new(LABEL, 0, 0, 1));
        v = cnd_get_mr(0);
    }
    cnd_debug_halt();
    cnd_debug_puts(v == CALLS ? "panictrace: FAIL no fault in DebugHalt\n"
                              : "panictrace: FAIL the server did not answer\n");
    return 1;
}
