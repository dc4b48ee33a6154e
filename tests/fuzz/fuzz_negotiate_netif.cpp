// tests/fuzz/fuzz_negotiate_netif.cpp: xshim_negotiate() over the network class (netif) with
// backend values and frontend limits from fuzz bytes (input and common checks:
// neg_class_check.hpp). Beside those: a device selected at InitWait (every netif rule's phase)
// had feature-rx-copy offered and used it, and had its mac read.
#include "neg_class_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    xshim_neg_limit own[XSHIM_NETIF_RULES];
    FUZZ_CHECK(xshim_netif_frontend_defaults(own) == XSHIM_S_OK);
    const fuzz::ClassRun run = fuzz::check_class(xshim_neg_netif, own, in);
    if (run.result->outcome == XSHIM_SELECTED && run.phase == XSHIM_NEG_AT_INITWAIT) {
        FUZZ_CHECK(run.result->decisions[XSHIM_NETIF_RX_COPY].status == XSHIM_NEG_OK);
        FUZZ_CHECK(run.values[XSHIM_NETIF_RX_COPY].present);
        FUZZ_CHECK(run.result->decisions[XSHIM_NETIF_MAC].status == XSHIM_NEG_OK);
    }
    return 0;
}
