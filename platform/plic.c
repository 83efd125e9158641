/* SPDX-License-Identifier: BSD-2-Clause */
/* PLIC register access (see plic.h); offsets from the RISC-V PLIC spec. */
#include <platform/plic.h>

#define PRIORITY(src) (4u * (src))
#define PENDING(src) (0x1000u + 4u * ((src) / 32))
#define ENABLE(ctx, src) (0x2000u + 0x80u * (ctx) + 4u * ((src) / 32))
#define THRESHOLD(ctx) (0x200000u + 0x1000u * (ctx))
#define CLAIM(ctx) (0x200004u + 0x1000u * (ctx))

static volatile uint32_t *reg(struct plic *p, uint32_t offset)
{
    return (volatile uint32_t *)(volatile void *)(p->regs + offset);
}

void plic_init(struct plic *p, volatile void *regs, uint32_t ndev, uint32_t context)
{
    p->regs = regs;
    p->ndev = ndev;
    p->context = context;
    for (uint32_t src = 0; src <= ndev; src += 32)
        *reg(p, ENABLE(context, src)) = 0;
    *reg(p, THRESHOLD(context)) = 0;
}

void plic_enable(struct plic *p, uint32_t source)
{
    /* Priority 0 means "never": give every enabled source the same one. */
    *reg(p, PRIORITY(source)) = 1;
    *reg(p, ENABLE(p->context, source)) |= 1u << (source % 32);
}

void plic_disable(struct plic *p, uint32_t source)
{
    *reg(p, ENABLE(p->context, source)) &= ~(1u << (source % 32));
}

uint32_t plic_claim(struct plic *p)
{
    return *reg(p, CLAIM(p->context));
}

void plic_complete(struct plic *p, uint32_t source)
{
    *reg(p, CLAIM(p->context)) = source;
}

int plic_pending(struct plic *p, uint32_t source)
{
    return (*reg(p, PENDING(source)) >> (source % 32)) & 1;
}
