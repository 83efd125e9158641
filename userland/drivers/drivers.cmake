# SPDX-License-Identifier: BSD-2-Clause
# User-level driver libraries, for root tasks that include this file (any
# number of times: the targets are defined once). Needs the RISC-V configure
# (CONDUCTOR_USER_FLAGS and conductor_runtime from userland/CMakeLists.txt).
#   conductor_drv_common : device-tree lookup (the kernel's FDT reader) and
#                          device frames / DMA buffers from untypeds
#   conductor_drv_serial : ns16550a / snps,dw-apb-uart / sifive,uart0 server
#   conductor_drv_virtio_blk : virtio-blk over virtio-mmio
if(NOT TARGET conductor_drv_common)
    set(_drv ${CMAKE_CURRENT_LIST_DIR})
    add_library(conductor_drv_common STATIC
        ${_drv}/common/dt.c ${_drv}/common/devmem.c ${CMAKE_SOURCE_DIR}/platform/fdt.c)
    target_include_directories(conductor_drv_common PUBLIC ${_drv} ${CMAKE_SOURCE_DIR}/platform/include)
    target_link_libraries(conductor_drv_common PUBLIC conductor_runtime)
    target_compile_options(conductor_drv_common PRIVATE ${CONDUCTOR_USER_FLAGS})

    add_library(conductor_drv_serial STATIC ${_drv}/serial/serial.c ${_drv}/serial/uart.c)
    target_link_libraries(conductor_drv_serial PUBLIC conductor_drv_common)
    target_compile_options(conductor_drv_serial PRIVATE ${CONDUCTOR_USER_FLAGS})

    add_library(conductor_drv_virtio_blk STATIC ${_drv}/virtio_blk/virtio_blk.c)
    target_link_libraries(conductor_drv_virtio_blk PUBLIC conductor_drv_common)
    target_compile_options(conductor_drv_virtio_blk PRIVATE ${CONDUCTOR_USER_FLAGS})
endif()
