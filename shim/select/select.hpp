// shim/select/select.hpp: Identity x Policy -> Selection | Refusal. Pure: no hypercalls, no platform;
// the same function answers in a guest at boot and in a host tool before boot.
#pragma once

#include "shim/lib/refusal.hpp"

#include <xshim.h>

namespace xshim {

// kNoRefusal if the policy is well-formed, else bad-policy naming the first bad field.
Refusal check_policy(const xshim_policy *policy);

// Fills sel->shared_info, ->evtchn_abi, ->notes, ->wanted_missing and *odd (the consistency
// rules' finding); returns kNoRefusal or the refusal with both sides (the hypervisor's value and
// the policy's bound or table key).
Refusal select(const xshim_identity &id, const xshim_boot_info &boot, const xshim_policy *policy,
               xshim_selection *sel, xshim_inconsistency *odd);
// The same for a policy check_policy() has accepted (xshim_boot() checks it once, first).
Refusal select_checked(const xshim_identity &id, const xshim_boot_info &boot,
                       const xshim_policy &policy, xshim_selection *sel, xshim_inconsistency *odd);

// The first feature bit the policy requires that the identity lacks, or -1.
int first_missing_feature(const xshim_identity &id, const xshim_policy &policy);
// The guest entered as PVH and nothing Xen reported proves PVH over an HVM domain without
// emulated PIRQs (XSHIM_NOTE_GUEST_TYPE_OPEN; abi/hvm.h).
bool guest_type_open(const xshim_identity &id);

} // namespace xshim
