/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap links its own copy of the kernel's device-tree reader
 * (platform/fdt.c, platform/platform_info.c). Every user-visible symbol of
 * the library carries the cnd_ prefix, and a program may also link the
 * drivers' copy of the same code under its original names, so the library's
 * copy is compiled with these renames, and <conductor/fdt.h> applies them
 * before declaring the functions. Include <conductor/fdt.h> rather than
 * <platform/fdt.h> directly, and before any header that includes the latter.
 */
#ifndef CONDUCTOR_FDT_NAMES_H
#define CONDUCTOR_FDT_NAMES_H

#define dtb_address_cells cnd_dtb_address_cells
#define dtb_find_path cnd_dtb_find_path
#define dtb_first_child cnd_dtb_first_child
#define dtb_first_prop cnd_dtb_first_prop
#define dtb_get_prop cnd_dtb_get_prop
#define dtb_get_string cnd_dtb_get_string
#define dtb_get_u32 cnd_dtb_get_u32
#define dtb_get_uint cnd_dtb_get_uint
#define dtb_memreserve cnd_dtb_memreserve
#define dtb_next_node cnd_dtb_next_node
#define dtb_next_prop cnd_dtb_next_prop
#define dtb_next_sibling cnd_dtb_next_sibling
#define dtb_node_by_phandle cnd_dtb_node_by_phandle
#define dtb_node_compatible cnd_dtb_node_compatible
#define dtb_node_enabled cnd_dtb_node_enabled
#define dtb_node_name cnd_dtb_node_name
#define dtb_node_path cnd_dtb_node_path
#define dtb_open cnd_dtb_open
#define dtb_parent cnd_dtb_parent
#define dtb_prop_cells cnd_dtb_prop_cells
#define dtb_prop_string cnd_dtb_prop_string
#define dtb_prop_u32 cnd_dtb_prop_u32
#define dtb_reg_get cnd_dtb_reg_get
#define dtb_reg_open cnd_dtb_reg_open
#define dtb_root cnd_dtb_root
#define dtb_size_cells cnd_dtb_size_cells
#define dtb_stringlist_contains cnd_dtb_stringlist_contains
#define dtb_stringlist_next cnd_dtb_stringlist_next
#define dtb_subnode cnd_dtb_subnode
#define platform_info_parse cnd_platform_info_parse
#define platform_plic_context cnd_platform_plic_context

#endif /* CONDUCTOR_FDT_NAMES_H */
