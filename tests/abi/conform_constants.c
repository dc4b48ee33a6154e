/*
 * tests/abi/conform_constants.c: abi/'s constant tables and argument structs against the real
 * Xen public headers (libxen-dev, 4.17), at -m64 and -m32. Every check is driven from the
 * X-macro tables, so no value is written twice; values the 4.17 headers cannot have (4.18+
 * numbers, history, removals) are checked against literals that cite their source.
 */
#include <errno.h> /* before xs_wire.h: its xsd_errors[] needs the E* names */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/errno.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/physdev.h>
#include <xen/memory.h>
#include <xen/elfnote.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/io/xs_wire.h>
#include <xen/io/xenbus.h>
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>
#include <xen/io/netif.h>
#include <xen/io/kbdif.h>
#include <xen/io/fbif.h>

#include "abi/errno.h"
#include "abi/hypercall.h"
#include "abi/version.h"
#include "abi/features.h"
#include "abi/console_io.h"
#include "abi/sched.h"
#include "abi/vcpu.h"
#include "abi/event_channel.h"
#include "abi/grant_table.h"
#include "abi/hvm.h"
#include "abi/memory.h"
#include "abi/pv_mmu.h"
#include "abi/elfnote.h"
#include "abi/cpuid.h"
#include "abi/xs_wire.h"
#include "abi/xenbus.h"
#include "abi/blkif.h"
#include "abi/netif.h"
#include "abi/kbdif.h"
#include "abi/fbif.h"

#include "check.h"

#define REL_4_17 XSHIM_REL(4, 17) /* the installed headers' release */

/*
 * Numbers newer than the installed headers, with their source. Defined only where the
 * installed header lacks them, so a newer libxen-dev checks them by name instead.
 */
#ifndef XENVER_extraversion2 /* xen/include/public/version.h, 4.20+ [search] */
#define XENVER_extraversion2 11
#define XENVER_capabilities2 12
#define XENVER_changeset2 13
#define XENVER_commandline2 14
#endif
#ifndef XENFEAT_runstate_phys_area /* features.h, R. Pau Monné's 4.18 patch [search] */
#define XENFEAT_runstate_phys_area 18
#define XENFEAT_vcpu_time_phys_area 19
#endif
#ifndef XENFEAT_grant_map_identity /* 4.17 features.h keeps "12" only inside a comment */
#define XENFEAT_grant_map_identity 12
#endif
#ifndef XENFEAT_dm_msix_all_writes /* features.h, M. Marczykowski-Górecki's 2024 patch */
#define XENFEAT_dm_msix_all_writes 20
#endif
/* xs_wire.h, J. Gross's "add missing commands" (2024) [search]; enum members, so no #ifndef:
 * they continue the 4.17 enum at XS_TYPE_COUNT, which the checks below also verify. */
enum { XS_GET_FEATURE_ = XS_TYPE_COUNT, XS_SET_FEATURE_, XS_GET_QUOTA_, XS_SET_QUOTA_ };
#define XS_GET_FEATURE XS_GET_FEATURE_
#define XS_SET_FEATURE XS_SET_FEATURE_
#define XS_GET_QUOTA XS_GET_QUOTA_
#define XS_SET_QUOTA XS_SET_QUOTA_

/*
 * A table entry against its Xen name; and its "since" against the installed release. Numbers
 * are handed out in order, so an entry is in the 4.17 headers exactly when its number is at
 * most the highest number they define (`last`): since <= 4.17 must agree with that.
 */
