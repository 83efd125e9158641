# SPDX-License-Identifier: BSD-2-Clause
# Toolchain file: Debian's bare-metal RISC-V GCC (package gcc-riscv64-unknown-elf).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_OBJCOPY riscv64-unknown-elf-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_AR riscv64-unknown-elf-ar CACHE FILEPATH "ar")
set(CMAKE_RANLIB riscv64-unknown-elf-ranlib CACHE FILEPATH "ranlib")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CONDUCTOR_TARGET_COMPILER_ID gcc)
