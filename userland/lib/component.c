/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The component runtime: the entry point of programs started by
 * cnd_create_process (linked with conductor_add_component). The creator set
 * sp, the arguments and the start information in registers (see
 * conductor/process.h); here gp, TLS and the IPC buffer are set up and
 * cnd_main runs. This object also replaces the root-task cnd_exit: in a
 * component, ending the program means reporting to the creator, not halting
 * the machine.
 */
#include <conductor/process.h>
#include <conductor/runtime.h>

extern struct cnd_process_info cnd__process_info;
extern bool cnd__process_started;

void cnd_component_start(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3,
                         cnd_word_t ipc_buffer, cnd_word_t first_free, cnd_word_t sizes,
                         cnd_word_t memory_paddr) __attribute__((noreturn));

/* gp first (nothing may use it before), then straight into C with a0..a7
 * untouched. fp = 0 ends backtraces here. */
__asm__(".section .text._cnd_component_start, \"ax\", @progbits\n"
        ".globl _cnd_component_start\n"
        "_cnd_component_start:\n"
        ".option push\n"
        ".option norelax\n"
        "    lla gp, __global_pointer$\n"
        ".option pop\n"
        "    li s0, 0\n"
        "    tail cnd_component_start\n"
        ".previous\n");

void cnd_component_start(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3,
                         cnd_word_t ipc_buffer, cnd_word_t first_free, cnd_word_t sizes,
                         cnd_word_t memory_paddr)
{
    cnd_tls_init_main();
    cnd_set_ipc_buffer((struct cnd_ipc_buffer *)ipc_buffer);
    struct cnd_process_info *pi = &cnd__process_info;
    pi->args[0] = a0;
    pi->args[1] = a1;
    pi->args[2] = a2;
    pi->args[3] = a3;
    pi->ipc_buffer = ipc_buffer;
    pi->first_free = first_free;
    pi->cnode_bits = (unsigned)(sizes & 0xff);
    pi->memory_bits = (unsigned)((sizes >> 8) & 0xff);
    pi->memory_paddr = memory_paddr;
    cnd__process_started = true;
    cnd_process_exit(cnd_main(a0, a1, a2, a3));
}

void cnd_exit(int status)
{
    cnd_process_exit(status);
}
