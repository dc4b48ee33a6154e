# tests/boot/boot.mk: boot the guest-boot images under the real Xen 4.17 in QEMU (TCG), and
# under QEMU alone, each bounded by `timeout`; print each guest's verdict line.
#
#   make run              the project's main job: boot PV and PVH under Xen and the PVH image
#                         without Xen (RUN_CASES), then the Arm64 image under Xen Arm64 and
#                         without it (RUN_CASES_arm64, run-arm64); print each verdict; fails if a
#                         boot hangs or says nothing
#   make test-boot        every x86 case (BOOT_CASES, incl. the refusal variants); each verdict
#                         must match its case's expectation
#   make test-boot-arm64  the same for the Arm64 cases (BOOT_CASES_arm64)
#
# A case is MODE:IMAGE[:VARIANT]. A mode names its script, its Xen and the image's file type
# (BOOT_SCRIPT_<MODE>, BOOT_XEN_<MODE>, BOOT_EXT_<MODE>): tests/boot/boot-one.sh for xen-pv,
# xen-pvh and noxen, tests/boot/boot-arm64.sh for xen-arm64 and noxen-arm64. A VARIANT adds Xen
# command-line words, BOOT_XEN_ARGS_<VARIANT>. Its expectation,
# BOOT_EXPECT_<MODE>_<IMAGE>[_<VARIANT>], is an extended regex over the verdict line; empty means
# "a verdict line was printed" (all the bring-up guest promises). The expectations name outcomes,
# guest types, refusal reasons and what a variant's command line sets, never this Xen's release
# numbers: --check-release compares the verdict's release with Xen's own banner (and on Arm64
# the device tree's dt= must be the XENVER one's major.minor, a back-reference).
BOOT_XEN   := $(BUILD)/xen/xen-4.17
BOOT_XEN_arm64 := $(BUILD)/xen/xen-4.17-arm64
BOOT_LOGS  := $(BUILD)/boot
BOOT_ONE   := tests/boot/boot-one.sh
BOOT_LIMIT ?= 60
$(foreach m,xen-pv xen-pvh noxen,$(eval BOOT_SCRIPT_$(m) := $(BOOT_ONE))$(eval \
  BOOT_XEN_$(m) := $(BOOT_XEN))$(eval BOOT_EXT_$(m) := elf))
$(foreach m,xen-arm64 noxen-arm64,$(eval BOOT_SCRIPT_$(m) := tests/boot/boot-arm64.sh)$(eval \
  BOOT_XEN_$(m) := $(BOOT_XEN_arm64))$(eval BOOT_EXT_$(m) := bin))
BOOT_CASES_main    := xen-pv:pv64 xen-pvh:pvh noxen:pvh xen-pv:pv64-needs99 xen-pvh:pvh-needs99 \
                      xen-pv:pv64:gnttab8
BOOT_CASES_bringup := xen-pv:pv64 xen-pvh:pvh noxen:pvh
BOOT_CASES ?= $(BOOT_CASES_$(GUEST_MAIN))
RUN_CASES  ?= xen-pv:pv64 xen-pvh:pvh noxen:pvh
BOOT_CASES_arm64 := xen-arm64:arm64 xen-arm64:arm64-needs99 noxen-arm64:arm64
RUN_CASES_arm64  := xen-arm64:arm64 noxen-arm64:arm64

BOOT_EXPECT_xen-pv_pv64          := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pv64\)
BOOT_EXPECT_xen-pvh_pvh          := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pvh64\)
BOOT_EXPECT_noxen_pvh            := ^xshim: REFUSED .*\[no-xen\]
BOOT_EXPECT_xen-pv_pv64-needs99  := ^xshim: REFUSED Xen [0-9]+\.[0-9]+.* \(pv64\).*\[too-old\]
BOOT_EXPECT_xen-pvh_pvh-needs99  := ^xshim: REFUSED Xen [0-9]+\.[0-9]+.* \(pvh64\).*\[too-old\]
# A Xen command line that changes what the guest sees: dom0's grant table may grow to 8 frames
# (the default is 64 on 4.17, other releases and builds differ); the guest still selects, and its
# verdict shows the 8.
BOOT_XEN_ARGS_gnttab8            := gnttab_max_frames=8
BOOT_EXPECT_xen-pv_pv64_gnttab8  := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pv64\).* gnttab=[0-9]+/8( |$$)
BOOT_EXPECT_xen-arm64_arm64         := ^xshim: SELECTED Xen ([0-9]+\.[0-9]+)([^0-9 ][^ ]*)? \(arm64\) dt=\1 features=0x[0-9a-f]{8} hypercall=arm64-hvc shared_info=arm64 [^ ]+ start_info=fdt
BOOT_EXPECT_xen-arm64_arm64-needs99 := ^xshim: REFUSED Xen [0-9]+\.[0-9]+[^ ]* \(arm64\): kernel needs Xen >= 99\.0 \[too-old\]
BOOT_EXPECT_noxen-arm64_arm64       := ^xshim: REFUSED no Xen hypervisor \(no /hypervisor node in the device tree\) \(arm64\): .*\[no-xen\]
ifeq ($(GUEST_MAIN),bringup)
BOOT_EXPECT_xen-pv_pv64 :=
BOOT_EXPECT_xen-pvh_pvh :=
BOOT_EXPECT_noxen_pvh   :=
endif

