/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Prints the CSpace layout system/components/slots.h promises, one
 * "CNODE SLOT CAP" line per slot ("-": must stay empty), for
 * tests/system/run_authority.sh to compare with the specs' expansion: the
 * components' constants and the specs cannot drift apart unnoticed.
 */
#include <stdio.h>
#include "../../../system/components/slots.h"

/* The serial library's (userland/drivers/serial/serial.h, which needs the
 * target headers): readers' reply slots and the IRQ badge. */
#define READERS 8
#define IRQ_BADGE (1ULL << 63)

int main(void)
{
    printf("serial_cnode %d console (R)\n", SERIAL_SLOT_ENDPOINT);
    printf("serial_cnode %d uart_irq\n", SERIAL_SLOT_IRQ);
    printf("serial_cnode %d serial_events (R)\n", SERIAL_SLOT_IRQ + 1);
    /* The interrupt arrives on the bound notification with the library's bit. */
    printf("uart_irq 0 serial_events (W, badge: %llu)\n", IRQ_BADGE);
    printf("serial_cnode %d supervisor_ep (WP, badge: 3)\n", SERIAL_SLOT_SUP);
    for (int i = 0; i < READERS; i++)
        printf("serial_cnode %d -\n", SERIAL_SLOT_READERS + i);
    printf("shell_cnode %d console (WP, badge: 1)\n", SHELL_SLOT_SERIAL);
    printf("shell_cnode %d supervisor_ep (WP, badge: 1)\n", SHELL_SLOT_SUP);
    printf("shell_cnode %d kv_requests (WP, badge: 1)\n", SHELL_SLOT_KV);
    printf("kv_cnode %d kv_requests (R)\n", KV_SLOT_ENDPOINT);
    printf("kv_cnode %d supervisor_ep (WP, badge: 2)\n", KV_SLOT_SUP);
    /* The shutdown notices: the badge the components test for. */
    printf("signal serial_events %llu\n", SYSTEM_SHUTDOWN_BADGE);
    printf("signal stop_kv %llu\n", SYSTEM_SHUTDOWN_BADGE);
    return 0;
}
