# tests/boot/boot.mk: boot the guest-boot images under the real Xen 4.17 in QEMU (TCG), and the
# PVH image under QEMU alone, each bounded by `timeout`; print each guest's verdict line.
#
#   make run         the project's main job: boot PV and PVH under Xen and the PVH image without
#                    Xen (RUN_CASES), print each verdict; fails if a boot hangs or says nothing
#   make test-boot   every case (BOOT_CASES, incl. the refusal variants); each verdict must
#                    match its case's expectation
#
# A case is MODE:IMAGE[:VARIANT] (tests/boot/boot-one.sh modes: xen-pv, xen-pvh, noxen); a
# VARIANT adds Xen command-line words, BOOT_XEN_ARGS_<VARIANT>. Its expectation,
# BOOT_EXPECT_<MODE>_<IMAGE>[_<VARIANT>], is an extended regex over the verdict line; empty means
# "a verdict line was printed" (all the bring-up guest promises). The expectations name outcomes,
# guest types, refusal reasons and what a variant's command line sets, never this Xen's release
# numbers: boot-one.sh --check-release compares the verdict's release with Xen's own banner.
BOOT_XEN   := $(BUILD)/xen/xen-4.17
BOOT_LOGS  := $(BUILD)/boot
BOOT_ONE   := tests/boot/boot-one.sh
BOOT_LIMIT ?= 60
BOOT_CASES_main    := xen-pv:pv64 xen-pvh:pvh noxen:pvh xen-pv:pv64-needs99 xen-pvh:pvh-needs99 \
                      xen-pv:pv64:gnttab8
BOOT_CASES_bringup := xen-pv:pv64 xen-pvh:pvh noxen:pvh
BOOT_CASES ?= $(BOOT_CASES_$(GUEST_MAIN))
RUN_CASES  ?= xen-pv:pv64 xen-pvh:pvh noxen:pvh

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
ifeq ($(GUEST_MAIN),bringup)
BOOT_EXPECT_xen-pv_pv64 :=
BOOT_EXPECT_xen-pvh_pvh :=
BOOT_EXPECT_noxen_pvh   :=
endif

# Xen as QEMU's -kernel: the 32-bit multiboot ELF inside Debian's gzip.
$(BOOT_XEN): /boot/xen-4.17-amd64.gz
	@mkdir -p $(@D)
	gunzip -c $< > $@.tmp && mv $@.tmp $@

boot_mode    = $(word 1,$(subst :, ,$(1)))
boot_image   = $(word 2,$(subst :, ,$(1)))
boot_variant = $(word 3,$(subst :, ,$(1)))
boot_key     = $(call boot_mode,$(1))_$(call boot_image,$(1))$(if $(call boot_variant,$(1)),_$(call boot_variant,$(1)))
boot_log     = $(BOOT_LOGS)/$(subst _,-,$(call boot_key,$(1))).log
# One shell command per case: boot it, remember a failure, go on with the next case.
define boot_case_cmd
$(BOOT_ONE) $(call boot_mode,$(1)) $(GUEST_DIR)/$(call boot_image,$(1)).elf $(call boot_log,$(1)) \
  --xen $(BOOT_XEN) --timeout $(BOOT_LIMIT) \
  $(if $(call boot_variant,$(1)),--xen-args '$(BOOT_XEN_ARGS_$(call boot_variant,$(1)))') \
  $(if $(2),--expect '$(BOOT_EXPECT_$(call boot_key,$(1)))' $(if $(filter main,$(GUEST_MAIN)),--check-release)) \
  || failed="$$failed $(1)";
endef

boot_images = $(sort $(foreach c,$(1),$(GUEST_DIR)/$(call boot_image,$(c)).elf))

.PHONY: run test-boot deps-boot
deps-boot:
	@$(DEPS) build boot

run: deps-boot $(call boot_images,$(RUN_CASES)) $(BOOT_XEN)
	@echo "== xshim: booting $(words $(RUN_CASES)) cases under Xen 4.17 / QEMU alone ($(GUEST_MAIN) guest)"
	@failed=""; $(foreach c,$(RUN_CASES),$(call boot_case_cmd,$(c),)) \
	  if [ -n "$$failed" ]; then echo "run: failed:$$failed"; exit 1; fi

test-boot: $(call boot_images,$(BOOT_CASES)) $(BOOT_XEN)
	@echo "== boot tests ($(GUEST_MAIN) guest, $(words $(BOOT_CASES)) cases)"
	@failed=""; $(foreach c,$(BOOT_CASES),$(call boot_case_cmd,$(c),expect)) \
	  if [ -n "$$failed" ]; then echo "test-boot: failed:$$failed"; exit 1; fi

TEST_STEPS += test-boot
TEST_DEPS  += boot
