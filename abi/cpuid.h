/*
 * abi/cpuid.h: Xen's CPUID leaves (xen/arch-x86/cpuid.h). [H] every value.
 *
 * Xen's leaves start at 0x40000000 or, when Xen also offers another hypervisor's leaves there
 * (Viridian), at 0x40000100; scan base = 0x40000000 + n * 0x100 for the signature.
 *   base + 0: eax = highest Xen leaf; ebx ecx edx = "XenV" "MMXe" "nVMM"
 *   base + 1: eax = major << 16 | minor (the same encoding as XENVER_version)
 *   base + 2: eax = number of hypercall pages; ebx = MSR that, written with a page's guest
 *             physical address, makes Xen fill it with the hypercall page
 */
#ifndef XSHIM_ABI_CPUID_H
#define XSHIM_ABI_CPUID_H

#include "base.h"

#define XSHIM_CPUID_FIRST_LEAF 0x40000000u
#define XSHIM_CPUID_LEAF_STRIDE 0x100u
#define XSHIM_CPUID_LAST_BASE 0x40010000u /* exclusive: bases 0x40000000..0x4000ff00 */
#define XSHIM_CPUID_LEAF(base, i) ((uint32_t)(base) + (uint32_t)(i))

#define XSHIM_CPUID_SIGNATURE_XEN "XenVMMXenVMM" /* ebx ecx edx of base + 0 */
#define XSHIM_CPUID_SIGNATURE_EBX 0x566e6558u    /* "XenV" */
#define XSHIM_CPUID_SIGNATURE_ECX 0x65584d4du    /* "MMXe" */
#define XSHIM_CPUID_SIGNATURE_EDX 0x4d4d566eu    /* "nVMM" */

#define XSHIM_CPUID_LEAF_SIGNATURE 0u /* leaf base + 0 */
#define XSHIM_CPUID_LEAF_VERSION 1u   /* leaf base + 1 */
#define XSHIM_CPUID_LEAF_HYPERCALL 2u /* leaf base + 2 */
#define XSHIM_CPUID_LEAF_HVM 4u       /* leaf base + 4: XEN_HVM_CPUID_* in eax */
#define XSHIM_CPUID_MAX_NUM_LEAVES 5u /* [H] XEN_CPUID_MAX_NUM_LEAVES in 4.17 */

/* base + 2 ecx. */
#define XSHIM_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD (1u << 0)
/* base + 4 eax. */
#define XSHIM_HVM_CPUID_APIC_ACCESS_VIRT (1u << 0)
#define XSHIM_HVM_CPUID_X2APIC_VIRT (1u << 1)
#define XSHIM_HVM_CPUID_IOMMU_MAPPINGS (1u << 2)
#define XSHIM_HVM_CPUID_VCPU_ID_PRESENT (1u << 3)
#define XSHIM_HVM_CPUID_DOMID_PRESENT (1u << 4)

/* PV guests reach Xen's CPUID through the forced-emulation prefix ud2; .ascii "xen"; cpuid. */
#define XSHIM_CPUID_EMULATE_PREFIX_BYTES 0x0f, 0x0b, 0x78, 0x65, 0x6e

#endif /* XSHIM_ABI_CPUID_H */
