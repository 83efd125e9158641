/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shell: the default system's interactive component. It reads the console
 * through the serial driver (GETC, one byte per Call, the driver keeps the
 * reply until a key is pressed), echoes and edits the line itself, and runs
 * commands (commands.c) over the channels the spec gives it: the serial
 * driver, the supervisor, the kv server (slots in components/slots.h).
 * Output is cnd_printf routed to the driver's PUT.
 */
#include <conductor/printf.h>
#include <serial/serial.h>
#include "capdl_component.h"
#include "../slots.h"
#include "shell.h"

#define PROMPT "conductor> "

static struct cnd_endpoint_output console;
uint64_t shell_started_instret, shell_started_cycle;

static void put(const char *s, size_t n)
{
    serial_put(SHELL_SLOT_SERIAL, s, n);
}

/*
 * Reads one line with echo. Backspace / DEL erase the last character,
 * Ctrl-U the whole line; CR, LF or CR LF end it (a terminal sends CR, the
 * test harness LF). Other control bytes are ignored; bytes past the buffer
 * are not taken (and not echoed), so the line shown is the line run.
 */
static size_t read_line(char *line, size_t size)
{
    static bool last_cr;
    size_t len = 0;
    for (;;) {
        int c = serial_getc(SHELL_SLOT_SERIAL);
        if (c < 0)
            continue;   /* the driver was busy: ask again */
        bool cr = last_cr;
        last_cr = c == '\r';
        if (c == '\n' && cr)
            continue;   /* the LF of a CR LF */
        if (c == '\r' || c == '\n') {
            put("\n", 1);
            line[len] = '\0';
            return len;
        }
        if (c == 0x7f || c == '\b') {
            if (len > 0) {
                len--;
                put("\b \b", 3);
            }
        } else if (c == 0x15) {           /* Ctrl-U */
            while (len > 0) {
                len--;
                put("\b \b", 3);
            }
        } else if (c >= ' ' && c < 0x7f && len + 1 < size) {
            char ch = (char)c;
            line[len++] = ch;
            put(&ch, 1);
        }
    }
}

static void split(char *line, struct shell_words *w)
{
    static char copy[SHELL_LINE_MAX];
    /* `rest` points into an unmodified copy; words are cut in place. */
    for (size_t i = 0; i < sizeof copy; i++)
        if ((copy[i] = line[i]) == '\0')
            break;
    w->n = 0;
    char *p = line;
    while (w->n < SHELL_ARGS_MAX) {
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        w->word[w->n] = p;
        w->rest[w->n] = copy + (p - line);
        w->n++;
        while (*p != ' ' && *p != '\0')
            p++;
        if (*p == ' ')
            *p++ = '\0';
    }
}

int cnd_main(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    shell_started_instret = shell_rdinstret();
    shell_started_cycle = shell_rdcycle();
    (void)a0, (void)a1, (void)a2, (void)a3;
    cnd_output_to_endpoint(&console, SHELL_SLOT_SERIAL, SERIAL_PUT);
    cnd_printf("\nConductor default system. Type 'help' for the commands.\n");
    char line[SHELL_LINE_MAX];
    for (;;) {
        cnd_printf(PROMPT);
        read_line(line, sizeof line);
        struct shell_words w;
        split(line, &w);
        if (w.n > 0 && !shell_run(&w))
            break;
    }
    return 0;
}
