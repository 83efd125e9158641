/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: processes, made from ELF images.
 *
 * cnd_create_process() builds a process the way the design brief describes
 * one: a new CSpace (one CNode), a new VSpace (a page table given an ASID
 * from the caller's ASID pool), the image's segments copied into fresh
 * frames, a stack with a guard page, an IPC buffer, a TCB, and a fault
 * endpoint on which the creator hears about the process's faults and its
 * exit. Everything except the memory handed to the child comes from one
 * private untyped (the process's "pool") carved from the creator's
 * allocator, so cnd_process_destroy() gives it all back with one revoke.
 *
 * The child's side. Link it with conductor_add_component() (CMake): it
 * starts in the library's component runtime, which sets up TLS and the IPC
 * buffer and calls
 *     int cnd_main(cnd_word_t arg0, cnd_word_t arg1, cnd_word_t arg2, cnd_word_t arg3);
 * with the four arguments the creator passed (registers a0..a3). Returning
 * from cnd_main, or calling cnd_exit(status), ends the process: the creator
 * receives a CND_FAULT_EXIT event with the status. cnd_process_self() gives
 * the rest of the start information, cnd_process_env() an env over it.
 *
 * Start registers (for programs that bring their own runtime): pc = ELF
 * entry, sp = stack top, a0..a3 = arguments, a4 = IPC buffer address,
 * a5 = first free slot, a6 = CSpace bits | memory untyped bits << 8 (0: no
 * memory), a7 = the memory untyped's physical address; all others 0.
 *
 * The child's CSpace: one CNode of 2^cnode_bits slots, slot n = cptr n:
 */
#ifndef CONDUCTOR_PROCESS_H
#define CONDUCTOR_PROCESS_H

#include <abi/ipc_buffer.h>
#include <abi/vm.h>
#include <conductor/env.h>
#include <conductor/fault.h>

#define CND_PROC_TCB 1          /* its own TCB */
#define CND_PROC_CNODE 2        /* its CSpace root (guarded so slot n = cptr n) */
#define CND_PROC_VSPACE 3       /* its VSpace root */
#define CND_PROC_FAULT_EP 4     /* its fault endpoint (badged; send + grant) */
#define CND_PROC_MEMORY 5       /* the untyped it was given, if any */
#define CND_PROC_ASID_POOL 6    /* not given today: reserved */
#define CND_PROC_FIRST_CAP 8    /* caps passed in options.caps[] go here, in order */
#define CND_PROC_MAX_CAPS 8

/* The child's address space, besides its ELF segments. */
#define CND_PROC_STACK_TOP CND_UL(0x3ff0000000)      /* stack grows down from here */
#define CND_PROC_IPC_BUFFER CND_UL(0x3ff0001000)     /* one page, above a gap */

/* Defaults for struct cnd_process_options fields left 0. */
#define CND_PROC_DEFAULT_STACK (16 * 1024)
#define CND_PROC_DEFAULT_CNODE_BITS 10
/* The range of struct cnd_process_options.cnode_bits. */
#define CND_PROC_MIN_CNODE_BITS 5
#define CND_PROC_MAX_CNODE_BITS 16

_Static_assert(CND_MAX_UNTYPED_BITS < 256 && CND_PROC_MAX_CNODE_BITS < 256,
               "a6 packs CSpace bits (at most 16) and memory bits in one byte each");
_Static_assert(CND_PROC_FIRST_CAP + CND_PROC_MAX_CAPS <= (1 << CND_PROC_MIN_CNODE_BITS),
               "the fixed slots and given caps fit the smallest CSpace (5 bits)");
_Static_assert(CND_PROC_IPC_BUFFER % CND_IPC_BUFFER_SIZE == 0,
               "the kernel wants IPC buffers aligned to their size");
_Static_assert(CND_PROC_IPC_BUFFER + CND_PAGE_SIZE <= CND_USER_TOP, "below the user top");
_Static_assert((CND_PROC_STACK_TOP & (CND_LARGE_PAGE_SIZE - 1)) == 0,
               "the stack top starts a 2 MiB region: the IPC buffer gets its own table");

/* How a process is made. Zero-initialise it and set what you need. */
struct cnd_process_options {
    cnd_word_t args[4];         /* a0..a3: the arguments of cnd_main */
    const cnd_cptr_t *caps;     /* caps (in the creator's CSpace) copied, all rights,
                                 * into slots CND_PROC_FIRST_CAP.. of the child */
    unsigned n_caps;            /* at most CND_PROC_MAX_CAPS */
    cnd_word_t stack_size;      /* bytes; 0: CND_PROC_DEFAULT_STACK */
    unsigned cnode_bits;        /* 0: CND_PROC_DEFAULT_CNODE_BITS; else
                                 * CND_PROC_MIN_CNODE_BITS..CND_PROC_MAX_CNODE_BITS */
    cnd_cptr_t fault_ep;        /* an endpoint (creator's CSpace) for faults and
                                 * exit; 0: the process gets its own */
    cnd_badge_t badge;          /* badge of the child's fault endpoint cap;
                                 * 0: the TCB's slot number (never 0) */
    unsigned extra_tables;      /* page tables kept in reserve for
                                 * cnd_process_map (default 2) */
    bool suspended;             /* do not start it yet (cnd_process_start) */
    const char *name;           /* debug kernels only: DebugNameThread */
    struct cnd_env *env;        /* the creator's env; NULL: the default env */
};

/* Handles to a process. Caps are in the creator's CSpace. */
struct cnd_process {
    cnd_cptr_t tcb, cnode, vspace;
    cnd_cptr_t fault_ep;        /* where its faults and exit arrive */
    cnd_badge_t badge;          /* the badge they arrive with */
    cnd_vaddr_t entry, stack_top, ipc_buffer;
    cnd_cptr_t first_free;      /* first free slot in the child's CSpace */
    /* Bookkeeping of the library. */
    struct cnd_env *env;
    struct cnd_object pool;     /* everything below comes from here */
    struct cnd_object ep_obj;   /* the fault endpoint, when the library made it */
    struct cnd_cspace slots;    /* the creator's slots the process uses (bump mode) */
    struct cnd_ut_alloc mem;
    struct cnd_ut_entry mem_entry;
    struct cnd_vspace vs;
    unsigned cnode_bits;
    bool alive;
};

/*
 * Makes a process from the static RISC-V ELF executable at elf (elf_size
 * bytes, e.g. from cnd_embedded_find), running at `priority` (at most the
 * creator's MCP), with `memory_limit` — an untyped cap in the creator's
 * CSpace, or 0 — MOVED into the child's slot CND_PROC_MEMORY: all the
 * memory the child can ever allocate itself. opts may be NULL (defaults).
 * Unless opts->suspended, it starts running at once.
 * On failure everything made so far is destroyed again (memory_limit stays
 * with the creator). Errors: CND_ERR_BAD_ELF, CND_ERR_BAD_ARGUMENT (priority,
 * cnode_bits, n_caps, no env), the allocators' and the kernel's.
 */
struct cnd_result cnd_create_process(const void *elf, size_t elf_size, cnd_word_t priority,
                                     cnd_cptr_t memory_limit,
                                     const struct cnd_process_options *opts,
                                     struct cnd_process *proc);

/* Starts a process made with options.suspended (TCB_Resume), passing it the
 * first free slot of its CSpace as cnd_process_give_cap left it. Errors:
 * the kernel's TCB_ReadRegisters / TCB_WriteRegisters / TCB_Resume errors. */
struct cnd_result cnd_process_start(struct cnd_process *proc);

/* Copies (rights) or mints (rights, badge) a cap of the creator into the
 * child's first free slot; *child_slot gets its cptr there. Give caps before
 * the child starts (options.suspended, then cnd_process_start, which passes
 * the new first free slot on): a running child's own allocator does not
 * know about slots filled behind its back. Errors: CND_ERR_NO_SLOTS, the
 * kernel's CNode_Mint errors. */
struct cnd_result cnd_process_give_cap(struct cnd_process *proc, cnd_cptr_t cap,
                                       cnd_cap_rights_t rights, cnd_badge_t badge,
                                       cnd_cptr_t *child_slot);

/*
 * Maps a frame of the creator into the child at vaddr: a copy of the cap is
 * made (kept by the process) and mapped, with page tables from the process's
 * reserve (options.extra_tables). For sharing memory: map the same frame in
 * the creator (or another process) too. Errors: CND_ERR_NO_SLOTS, the
 * kernel's CNode_Copy and Page_Map errors (e.g. DeleteFirst: something is
 * mapped there), CND_ERR_NO_MEMORY (the table reserve is used up).
 */
struct cnd_result cnd_process_map(struct cnd_process *proc, cnd_cptr_t frame, cnd_vaddr_t vaddr,
                                  cnd_cap_rights_t rights, cnd_vm_attributes_t attr);

/*
 * Waits for the next event of this process on its fault endpoint: a fault
 * (the process waits for a reply: cnd_fault_reply_restart() lets it retry)
 * or its exit (event->type CND_FAULT_EXIT; it never runs again). If the
 * endpoint is shared, events of other processes are skipped (lost): give
 * each process its own endpoint or use cnd_fault_recv() yourself. Errors:
 * none reported (it waits until an event of this process arrives).
 */
void cnd_process_wait(struct cnd_process *proc, struct cnd_fault *event);

/* Stops the process and frees everything it used: its objects, the
 * creator's slots it took and, through the child's CNode, the memory it was
 * given. Errors: CND_ERR_BAD_ARGUMENT (destroyed already, or never made);
 * the teardown itself reports nothing: what the kernel refuses to delete
 * is revoked with the process's pool. */
struct cnd_result cnd_process_destroy(struct cnd_process *proc);

/* --- In the child ------------------------------------------------------------ */

/* What the creator passed (see "Start registers"). */
struct cnd_process_info {
    cnd_word_t args[4];
    cnd_vaddr_t ipc_buffer;
    cnd_cptr_t first_free;
    unsigned cnode_bits;
    unsigned memory_bits;       /* 0: no memory untyped */
    cnd_paddr_t memory_paddr;
};

/* The start information. Errors: NULL when not running as a process (the
 * root task, or a program with its own runtime). */
const struct cnd_process_info *cnd_process_self(void);

/* The UnknownSyscall number the component runtime uses to report exit
 * (a0 = status); the creator sees it as CND_FAULT_EXIT. */
#define CND_PROCESS_EXIT_SYSCALL 0x434e4458 /* "CNDX" */
_Static_assert(CND_PROCESS_EXIT_SYSCALL > 0,
               "kernel system calls are negative: a positive number is always UnknownSyscall");

/* The component's entry, defined by the program; its return value is the
 * exit status. Errors: not applicable (the library calls it). */
int cnd_main(cnd_word_t arg0, cnd_word_t arg1, cnd_word_t arg2, cnd_word_t arg3);

/* Ends the calling process with `status` (the creator gets CND_FAULT_EXIT);
 * never returns. In a component, cnd_exit() does this too. Errors: none (if
 * the creator replies anyway, it raises the exit again). */
void cnd_process_exit(int status) __attribute__((noreturn));

#endif /* CONDUCTOR_PROCESS_H */