# Xen as QEMU's -kernel: the 32-bit multiboot ELF inside Debian's gzip; on Arm64 the Image
# from Debian's xen-hypervisor-4.17-arm64, downloaded (not installed) by the script.
$(BOOT_XEN): /boot/xen-4.17-amd64.gz
	@mkdir -p $(@D)
	gunzip -c $< > $@.tmp && mv $@.tmp $@
$(BOOT_XEN_arm64): scripts/fetch-xen-arm64.sh
	scripts/fetch-xen-arm64.sh $@

boot_mode    = $(word 1,$(subst :, ,$(1)))
boot_image   = $(word 2,$(subst :, ,$(1)))
boot_variant = $(word 3,$(subst :, ,$(1)))
boot_key     = $(call boot_mode,$(1))_$(call boot_image,$(1))$(if $(call boot_variant,$(1)),_$(call boot_variant,$(1)))
boot_log     = $(BOOT_LOGS)/$(subst _,-,$(call boot_key,$(1))).log
boot_file    = $(GUEST_DIR)/$(call boot_image,$(1)).$(BOOT_EXT_$(call boot_mode,$(1)))
# One shell command per case: boot it, remember a failure, go on with the next case.
define boot_case_cmd
$(BOOT_SCRIPT_$(call boot_mode,$(1))) $(call boot_mode,$(1)) $(call boot_file,$(1)) $(call boot_log,$(1)) \
  --xen $(BOOT_XEN_$(call boot_mode,$(1))) --timeout $(BOOT_LIMIT) \
  $(if $(call boot_variant,$(1)),--xen-args '$(BOOT_XEN_ARGS_$(call boot_variant,$(1)))') \
  $(if $(2),--expect '$(BOOT_EXPECT_$(call boot_key,$(1)))' $(if $(filter main,$(GUEST_MAIN)),--check-release)) \
  || failed="$$failed $(1)";
endef

# What a list of cases needs built: the images and each mode's Xen.
boot_needs = $(sort $(foreach c,$(1),$(call boot_file,$(c)) $(BOOT_XEN_$(call boot_mode,$(c)))))
# The boot of a list of cases, failing at the end if any failed ($(2): check expectations).
boot_cases_cmd = @failed=""; $(foreach c,$(1),$(call boot_case_cmd,$(c),$(2))) \
  if [ -n "$$failed" ]; then echo "$@: failed:$$failed"; exit 1; fi

.PHONY: run run-arm64 test-boot test-boot-arm64 deps-boot
deps-boot:
	@$(DEPS) build boot

run: deps-boot $(call boot_needs,$(RUN_CASES))
	@echo "== xshim: booting $(words $(RUN_CASES)) cases under Xen 4.17 / QEMU alone ($(GUEST_MAIN) guest)"
	$(call boot_cases_cmd,$(RUN_CASES),)

test-boot: $(call boot_needs,$(BOOT_CASES))
	@echo "== boot tests ($(GUEST_MAIN) guest, $(words $(BOOT_CASES)) cases)"
	$(call boot_cases_cmd,$(BOOT_CASES),expect)

# Arm64: its own steps, so that an x86-only change is not held up by the Arm64 toolchain.
run: run-arm64
run-arm64: deps-arm64
	@$(MAKE) --no-print-directory $(call boot_needs,$(RUN_CASES_arm64))
	@echo "== xshim: booting $(words $(RUN_CASES_arm64)) Arm64 cases under Xen 4.17 Arm64 / QEMU alone"
	$(call boot_cases_cmd,$(RUN_CASES_arm64),)

test-boot-arm64: $(call boot_needs,$(BOOT_CASES_arm64))
	@echo "== Arm64 boot tests ($(words $(BOOT_CASES_arm64)) cases)"
	$(call boot_cases_cmd,$(BOOT_CASES_arm64),expect)

TEST_STEPS += test-boot test-boot-arm64
TEST_DEPS  += boot arm64
