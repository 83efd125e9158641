/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A process's start information and its exit (see conductor/process.h).
 * Kept apart from the component runtime (component.c) so that root tasks
 * can link the library's env code without pulling in a second cnd_exit.
 */
#include <conductor/process.h>
#include <conductor/syscalls.h>

struct cnd_process_info cnd__process_info;
bool cnd__process_started;

const struct cnd_process_info *cnd_process_self(void)
{
    return cnd__process_started ? &cnd__process_info : NULL;
}

void cnd_process_exit(int status)
{
    /* An UnknownSyscall fault the creator recognises; should it ever reply,
     * the process simply reports again. */
    for (;;) {
        cnd_word_t a0 = (cnd_word_t)(cnd_sword_t)status, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
        cnd_syscall6(CND_PROCESS_EXIT_SYSCALL, &a0, &a1, &a2, &a3, &a4, &a5);
    }
}
