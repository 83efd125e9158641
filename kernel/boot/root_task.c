/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loading the root task from the boot payload, laid out as seL4 lays out its
 * initial thread: the ELF image at its link addresses, then the IPC buffer
 * frame, the boot-info frame and the extra boot-info frames (carrying the
 * device tree) in the pages right above it; a0 = boot-info address, every
 * other register zero.
 */
#include <abi/boot_info.h>
#include <arch/vm.h>
#include <arch/vm_layout.h>
#include <kernel/boot.h>
#include <kernel/elf.h>
#include <kernel/payload.h>
#include <kernel/printf.h>
#include <kernel/string.h>
#include <kernel/thread.h>
#include <arch/csr.h>

#define ROOT_TASK_ASID 1

static paddr_t alloc_table(void *cookie)
{
    (void)cookie;
    return boot_alloc(PAGE_SIZE, PAGE_SIZE, "root task page table");
}

/* Copies into the frame for page `va` the bytes of every segment on it. */
static void fill_image_page(uint8_t *frame, vaddr_t va, const uint8_t *elf,
                            const struct elf_image *img)
{
    for (uint32_t i = 0; i < img->n_segments; i++) {
        const struct elf_segment *s = &img->segments[i];
        uint64_t lo = s->vaddr > va ? s->vaddr : va;
        uint64_t hi = s->vaddr + s->filesz < va + PAGE_SIZE ? s->vaddr + s->filesz : va + PAGE_SIZE;
        if (lo < hi)
            memcpy(frame + (lo - va), elf + s->offset + (lo - s->vaddr), hi - lo);
    }
}

static void map_root_page(paddr_t root, vaddr_t va, paddr_t frame)
{
    /* seL4 maps every root-task frame R W X; programs built for it rely on
     * nothing less. */
    if (!vm_map_user_page(root, va, frame, PTE_R | PTE_W | PTE_X, alloc_table, 0, 0))
        boot_fail("cannot map root task page %#lx", (unsigned long)va);
}

static uint64_t round_up_pow2(uint64_t v)
{
    uint64_t p = PAGE_SIZE;
    while (p < v)
        p <<= 1;
    return p;
}

void boot_load_root_task(void)
{
    struct boot_state *b = &boot_state;
    const uint8_t *payload = paddr_to_kptr(b->payload_paddr);
    struct payload_error perr;
    if (payload_check(payload, b->payload_end_paddr - b->payload_paddr, &perr) < 0)
        boot_fail("boot payload: %s", perr.message);
    struct payload_module mod;
    if (!payload_find(payload, "roottask", &mod))
        boot_fail("boot payload has no \"roottask\" module");
    const uint8_t *elf = payload + mod.offset;
    struct elf_image img;
    struct elf_error eerr;
    if (!elf_parse(elf, mod.size, USER_TOP, &img, &eerr))
        boot_fail("root task ELF: %s", eerr.message);

    uint64_t extra_len = sizeof(struct cnd_boot_info_header) + b->dtb_size;
    vaddr_t ipc_va = img.vend, bi_va = img.vend + PAGE_SIZE, extra_va = img.vend + 2 * PAGE_SIZE;
    uint64_t extra_span = round_up_pow2(extra_len);
    if (extra_va + extra_span > USER_TOP || extra_va + extra_span < extra_va)
        boot_fail("root task image [%#lx, %#lx) leaves no room below %#lx for its IPC buffer "
                  "and boot info", (unsigned long)img.vstart, (unsigned long)img.vend,
                  (unsigned long)USER_TOP);

    paddr_t root = boot_alloc(PAGE_SIZE, PAGE_SIZE, "root task VSpace");
    vm_init_vspace_root(paddr_to_kptr(root));

    for (vaddr_t va = img.vstart; va < img.vend; va += PAGE_SIZE) {
        paddr_t frame = boot_alloc(PAGE_SIZE, PAGE_SIZE, "root task image frame");
        fill_image_page(paddr_to_kptr(frame), va, elf, &img);
        map_root_page(root, va, frame);
    }
    paddr_t ipc_frame = boot_alloc(PAGE_SIZE, PAGE_SIZE, "root task IPC buffer");
    map_root_page(root, ipc_va, ipc_frame);

    paddr_t bi_frame = boot_alloc(PAGE_SIZE, PAGE_SIZE, "boot info frame");
    map_root_page(root, bi_va, bi_frame);
    struct cnd_boot_info *bi = paddr_to_kptr(bi_frame);
    bi->extra_len = extra_len;
    bi->node_id = 0;
    bi->num_nodes = 1;
    bi->num_iopt_levels = 0;
    bi->ipc_buffer = ipc_va;
    bi->init_thread_domain = 0;

    uint64_t extra_pages = (extra_len + PAGE_SIZE - 1) >> PAGE_BITS;
    paddr_t extra = boot_alloc(extra_pages << PAGE_BITS, PAGE_SIZE, "extra boot info");
    struct cnd_boot_info_header *hdr = paddr_to_kptr(extra);
    hdr->id = CND_BOOTINFO_HEADER_FDT;
    hdr->len = extra_len;
    memcpy(hdr + 1, paddr_to_kptr(b->dtb_paddr), b->dtb_size);
    for (uint64_t i = 0; i < extra_pages; i++)
        map_root_page(root, extra_va + (i << PAGE_BITS), extra + (i << PAGE_BITS));

    struct tcb *t = paddr_to_kptr(boot_alloc(1UL << TCB_SIZE_BITS, 1UL << TCB_SIZE_BITS,
                                             "root task TCB"));
    t->ctx.pc = img.entry;
    ctx_set(&t->ctx, REG_A0, bi_va);
    t->ctx.sstatus = SSTATUS_SPIE | SSTATUS_FS_INITIAL;
    t->vspace_root = root;
    t->asid = ROOT_TASK_ASID;
    t->state = THREAD_RUNNING;
    memcpy(t->name, "rootserver", sizeof "rootserver");
    current_thread = t;

    /* The payload has been copied out: its memory is free from now on. */
    if (!region_list_add(&b->free_memory, b->payload_paddr, b->payload_end_paddr))
        boot_fail("memory map too fragmented to recycle the payload");
    kprintf("root task: entry %#lx, image [%#lx, %#lx), IPC buffer %#lx, boot info %#lx\n",
            (unsigned long)img.entry, (unsigned long)img.vstart, (unsigned long)img.vend,
            (unsigned long)ipc_va, (unsigned long)bi_va);
}
