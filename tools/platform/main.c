/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conductor-platform [--json] FILE.dtb: parses a device tree with the
 * kernel's own platform_info_parse() and prints the summary, so what the
 * kernel will see on a board can be checked on the host first.
 * Exit status: 0 ok, 1 unreadable or rejected blob, 2 usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform_info.h"
#include "platform_print.h"

#define MAX_DTB_SIZE (16u << 20)

static int usage(FILE *out, int status)
{
    fprintf(out, "usage: conductor-platform [--json] FILE.dtb\n"
                 "Prints what the kernel learns from the device tree FILE.dtb"
                 " (--json: as JSON).\n");
    return status;
}

/* Reads all of `path` into a malloc'd buffer (suitably aligned for any blob);
 * on failure prints why and returns NULL. */
static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "conductor-platform: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    /* One byte more than the limit tells "too large" from "exactly 16 MiB". */
    unsigned char *buf = malloc(MAX_DTB_SIZE + 1);
    size_t n = buf ? fread(buf, 1, MAX_DTB_SIZE + 1, f) : 0;
    int failed = buf == NULL || ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "conductor-platform: %s: cannot read the file\n", path);
        free(buf);
        return NULL;
    }
    if (n > MAX_DTB_SIZE) {
        fprintf(stderr, "conductor-platform: %s: larger than 16 MiB, "
                "not a device tree\n", path);
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

int main(int argc, char **argv)
{
    int json = 0;
    const char *path = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && !json)
            json = 1;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return usage(stdout, 0);
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return usage(stderr, 2);
        else if (path == NULL)
            path = argv[i];
        else
            return usage(stderr, 2);
    }
    if (path == NULL)
        return usage(stderr, 2);

    size_t size;
    unsigned char *blob = read_file(path, &size);
    if (blob == NULL)
        return 1;

    static struct platform_info info;
    struct platform_error err;
    if (!platform_info_parse(blob, size, &info, &err)) {
        fprintf(stderr, "conductor-platform: %s: %s (at offset %u)\n", path,
                err.message, (unsigned)err.offset);
        free(blob);
        return 1;
    }
    free(blob);
    if (json)
        platform_print_json(stdout, &info);
    else
        platform_print_summary(stdout, &info);
    return fflush(stdout) == 0 ? 0 : 1;
}
