// guest-boot/transports-check.cpp: every transport an architecture's bind.hpp lists, at every
// arity (0..5), compiled and assembled for that architecture with its guest's flags. The boots
// call only some arities (XENVER_version: two arguments; GNTTABOP_query_size: three), and the
// host's unit tests cannot build the Arm asm at all, so this object is what shows that each
// branch of each transport's asm has registers the compiler can give it. It is built before each
// guest image of the architecture and linked into none (guest-boot.mk).
//
// Compiled with -include shim/arch/<arch>/bind.hpp and -DXSHIM_CHECK_NS=xshim::arch_<arch>; on
// the x86 architectures also -DXSHIM_CHECK_PAGE_AT, for the link-time page (PageAt<page>).
#include "shim/runtime/dispatch.hpp"

namespace {

template <typename T> long every_arity(const T &t) {
    return t.template call<XSHIM_HC_xen_version>() + t.template call<XSHIM_HC_xen_version>(1u) +
           t.template call<XSHIM_HC_xen_version>(1u, 2u) +
           t.template call<XSHIM_HC_xen_version>(1u, 2u, 3u) +
           t.template call<XSHIM_HC_xen_version>(1u, 2u, 3u, 4u) +
           t.template call<XSHIM_HC_xen_version>(1u, 2u, 3u, 4u, 5u);
}

template <typename... Ts> long every_transport(xshim::TypeList<Ts...>) {
    return (every_arity(Ts{}) + ...);
}

} // namespace

#ifdef XSHIM_CHECK_PAGE_AT
alignas(4096) extern const unsigned char xshim_check_page[4096];
#endif

// Referenced by nothing: the object exists to be compiled.
long xshim_transports_check() {
    long sum = every_transport(XSHIM_CHECK_NS::Transports{});
#ifdef XSHIM_CHECK_PAGE_AT
    sum += every_transport(XSHIM_CHECK_NS::TransportsWithPageAt<xshim_check_page>{});
#endif
    return sum;
}
