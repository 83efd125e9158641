/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conductor-mkpayload: packs modules into a boot payload (format in
 * kernel/include/kernel/payload.h).
 *   conductor-mkpayload -o PAYLOAD [--option KEY=VALUE ...] roottask=FILE.elf [NAME=FILE ...]
 * The root task is checked with the kernel's own ELF validation, and the
 * result with the kernel's own payload reader, so an image that the kernel
 * would refuse is refused here, at build time, with the same message. Image
 * options become the "options" module, checked by the kernel's own parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/elf.h>
#include <kernel/options.h>
#include <kernel/payload.h>

#define USER_TOP 0x3ffffff000ULL
#define MAX_FILE (256UL << 20)

struct input {
    char name[PAYLOAD_NAME_MAX];
    unsigned char *data;
    size_t size;
    uint64_t offset;
};

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "conductor-mkpayload: %s: cannot open\n", path);
        return NULL;
    }
    unsigned char *buf = malloc(MAX_FILE);
    size_t n = buf ? fread(buf, 1, MAX_FILE, f) : 0;
    int too_big = buf && n == MAX_FILE && fgetc(f) != EOF;
    fclose(f);
    if (!buf || too_big) {
        fprintf(stderr, "conductor-mkpayload: %s: %s\n", path,
                buf ? "larger than 256 MiB" : "out of memory");
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

static void put_le(unsigned char *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

int main(int argc, char **argv)
{
    const char *out = NULL;
    struct input in[PAYLOAD_MAX_MODULES];
    unsigned n = 0;
    int have_root = 0;
    static char options[4096];
    size_t options_len = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--option") == 0 && i + 1 < argc) {
            size_t len = strlen(argv[++i]);
            if (options_len + len + 1 > sizeof options) {
                fprintf(stderr, "conductor-mkpayload: too many options\n");
                return 2;
            }
            memcpy(options + options_len, argv[i], len);
            options_len += len;
            options[options_len++] = '\n';
            continue;
        }
        const char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= PAYLOAD_NAME_MAX || n == PAYLOAD_MAX_MODULES) {
            fprintf(stderr, "usage: conductor-mkpayload -o PAYLOAD roottask=FILE.elf [NAME=FILE ...]\n"
                            "  (names 1..%d characters, at most %d modules)\n",
                    PAYLOAD_NAME_MAX - 1, PAYLOAD_MAX_MODULES);
            return 2;
        }
        memset(in[n].name, 0, sizeof in[n].name);
        memcpy(in[n].name, argv[i], (size_t)(eq - argv[i]));
        if (!(in[n].data = read_file(eq + 1, &in[n].size)))
            return 1;
        if (strcmp(in[n].name, "roottask") == 0) {
            struct elf_image img;
            struct elf_error err;
            if (!elf_parse(in[n].data, in[n].size, USER_TOP, &img, &err)) {
                fprintf(stderr, "conductor-mkpayload: %s: not a usable root task: %s\n", eq + 1,
                        err.message);
                return 1;
            }
            have_root = 1;
        }
        n++;
    }
    if (options_len > 0) {
        struct boot_options o;
        char err[128];
        boot_options_default(&o);
        if (!boot_options_parse(options, options_len, &o, err, sizeof err)) {
            fprintf(stderr, "conductor-mkpayload: %s\n", err);
            return 1;
        }
        if (n == PAYLOAD_MAX_MODULES) {
            fprintf(stderr, "conductor-mkpayload: too many modules\n");
            return 2;
        }
        memset(in[n].name, 0, sizeof in[n].name);
        memcpy(in[n].name, "options", 8);
        in[n].data = (unsigned char *)options;
        in[n].size = options_len;
        n++;
    }
    if (!out || !have_root) {
        fprintf(stderr, "usage: conductor-mkpayload -o PAYLOAD roottask=FILE.elf [NAME=FILE ...]\n");
        return 2;
    }

    uint64_t offset = PAYLOAD_HEADER_SIZE + (uint64_t)n * PAYLOAD_ENTRY_SIZE;
    for (unsigned i = 0; i < n; i++) {
        offset = (offset + PAYLOAD_ALIGN - 1) & ~(uint64_t)(PAYLOAD_ALIGN - 1);
        in[i].offset = offset;
        offset += in[i].size;
    }
    uint64_t total = (offset + 7) & ~(uint64_t)7;
    unsigned char *blob = calloc(1, total);
    if (!blob) {
        fprintf(stderr, "conductor-mkpayload: out of memory\n");
        return 1;
    }
    memcpy(blob, PAYLOAD_MAGIC, 8);
    put_le(blob + 8, PAYLOAD_VERSION, 4);
    put_le(blob + 12, n, 4);
    put_le(blob + 16, total, 8);
    for (unsigned i = 0; i < n; i++) {
        unsigned char *e = blob + PAYLOAD_HEADER_SIZE + i * PAYLOAD_ENTRY_SIZE;
        memcpy(e, in[i].name, PAYLOAD_NAME_MAX);
        put_le(e + 32, in[i].offset, 8);
        put_le(e + 40, in[i].size, 8);
        memcpy(blob + in[i].offset, in[i].data, in[i].size);
    }
    struct payload_error perr;
    if (payload_check(blob, total, &perr) != (int)n) {
        fprintf(stderr, "conductor-mkpayload: internal error: %s\n", perr.message);
        return 1;
    }
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(blob, 1, total, f) != total || fclose(f) != 0) {
        fprintf(stderr, "conductor-mkpayload: %s: cannot write\n", out);
        return 1;
    }
    return 0;
}
