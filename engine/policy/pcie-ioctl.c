// SPDX-License-Identifier: MIT
/*
 * Names of GPU ioctl requests, taken from the kernel's UAPI headers: DRM core
 * ioctls from <drm/drm.h> (kernel or libdrm-dev) and AMDKFD ioctls from
 * <linux/kfd_ioctl.h> (linux-libc-dev). The values come from the headers'
 * own macros; only the list of which macros to name lives here.
 *
 * Left numeric on purpose: driver-private DRM ioctls (amdgpu, i915, ... use
 * DRM_COMMAND_BASE + n, so the same number means different things on
 * different drivers and the fd does not say which driver it is) and NVIDIA's
 * escapes (the proprietary driver has no UAPI header).
 *
 * Without any drm.h (no libdrm-dev, no engine/policy/compat on the include
 * path) this file still builds; requests just stay numeric.
 */
#include "pcie.h"

#include <stddef.h>
#include <stdint.h>

#if __has_include(<drm/drm.h>)
#include <drm/drm.h>
#define HAVE_DRM_DRM_H 1
#elif __has_include(<libdrm/drm.h>)
#include <libdrm/drm.h>
#endif

/* kfd_ioctl.h includes <drm/drm.h>: usable only when that resolves. */
#if defined(HAVE_DRM_DRM_H) && __has_include(<linux/kfd_ioctl.h>)
#include <linux/kfd_ioctl.h>
#endif

#define NAME(x)                                                                                    \
        {                                                                                          \
                (uint32_t)(x), #x                                                                  \
        }

