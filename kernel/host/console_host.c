/* SPDX-License-Identifier: BSD-2-Clause */
/* Host builds of kernel logic print through stdio instead of a UART. */
#include <stdio.h>
#include <kernel/console.h>

void console_putc(char c)
{
    fputc(c, stdout);
}
