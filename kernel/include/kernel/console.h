/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel console: the UART from /chosen/stdout-path once it is mapped,
 * the SBI console before that or when the board has no usable UART.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <platform/platform_info.h>

/* Switches output to the UART described by `c`, mapped at `regs`. */
void console_use_uart(const struct platform_console *c, volatile void *regs);
/* Prints one character ("\n" becomes "\r\n"). */
void console_putc(char c);
/* Name of the device currently printing ("sbi" or the UART compatible). */
const char *console_name(void);

#endif
