/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers shared by the platform unit tests (see test_util.h). Failures are
 * counted rather than aborting so that one run shows every mismatch.
 */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int test_failures;
const char *test_case = "";

void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "FAIL %s:%d [%s]: ", file, line, test_case);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    test_failures++;
}

unsigned char *test_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    fclose(f);
    *size = n;
    return buf;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **test_list_files(const char *dir, const char *suffix, size_t *n)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        perror(dir);
        exit(2);
    }
    char **list = NULL;
    size_t count = 0, slen = strlen(suffix);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < slen ||
            strcmp(e->d_name + len - slen, suffix) != 0)
            continue;
        list = realloc(list, (count + 1) * sizeof *list);
        list[count] = malloc(strlen(dir) + len + 2);
        sprintf(list[count], "%s/%s", dir, e->d_name);
        count++;
    }
    closedir(d);
    if (count > 0)
        qsort(list, count, sizeof *list, compare_paths);
    *n = count;
    return list;
}

void test_free_files(char **files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
}

int test_finish(const char *name)
{
    if (test_failures == 0) {
        printf("%s: all checks passed\n", name);
        return 0;
    }
    printf("%s: %d check(s) failed\n", name, test_failures);
    return 1;
}

void test_expect_error_at(const char *file, int line, const void *blob,
                          size_t size, const char *what)
{
    static struct platform_info info;
    struct platform_error err;
    if (platform_info_parse(blob, size, &info, &err))
        test_fail(file, line, "parse succeeded, expected error \"%s\"", what);
    else if (strstr(err.message, what) == NULL)
        test_fail(file, line, "error \"%s\" (offset %u) lacks \"%s\"",
                  err.message, (unsigned)err.offset, what);
    else if (err.offset >= size && size > 0)
        test_fail(file, line, "error offset %u outside the %zu-byte blob",
                  (unsigned)err.offset, size);
}

bool test_parse_ok_at(const char *file, int line, const void *blob,
                      size_t size, struct platform_info *info)
{
    struct platform_error err;
    if (platform_info_parse(blob, size, info, &err))
        return true;
    test_fail(file, line, "parse failed: %s (at offset %u)", err.message,
              (unsigned)err.offset);
    return false;
}

void test_check_invariants(const struct platform_info *info)
{
    CHECK(info->n_memory >= 1 && info->n_memory <= PLATFORM_MAX_MEMORY_RANGES);
    CHECK(info->n_reserved <= PLATFORM_MAX_RESERVED_RANGES);
    CHECK(info->n_harts >= 1 && info->n_harts <= PLATFORM_MAX_HARTS);
    CHECK(info->plic.n_contexts <= PLATFORM_MAX_HARTS);
    CHECK(info->timebase != 0);
    CHECK(memchr(info->model, 0, sizeof info->model) != NULL);
    CHECK(memchr(info->console.compatible, 0,
                 sizeof info->console.compatible) != NULL);
    for (uint32_t i = 0; i < info->n_memory && i < PLATFORM_MAX_MEMORY_RANGES; i++) {
        const struct phys_range *r = &info->memory[i];
        CHECK(r->size != 0 && r->base + r->size > r->base);
        /* Merged: strictly apart from the previous range. */
        if (i > 0)
            CHECK(r[-1].base + r[-1].size < r->base);
    }
    for (uint32_t i = 0; i < info->n_reserved && i < PLATFORM_MAX_RESERVED_RANGES; i++) {
        CHECK(info->reserved[i].size != 0);
        if (i > 0)
            CHECK(info->reserved[i - 1].base <= info->reserved[i].base);
    }
    for (uint32_t i = 1; i < info->n_harts && i < PLATFORM_MAX_HARTS; i++)
        CHECK(info->harts[i - 1].hartid < info->harts[i].hartid);
    if (info->console.kind != CONSOLE_NONE)
        CHECK(info->console.reg_io_width == 1 || info->console.reg_io_width == 4);
}
