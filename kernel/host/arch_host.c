/* SPDX-License-Identifier: BSD-2-Clause */
/* Host builds of kernel logic: "physical" addresses are host addresses. */
#include <arch/arch.h>

void *paddr_to_kptr(paddr_t pa)
{
    return (void *)(uintptr_t)pa;
}

paddr_t kptr_to_paddr(const void *p)
{
    return (paddr_t)(uintptr_t)p;
}
