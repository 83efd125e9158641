/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Thread-local storage. RISC-V places a thread's TLS block at tp (variant I,
 * no thread control block before it): a copy of .tdata followed by zeroed
 * .tbss, as laid out by user.ld. The main thread's block is static; new
 * threads get theirs from whoever creates them (cnd_tls_init).
 */
#include <stdint.h>
#include <conductor/runtime.h>
#include <conductor/syscalls.h>

extern char __tdata_start[], __tdata_end[], __tbss_start[], __tbss_end[];

#define MAIN_TLS_SIZE 512

static uint64_t main_tls[MAIN_TLS_SIZE / 8] __attribute__((aligned(64)));

size_t cnd_tls_size(void)
{
    return (size_t)(__tbss_end - __tdata_start);
}

void *cnd_tls_init(void *area)
{
    char *block = area;
    size_t data = (size_t)(__tdata_end - __tdata_start);
    size_t total = cnd_tls_size();
    for (size_t i = 0; i < data; i++)
        block[i] = __tdata_start[i];
    for (size_t i = data; i < total; i++)
        block[i] = 0;
    return block;
}

void cnd_tls_init_main(void)
{
    if (cnd_tls_size() > sizeof main_tls) {
        cnd_debug_puts("runtime: TLS larger than the main thread's block\n");
        cnd_exit(1);
    }
    void *tp = cnd_tls_init(main_tls);
    __asm__ volatile("mv tp, %0" ::"r"(tp));
}