static const struct {
        uint32_t request;
        const char *name;
} ioctl_names[] = {
#ifdef DRM_IOCTL_VERSION
    NAME(DRM_IOCTL_VERSION),
    NAME(DRM_IOCTL_GET_UNIQUE),
    NAME(DRM_IOCTL_GET_MAGIC),
    NAME(DRM_IOCTL_IRQ_BUSID),
    NAME(DRM_IOCTL_GET_MAP),
    NAME(DRM_IOCTL_GET_CLIENT),
    NAME(DRM_IOCTL_GET_STATS),
    NAME(DRM_IOCTL_SET_VERSION),
    NAME(DRM_IOCTL_MODESET_CTL),
    NAME(DRM_IOCTL_GEM_CLOSE),
    NAME(DRM_IOCTL_GEM_FLINK),
    NAME(DRM_IOCTL_GEM_OPEN),
    NAME(DRM_IOCTL_GET_CAP),
    NAME(DRM_IOCTL_SET_CLIENT_CAP),
    NAME(DRM_IOCTL_SET_UNIQUE),
    NAME(DRM_IOCTL_AUTH_MAGIC),
    NAME(DRM_IOCTL_SET_MASTER),
    NAME(DRM_IOCTL_DROP_MASTER),
    NAME(DRM_IOCTL_PRIME_HANDLE_TO_FD),
    NAME(DRM_IOCTL_PRIME_FD_TO_HANDLE),
    NAME(DRM_IOCTL_WAIT_VBLANK),
    NAME(DRM_IOCTL_MODE_GETRESOURCES),
    NAME(DRM_IOCTL_MODE_GETCRTC),
    NAME(DRM_IOCTL_MODE_SETCRTC),
    NAME(DRM_IOCTL_MODE_GETENCODER),
    NAME(DRM_IOCTL_MODE_GETCONNECTOR),
    NAME(DRM_IOCTL_MODE_GETPROPERTY),
    NAME(DRM_IOCTL_MODE_SETPROPERTY),
    NAME(DRM_IOCTL_MODE_GETPROPBLOB),
    NAME(DRM_IOCTL_MODE_GETFB),
    NAME(DRM_IOCTL_MODE_ADDFB),
    NAME(DRM_IOCTL_MODE_RMFB),
    NAME(DRM_IOCTL_MODE_PAGE_FLIP),
    NAME(DRM_IOCTL_MODE_DIRTYFB),
    NAME(DRM_IOCTL_MODE_CREATE_DUMB),
    NAME(DRM_IOCTL_MODE_MAP_DUMB),
    NAME(DRM_IOCTL_MODE_DESTROY_DUMB),
    NAME(DRM_IOCTL_MODE_GETPLANERESOURCES),
    NAME(DRM_IOCTL_MODE_GETPLANE),
    NAME(DRM_IOCTL_MODE_SETPLANE),
    NAME(DRM_IOCTL_MODE_ADDFB2),
    NAME(DRM_IOCTL_MODE_OBJ_GETPROPERTIES),
    NAME(DRM_IOCTL_MODE_OBJ_SETPROPERTY),
    NAME(DRM_IOCTL_MODE_ATOMIC),
    NAME(DRM_IOCTL_MODE_CREATEPROPBLOB),
    NAME(DRM_IOCTL_MODE_DESTROYPROPBLOB),
    NAME(DRM_IOCTL_SYNCOBJ_CREATE),
    NAME(DRM_IOCTL_SYNCOBJ_DESTROY),
    NAME(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD),
    NAME(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE),
    NAME(DRM_IOCTL_SYNCOBJ_WAIT),
    NAME(DRM_IOCTL_SYNCOBJ_RESET),
    NAME(DRM_IOCTL_SYNCOBJ_SIGNAL),
#endif
#ifdef DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT
    NAME(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT),
    NAME(DRM_IOCTL_SYNCOBJ_QUERY),
    NAME(DRM_IOCTL_SYNCOBJ_TRANSFER),
    NAME(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL),
#endif
#ifdef DRM_IOCTL_SYNCOBJ_EVENTFD
    NAME(DRM_IOCTL_SYNCOBJ_EVENTFD),
#endif
#ifdef AMDKFD_IOC_GET_VERSION
    NAME(AMDKFD_IOC_GET_VERSION),
    NAME(AMDKFD_IOC_CREATE_QUEUE),
    NAME(AMDKFD_IOC_DESTROY_QUEUE),
    NAME(AMDKFD_IOC_SET_MEMORY_POLICY),
    NAME(AMDKFD_IOC_GET_CLOCK_COUNTERS),
    NAME(AMDKFD_IOC_GET_PROCESS_APERTURES),
    NAME(AMDKFD_IOC_UPDATE_QUEUE),
    NAME(AMDKFD_IOC_CREATE_EVENT),
    NAME(AMDKFD_IOC_DESTROY_EVENT),
    NAME(AMDKFD_IOC_SET_EVENT),
    NAME(AMDKFD_IOC_RESET_EVENT),
    NAME(AMDKFD_IOC_WAIT_EVENTS),
    NAME(AMDKFD_IOC_SET_SCRATCH_BACKING_VA),
    NAME(AMDKFD_IOC_GET_TILE_CONFIG),
    NAME(AMDKFD_IOC_SET_TRAP_HANDLER),
    NAME(AMDKFD_IOC_GET_PROCESS_APERTURES_NEW),
    NAME(AMDKFD_IOC_ACQUIRE_VM),
    NAME(AMDKFD_IOC_ALLOC_MEMORY_OF_GPU),
    NAME(AMDKFD_IOC_FREE_MEMORY_OF_GPU),
    NAME(AMDKFD_IOC_MAP_MEMORY_TO_GPU),
    NAME(AMDKFD_IOC_UNMAP_MEMORY_FROM_GPU),
    NAME(AMDKFD_IOC_SET_CU_MASK),
    NAME(AMDKFD_IOC_GET_QUEUE_WAVE_STATE),
    NAME(AMDKFD_IOC_GET_DMABUF_INFO),
    NAME(AMDKFD_IOC_IMPORT_DMABUF),
    NAME(AMDKFD_IOC_ALLOC_QUEUE_GWS),
    NAME(AMDKFD_IOC_SMI_EVENTS),
#endif
#ifdef AMDKFD_IOC_SVM
    NAME(AMDKFD_IOC_SVM),
#endif
#ifdef AMDKFD_IOC_SET_XNACK_MODE
    NAME(AMDKFD_IOC_SET_XNACK_MODE),
#endif
#ifdef AMDKFD_IOC_CRIU_OP
    NAME(AMDKFD_IOC_CRIU_OP),
#endif
#ifdef AMDKFD_IOC_AVAILABLE_MEMORY
    NAME(AMDKFD_IOC_AVAILABLE_MEMORY),
#endif
#ifdef AMDKFD_IOC_EXPORT_DMABUF
    NAME(AMDKFD_IOC_EXPORT_DMABUF),
#endif
#ifdef AMDKFD_IOC_RUNTIME_ENABLE
    NAME(AMDKFD_IOC_RUNTIME_ENABLE),
#endif
#ifdef AMDKFD_IOC_DBG_TRAP
    NAME(AMDKFD_IOC_DBG_TRAP),
#endif
    {0, NULL},
};

const char *pcie_ioctl_name(uint32_t request)
{
        for (size_t i = 0; ioctl_names[i].name; i++)
                if (ioctl_names[i].request == request)
                        return ioctl_names[i].name;
        return NULL;
}
