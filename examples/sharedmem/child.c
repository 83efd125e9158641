/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One program, two roles: the writer fills the shared page and signals the
 * notification it was given; the reader waits for that signal and prints
 * what it finds. The creator mapped the same frame at `page` in both.
 */
#include <conductor/libcap.h>

#define WRITER 1
#define READER 2

int cnd_main(cnd_word_t role, cnd_word_t page, cnd_word_t a2, cnd_word_t a3)
{
    (void)a2, (void)a3;
    char *shared = (char *)page;
    cnd_cptr_t ntfn = CND_PROC_FIRST_CAP;
    if (role == WRITER) {
        int n = cnd_snprintf(shared, 4096, "hello from the writer, through shared memory");
        cnd_printf("writer: wrote %d bytes at %p, signalling\n", n, (void *)shared);
        cnd_signal(ntfn);
        return n;
    }
    cnd_wait(ntfn);
    cnd_printf("reader: found \"%s\" at %p\n", shared, (void *)shared);
    int n = 0;
    while (shared[n] != '\0')
        n++;
    return n;
}
