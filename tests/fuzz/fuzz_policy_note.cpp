// tests/fuzz/fuzz_policy_note.cpp: the kernel policy that host tools read out of an image's
// xshim note (struct xshim_policy_note, XSHIM_POLICY in xshim.h) and hand to the shim's
// selection code: check_policy(), select() and the verdict line, all in the shim.
// Finding and framing the note inside an ELF file is tools/elfnote.cpp's job (fuzz_elfnote.cpp).
//
// Input: the note's bytes (header and desc, as the image holds them), then u8 guest choice
// (bit 0: PV or PVH boot), u32 release and u32 feature submap 0 that the Xen reports (the rest
// is the captured Xen 4.17 of tests/unit/fake_xen.hpp). The desc is used as the policy whether
// or not the note header is well formed: a tool might skip that check.
// Checked: a policy check_policy() rejects always ends in a bad-policy refusal; a SELECTED
// verdict satisfies every rule of the policy (release range or "newer" flag, guest type,
// required features), the notes name what is wanted but missing, and the line is one
// printable, terminated line.
#include "fuzz_input.hpp"

#include "shim/select/select.hpp"
#include "tests/unit/boot_fixtures.hpp"
#include "tests/unit/fake_xen.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    auto note = std::make_unique<xshim_policy_note>();
    in.take_into(note.get(), sizeof *note);
    const xshim_policy &policy = note->desc;
    const uint8_t guest = in.take<uint8_t>();
    const uint32_t release = in.take<uint32_t>();
    const uint32_t features0 = in.take<uint32_t>();

    FakeXen xen;
    xen.version_rc = xen.cpuid_version = release; // the two sources agree
    xen.features[0] = features0;
    const xshim_platform p = xen.platform();
    PvStart pv;
    PvhStart pvh(1);
    const xshim_handoff handoff = (guest & 1) ? pvh.handoff() : pv.handoff();

    auto v = std::make_unique<xshim_verdict>();
    const uint32_t outcome = xshim_boot(&handoff, &policy, &p, v.get());
    FUZZ_CHECK(outcome == v->outcome);
    FUZZ_CHECK((outcome == XSHIM_SELECTED) == (v->reason == XSHIM_REASON_NONE));
    const bool policy_ok = xshim::check_policy(&policy) == XSHIM_REASON_NONE;
    if (!policy_ok)
        FUZZ_CHECK(v->reason == XSHIM_REASON_BAD_POLICY);

    const size_t n = strnlen(v->line, sizeof v->line);
    FUZZ_CHECK(n < sizeof v->line);
    for (size_t i = 0; i < n; ++i)
        FUZZ_CHECK(v->line[i] >= 0x20 && v->line[i] < 0x7f);

    if (outcome == XSHIM_SELECTED) {
        const xshim_identity &id = v->identity;
        FUZZ_CHECK(policy_ok);
        FUZZ_CHECK(id.release >= policy.min_release);
        FUZZ_CHECK(id.release <= policy.max_tested_release ||
                   (policy.newer == XSHIM_NEWER_ACCEPT &&
                    (v->selection.notes & XSHIM_NOTE_NEWER_THAN_TESTED)));
        FUZZ_CHECK(policy.guest_types & XSHIM_GUEST_MASK(id.guest_type));
        for (uint32_t i = 0; i < XSHIM_FEATURE_SUBMAPS; ++i) {
            FUZZ_CHECK((policy.required_features[i] & ~id.features[i]) == 0);
            FUZZ_CHECK(v->selection.wanted_missing[i] ==
                       (policy.wanted_features[i] & ~id.features[i]));
        }
        FUZZ_CHECK(xshim::first_missing_feature(id, policy) == -1);
    }

    // select() is pure: the same identity and policy give the same answer again.
    if (policy_ok && v->reason != XSHIM_REASON_BAD_POLICY && v->identity.release != 0) {
        xshim_selection again{};
        xshim_inconsistency odd{};
        const uint32_t reason = xshim::select(v->identity, v->boot, &policy, &again, &odd);
        if (outcome == XSHIM_SELECTED)
            FUZZ_CHECK(reason == XSHIM_REASON_NONE &&
                       again.shared_info == v->selection.shared_info &&
                       odd.rules == v->inconsistency.rules);
    }
    return 0;
}
