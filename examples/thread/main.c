/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tutorial step 2: a second thread in the root task's own address space.
 * The library gives it a TCB, a stack with a guard page, a TLS block and
 * an IPC buffer, all carved from the root task's untyped memory.
 */
#include <conductor/libcap.h>

static __thread int calls;  /* every thread has its own */

static int sum_to(void *arg)
{
    int n = *(int *)arg, sum = 0;
    for (int i = 1; i <= n; i++)
        sum += i;
    calls++;
    cnd_printf("thread: summed 1..%d in my own thread (my calls: %d)\n", n, calls);
    return sum;
}

int main(const struct cnd_boot_info *bi)
{
    cnd_root_env(bi);  /* allocators over the boot info: slots, memory, VSpace */

    struct cnd_thread t;
    int n = 100;
    CND_TRY(cnd_thread_create(&t, sum_to, &n, 100, NULL));
    cnd_printf("thread: created, stack top %#lx, IPC buffer %p\n",
               (unsigned long)t.stack_top, (void *)t.ipc_buffer);
    CND_TRY(cnd_thread_start(&t));
    int sum = cnd_thread_join(&t);  /* blocks until sum_to returns */
    cnd_printf("thread: the thread returned %d; main's calls: %d\n", sum, calls);
    CND_TRY(cnd_thread_destroy(&t));

    cnd_printf("thread: done, powering off\n");
    cnd_power_off(bi);
}
