# tests/boot/boot.mk: boot the guest-boot images under every Xen release Debian ships (4.14,
# 4.17, 4.20; x86_64 and Arm64) in QEMU (TCG), and under QEMU alone, each bounded by `timeout`;
# print each guest's verdict line, then a table of them.
#
#   make run              the project's main job: boot PV and PVH under each Xen and the PVH
#                         image without Xen (RUN_CASES, run-x86), then the Arm64 image under each
#                         Xen Arm64 and without it (RUN_CASES_arm64, run-arm64); print each
#                         verdict, then one table (Xen release x guest -> verdict, adapters);
#                         fails if a boot hangs or says nothing
#   make test-boot        every x86 case (BOOT_CASES, incl. the refusal variants) on every
#                         release; each verdict must match its case's expectation
#   make test-boot-arm64  the same for the Arm64 cases (BOOT_CASES_arm64)
#
# A case is MODE:IMAGE[:VARIANT][@RELEASE]. A mode names its script and the image's file type
# (BOOT_SCRIPT_<MODE>, BOOT_EXT_<MODE>): tests/boot/boot-one.sh for xen-pv, xen-pvh and noxen,
# tests/boot/boot-arm64.sh for xen-arm64 and noxen-arm64; a mode that boots a Xen names the
# Debian architecture of its hypervisor (BOOT_ARCH_<MODE>), and its cases carry the RELEASE
# (BOOT_RELEASES; the Xen is $(BUILD)/xen/<RELEASE>/xen-<arch>, from scripts/fetch-xen.sh). Logs
# go to $(BUILD)/boot/<RELEASE>/ (no-xen/ without Xen). A VARIANT adds Xen command-line words,
# BOOT_XEN_ARGS_<VARIANT>. Its expectation, BOOT_EXPECT_<MODE>_<IMAGE>[_<VARIANT>], is an
# extended regex over the verdict line; empty means "a verdict line was printed" (all the
# bring-up guest promises). The expectations name outcomes, guest types, refusal reasons and what
# a variant's command line sets, never a release number: --check-release compares the verdict's
# release with Xen's own banner (and the CPUID's or device tree's major.minor with it), and
# --release checks that the banner is of the release the case asked for.
# The x86 Xen the other test beds use (tools, bench, toolstack): the installed Debian 12 package.
BOOT_XEN   := $(BUILD)/xen/xen-4.17
BOOT_LOGS  := $(BUILD)/boot
BOOT_ONE   := tests/boot/boot-one.sh
BOOT_LIMIT ?= 60
# Every Xen release Debian ships (bullseye, bookworm, trixie): each case that boots a Xen runs on
# each, with the hypervisor scripts/fetch-xen.sh brings from Debian's archive for the mode's
# architecture (BOOT_ARCH_<MODE>). Modes without Xen have no architecture here and run once.
BOOT_RELEASES ?= 4.14 4.17 4.20
$(foreach m,xen-pv xen-pvh noxen,$(eval BOOT_SCRIPT_$(m) := $(BOOT_ONE))$(eval BOOT_EXT_$(m) := elf))
$(foreach m,xen-arm64 noxen-arm64,$(eval BOOT_SCRIPT_$(m) := tests/boot/boot-arm64.sh)$(eval \
  BOOT_EXT_$(m) := bin))
BOOT_ARCH_xen-pv    := amd64
BOOT_ARCH_xen-pvh   := amd64
BOOT_ARCH_xen-arm64 := arm64
BOOT_CASES_main    := xen-pv:pv64 xen-pvh:pvh noxen:pvh xen-pv:pv64-needs99 xen-pvh:pvh-needs99 \
                      xen-pv:pv64:gnttab8 xen-pv:pv32 xen-pvh:pvh-page
