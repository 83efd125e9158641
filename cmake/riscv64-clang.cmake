# SPDX-License-Identifier: BSD-2-Clause
# Toolchain file: clang for riscv64 bare metal, with GNU binutils from
# gcc-riscv64-unknown-elf's binutils-riscv64-unknown-elf for objcopy/ar and
# LLVM's lld for linking.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_C_COMPILER clang)
set(CMAKE_ASM_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET riscv64-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET riscv64-unknown-elf)
set(CMAKE_OBJCOPY riscv64-unknown-elf-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_AR riscv64-unknown-elf-ar CACHE FILEPATH "ar")
set(CMAKE_RANLIB riscv64-unknown-elf-ranlib CACHE FILEPATH "ranlib")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CONDUCTOR_TARGET_COMPILER_ID clang)
add_link_options(-fuse-ld=lld)
