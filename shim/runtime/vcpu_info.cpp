// shim/runtime/vcpu_info.cpp: placing a vCPU's vcpu_info outside shared_info, the only way for vCPUs
// beyond the layout's slots (VCPUOP_register_vcpu_info, 3.1+).
#include "shim/runtime/hypercall.hpp"
#include "shim/lib/text.hpp"

#include <abi/vcpu.h>

extern "C" long xshim_vcpu_info_register(const xshim_hypercall *hc, uint32_t vcpu, uint64_t frame,
                                         uint32_t offset, uint32_t vcpu_info_size) {
    constexpr uint32_t kPage = XSHIM_PAGE_SIZE;
    if (hc == nullptr || hc->fn == nullptr || vcpu_info_size == 0 || offset >= kPage ||
        vcpu_info_size > kPage - offset)
        return XSHIM_S_EINVAL; // Xen would refuse an area crossing the page; say so first
    xshim_vcpu_register_vcpu_info arg;
    xshim::zero_bytes(&arg, sizeof arg);
    arg.mfn = frame;
    arg.offset = offset;
    return xshim_vcpu_op(hc, XSHIM_VCPUOP_register_vcpu_info, vcpu, &arg);
}