BOOT_CASES_bringup := xen-pv:pv64 xen-pvh:pvh noxen:pvh
BOOT_CASES ?= $(call boot_releases,$(BOOT_CASES_$(GUEST_MAIN)))
RUN_CASES  ?= $(call boot_releases,xen-pv:pv64 xen-pvh:pvh noxen:pvh xen-pv:pv32)
# The 32-bit PV guest on a Xen built from Debian's source with CONFIG_PV32=y
# (scripts/build-xen-pv32.sh): the release "<REL>-pv32" (its Xen $(BUILD)/xen/<REL>-pv32/xen-amd64).
# A release with such a kind suffix takes the expectations named with it (_pv32) instead.
BOOT_PV32_RELEASE ?= 4.17
BOOT_CASES_pv32 ?= xen-pv:pv32@$(BOOT_PV32_RELEASE)-pv32 xen-pv:pv32-needs99@$(BOOT_PV32_RELEASE)-pv32
BOOT_CASES_arm64 ?= $(call boot_releases,xen-arm64:arm64 xen-arm64:arm64-needs99 noxen-arm64:arm64)
RUN_CASES_arm64  ?= $(call boot_releases,xen-arm64:arm64 noxen-arm64:arm64)

BOOT_EXPECT_xen-pv_pv64          := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pv64\)
BOOT_EXPECT_xen-pvh_pvh          := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pvh64\)
BOOT_EXPECT_noxen_pvh            := ^xshim: REFUSED .*\[no-xen\]
# A policy that prefers the hypercall page (XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE): the PVH guest
# asks Xen to fill its page through the MSR CPUID base+2 names and makes every call of the probe
# through it; the verdict names the page adapter (and the guest line, Xen's stub 0).
BOOT_EXPECT_xen-pvh_pvh-page     := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pvh64\) .*hypercall=hvm64-page( |$$)
BOOT_EXPECT_xen-pv_pv64-needs99  := ^xshim: REFUSED Xen [0-9]+\.[0-9]+.* \(pv64\).*\[too-old\]
BOOT_EXPECT_xen-pvh_pvh-needs99  := ^xshim: REFUSED Xen [0-9]+\.[0-9]+.* \(pvh64\).*\[too-old\]
# A Xen command line that changes what the guest sees: dom0's grant table may grow to 8 frames
# (the default is 64 on 4.17, other releases and builds differ); the guest still selects, and its
# verdict shows the 8.
BOOT_XEN_ARGS_gnttab8            := gnttab_max_frames=8
BOOT_EXPECT_xen-pv_pv64_gnttab8  := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pv64\).* gnttab=[0-9]+/8( |$$)
# 32-bit PV: every Debian build lacks CONFIG_PV32, so Xen's own domain builder refuses the guest
# (the guest never runs; Xen panics "Could not construct domain 0", after a line saying why that
# differs between releases). On the PV32 build the guest selects `int 0x82` and the x86_32 layouts.
BOOT_XEN_REFUSES_xen-pv_pv32          := ^\(XEN\) Could not construct domain 0
BOOT_EXPECT_xen-pv_pv32_pv32          := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pv32\) .*magic=xen-3\.0-x86_32p .*hypercall=pv32-int82 shared_info=x86_32
BOOT_EXPECT_xen-pv_pv32-needs99_pv32  := ^xshim: REFUSED Xen [0-9]+\.[0-9]+.* \(pv32\).*\[too-old\]
BOOT_EXPECT_xen-arm64_arm64         := ^xshim: SELECTED Xen ([0-9]+\.[0-9]+)([^0-9 ][^ ]*)? \(arm64\) dt=\1 features=0x[0-9a-f]{8} hypercall=arm64-hvc shared_info=arm64 [^ ]+ start_info=fdt
BOOT_EXPECT_xen-arm64_arm64-needs99 := ^xshim: REFUSED Xen [0-9]+\.[0-9]+[^ ]* \(arm64\): kernel needs Xen >= 99\.0 \[too-old\]
BOOT_EXPECT_noxen-arm64_arm64       := ^xshim: REFUSED no Xen hypervisor \(no /hypervisor node in the device tree\) \(arm64\): .*\[no-xen\]
ifeq ($(GUEST_MAIN),bringup)
BOOT_EXPECT_xen-pv_pv64 :=
BOOT_EXPECT_xen-pvh_pvh :=
BOOT_EXPECT_noxen_pvh   :=
endif

