/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Replays every file in the fuzzer's regression directory (inputs that once
 * crashed or hung the parser) through the same driver the fuzzer uses.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fdt_exercise.h"
#include "test_util.h"

int main(int argc, char **argv)
{
    if (argc != 2)
        return fprintf(stderr, "usage: %s REGRESSION_DIR\n", argv[0]), 2;
    size_t n;
    char **files = test_list_files(argv[1], "", &n);
    for (size_t i = 0; i < n; i++) {
        size_t size;
        unsigned char *data = test_read_file(files[i], &size);
        fdt_exercise(data, size, 1000);
        printf("ok %s\n", files[i]);
        free(data);
    }
    test_free_files(files, n);
    return test_finish("platform fuzz regressions");
}
