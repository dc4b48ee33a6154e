# tests/boot/boot.mk: boot the guest-boot images under the real Xen 4.17 in QEMU (TCG), and the
# PVH image under QEMU alone, each bounded by `timeout`; print each guest's verdict line.
#
#   make run         the project's main job: boot PV and PVH under Xen and the PVH image without
#                    Xen (RUN_CASES), print each verdict; fails if a boot hangs or says nothing
#   make test-boot   every case (BOOT_CASES, incl. the refusal variants); each verdict must
#                    match its case's expectation
#
# A case is MODE:IMAGE (tests/boot/boot-one.sh modes: xen-pv, xen-pvh, noxen). Its expectation,
# BOOT_EXPECT_<MODE>_<IMAGE>, is an extended regex over the verdict line; empty means "a verdict
# line was printed" (all the bring-up guest promises). The expectations name outcomes, guest
# types and refusal reasons, never this Xen's release numbers.
BOOT_XEN   := $(BUILD)/xen/xen-4.17
BOOT_LOGS  := $(BUILD)/boot
BOOT_ONE   := tests/boot/boot-one.sh
BOOT_LIMIT ?= 60
BOOT_CASES_main    := xen-pv:pv64 xen-pvh:pvh noxen:pvh xen-pv:pv64-needs99 xen-pvh:pvh-needs99
BOOT_CASES_bringup := xen-pv:pv64 xen-pvh:pvh noxen:pvh
BOOT_CASES ?= $(BOOT_CASES_$(GUEST_MAIN))
RUN_CASES  ?= xen-pv:pv64 xen-pvh:pvh noxen:pvh

BOOT_EXPECT_xen-pv_pv64          := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pv64\)
BOOT_EXPECT_xen-pvh_pvh          := ^xshim: SELECTED Xen [0-9]+\.[0-9]+.* \(pvh64\)
BOOT_EXPECT_noxen_pvh            := ^xshim: REFUSED .*\[no-xen\]
BOOT_EXPECT_xen-pv_pv64-needs99  := ^xshim: REFUSED Xen [0-9]+\.[0-9]+.* \(pv64\).*\[too-old\]
BOOT_EXPECT_xen-pvh_pvh-needs99  := ^xshim: REFUSED Xen [0-9]+\.[0-9]+.* \(pvh64\).*\[too-old\]
ifeq ($(GUEST_MAIN),bringup)
BOOT_EXPECT_xen-pv_pv64 :=
BOOT_EXPECT_xen-pvh_pvh :=
BOOT_EXPECT_noxen_pvh   :=
endif

# Xen as QEMU's -kernel: the 32-bit multiboot ELF inside Debian's gzip.
$(BOOT_XEN): /boot/xen-4.17-amd64.gz
	@mkdir -p $(@D)
	gunzip -c $< > $@.tmp && mv $@.tmp $@

boot_mode  = $(word 1,$(subst :, ,$(1)))
boot_image = $(word 2,$(subst :, ,$(1)))
# One shell command per case: boot it, remember a failure, go on with the next case.
define boot_case_cmd
$(BOOT_ONE) $(call boot_mode,$(1)) $(GUEST_DIR)/$(call boot_image,$(1)).elf \
  $(BOOT_LOGS)/$(call boot_mode,$(1))-$(call boot_image,$(1)).log --xen $(BOOT_XEN) \
  --timeout $(BOOT_LIMIT) $(if $(2),--expect '$(BOOT_EXPECT_$(call boot_mode,$(1))_$(call boot_image,$(1)))') \
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