#define CHECK_CONST(xen, ours, value, since, last)                                                 \
    do {                                                                                           \
        CHECK_EQ(#xen, (ours), (xen));                                                             \
        CHECK_EQ(#xen " since <= 4.17 iff in 4.17 headers", (since) <= REL_4_17,                   \
                 (unsigned long long)(value) <= (unsigned long long)(last));                       \
    } while (0)

/* Struct layouts: every listed field's offset and size, then the struct's size and alignment. */
#define CHECK_FIELD(T, field, offset, since)                                                       \
    do {                                                                                           \
        CHECK_EQ(#T "." #field " offset", offsetof(struct xshim_##T, field),                       \
                 offsetof(XEN_##T, field));                                                        \
        CHECK_EQ(#T "." #field " size", sizeof(((struct xshim_##T *)0)->field),                    \
                 sizeof(((XEN_##T *)0)->field));                                                   \
    } while (0);
#define CHECK_FIELD_OFFSET(T, field, offset, since)                                                \
    CHECK_EQ(#T "." #field " offset", offsetof(struct xshim_##T, field), offsetof(XEN_##T, field));
#define CHECK_STRUCT(T)                                                                            \
    do {                                                                                           \
        XSHIM_LAYOUT_##T(CHECK_FIELD, T)                                                           \
            CHECK_EQ("sizeof " #T, sizeof(struct xshim_##T), sizeof(XEN_##T));                     \
        CHECK_EQ("alignof " #T, _Alignof(struct xshim_##T), _Alignof(XEN_##T));                    \
    } while (0)

#define XEN_compile_info struct xen_compile_info
#define XEN_feature_info struct xen_feature_info
#define XEN_varbuf struct xen_build_id /* 4.17's name for the same {len, buf[]} shape */
#define XEN_sched_shutdown struct sched_shutdown
#define XEN_vcpu_register_vcpu_info struct vcpu_register_vcpu_info
#define XEN_evtchn_send struct evtchn_send
#define XEN_evtchn_unmask struct evtchn_unmask
#define XEN_evtchn_init_control struct evtchn_init_control
#define XEN_evtchn_op_compat struct evtchn_op
#define XEN_hvm_param struct xen_hvm_param
#define XEN_gnttab_query_size struct gnttab_query_size
#define XEN_gnttab_get_version struct gnttab_get_version
#define XEN_grant_entry_v1 struct grant_entry_v1
#define XEN_evtchn_alloc_unbound struct evtchn_alloc_unbound
#define XEN_evtchn_close struct evtchn_close
#define XEN_xsd_sockmsg struct xsd_sockmsg
#define XEN_xenstore_domain_interface struct xenstore_domain_interface
#define XEN_blkif_request_segment struct blkif_request_segment
#define XEN_netif_tx_request struct netif_tx_request
#define XEN_netif_tx_response struct netif_tx_response
#define XEN_netif_rx_request struct netif_rx_request
#define XEN_netif_rx_response struct netif_rx_response
#define XEN_netif_extra_info struct netif_extra_info
#define XEN_kbdif_page struct xenkbd_page
#define XEN_kbdif_motion struct xenkbd_motion
#define XEN_kbdif_key struct xenkbd_key
#define XEN_kbdif_position struct xenkbd_position
#define XEN_fbif_update struct xenfb_update
#define XEN_fbif_resize struct xenfb_resize
#define XEN_fbif_refresh_period struct xenfb_refresh_period
#if defined(__i386__)
#define XEN_fbif_page_x86_32 struct xenfb_page
#define XEN_gnttab_setup_table_x86_32 struct gnttab_setup_table
#define XEN_add_to_physmap_x86_32 struct xen_add_to_physmap
#define XEN_blkif_request_x86_32 struct blkif_request
#define XEN_blkif_response_x86_32 struct blkif_response
#define XEN_blkif_request_indirect_x86_32 struct blkif_request_indirect
#else
#define XEN_fbif_page_x86_64 struct xenfb_page
#define XEN_gnttab_setup_table_x86_64 struct gnttab_setup_table
#define XEN_add_to_physmap_x86_64 struct xen_add_to_physmap
#define XEN_blkif_request_x86_64 struct blkif_request
#define XEN_blkif_response_x86_64 struct blkif_response
#define XEN_blkif_request_indirect_x86_64 struct blkif_request_indirect
#endif

static void check_hypercalls(void) {
#define HC(name, value, since) CHECK_CONST(__HYPERVISOR_##name, XSHIM_HC_##name, value, since, 55);
    XSHIM_HC(HC)
#undef HC
    /* Every scoped call is in the table (a typo would not compile) and has a known scope. */
#define SCOPE(name, scope)                                                                         \
    CHECK_EQ("scope of " #name, (scope) <= XSHIM_HC_SCOPE_X86_64_PV && XSHIM_HC_##name >= 0, 1);
    XSHIM_HC_SCOPE(SCOPE)
#undef SCOPE
    /* Compat slots: number by name; the interface version at which the slot became compat is
     * the literal in xen.h's comments ("compat since 0x00030101" / "0x00030202"). */
#define COMPAT(name, value, iface, replaced_by)                                                    \
    CHECK_EQ("compat " #name, value, __HYPERVISOR_##name);                                         \
    CHECK_EQ("compat " #name " replaced by", XSHIM_HC_##replaced_by, __HYPERVISOR_##replaced_by);  \
    CHECK_EQ("compat " #name " iface", iface,                                                      \
             value == 6 ? 0x00030101u : 0x00030202u); /* xen.h comments */
    XSHIM_HC_COMPAT(COMPAT)
#undef COMPAT
    CHECK_EQ("sizeof physdev_op (native)", sizeof(struct physdev_op),
             sizeof(void *) == 8 ? XSHIM_PHYSDEV_OP_COMPAT_SIZE_X86_64
                                 : XSHIM_PHYSDEV_OP_COMPAT_SIZE_X86_32);
    /* Calls that came and went: the number is still reserved in 4.17; the removal releases
     * are the documented ones (tmem: 4.13, project brief; xenoprof: 4.22, xen-devel patch
     * "xen: Drop xenoprofile support", 2026-01). */
#define GONE(name, value, since, removed)                                                          \
    CHECK_EQ("gone " #name, value, __HYPERVISOR_##name);                                           \
    CHECK_EQ("gone " #name " still in table", XSHIM_HC_##name, value);
    XSHIM_HC_GONE(GONE)
#undef GONE
    {
        static const struct {
            const char *nm;
            uint32_t rel;
        } gone[] = {{"tmem_op", XSHIM_REL(4, 13)}, {"xenoprof_op", XSHIM_REL(4, 22)}};
        unsigned i = 0;
#define GONE_REL(name, value, since, removed)                                                      \
    CHECK_EQ("gone " #name " name", strcmp(gone[i].nm, #name), 0);                                 \
    CHECK_EQ("gone " #name " removed", removed, gone[i].rel);                                      \
    i++;
        XSHIM_HC_GONE(GONE_REL)
#undef GONE_REL
        CHECK_EQ("gone entries", i, sizeof gone / sizeof gone[0]);
    }
    /* History, Xen 2.0: slot order of the 2004 xen/include/public/xen.h (K A Fraser). */
    {
        static const char *const xen2[] = {"set_trap_table",
                                           "mmu_update",
                                           "set_gdt",
                                           "stack_switch",
                                           "set_callbacks",
                                           "fpu_taskswitch",
                                           "sched_op",
                                           "dom0_op",
                                           "set_debugreg",
                                           "get_debugreg",
                                           "update_descriptor",
                                           "set_fast_trap",
                                           "dom_mem_op",
                                           "multicall",
                                           "update_va_mapping",
                                           "set_timer_op",
                                           "event_channel_op",
                                           "xen_version",
                                           "console_io",
                                           "physdev_op",
                                           "grant_table_op",
                                           "vm_assist",
                                           "update_va_mapping_otherdomain",
                                           "switch_vm86"};
        unsigned n = 0;
#define XEN2(name, value, since)                                                                   \
    CHECK_EQ("Xen 2.0 " #name, (value) < 24 && strcmp(xen2[value], #name) == 0, 1);                \
    n++;
        XSHIM_HC_XEN2(XEN2)
#undef XEN2
        CHECK_EQ("Xen 2.0 slots", n, sizeof xen2 / sizeof xen2[0]);
        CHECK_EQ("Xen 2.0 console_io", XSHIM_HC_console_io, 18); /* the same slot since 2.0 */
    }
    /* History, Xen 1.x: console_write = 2 (NetBSD's Xen 1.2 loader, OZONE port, 2004). */
#define XEN1(name, value, since)                                                                   \
    CHECK_EQ("Xen 1.x " #name, value, strcmp(#name, "console_write") == 0 ? 2 : 0);
    XSHIM_HC_XEN1(XEN1)
#undef XEN1
}

static void check_version(void) {
#define XV(name, value, since) CHECK_CONST(XENVER_##name, XSHIM_XENVER_##name, value, since, 10);
    XSHIM_XENVER(XV)
#undef XV
    CHECK_EQ("XEN_EXTRAVERSION_LEN", XSHIM_XEN_EXTRAVERSION_LEN, XEN_EXTRAVERSION_LEN);
    CHECK_EQ("XEN_CAPABILITIES_INFO_LEN", XSHIM_XEN_CAPABILITIES_INFO_LEN,
             XEN_CAPABILITIES_INFO_LEN);
    CHECK_EQ("XEN_CHANGESET_INFO_LEN", XSHIM_XEN_CHANGESET_INFO_LEN, XEN_CHANGESET_INFO_LEN);
    CHECK_EQ("sizeof xen_commandline_t", XSHIM_XEN_COMMANDLINE_LEN, sizeof(xen_commandline_t));
    CHECK_EQ("sizeof xen_domain_handle_t", XSHIM_XEN_DOMAIN_HANDLE_LEN,
             sizeof(xen_domain_handle_t));
    /* xen/common/version.c, xen_deny(); xen/common/kernel.c: the 64 KiB varbuf limit. */
    CHECK_EQ("\"<denied>\"", strcmp(XSHIM_XENVER_DENIED, "<denied>"), 0);
    CHECK_EQ("strlen \"<denied>\"", XSHIM_XENVER_DENIED_LEN, strlen(XSHIM_XENVER_DENIED));
    CHECK_EQ("varbuf limit", XSHIM_XENVER_VARBUF_MAX, 64u * 1024u);
    CHECK_EQ("XENVER_version encoding 4.17", XSHIM_REL(4, 17), 0x00040011u);
    CHECK_EQ("XENVER_version major", XSHIM_XENVER_VERSION_MAJOR(0x00040011u), 4);
    CHECK_EQ("XENVER_version minor", XSHIM_XENVER_VERSION_MINOR(0x00040011u), 17);
    CHECK_STRUCT(compile_info);
    CHECK_STRUCT(feature_info);
    XSHIM_LAYOUT_varbuf(CHECK_FIELD_OFFSET, varbuf)
        CHECK_EQ("sizeof varbuf", sizeof(struct xshim_varbuf), sizeof(struct xen_build_id));
    CHECK_EQ("alignof varbuf", _Alignof(struct xshim_varbuf), _Alignof(struct xen_build_id));
}

static void check_features(void) {
#define XF(name, bit, since)                                                                       \
    CHECK_CONST(XENFEAT_##name, XSHIM_XENFEAT_##name, bit, since, XENFEAT_direct_mapped);          \
    CHECK_EQ("xshim_xenfeat_name(" #name ")", strcmp(xshim_xenfeat_name(bit), #name), 0);          \
    CHECK_EQ("xshim_xenfeat_since(" #name ")", xshim_xenfeat_since(bit), since);
    XSHIM_XENFEAT(XF)
#undef XF
    CHECK_EQ("xshim_xenfeat_name(31)", xshim_xenfeat_name(31) == NULL, 1);
    CHECK_EQ("XENFEAT_NR_SUBMAPS", XSHIM_XENFEAT_NR_SUBMAPS, XENFEAT_NR_SUBMAPS);
}

static void check_ops(void) {
#define CIO(name, value, since)                                                                    \
    CHECK_CONST(CONSOLEIO_##name, XSHIM_CONSOLEIO_##name, value, since, 1);
    XSHIM_CONSOLEIO(CIO)
#undef CIO
#define SO(name, value, since) CHECK_CONST(SCHEDOP_##name, XSHIM_SCHEDOP_##name, value, since, 7);
    XSHIM_SCHEDOP(SO)
#undef SO
#define SD(name, value, since) CHECK_CONST(SHUTDOWN_##name, XSHIM_SHUTDOWN_##name, value, since, 5);
    XSHIM_SHUTDOWN(SD)
#undef SD
    CHECK_EQ("SHUTDOWN_MAX", XSHIM_SHUTDOWN_MAX, SHUTDOWN_MAX);
    CHECK_STRUCT(sched_shutdown);
#define VO(name, value, since) CHECK_CONST(VCPUOP_##name, XSHIM_VCPUOP_##name, value, since, 13);
    XSHIM_VCPUOP(VO)
#undef VO
    CHECK_STRUCT(vcpu_register_vcpu_info);
#define EO(name, value, since)                                                                     \
    CHECK_CONST(EVTCHNOP_##name, XSHIM_EVTCHNOP_##name, value, since, 13);
    XSHIM_EVTCHNOP(EO)
#undef EO
    CHECK_EQ("EVTCHN_FIFO_PRIORITY_MAX", XSHIM_EVTCHN_FIFO_PRIORITY_MAX, EVTCHN_FIFO_PRIORITY_MAX);
    CHECK_EQ("EVTCHN_FIFO_PRIORITY_DEFAULT", XSHIM_EVTCHN_FIFO_PRIORITY_DEFAULT,
             EVTCHN_FIFO_PRIORITY_DEFAULT);
    CHECK_EQ("EVTCHN_FIFO_PRIORITY_MIN", XSHIM_EVTCHN_FIFO_PRIORITY_MIN, EVTCHN_FIFO_PRIORITY_MIN);
    CHECK_EQ("EVTCHN_FIFO_LINK_BITS", XSHIM_EVTCHN_FIFO_LINK_BITS, EVTCHN_FIFO_LINK_BITS);
    CHECK_STRUCT(evtchn_send);
    CHECK_STRUCT(evtchn_unmask);
    CHECK_STRUCT(evtchn_init_control);
    CHECK_STRUCT(evtchn_alloc_unbound);
    CHECK_STRUCT(evtchn_close);
    CHECK_STRUCT(evtchn_op_compat);
    CHECK_EQ("sizeof evtchn_op.u", XSHIM_EVTCHN_OP_UNION_SIZE, sizeof(((struct evtchn_op *)0)->u));
#define HO(name, value, since) CHECK_CONST(HVMOP_##name, XSHIM_HVMOP_##name, value, since, 1);
    XSHIM_HVMOP(HO)
#undef HO
#define HP(name, value, since)                                                                     \
    CHECK_CONST(HVM_PARAM_##name, XSHIM_HVM_PARAM_##name, value, since, 38);
    XSHIM_HVM_PARAM(HP)
#undef HP
    CHECK_EQ("HVM_PARAM_CALLBACK_TYPE_GSI", XSHIM_HVM_PARAM_CALLBACK_TYPE_GSI,
             HVM_PARAM_CALLBACK_TYPE_GSI);
    CHECK_EQ("HVM_PARAM_CALLBACK_TYPE_PCI_INTX", XSHIM_HVM_PARAM_CALLBACK_TYPE_PCI_INTX,
             HVM_PARAM_CALLBACK_TYPE_PCI_INTX);
    CHECK_EQ("HVM_PARAM_CALLBACK_TYPE_VECTOR", XSHIM_HVM_PARAM_CALLBACK_TYPE_VECTOR,
             HVM_PARAM_CALLBACK_TYPE_VECTOR);
    /* params.h defines TYPE_PPI only for Arm builds: "#define HVM_PARAM_CALLBACK_TYPE_PPI 2". */
    CHECK_EQ("HVM_PARAM_CALLBACK_TYPE_PPI", XSHIM_HVM_PARAM_CALLBACK_TYPE_PPI, 2);
    CHECK_EQ("XEN_HVM_DEBUGCONS_IOPORT", XSHIM_HVM_DEBUGCONS_IOPORT, XEN_HVM_DEBUGCONS_IOPORT);
#define XE(name, value) CHECK_EQ("XEN_" #name, XSHIM_XEN_##name, XEN_##name);
    XSHIM_XEN_ERRNO(XE)
#undef XE
    CHECK_EQ("DOMID_SELF", XSHIM_DOMID_SELF, DOMID_SELF);
    CHECK_STRUCT(hvm_param);
    CHECK_EQ("XENMEM_add_to_physmap", XSHIM_XENMEM_add_to_physmap, XENMEM_add_to_physmap);
#define MS(name, value, since)                                                                     \
    CHECK_CONST(XENMAPSPACE_##name, XSHIM_XENMAPSPACE_##name, value, since, 5);
    XSHIM_XENMAPSPACE(MS)
#undef MS
    CHECK_EQ("XENMAPIDX_grant_table_status", XSHIM_XENMAPIDX_grant_table_status,
             XENMAPIDX_grant_table_status);
#if defined(__i386__)
    CHECK_STRUCT(add_to_physmap_x86_32);
    CHECK_EQ("sizeof add_to_physmap_x86_64 (documented)",
             sizeof(struct xshim_add_to_physmap_x86_64), 24);
#else
    CHECK_STRUCT(add_to_physmap_x86_64);
    CHECK_EQ("sizeof add_to_physmap_x86_32 (documented)",
             sizeof(struct xshim_add_to_physmap_x86_32), 16);
#endif
    CHECK_EQ("xshim_add_to_physmap is native", sizeof(xshim_add_to_physmap),
             sizeof(struct xen_add_to_physmap));
#define UV(name, value, since) CHECK_EQ("UVMF_" #name, XSHIM_UVMF_##name, UVMF_##name);
    XSHIM_UVMF(UV)
#undef UV
}

static void check_xenbus(void) {
#define XB(name, value, since)                                                                     \
    CHECK_EQ("XenbusState" #name, XSHIM_XENBUS_##name, XenbusState##name);
    XSHIM_XENBUS_STATES(XB)
#undef XB
}

static void check_grant_table(void) {
#define GO(name, value, since)                                                                     \
    CHECK_CONST(GNTTABOP_##name, XSHIM_GNTTABOP_##name, value, since, 12);
    XSHIM_GNTTABOP(GO)
#undef GO
    CHECK_EQ("GNTST_okay", XSHIM_GNTST_okay, GNTST_okay);
    CHECK_EQ("GNTST_general_error", XSHIM_GNTST_general_error, GNTST_general_error);
    CHECK_EQ("GNTST_bad_domain", XSHIM_GNTST_bad_domain, GNTST_bad_domain);
    CHECK_EQ("GNTST_permission_denied", XSHIM_GNTST_permission_denied, GNTST_permission_denied);
    CHECK_STRUCT(gnttab_query_size);
    CHECK_STRUCT(gnttab_get_version);
    CHECK_STRUCT(grant_entry_v1);
    CHECK_EQ("GTF_permit_access", XSHIM_GTF_permit_access, GTF_permit_access);
    CHECK_EQ("GTF_type_mask", XSHIM_GTF_type_mask, GTF_type_mask);
    CHECK_EQ("GTF_readonly", XSHIM_GTF_readonly, GTF_readonly);
    CHECK_EQ("GTF_reading", XSHIM_GTF_reading, GTF_reading);
    CHECK_EQ("GTF_writing", XSHIM_GTF_writing, GTF_writing);
    CHECK_EQ("GNTTAB_NR_RESERVED_ENTRIES", XSHIM_GNTTAB_NR_RESERVED_ENTRIES,
             GNTTAB_NR_RESERVED_ENTRIES);
#if defined(__i386__)
    CHECK_STRUCT(gnttab_setup_table_x86_32);
#else
    CHECK_STRUCT(gnttab_setup_table_x86_64);
#endif
}

static void check_elfnote_cpuid(void) {
#define EN(name, value, since)                                                                     \
    CHECK_CONST(XEN_ELFNOTE_##name, XSHIM_ELFNOTE_##name, value, since, 0x2000003);
    XSHIM_ELFNOTE(EN)
#undef EN
    CHECK_EQ("XEN_ELFNOTE_MAX", XSHIM_ELFNOTE_MAX, XEN_ELFNOTE_MAX);
    CHECK_EQ("XEN_CPUID_FIRST_LEAF", XSHIM_CPUID_FIRST_LEAF, XEN_CPUID_FIRST_LEAF);
    CHECK_EQ("XEN_CPUID_LEAF(2)",
             XSHIM_CPUID_LEAF(XSHIM_CPUID_FIRST_LEAF, XSHIM_CPUID_LEAF_HYPERCALL),
             XEN_CPUID_LEAF(2));
    CHECK_EQ("XEN_CPUID_LEAF(1)",
             XSHIM_CPUID_LEAF(XSHIM_CPUID_FIRST_LEAF, XSHIM_CPUID_LEAF_VERSION), XEN_CPUID_LEAF(1));
    CHECK_EQ("XEN_CPUID_SIGNATURE_EBX", XSHIM_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_EBX);
    CHECK_EQ("XEN_CPUID_SIGNATURE_ECX", XSHIM_CPUID_SIGNATURE_ECX, XEN_CPUID_SIGNATURE_ECX);
    CHECK_EQ("XEN_CPUID_SIGNATURE_EDX", XSHIM_CPUID_SIGNATURE_EDX, XEN_CPUID_SIGNATURE_EDX);
    {
        uint32_t regs[3] = {XEN_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_ECX,
                            XEN_CPUID_SIGNATURE_EDX};
        CHECK_EQ("signature string", memcmp(regs, XSHIM_CPUID_SIGNATURE_XEN, 12), 0);
    }
    CHECK_EQ("XEN_CPUID_MAX_NUM_LEAVES", XSHIM_CPUID_MAX_NUM_LEAVES, XEN_CPUID_MAX_NUM_LEAVES);
    CHECK_EQ("XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD",
             XSHIM_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD,
             XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD);
    CHECK_EQ("XEN_HVM_CPUID_APIC_ACCESS_VIRT", XSHIM_HVM_CPUID_APIC_ACCESS_VIRT,
             XEN_HVM_CPUID_APIC_ACCESS_VIRT);
    CHECK_EQ("XEN_HVM_CPUID_X2APIC_VIRT", XSHIM_HVM_CPUID_X2APIC_VIRT, XEN_HVM_CPUID_X2APIC_VIRT);
    CHECK_EQ("XEN_HVM_CPUID_IOMMU_MAPPINGS", XSHIM_HVM_CPUID_IOMMU_MAPPINGS,
             XEN_HVM_CPUID_IOMMU_MAPPINGS);
    CHECK_EQ("XEN_HVM_CPUID_VCPU_ID_PRESENT", XSHIM_HVM_CPUID_VCPU_ID_PRESENT,
             XEN_HVM_CPUID_VCPU_ID_PRESENT);
    CHECK_EQ("XEN_HVM_CPUID_DOMID_PRESENT", XSHIM_HVM_CPUID_DOMID_PRESENT,
             XEN_HVM_CPUID_DOMID_PRESENT);
}

static void check_xenstore_blkif(void) {
#define XT(name, value, since)                                                                     \
    CHECK_CONST(XS_##name, XSHIM_XS_##name, value, since, XS_TYPE_COUNT - 1);
    XSHIM_XS_TYPE(XT)
#undef XT
    CHECK_EQ("XS_RESTRICT gap", XSHIM_XS_RESTRICT_REMOVED, XS_SET_TARGET + 1);
    {
        unsigned n = 0;
#define XE(name, index, since)                                                                     \
    CHECK_EQ("xsd_errors[" #index "] is " #name, strcmp(xsd_errors[index].errstring, #name), 0);   \
    CHECK_EQ("xsd_errors[" #index "] errno", xsd_errors[index].errnum, name);                      \
    n++;
        XSHIM_XS_ERROR(XE)
#undef XE
        CHECK_EQ("xsd_errors count", n, sizeof xsd_errors / sizeof xsd_errors[0]);
    }
    CHECK_STRUCT(xsd_sockmsg);
    CHECK_STRUCT(xenstore_domain_interface);
    CHECK_EQ("XENSTORE_RING_SIZE", XSHIM_XENSTORE_RING_SIZE, XENSTORE_RING_SIZE);
    CHECK_EQ("XENSTORE_PAYLOAD_MAX", XSHIM_XENSTORE_PAYLOAD_MAX, XENSTORE_PAYLOAD_MAX);
    CHECK_EQ("XENSTORE_ABS_PATH_MAX", XSHIM_XS_ABS_PATH_MAX, XENSTORE_ABS_PATH_MAX);
    CHECK_EQ("XENSTORE_REL_PATH_MAX", XSHIM_XS_REL_PATH_MAX, XENSTORE_REL_PATH_MAX);
    CHECK_EQ("XENSTORE_SERVER_FEATURE_RECONNECTION", XSHIM_XENSTORE_SERVER_FEATURE_RECONNECTION,
             XENSTORE_SERVER_FEATURE_RECONNECTION);
    CHECK_EQ("XENSTORE_SERVER_FEATURE_ERROR", XSHIM_XENSTORE_SERVER_FEATURE_ERROR,
             XENSTORE_SERVER_FEATURE_ERROR);
    CHECK_EQ("XENSTORE_CONNECTED", XSHIM_XENSTORE_CONNECTED, XENSTORE_CONNECTED);
    CHECK_EQ("XENSTORE_RECONNECT", XSHIM_XENSTORE_RECONNECT, XENSTORE_RECONNECT);
    CHECK_EQ("XENSTORE_ERROR_NONE", XSHIM_XENSTORE_ERROR_NONE, XENSTORE_ERROR_NONE);
    CHECK_EQ("XENSTORE_ERROR_COMM", XSHIM_XENSTORE_ERROR_COMM, XENSTORE_ERROR_COMM);
    CHECK_EQ("XENSTORE_ERROR_RINGIDX", XSHIM_XENSTORE_ERROR_RINGIDX, XENSTORE_ERROR_RINGIDX);
    CHECK_EQ("XENSTORE_ERROR_PROTO", XSHIM_XENSTORE_ERROR_PROTO, XENSTORE_ERROR_PROTO);

#define BO(name, value, since) CHECK_CONST(BLKIF_OP_##name, XSHIM_BLKIF_OP_##name, value, since, 6);
    XSHIM_BLKIF_OP(BO)
#undef BO
    CHECK_EQ("BLKIF_MAX_SEGMENTS_PER_REQUEST", XSHIM_BLKIF_MAX_SEGMENTS_PER_REQUEST,
             BLKIF_MAX_SEGMENTS_PER_REQUEST);
    CHECK_EQ("BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST", XSHIM_BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST,
             BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST);
    CHECK_EQ("segments per indirect frame", XSHIM_BLKIF_SEGS_PER_INDIRECT_FRAME,
             XSHIM_GRANT_FRAME_SIZE / sizeof(struct blkif_request_segment));
    CHECK_EQ("BLKIF_RSP_EOPNOTSUPP", XSHIM_BLKIF_RSP_EOPNOTSUPP, BLKIF_RSP_EOPNOTSUPP);
    CHECK_EQ("BLKIF_RSP_ERROR", XSHIM_BLKIF_RSP_ERROR, BLKIF_RSP_ERROR);
    CHECK_EQ("BLKIF_RSP_OKAY", XSHIM_BLKIF_RSP_OKAY, BLKIF_RSP_OKAY);
    CHECK_EQ("XEN_IO_PROTO_ABI_X86_32", strcmp(XSHIM_IO_PROTO_ABI_X86_32, XEN_IO_PROTO_ABI_X86_32),
             0);
    CHECK_EQ("XEN_IO_PROTO_ABI_X86_64", strcmp(XSHIM_IO_PROTO_ABI_X86_64, XEN_IO_PROTO_ABI_X86_64),
             0);
    CHECK_EQ("XEN_IO_PROTO_ABI_ARM", strcmp(XSHIM_IO_PROTO_ABI_ARM, XEN_IO_PROTO_ABI_ARM), 0);
    CHECK_STRUCT(blkif_request_segment);
    /* Native layout against Xen's; the other ABI against its documented size (DESIGN.md). */
#if defined(__i386__)
    CHECK_STRUCT(blkif_request_x86_32);
    CHECK_STRUCT(blkif_response_x86_32);
    CHECK_STRUCT(blkif_request_indirect_x86_32);
    CHECK_EQ("sizeof blkif_request_x86_64 (documented)", sizeof(struct xshim_blkif_request_x86_64),
             112);
#else
    CHECK_STRUCT(blkif_request_x86_64);
    CHECK_STRUCT(blkif_response_x86_64);
    CHECK_STRUCT(blkif_request_indirect_x86_64);
    CHECK_EQ("sizeof blkif_request_x86_32 (documented)", sizeof(struct xshim_blkif_request_x86_32),
             108);
#endif
}

/* netif: one layout on every ABI (no 64-bit fields), so Xen's native struct at -m64 and -m32. */
static void check_netif(void) {
    CHECK_STRUCT(netif_tx_request);
    CHECK_STRUCT(netif_tx_response);
    CHECK_STRUCT(netif_rx_request);
    CHECK_STRUCT(netif_rx_response);
    CHECK_STRUCT(netif_extra_info);
#define TXF(name, bit) CHECK_EQ("NETTXF_" #name, XSHIM_NETTXF_##name, NETTXF_##name);
    XSHIM_NETTXF(TXF)
#undef TXF
#define RXF(name, bit) CHECK_EQ("NETRXF_" #name, XSHIM_NETRXF_##name, NETRXF_##name);
    XSHIM_NETRXF(RXF)
#undef RXF
    CHECK_EQ("XEN_NETIF_NR_SLOTS_MIN", XSHIM_NETIF_NR_SLOTS_MIN, XEN_NETIF_NR_SLOTS_MIN);
    CHECK_EQ("XEN_NETIF_MAX_TX_SIZE", XSHIM_NETIF_MAX_TX_SIZE, XEN_NETIF_MAX_TX_SIZE);
    CHECK_EQ("NETIF_RSP_DROPPED", XSHIM_NETIF_RSP_DROPPED, NETIF_RSP_DROPPED);
    CHECK_EQ("NETIF_RSP_ERROR", XSHIM_NETIF_RSP_ERROR, NETIF_RSP_ERROR);
    CHECK_EQ("NETIF_RSP_OKAY", XSHIM_NETIF_RSP_OKAY, NETIF_RSP_OKAY);
    CHECK_EQ("NETIF_RSP_NULL", XSHIM_NETIF_RSP_NULL, NETIF_RSP_NULL);
    CHECK_EQ("XEN_NETIF_EXTRA_TYPE_NONE", XSHIM_NETIF_EXTRA_TYPE_NONE, XEN_NETIF_EXTRA_TYPE_NONE);
    CHECK_EQ("XEN_NETIF_EXTRA_TYPE_GSO", XSHIM_NETIF_EXTRA_TYPE_GSO, XEN_NETIF_EXTRA_TYPE_GSO);
    CHECK_EQ("XEN_NETIF_EXTRA_TYPE_MCAST_ADD", XSHIM_NETIF_EXTRA_TYPE_MCAST_ADD,
             XEN_NETIF_EXTRA_TYPE_MCAST_ADD);
    CHECK_EQ("XEN_NETIF_EXTRA_TYPE_MCAST_DEL", XSHIM_NETIF_EXTRA_TYPE_MCAST_DEL,
             XEN_NETIF_EXTRA_TYPE_MCAST_DEL);
    CHECK_EQ("XEN_NETIF_EXTRA_TYPE_HASH", XSHIM_NETIF_EXTRA_TYPE_HASH, XEN_NETIF_EXTRA_TYPE_HASH);
    CHECK_EQ("XEN_NETIF_EXTRA_TYPE_MAX", XSHIM_NETIF_EXTRA_TYPE_MAX, XEN_NETIF_EXTRA_TYPE_MAX);
    CHECK_EQ("XEN_NETIF_EXTRA_FLAG_MORE", XSHIM_NETIF_EXTRA_FLAG_MORE, XEN_NETIF_EXTRA_FLAG_MORE);
}

/* The keyboard and framebuffer pages, events and node names (kbdif.h, fbif.h). */
static void check_kbdif_fbif(void) {
#define KT(name, value, since)                                                                     \
    CHECK_CONST(XENKBD_TYPE_##name, XSHIM_KBDIF_TYPE_##name, value, since, 5);
    XSHIM_KBDIF_TYPE(KT)
#undef KT
#define FT(name, value, since)                                                                     \
    CHECK_CONST(XENFB_TYPE_##name, XSHIM_FBIF_TYPE_##name, value, since, 3);
    XSHIM_FBIF_OUT_TYPE(FT)
    XSHIM_FBIF_IN_TYPE(FT)
#undef FT
    CHECK_EQ("XENFB_NO_REFRESH", XSHIM_FBIF_NO_REFRESH, XENFB_NO_REFRESH);
    CHECK_EQ("XENKBD_IN_EVENT_SIZE", XSHIM_KBDIF_IN_EVENT_SIZE, XENKBD_IN_EVENT_SIZE);
    CHECK_EQ("XENKBD_IN_RING_OFFS", XSHIM_KBDIF_IN_RING_OFFS, XENKBD_IN_RING_OFFS);
    CHECK_EQ("XENKBD_IN_RING_SIZE", XSHIM_KBDIF_IN_RING_SIZE, XENKBD_IN_RING_SIZE);
    CHECK_EQ("XENKBD_IN_RING_LEN", XSHIM_KBDIF_IN_RING_LEN, XENKBD_IN_RING_LEN);
    CHECK_EQ("XENKBD_OUT_EVENT_SIZE", XSHIM_KBDIF_OUT_EVENT_SIZE, XENKBD_OUT_EVENT_SIZE);
    CHECK_EQ("XENKBD_OUT_RING_OFFS", XSHIM_KBDIF_OUT_RING_OFFS, XENKBD_OUT_RING_OFFS);
    CHECK_EQ("XENKBD_OUT_RING_SIZE", XSHIM_KBDIF_OUT_RING_SIZE, XENKBD_OUT_RING_SIZE);
    CHECK_EQ("sizeof xenkbd_in_event", sizeof(union xshim_kbdif_in_event),
             sizeof(union xenkbd_in_event));
    CHECK_STRUCT(kbdif_page);
    CHECK_STRUCT(kbdif_motion);
    CHECK_STRUCT(kbdif_key);
    CHECK_STRUCT(kbdif_position);
#define NODE(ours, theirs) CHECK_EQ(#theirs, strcmp(ours, theirs), 0);
    NODE(XSHIM_KBDIF_FEATURE_ABS_POINTER, XENKBD_FIELD_FEAT_ABS_POINTER)
    NODE(XSHIM_KBDIF_FEATURE_RAW_POINTER, XENKBD_FIELD_FEAT_RAW_POINTER)
    NODE(XSHIM_KBDIF_FEATURE_MTOUCH, XENKBD_FIELD_FEAT_MTOUCH)
    NODE(XSHIM_KBDIF_FEATURE_DISABLE_KEYBOARD, XENKBD_FIELD_FEAT_DSBL_KEYBRD)
    NODE(XSHIM_KBDIF_FEATURE_DISABLE_POINTER, XENKBD_FIELD_FEAT_DSBL_POINTER)
    NODE(XSHIM_KBDIF_REQUEST_ABS_POINTER, XENKBD_FIELD_REQ_ABS_POINTER)
    NODE(XSHIM_KBDIF_REQUEST_RAW_POINTER, XENKBD_FIELD_REQ_RAW_POINTER)
    NODE(XSHIM_KBDIF_REQUEST_MTOUCH, XENKBD_FIELD_REQ_MTOUCH)
    NODE(XSHIM_KBDIF_PAGE_GREF, XENKBD_FIELD_RING_GREF)
    NODE(XSHIM_KBDIF_PAGE_REF, XENKBD_FIELD_RING_REF)
    NODE(XSHIM_KBDIF_EVENT_CHANNEL, XENKBD_FIELD_EVT_CHANNEL)
    NODE(XSHIM_KBDIF_WIDTH, XENKBD_FIELD_WIDTH)
    NODE(XSHIM_KBDIF_HEIGHT, XENKBD_FIELD_HEIGHT)
#undef NODE
    CHECK_EQ("XENFB_IN_EVENT_SIZE", XSHIM_FBIF_EVENT_SIZE, XENFB_IN_EVENT_SIZE);
    CHECK_EQ("XENFB_OUT_EVENT_SIZE", XSHIM_FBIF_EVENT_SIZE, XENFB_OUT_EVENT_SIZE);
    CHECK_EQ("XENFB_IN_RING_OFFS", XSHIM_FBIF_IN_RING_OFFS, XENFB_IN_RING_OFFS);
    CHECK_EQ("XENFB_IN_RING_SIZE", XSHIM_FBIF_IN_RING_SIZE, XENFB_IN_RING_SIZE);
    CHECK_EQ("XENFB_IN_RING_LEN", XSHIM_FBIF_IN_RING_LEN, XENFB_IN_RING_LEN);
    CHECK_EQ("XENFB_OUT_RING_OFFS", XSHIM_FBIF_OUT_RING_OFFS, XENFB_OUT_RING_OFFS);
    CHECK_EQ("XENFB_OUT_RING_SIZE", XSHIM_FBIF_OUT_RING_SIZE, XENFB_OUT_RING_SIZE);
    CHECK_EQ("XENFB_OUT_RING_LEN", XSHIM_FBIF_OUT_RING_LEN, XENFB_OUT_RING_LEN);
    CHECK_EQ("sizeof xenfb_in_event", sizeof(union xshim_fbif_in_event),
             sizeof(union xenfb_in_event));
    CHECK_EQ("sizeof xenfb_out_event", sizeof(union xshim_fbif_out_event),
             sizeof(union xenfb_out_event));
    CHECK_STRUCT(fbif_update);
    CHECK_STRUCT(fbif_resize);
    CHECK_STRUCT(fbif_refresh_period);
    CHECK_EQ("xenfb_page pd[] entries", XSHIM_FBIF_PD_ENTRIES,
             sizeof(((struct xenfb_page *)0)->pd) / sizeof(((struct xenfb_page *)0)->pd[0]));
    /* Native layout against Xen's (unsigned long pd[]); the other ABI against the offset QEMU's
     * backend reads it at (hw/display/xenfb.c: pd - 4 for an x86_32 frontend on x86_64). */
#if defined(__i386__)
    CHECK_STRUCT(fbif_page_x86_32);
    CHECK_EQ("fbif_page_x86_64.pd = x86_32's + 4", offsetof(struct xshim_fbif_page_x86_64, pd),
             offsetof(struct xenfb_page, pd) + 4);
#else
    CHECK_STRUCT(fbif_page_x86_64);
    CHECK_EQ("fbif_page_x86_32.pd = x86_64's - 4", offsetof(struct xshim_fbif_page_x86_32, pd),
             offsetof(struct xenfb_page, pd) - 4);
#endif
}

int main(void) {
    check_hypercalls();
    check_version();
    check_features();
    check_ops();
    check_grant_table();
    check_xenbus();
    check_elfnote_cpuid();
    check_xenstore_blkif();
    check_netif();
    check_kbdif_fbif();
    return CHECK_SUMMARY("conform_constants");
}
