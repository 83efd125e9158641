/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of the root-task ELF checks and the boot payload reader: a valid
 * file, one hostile variant per error message, every truncation and random
 * corruption (run under ASan/UBSan: no out-of-bounds read may happen). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/elf.h>
#include <kernel/payload.h>
#include "test.h"

#define USER_TOP 0x3ffffff000ULL

static void put(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* An ELF with two PT_LOAD segments: text at 0x10000, data at 0x11000. */
static size_t make_elf(uint8_t *b)
{
    memset(b, 0, 512);
    memcpy(b, "\x7f" "ELF", 4);
    b[4] = 2; b[5] = 1; b[6] = 1;
    put(b + 16, 2, 2);       /* ET_EXEC */
    put(b + 18, 243, 2);     /* EM_RISCV */
    put(b + 24, 0x10010, 8); /* entry */
    put(b + 32, 64, 8);      /* phoff */
    put(b + 52, 64, 2);
    put(b + 54, 56, 2);
    put(b + 56, 2, 2);       /* phnum */
    uint8_t *ph = b + 64;
    put(ph, 1, 4); put(ph + 4, 5, 4); put(ph + 8, 256, 8); put(ph + 16, 0x10000, 8);
    put(ph + 32, 64, 8); put(ph + 40, 64, 8);
    ph += 56;
    put(ph, 1, 4); put(ph + 4, 6, 4); put(ph + 8, 320, 8); put(ph + 16, 0x11000, 8);
    put(ph + 32, 32, 8); put(ph + 40, 0x2000, 8);
    return 512;
}

static void expect_elf_error(const uint8_t *b, size_t n, enum elf_problem problem, uint64_t where,
                             const char *substr)
{
    struct elf_image img;
    struct elf_error err;
    CHECK(!elf_parse(b, n, USER_TOP, &img, &err));
    if (!strstr(err.message, substr) || err.problem != problem || err.where != where) {
        fprintf(stderr, "expected problem %d at %#lx, \"%s\" in: problem %d at %#lx, \"%s\"\n",
                (int)problem, (unsigned long)where, substr, (int)err.problem,
                (unsigned long)err.where, err.message);
        CHECK(0);
    }
}

static void test_elf(void)
{
    uint8_t b[512], m[512];
    size_t n = make_elf(b);
    struct elf_image img;
    struct elf_error err;
    CHECK(elf_parse(b, n, USER_TOP, &img, &err));
    CHECK(img.entry == 0x10010 && img.vstart == 0x10000 && img.vend == 0x13000);
    CHECK(img.n_segments == 2 && img.segments[1].memsz == 0x2000);

#define MUTATE(stmt, p, w, msg) do { memcpy(m, b, n); stmt; expect_elf_error(m, n, p, w, msg); } while (0)
    MUTATE(m[0] = 0, ELF_BAD_MAGIC, 0, "bad magic");
    MUTATE(m[4] = 1, ELF_NOT_64BIT, 1, "not a 64-bit");
    MUTATE(m[5] = 2, ELF_NOT_LITTLE_ENDIAN, 2, "not little-endian");
    MUTATE(put(m + 18, 62, 2), ELF_NOT_RISCV, 62, "is not RISC-V");
    MUTATE(put(m + 16, 3, 2), ELF_NOT_EXECUTABLE, 3, "not a static executable");
    MUTATE(put(m + 54, 32, 2), ELF_BAD_PHDRS, 32, "program header size");
    MUTATE(put(m + 56, 0, 2), ELF_NO_SEGMENTS, 0, "no program headers");
    MUTATE(put(m + 32, 500, 8), ELF_BAD_PHDRS, 500, "run past the end");
    MUTATE(put(m + 64 + 32, 128, 8), ELF_SEGMENT_BAD_SIZE, 0, "exceeds memory size");
    MUTATE(put(m + 64 + 8, 500, 8), ELF_SEGMENT_OUTSIDE_FILE, 0, "run past the end of the file");
    MUTATE(put(m + 64 + 16, USER_TOP, 8), ELF_SEGMENT_BAD_ADDRESS, 0, "not below the user address limit");
    MUTATE(put(m + 64 + 40, UINT64_MAX - 10, 8), ELF_SEGMENT_BAD_ADDRESS, 0,
           "not below the user address limit");
    MUTATE(put(m + 120 + 16, 0x10020, 8), ELF_SEGMENTS_OVERLAP, 1, "overlaps");
    /* A segment starting inside a page: the image extent is whole pages. */
    memcpy(m, b, n);
    put(m + 64 + 16, 0x10008, 8);
    put(m + 24, 0x10018, 8);
    CHECK(elf_parse(m, n, USER_TOP, &img, &err));
    CHECK(img.vstart == 0x10000 && img.vend == 0x13000 && img.segments[0].vaddr == 0x10008);
    /* Program headers that are not PT_LOAD are neither loaded nor checked. */
    memcpy(m, b, n);
    put(m + 56, 3, 2);
    put(m + 176, 0x70000003, 4);
    put(m + 176 + 16, USER_TOP + 0x1000, 8);
    put(m + 176 + 40, 0x100, 8);
    CHECK(elf_parse(m, n, USER_TOP, &img, &err) && img.n_segments == 2);
    /* ELF_MAX_SEGMENTS loadable segments are taken, one more is not. */
    {
        uint8_t big[64 + 56 * (ELF_MAX_SEGMENTS + 1)];
        memset(big, 0, sizeof big);
        memcpy(big, b, 64);
        put(big + 56, ELF_MAX_SEGMENTS, 2);
        for (unsigned i = 0; i <= ELF_MAX_SEGMENTS; i++) {
            uint8_t *ph = big + 64 + 56 * i;
            put(ph, 1, 4); put(ph + 4, 5, 4); put(ph + 16, 0x10000 + 0x1000 * i, 8);
            put(ph + 40, 0x100, 8);
        }
        CHECK(elf_parse(big, sizeof big - 56, USER_TOP, &img, &err) &&
              img.n_segments == ELF_MAX_SEGMENTS);
        put(big + 56, ELF_MAX_SEGMENTS + 1, 2);
        expect_elf_error(big, sizeof big, ELF_TOO_MANY_SEGMENTS, ELF_MAX_SEGMENTS, "more than");
    }
    MUTATE(put(m + 24, 0x40000, 8), ELF_BAD_ENTRY, 0x40000, "entry point");
    /* In a loaded segment, but not an executable one. */
    MUTATE(put(m + 24, 0x11000, 8), ELF_BAD_ENTRY, 0x11000, "executable");
    MUTATE((put(m + 64, 0x70000003, 4), put(m + 120, 0x70000003, 4)), ELF_NO_SEGMENTS, 0,
           "no loadable segment");
    expect_elf_error(b, 10, ELF_TOO_SMALL, 10, "shorter than an ELF header");

    /* Every truncation and random corruption: only clean answers. */
    for (size_t len = 0; len < n; len++)
        (void)elf_parse(b, len, USER_TOP, &img, &err);
    srand(7);
    for (int i = 0; i < 20000; i++) {
        memcpy(m, b, n);
        for (int k = 0; k < 1 + rand() % 4; k++)
            m[rand() % 200] = (uint8_t)rand();
        (void)elf_parse(m, n, USER_TOP, &img, &err);
    }
}

static size_t make_payload(uint8_t *p)
{
    memset(p, 0, 3 * PAYLOAD_ALIGN);
    memcpy(p, PAYLOAD_MAGIC, 8);
    put(p + 8, 1, 4);
    put(p + 12, 2, 4);
    put(p + 16, 3 * PAYLOAD_ALIGN, 8);
    memcpy(p + 24, "roottask", 8);
    put(p + 24 + 32, PAYLOAD_ALIGN, 8);
    put(p + 24 + 40, 100, 8);
    memcpy(p + 72, "spec", 4);
    put(p + 72 + 32, 2 * PAYLOAD_ALIGN, 8);
    put(p + 72 + 40, PAYLOAD_ALIGN, 8);
    return 3 * PAYLOAD_ALIGN;
}

static void expect_payload_error(const uint8_t *p, size_t n, const char *substr)
{
    struct payload_error err;
    CHECK(payload_check(p, n, &err) < 0);
    if (!strstr(err.message, substr)) {
        fprintf(stderr, "expected \"%s\" in \"%s\"\n", substr, err.message);
        CHECK(0);
    }
}

static void test_payload(void)
{
    static uint8_t p[3 * PAYLOAD_ALIGN], m[3 * PAYLOAD_ALIGN];
    size_t n = make_payload(p);
    struct payload_error err;
    struct payload_module mod;
    CHECK(payload_check(p, n, &err) == 2);
    CHECK(payload_find(p, "spec", &mod) && mod.offset == 2 * PAYLOAD_ALIGN);
    CHECK(payload_find(p, "roottask", &mod) && mod.size == 100);
    CHECK(!payload_find(p, "root", &mod));
    CHECK(!payload_find(p, "roottaskx", &mod));

#define PMUTATE(stmt, msg) do { memcpy(m, p, n); stmt; expect_payload_error(m, n, msg); } while (0)
    PMUTATE(m[0] = 'X', "bad magic");
    PMUTATE(put(m + 8, 2, 4), "payload version 2");
    PMUTATE(put(m + 16, n + 1, 8), "does not fit");
    PMUTATE(put(m + 12, 65, 4), "at most 64");
    PMUTATE(put(m + 16, 100, 8), "module table runs past");
    PMUTATE(memset(m + 24, 'a', 32), "not NUL-terminated");
    PMUTATE(m[24] = 0, "name is empty");
    PMUTATE(put(m + 24 + 32, 100, 8), "not 4 KiB aligned");
    PMUTATE(put(m + 24 + 40, n, 8), "runs past the payload end");
    PMUTATE(memcpy(m + 72, "roottask", 9), "used twice");
    expect_payload_error(p, 10, "shorter than its header");
    for (size_t len = 0; len < 200; len++)
        (void)payload_check(p, len, &err);
}

int main(void)
{
    test_elf();
    test_payload();
    return test_report("elf_payload");
}