# Xen as QEMU's -kernel. BOOT_XEN: the 32-bit multiboot ELF inside the installed package's gzip.
# Per release and architecture: scripts/fetch-xen.sh, run every time (it is quick once cached, and
# it notices a new point release when its private apt lists are refreshed, once a day).
$(BOOT_XEN): /boot/xen-4.17-amd64.gz
	@mkdir -p $(@D)
	gunzip -c $< > $@.tmp && mv $@.tmp $@
$(BUILD)/xen/%/xen-amd64: scripts/fetch-xen.sh FORCE
	@scripts/fetch-xen.sh $* amd64 $@
$(BUILD)/xen/%-pv32/xen-amd64: scripts/build-xen-pv32.sh scripts/fetch-xen.sh FORCE
	@scripts/build-xen-pv32.sh $* $@
$(BUILD)/xen/%/xen-arm64: scripts/fetch-xen.sh FORCE
	@scripts/fetch-xen.sh $* arm64 $@
.PHONY: FORCE
FORCE:

# A case is SPEC[@RELEASE], SPEC = MODE:IMAGE[:VARIANT]; boot_releases gives each SPEC whose mode
# boots a Xen (BOOT_ARCH_<MODE>) once per release in BOOT_RELEASES.
boot_releases = $(foreach c,$(1),$(if $(BOOT_ARCH_$(call boot_mode,$(c))),$(addprefix $(c)@,$(BOOT_RELEASES)),$(c)))
boot_spec    = $(word 1,$(subst @, ,$(1)))
boot_rel     = $(word 2,$(subst @, ,$(1)))
boot_mode    = $(word 1,$(subst :, ,$(call boot_spec,$(1))))
boot_image   = $(word 2,$(subst :, ,$(call boot_spec,$(1))))
boot_variant = $(word 3,$(subst :, ,$(call boot_spec,$(1))))
boot_key     = $(call boot_mode,$(1))_$(call boot_image,$(1))$(if $(call boot_variant,$(1)),_$(call boot_variant,$(1)))
boot_relnum  = $(word 1,$(subst -, ,$(call boot_rel,$(1))))
boot_relkind = $(word 2,$(subst -, ,$(call boot_rel,$(1))))
# A case's setting: BOOT_<WHAT>_<key>, or BOOT_<WHAT>_<key>_<kind> for a release with a kind.
boot_setting = $(BOOT_$(2)_$(call boot_key,$(1))$(if $(call boot_relkind,$(1)),_$(call boot_relkind,$(1))))
boot_xen     = $(if $(call boot_rel,$(1)),$(BUILD)/xen/$(call boot_rel,$(1))/xen-$(BOOT_ARCH_$(call boot_mode,$(1))))
boot_log     = $(BOOT_LOGS)/$(or $(call boot_rel,$(1)),no-xen)/$(subst _,-,$(call boot_key,$(1))).log
boot_file    = $(GUEST_DIR)/$(call boot_image,$(1)).$(BOOT_EXT_$(call boot_mode,$(1)))
# One line of the case list tests/boot/boot-cases.sh runs: the case, a tab, its command.
boot_tab := $(subst ,,	)
boot_case_line = $(1)$(boot_tab)$(BOOT_SCRIPT_$(call boot_mode,$(1))) $(call boot_mode,$(1)) \
  $(call boot_file,$(1)) $(call boot_log,$(1)) $(if $(call boot_rel,$(1)),--xen $(call \
  boot_xen,$(1)) --release $(call boot_relnum,$(1))) --timeout $(BOOT_LIMIT) $(if $(call \
  boot_variant,$(1)),--xen-args '$(BOOT_XEN_ARGS_$(call boot_variant,$(1)))') $(if $(call \
  boot_setting,$(1),XEN_REFUSES),--xen-refuses '$(call boot_setting,$(1),XEN_REFUSES)') $(if \
  $(2),--expect '$(call boot_setting,$(1),EXPECT)' $(if $(filter main,$(GUEST_MAIN)),--check-release))

