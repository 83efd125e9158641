/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot-info accessors (see conductor/bootinfo.h). The extra boot info starts
 * one page above the boot-info frame (seL4's layout); its chunks are walked
 * with every length checked, since a corrupt chunk list must not send the
 * root task reading past what the kernel mapped.
 */
#include <abi/vm.h>
#include <conductor/bootinfo.h>
#include <conductor/error.h>
#include <conductor/invocations.h>
#include <conductor/printf.h>
#include <conductor/runtime.h>

size_t cnd_bootinfo_untyped_count(const struct cnd_boot_info *bi)
{
    if (bi->untyped.end < bi->untyped.start)
        return 0;
    size_t n = (size_t)(bi->untyped.end - bi->untyped.start);
    return n > CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS ? CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS : n;
}

const struct cnd_untyped_desc *cnd_bootinfo_untyped(const struct cnd_boot_info *bi, size_t i,
                                                    cnd_cptr_t *cptr)
{
    if (i >= cnd_bootinfo_untyped_count(bi))
        return NULL;
    if (cptr != NULL)
        *cptr = bi->untyped.start + i;
    return &bi->untyped_list[i];
}

cnd_word_t cnd_bootinfo_untyped_bytes(const struct cnd_boot_info *bi, bool device)
{
    cnd_word_t total = 0;
    size_t i;
    cnd_cptr_t cptr;
    const struct cnd_untyped_desc *d;
    CND_BOOTINFO_FOR_EACH_UNTYPED(bi, i, cptr, d) {
        if ((d->is_device != 0) == device && d->size_bits < CND_WORD_BITS)
            total += (cnd_word_t)1 << d->size_bits;
    }
    (void)cptr;
    return total;
}

struct cnd_slot_region cnd_bootinfo_empty(const struct cnd_boot_info *bi)
{
    return bi->empty;
}

unsigned cnd_bootinfo_cnode_bits(const struct cnd_boot_info *bi)
{
    return (unsigned)bi->init_thread_cnode_size_bits;
}

const void *cnd_bootinfo_chunk(const struct cnd_boot_info *bi, cnd_word_t id, size_t *len)
{
    const uint8_t *extra = (const uint8_t *)bi + CND_BOOT_INFO_FRAME_SIZE;
    cnd_word_t off = 0;
    while (off < bi->extra_len &&
           bi->extra_len - off >= sizeof(struct cnd_boot_info_header)) {
        const struct cnd_boot_info_header *h = (const void *)(extra + off);
        if (h->len < sizeof *h || h->len > bi->extra_len - off)
            return NULL;
        if (h->id == id) {
            if (len != NULL)
                *len = (size_t)(h->len - sizeof *h);
            return h + 1;
        }
        off += h->len;
        /* Chunks are word aligned; an odd length would misalign the next. */
        if (off % sizeof(cnd_word_t) != 0)
            return NULL;
    }
    return NULL;
}

const void *cnd_bootinfo_fdt(const struct cnd_boot_info *bi, size_t *size)
{
    return cnd_bootinfo_chunk(bi, CND_BOOTINFO_HEADER_FDT, size);
}

cnd_cptr_t cnd_bootinfo_system_control(const struct cnd_boot_info *bi)
{
    size_t len;
    const cnd_word_t *slot = cnd_bootinfo_chunk(bi, CND_BOOTINFO_HEADER_SYSTEM_CONTROL, &len);
    if (slot == NULL || len < sizeof(cnd_word_t))
        return CND_CAP_NULL;
    return *slot;
}

void cnd_power_off(const struct cnd_boot_info *bi)
{
    cnd_cptr_t sc = bi != NULL ? cnd_bootinfo_system_control(bi) : CND_CAP_NULL;
    if (sc == CND_CAP_NULL) {
        cnd_printf("power off: the kernel announced no system-control cap\n");
    } else {
        struct cnd_result r = cnd_system_control_power_off(sc);
        char msg[160];
        /* Only a failed call returns. */
        cnd_printf("power off: %s\n", cnd_error_string(r, msg, sizeof msg));
    }
    cnd_exit(0);
}

const char *cnd_bootinfo_args(const struct cnd_boot_info *bi)
{
    size_t len;
    const char *text = cnd_bootinfo_chunk(bi, CND_BOOTINFO_HEADER_ARGS, &len);
    /* The kernel NUL-terminates; a chunk without a NUL is not trusted. */
    if (text == NULL)
        return "";
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\0')
            return text;
    return "";
}
