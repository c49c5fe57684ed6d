/* SPDX-License-Identifier: MIT */
/*
 * <drm/drm.h> for systems whose kernel UAPI headers lack it. Debian's
 * linux-libc-dev ships <linux/kfd_ioctl.h>, which includes <drm/drm.h>, but
 * leaves drm.h to libdrm-dev (as <libdrm/drm.h>). This directory is on the
 * include path of pcie-ioctl.c only: it forwards to the kernel's header when
 * there is one, else to libdrm's, else gives kfd_ioctl.h the two headers it
 * needs (its structs use only __u32/__u64 and _IOWR).
 */
#ifndef RENACER_COMPAT_DRM_H
#define RENACER_COMPAT_DRM_H
#if __has_include_next(<drm/drm.h>)
#include_next <drm/drm.h>
#elif __has_include(<libdrm/drm.h>)
#include <libdrm/drm.h>
#else
#include <linux/ioctl.h>
#include <linux/types.h>
#endif
#endif
