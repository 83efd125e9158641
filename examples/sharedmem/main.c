/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tutorial step 4: sharing memory between two processes. One frame is
 * mapped at the same address in a writer and a reader process (and in the
 * root task, to look at it afterwards); a notification tells the reader
 * when the data is there.
 */
#include <conductor/libcap.h>

#define WRITER 1
#define READER 2
#define PAGE CND_UL(0x2000000000)  /* where both processes see the page */

int main(const struct cnd_boot_info *bi)
{
    struct cnd_env *env = cnd_root_env(bi);
    const struct cnd_embedded_file *elf = cnd_embedded_find("sharedmem_child");
    cnd_assert(elf != NULL);

    /* The page, mapped in the root task too (cnd_vspace_alloc picks where). */
    struct cnd_mapping page;
    CND_TRY(cnd_vspace_alloc(&env->vspace, 4096, &page));
    struct cnd_object ntfn;
    CND_TRY(cnd_alloc(CND_OBJ_NOTIFICATION, 0, &ntfn));

    /* Made suspended, so the page is mapped before either runs. */
    struct cnd_process p[2];
    for (int i = 0; i < 2; i++) {
        struct cnd_process_options o = { .args = { i == 0 ? WRITER : READER, PAGE },
                                         .caps = &ntfn.cptr, .n_caps = 1, .suspended = true };
        CND_TRY(cnd_create_process(elf->data, elf->size, 100, 0, &o, &p[i]));
        CND_TRY(cnd_process_map(&p[i], page.frames.cptr, PAGE, CND_READ_WRITE,
                                CND_VM_EXECUTE_NEVER));
    }
    cnd_printf("sharedmem: frame at physical %#lx mapped at %#lx in both processes\n",
               (unsigned long)page.frames.paddr, (unsigned long)PAGE);
    CND_TRY(cnd_process_start(&p[1]));  /* the reader first: it waits */
    CND_TRY(cnd_process_start(&p[0]));

    for (int i = 0; i < 2; i++) {
        struct cnd_fault ev;
        char what[120];
        cnd_process_wait(&p[i], &ev);
        cnd_printf("sharedmem: %s %s\n", i == 0 ? "writer" : "reader",
                   cnd_fault_string(&ev, what, sizeof what));
        CND_TRY(cnd_process_destroy(&p[i]));
    }
    cnd_printf("sharedmem: the root task sees \"%s\"\n", (const char *)page.vaddr);
    cnd_printf("sharedmem: done, powering off\n");
    cnd_power_off(bi);
}
