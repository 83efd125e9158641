/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Human and JSON printers for struct platform_info (see platform_print.h).
 * JSON numbers are decimal integers so that any consumer (python, CMake's
 * string(JSON)) reads 64-bit addresses without floating-point loss.
 */
#include "platform_print.h"

#include <inttypes.h>

const char *platform_console_kind_name(enum console_kind kind)
{
    switch (kind) {
    case CONSOLE_NS16550A:
        return "ns16550a";
    case CONSOLE_DW_APB_UART:
        return "dw-apb-uart";
    case CONSOLE_SIFIVE_UART0:
        return "sifive-uart0";
    default:
        return "none";
    }
}

/* A size in the largest binary unit that divides it exactly. */
static void print_size(FILE *out, uint64_t size)
{
    static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    unsigned u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && size >= 1024 &&
           size % 1024 == 0) {
        size /= 1024;
        u++;
    }
    fprintf(out, "%" PRIu64 " %s", size, units[u]);
}

static void print_ranges(FILE *out, const char *label,
                         const struct phys_range *r, uint32_t n)
{
    fprintf(out, "%-10s", label);
    if (n == 0)
        fprintf(out, "(none)\n");
    for (uint32_t i = 0; i < n; i++) {
        fprintf(out, "%s0x%" PRIx64 "-0x%" PRIx64 " (", i == 0 ? "" : "          ",
                r[i].base, r[i].base + r[i].size - 1);
        print_size(out, r[i].size);
        fprintf(out, ")\n");
    }
}

void platform_print_summary(FILE *out, const struct platform_info *info)
{
    const struct platform_console *con = &info->console;
    const struct platform_plic *plic = &info->plic;

    fprintf(out, "model:    %s\n", info->model[0] ? info->model : "(none)");
    fprintf(out, "harts:    %" PRIu32 " usable:", info->n_harts);
    for (uint32_t i = 0; i < info->n_harts; i++) {
        uint32_t isa = info->harts[i].isa;
        fprintf(out, " %" PRIu32 "%s%s%s%s", info->harts[i].hartid,
                isa ? "[" : "", isa & HART_ISA_F ? "f" : "",
                isa & HART_ISA_D ? "d" : "",
                isa & HART_ISA_SSTC ? (isa & ~HART_ISA_SSTC ? ",sstc]" : "sstc]")
                                    : (isa ? "]" : ""));
    }
    fprintf(out, "\n");
    print_ranges(out, "memory:", info->memory, info->n_memory);
    print_ranges(out, "reserved:", info->reserved, info->n_reserved);
    if (con->kind == CONSOLE_NONE)
        fprintf(out, "console:  none (SBI console)\n");
    else
        fprintf(out, "console:  %s (%s) at 0x%" PRIx64 ", reg-shift %" PRIu32
                ", reg-io-width %" PRIu32 ", irq %" PRIu32 ", clock %" PRIu32
                " Hz\n", con->compatible, platform_console_kind_name(con->kind),
                con->base, con->reg_shift, con->reg_io_width, con->irq,
                con->clock_frequency);
    if (!plic->present) {
        fprintf(out, "plic:     none\n");
    } else {
        fprintf(out, "plic:     0x%" PRIx64 " (size 0x%" PRIx64 "), ndev %" PRIu32
                "\n          S-mode contexts:", plic->base, plic->size, plic->ndev);
        for (uint32_t i = 0; i < plic->n_contexts; i++)
            fprintf(out, " hart %" PRIu32 "->%" PRIu32, plic->contexts[i].hartid,
                    plic->contexts[i].context);
        fprintf(out, "\n");
    }
    fprintf(out, "timebase: %" PRIu64 " Hz\n", info->timebase);
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\u%04x", c);   /* also keeps the output ASCII */
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void json_ranges(FILE *out, const struct phys_range *r, uint32_t n)
{
    fputc('[', out);
    for (uint32_t i = 0; i < n; i++)
        fprintf(out, "%s{\"base\": %" PRIu64 ", \"size\": %" PRIu64 "}",
                i ? ", " : "", r[i].base, r[i].size);
    fputc(']', out);
}

void platform_print_json(FILE *out, const struct platform_info *info)
{
    const struct platform_console *con = &info->console;
    const struct platform_plic *plic = &info->plic;

    fprintf(out, "{\"model\": ");
    json_string(out, info->model);
    fprintf(out, ", \"memory\": ");
    json_ranges(out, info->memory, info->n_memory);
    fprintf(out, ", \"reserved\": ");
    json_ranges(out, info->reserved, info->n_reserved);
    fprintf(out, ", \"console\": ");
    if (con->kind == CONSOLE_NONE) {
        fprintf(out, "null");
    } else {
        fprintf(out, "{\"compatible\": ");
        json_string(out, con->compatible);
        fprintf(out, ", \"base\": %" PRIu64 ", \"reg_shift\": %" PRIu32
                ", \"reg_io_width\": %" PRIu32 ", \"irq\": %" PRIu32 "}",
                con->base, con->reg_shift, con->reg_io_width, con->irq);
    }
    fprintf(out, ", \"plic\": ");
    if (!plic->present) {
        fprintf(out, "null");
    } else {
        fprintf(out, "{\"base\": %" PRIu64 ", \"ndev\": %" PRIu32
                ", \"contexts\": {", plic->base, plic->ndev);
        for (uint32_t i = 0; i < plic->n_contexts; i++)
            fprintf(out, "%s\"%" PRIu32 "\": %" PRIu32, i ? ", " : "",
                    plic->contexts[i].hartid, plic->contexts[i].context);
        fprintf(out, "}}");
    }
    fprintf(out, ", \"timebase\": %" PRIu64 ", \"harts\": [", info->timebase);
    for (uint32_t i = 0; i < info->n_harts; i++)
        fprintf(out, "%s%" PRIu32, i ? ", " : "", info->harts[i].hartid);
    fprintf(out, "]}\n");
}
