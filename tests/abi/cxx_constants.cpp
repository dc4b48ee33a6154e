// tests/abi/cxx_constants.cpp: abi/'s constant headers compile as freestanding C++20, and their
// lookups are usable in constant expressions (abi.mk compiles this with -fsyntax-only).
#include "abi/blkif.h"
#include "abi/console_io.h"
#include "abi/cpuid.h"
#include "abi/elfnote.h"
#include "abi/fbif.h"
#include "abi/kbdif.h"
#include "abi/event_channel.h"
#include "abi/features.h"
#include "abi/grant_table.h"
#include "abi/hvm.h"
#include "abi/hypercall.h"
#include "abi/memory.h"
#include "abi/netif.h"
#include "abi/pv_mmu.h"
#include "abi/sched.h"
#include "abi/vcpu.h"
#include "abi/version.h"
#include "abi/xs_wire.h"

static_assert(xshim_xenfeat_name(XSHIM_XENFEAT_hvm_callback_vector)[0] == 'h', "constexpr name");
static_assert(xshim_xenfeat_name(31) == nullptr, "unknown bit has no name");
static_assert(xshim_xenfeat_since(XSHIM_XENFEAT_vcpu_time_phys_area) == XSHIM_REL(4, 18), "since");
static_assert(XSHIM_HC_sched_op == 29 && XSHIM_HC_sched_op_compat == 6, "hypercall numbers");
static_assert(sizeof(xshim_evtchn_op_compat) == 28, "compat evtchn_op");