# What a list of cases needs built: the images and each case's Xen.
boot_needs = $(sort $(foreach c,$(1),$(call boot_file,$(c)) $(call boot_xen,$(c))))
# The boot of a list of cases, BOOT_JOBS at a time, each case's output printed whole in the
# list's order, failing at the end if any failed ($(2): check expectations, and print the table
# of verdicts, tests/boot/verdict-table.sh; make run prints one for x86 and Arm64 together).
# The list goes to $(BOOT_LOGS)/<target>.cases.
BOOT_JOBS ?= 2
define boot_cases_cmd
@: $(shell mkdir -p $(BOOT_LOGS))$(file >$(BOOT_LOGS)/$@.cases,$(foreach c,$(1),$(call boot_case_line,$(c),$(2))$(newline)))
@tests/boot/boot-cases.sh $(BOOT_JOBS) $(BOOT_LOGS)/$@.cases
$(if $(2),@echo "== $@: one verdict per Xen release and guest"
@tests/boot/verdict-table.sh $(foreach c,$(1),$(call boot_log,$(c))))
endef
define newline


endef

.PHONY: run run-x86 run-arm64 test-boot test-boot-arm64 deps-boot
deps-boot:
	@$(DEPS) build boot

run-x86: deps-boot $(call boot_needs,$(RUN_CASES))
	@echo "== xshim: booting $(words $(RUN_CASES)) cases under Xen $(BOOT_RELEASES) / QEMU alone ($(GUEST_MAIN) guest)"
	$(call boot_cases_cmd,$(RUN_CASES),)

test-boot: $(call boot_needs,$(BOOT_CASES))
	@echo "== boot tests ($(GUEST_MAIN) guest, $(words $(BOOT_CASES)) cases, Xen $(BOOT_RELEASES))"
	$(call boot_cases_cmd,$(BOOT_CASES),expect)

# The 32-bit PV guest on the PV32 build: its own step, as it needs a Xen built from source
# (scripts/build-xen-pv32.sh, cached; cold, it builds while the other steps of make test run).
.PHONY: test-boot-pv32 deps-pv32
deps-pv32:
	@$(DEPS) build boot pv32
test-boot-pv32: deps-pv32 $(call boot_needs,$(BOOT_CASES_pv32))
	@echo "== 32-bit PV boot tests on Xen $(BOOT_PV32_RELEASE) built with CONFIG_PV32=y ($(words $(BOOT_CASES_pv32)) cases)"
	$(call boot_cases_cmd,$(BOOT_CASES_pv32),expect)

# Arm64: its own steps, so that an x86-only change is not held up by the Arm64 toolchain.
run-arm64: deps-arm64
	@$(MAKE) --no-print-directory $(call boot_needs,$(RUN_CASES_arm64))
	@echo "== xshim: booting $(words $(RUN_CASES_arm64)) Arm64 cases under Xen Arm64 $(BOOT_RELEASES) / QEMU alone"
	$(call boot_cases_cmd,$(RUN_CASES_arm64),)

test-boot-arm64: $(call boot_needs,$(BOOT_CASES_arm64))
	@echo "== Arm64 boot tests ($(words $(BOOT_CASES_arm64)) cases, Xen $(BOOT_RELEASES))"
	$(call boot_cases_cmd,$(BOOT_CASES_arm64),expect)

# make run: both, then one table of every verdict, x86 and Arm64.
run: run-x86 run-arm64
	@echo "== xshim: the verdicts, one line per Xen release and guest"
	@tests/boot/verdict-table.sh $(foreach c,$(RUN_CASES) $(RUN_CASES_arm64),$(call boot_log,$(c)))

TEST_STEPS += test-boot test-boot-arm64 test-boot-pv32
TEST_DEPS  += boot arm64 pv32
