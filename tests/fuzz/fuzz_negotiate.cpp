// tests/fuzz/fuzz_negotiate.cpp: xshim_negotiate() over the block class (blkif) with backend
// values and frontend limits from fuzz bytes: the input and the checks every class keeps are
// neg_class_check.hpp's.
#include "neg_class_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    xshim_neg_limit own[XSHIM_BLKIF_RULES];
    FUZZ_CHECK(xshim_blkif_frontend_defaults(XSHIM_ARCH_X86_64, own) == XSHIM_S_OK);
    fuzz::check_class(xshim_neg_blkif, own, in, "51712");
    return 0;
}
