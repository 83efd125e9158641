/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Building the root task, laid out as seL4 lays out its initial thread: the
 * ELF image at its link addresses, then the IPC buffer frame, the boot-info
 * frame and the extra boot-info frames right above it; a0 = boot-info
 * address, every other register zero. Its capabilities (boot_cspace.c) name
 * every object made here, so nothing is left outside the capability system.
 */
#include <abi/boot_info.h>
#include <arch/csr.h>
#include <arch/vm.h>
#include <arch/vm_layout.h>
#include <kernel/boot.h>
#include <kernel/boot_cspace.h>
#include <kernel/elf.h>
#include <kernel/fastpath.h>
#include <kernel/invariants.h>
#include <kernel/options.h>
#include <kernel/payload.h>
#include <kernel/printf.h>
#include <kernel/string.h>
#include <kernel/tcb.h>

extern char trap_entry_general[];

struct root_layout root_layout;

static paddr_t alloc_table(void *cookie)
{
    (void)cookie;
    return boot_alloc(PAGE_SIZE, PAGE_SIZE, "root task page table");
}

static void on_new_table(void *cookie, paddr_t table, vaddr_t va, unsigned level)
{
    (void)cookie;
    boot_cspace_add_page_table(&root_layout, table, va, level);
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

/* Maps `frame` at `va` R W X, as seL4 maps every root-task frame. */
static void map_frame(vaddr_t va, paddr_t frame)
{
    if (!vm_map_user_page(root_layout.vspace_root, va, frame, PTE_R | PTE_W | PTE_X,
                          alloc_table, 0, on_new_table))
        boot_fail("cannot map root task page %#lx", (unsigned long)va);
}

static paddr_t map_new_frame(vaddr_t va, const char *what)
{
    paddr_t frame = boot_alloc(PAGE_SIZE, PAGE_SIZE, what);
    map_frame(va, frame);
    return frame;
}

static uint64_t round_up_pow2(uint64_t v)
{
    uint64_t p = PAGE_SIZE;
    while (p < v)
        p <<= 1;
    return p;
}

/* Bytes of the arguments chunk: header, text, NUL, padded to 8 so that the
 * device-tree chunk after it stays word-aligned; 0 without the option. */
static uint64_t root_args_chunk_len(const struct root_layout *l)
{
    if (l->options.root_args_len == 0)
        return 0;
    return sizeof(struct cnd_boot_info_header) + ((l->options.root_args_len + 1 + 7) & ~7ull);
}

static void load_image(const uint8_t *elf, uint64_t size)
{
    struct root_layout *l = &root_layout;
    struct elf_image img;
    struct elf_error eerr;
    if (!elf_parse(elf, size, USER_TOP, &img, &eerr))
        boot_fail("root task ELF: %s", eerr.message);
    l->entry = img.entry;
    l->image_start = img.vstart;
    l->image_end = img.vend;
    l->ipc_buffer_va = img.vend;
    l->boot_info_va = img.vend + PAGE_SIZE;
    l->extra_va = img.vend + 2 * PAGE_SIZE;
    l->extra_len = sizeof(struct cnd_boot_info_system_control) + root_args_chunk_len(l) +
                   sizeof(struct cnd_boot_info_header) + boot_state.dtb_size;
    l->extra_pages = (l->extra_len + PAGE_SIZE - 1) >> PAGE_BITS;
    uint64_t span = round_up_pow2(l->extra_len);
    if (l->extra_va + span > USER_TOP || l->extra_va + span < l->extra_va)
        boot_fail("root task image [%#lx, %#lx) leaves no room below %#lx for its IPC buffer "
                  "and boot info", (unsigned long)img.vstart, (unsigned long)img.vend,
                  (unsigned long)USER_TOP);
    l->region_end = l->extra_va + span;

    /* The CNode first: it is the largest object, and alignment waste is
     * smallest when it is carved before the small ones. */
    boot_cspace_create(l);

    l->vspace_root = boot_alloc(PAGE_SIZE, PAGE_SIZE, "root task VSpace");
    vm_init_vspace_root(paddr_to_kptr(l->vspace_root));
    /* Page tables for the whole region first, as seL4 does: user land may
     * rely on being able to map frames anywhere in it. */
    for (vaddr_t va = l->image_start & ~(MEGA_PAGE_SIZE - 1); va < l->region_end;
         va += MEGA_PAGE_SIZE)
        if (!vm_ensure_user_tables(l->vspace_root, va, alloc_table, 0, on_new_table))
            boot_fail("cannot create root task page tables at %#lx", (unsigned long)va);

    for (vaddr_t va = img.vstart; va < img.vend; va += PAGE_SIZE) {
        paddr_t frame = map_new_frame(va, "root task image frame");
        fill_image_page(paddr_to_kptr(frame), va, elf, &img);
        boot_cspace_add_image_frame(l, frame, va);
    }
    l->ipc_buffer = map_new_frame(l->ipc_buffer_va, "root task IPC buffer");
    l->boot_info = map_new_frame(l->boot_info_va, "boot info frame");
    /* One block, so that the chunks can be written contiguously. */
    l->extra = boot_alloc(l->extra_pages << PAGE_BITS, PAGE_SIZE, "extra boot info");
    for (uint64_t i = 0; i < l->extra_pages; i++) {
        vaddr_t va = l->extra_va + (i << PAGE_BITS);
        map_frame(va, l->extra + (i << PAGE_BITS));
        boot_cspace_add_extra_frame(l, l->extra + (i << PAGE_BITS), va);
    }
}

/* Extra boot info: the system-control chunk, the arguments chunk (only with
 * the args option), then the device tree chunk. */
static void write_extra_boot_info(const struct root_layout *l)
{
    uint8_t *extra = paddr_to_kptr(l->extra);
    struct cnd_boot_info_system_control *sc = (void *)extra;
    sc->header.id = CND_BOOTINFO_HEADER_SYSTEM_CONTROL;
    sc->header.len = sizeof *sc;
    sc->slot = CND_CAP_SYSTEM_CONTROL;
    extra += sizeof *sc;
    uint64_t args_len = root_args_chunk_len(l);
    if (args_len > 0) {
        struct cnd_boot_info_header *args = (void *)extra;
        args->id = CND_BOOTINFO_HEADER_ARGS;
        args->len = args_len;
        memset(args + 1, 0, args_len - sizeof *args);
        memcpy(args + 1, l->options.root_args, l->options.root_args_len);
        extra += args_len;
    }
    struct cnd_boot_info_header *fdt = (void *)extra;
    fdt->id = CND_BOOTINFO_HEADER_FDT;
    fdt->len = sizeof *fdt + boot_state.dtb_size;
    memcpy(fdt + 1, paddr_to_kptr(boot_state.dtb_paddr), boot_state.dtb_size);
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

    struct root_layout *l = &root_layout;
    boot_options_default(&l->options);
    struct payload_module opt;
    if (payload_find(payload, "options", &opt)) {
        char err[96];
        if (!boot_options_parse((const char *)payload + opt.offset, opt.size, &l->options, err,
                                sizeof err))
            boot_fail("image %s", err);
    }
    fastpath_enabled = l->options.fastpath;
    /* fastpath=off: a trap vector without the fastpath dispatch (trap.S),
     * so that the fastpaths themselves never test the option. */
    if (!fastpath_enabled) {
        csr_write(stvec, (uint64_t)trap_entry_general);
        kprintf("syscalls: fastpath off (image option): every system call takes the general path\n");
    }
    print_user_errors = !l->options.quiet_user_errors;
    load_image(payload + mod.offset, mod.size);
    write_extra_boot_info(l);

    struct tcb *t = l->tcb;
    t->ctx.pc = l->entry;
    ctx_set(&t->ctx, REG_A0, l->boot_info_va);
    arch_context_init(&t->ctx);
    t->state = THREAD_RUNNING;
    t->priority = CND_MAX_PRIO;
    t->mcp = CND_MAX_PRIO;
    t->ipc_buffer = l->ipc_buffer_va;
    memcpy(t->name, "rootserver", sizeof "rootserver");
    current_thread = t;
    thread_registry_add(t);

    /* The payload has been copied out: its memory is free from now on, and
     * becomes untyped memory like the rest. */
    if (!region_list_add(&b->free_memory, b->payload_paddr, b->payload_end_paddr))
        boot_fail("memory map too fragmented to recycle the payload");
    boot_cspace_finish(l);
    kprintf("root task: entry %#lx, image [%#lx, %#lx), IPC buffer %#lx, boot info %#lx\n",
            (unsigned long)l->entry, (unsigned long)l->image_start, (unsigned long)l->image_end,
            (unsigned long)l->ipc_buffer_va, (unsigned long)l->boot_info_va);
}
