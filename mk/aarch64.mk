# mk/aarch64.mk: xshim for 64-bit Arm, beside the x86_64 and i386 builds (docs/arm64.md).
#
#   $(BUILD)/aarch64/libxshim.a     the freestanding library (generic shim + shim/arch/aarch64)
#   test-nm-aarch64                 that archive needs no symbol from outside itself (part of
#                                   test-nm)
#   $(GUEST_DIR)/<image>.bin        the Arm64 guest (arm64 Image header, static PIE that
#                                   relocates itself), image = arm64[-<policy>]
#   run-arm64                       boot it under Debian's Xen Arm64 in qemu-system-aarch64 and
#                                   under QEMU alone; print the verdicts (part of `make run`)
#   test-boot-arm64                 the same boots plus a refusal variant, each verdict checked
#                                   against its case's expectation (a TEST_STEPS step)
#
# Debian's clang and lld for --target=aarch64-none-elf (TESTBED.md "Arm64"); never
# gcc-aarch64-linux-gnu, which would remove gcc-multilib. The library is built -fpie: its adapter
# tables hold pointers, and a kernel loaded where Xen chooses (a RAM bank, MMU off) applies its
# R_AARCH64_RELATIVE relocations itself, as the guest's entry code does.
A64_TARGET  := --target=aarch64-none-elf
A64_CXX     := clang++ $(A64_TARGET)
A64_CC      := clang $(A64_TARGET)
A64_LD      := ld.lld
A64_AR      := llvm-ar
A64_NM      := llvm-nm
A64_OBJCOPY := llvm-objcopy
A64_READELF := llvm-readelf
# $(FREESTANDING) minus the GCC-only -fno-tree-loop-distribute-patterns (clang does not turn the
# shim's byte loops into memset/memcpy calls under -fno-builtin -ffreestanding: test-nm checks).
A64_FREESTANDING := $(filter-out -fno-tree-loop-distribute-patterns,$(FREESTANDING))
A64_ARCH := -fpie -mgeneral-regs-only -mstrict-align
A64_CXXFLAGS := $(CXXSTD) $(WARN) $(A64_FREESTANDING) $(A64_ARCH) $(INCLUDES)

A64_DIR  := $(BUILD)/aarch64
A64_OBJS := $(patsubst shim/%.cpp,$(A64_DIR)/shim/%.o,$(SHIM_SRCS)) \
            $(patsubst shim/arch/aarch64/%.cpp,$(A64_DIR)/arch/%.o,$(wildcard shim/arch/aarch64/*.cpp))

$(A64_DIR)/shim/%.o: shim/%.cpp $(SHIM_HDRS)
	@mkdir -p $(@D)
	$(A64_CXX) $(A64_CXXFLAGS) -c $< -o $@
$(A64_DIR)/arch/%.o: shim/arch/aarch64/%.cpp $(SHIM_HDRS) $(wildcard shim/arch/aarch64/*.hpp)
	@mkdir -p $(@D)
	$(A64_CXX) $(A64_CXXFLAGS) -Ishim/arch/aarch64 -c $< -o $@
$(A64_DIR)/libxshim.a: $(A64_OBJS)
	@rm -f $@
	$(A64_AR) rcs $@ $^

.PHONY: lib-aarch64 test-nm-aarch64 deps-arm64

lib-aarch64: $(A64_DIR)/libxshim.a
deps-arm64:
	@$(DEPS) arm64

test-nm: test-nm-aarch64
test-nm-aarch64: $(A64_DIR)/libxshim.a
	@$(A64_LD) -r -o $(A64_DIR)/xshim-all.o --whole-archive $<
	@undef=$$($(A64_NM) -u $(A64_DIR)/xshim-all.o); \
	if [ -n "$$undef" ]; then \
	  echo "test-nm: aarch64 libxshim.a needs symbols from outside itself:"; echo "$$undef"; exit 1; \
	fi; \
	echo "test-nm: aarch64 libxshim.a has no undefined symbols ($$($(A64_NM) --defined-only $(A64_DIR)/xshim-all.o | wc -l) defined)"

# ---- The Arm64 guest ------------------------------------------------------------------------
# The same guest-boot/main.cpp as the x86 guests, with the policy's flags (GUEST_POLICY_* from
# guest-boot.mk); entry, linker script and environment from guest-boot/arch/aarch64/.
A64_GUEST_ARCH   := guest-boot/arch/aarch64
A64_GUEST_IMAGES := arm64 arm64-needs99
A64_GUEST_DIR    := $(GUEST_DIR)/aarch64
A64_GUEST_CXXFLAGS := $(A64_CXXFLAGS) -Iguest-boot
A64_GUEST_LDFLAGS  := -pie --no-dynamic-linker -z norelro -z noexecstack --build-id=none \
                      -nostdlib -static
A64_GUEST_HDRS := guest-boot/guest.hpp shim/include/xshim.h

$(A64_GUEST_DIR)/entry.o: $(A64_GUEST_ARCH)/entry.S
	@mkdir -p $(@D)
	$(A64_CC) -fpie -c $< -o $@
$(A64_GUEST_DIR)/env.o: $(A64_GUEST_ARCH)/env.cpp $(A64_GUEST_HDRS)
	@mkdir -p $(@D)
	$(A64_CXX) $(A64_GUEST_CXXFLAGS) -c $< -o $@
$(A64_GUEST_DIR)/support.o: guest-boot/support.cpp
	@mkdir -p $(@D)
	$(A64_CXX) $(A64_GUEST_CXXFLAGS) -c $< -o $@

# The arm64 Image header Xen and QEMU read (booting.rst): magic "ARM\x64" at 56, flags 0xa at
# 24, and an image_size at 16 that covers the file (and the .bss after it).
A64_IMAGE_CHECK = sh -c 'f=$$0; \
  magic=$$(od -An -c -j56 -N4 "$$f" | tr -d " "); \
  size=$$(od -An -tu8 -j16 -N8 "$$f" | tr -d " "); flags=$$(od -An -tu8 -j24 -N8 "$$f" | tr -d " "); \
  [ "$$magic" = "ARMd" ] && [ "$$flags" = 10 ] && [ "$$size" -ge "$$(stat -c %s "$$f")" ] \
  || { echo "$$f: not an arm64 Image (magic $$magic, flags $$flags, image_size $$size)"; exit 1; }'

# Per image: main with the policy's flags; link; check that every dynamic relocation is one the
# entry code applies; flatten to the Image Xen and QEMU load.
define a64_guest_rules
$(A64_GUEST_DIR)/$(1)/main.o: guest-boot/main.cpp $(A64_GUEST_HDRS) mk/aarch64.mk
	@mkdir -p $$(@D)
	$(A64_CXX) $(A64_GUEST_CXXFLAGS) $(GUEST_POLICY_$(call guest_policy_of,$(1))) -c $$< -o $$@
$(A64_GUEST_DIR)/$(1).elf: $(A64_GUEST_DIR)/entry.o $(A64_GUEST_DIR)/env.o \
                           $(A64_GUEST_DIR)/$(1)/main.o $(A64_GUEST_DIR)/support.o \
                           $(A64_DIR)/libxshim.a $(A64_GUEST_ARCH)/guest.ld
	$(A64_LD) $(A64_GUEST_LDFLAGS) -T $(A64_GUEST_ARCH)/guest.ld -o $$@ \
	  $$(filter %.o,$$^) $(A64_DIR)/libxshim.a
	@bad=$$$$($(A64_READELF) -r $$@ | awk '/^0/ && $$$$3 != "R_AARCH64_RELATIVE"'); \
	if [ -n "$$$$bad" ]; then echo "$$@: relocations the entry code does not apply:"; \
	  echo "$$$$bad"; rm -f $$@; exit 1; fi
$(GUEST_DIR)/$(1).bin: $(A64_GUEST_DIR)/$(1).elf
	$(A64_OBJCOPY) -O binary $$< $$@.tmp
	@$$(A64_IMAGE_CHECK) $$@.tmp && mv $$@.tmp $$@
endef
$(foreach i,$(A64_GUEST_IMAGES),$(eval $(call a64_guest_rules,$(i))))

.PHONY: guests-arm64
guests-arm64: $(foreach i,$(A64_GUEST_IMAGES),$(GUEST_DIR)/$(i).bin)

# ---- Boots ----------------------------------------------------------------------------------
# A case is MODE:IMAGE for tests/boot/boot-arm64.sh (modes xen-arm64, noxen-arm64). The
# expectations name outcomes, guest types and reasons; the release is whatever Xen reports, and
# the device tree's (dt=) must be the XENVER one's major.minor (a back-reference).
A64_XEN        := $(BUILD)/xen/xen-4.17-arm64
A64_BOOT_ONE   := tests/boot/boot-arm64.sh
A64_RUN_CASES  := xen-arm64:arm64 noxen-arm64:arm64
A64_BOOT_CASES := xen-arm64:arm64 xen-arm64:arm64-needs99 noxen-arm64:arm64

A64_EXPECT_xen-arm64_arm64         := ^xshim: SELECTED Xen ([0-9]+\.[0-9]+)([^0-9 ][^ ]*)? \(arm64\) dt=\1 features=0x[0-9a-f]{8} hypercall=arm64-hvc shared_info=arm64 [^ ]+ start_info=fdt
A64_EXPECT_xen-arm64_arm64-needs99 := ^xshim: REFUSED Xen [0-9]+\.[0-9]+[^ ]* \(arm64\): kernel needs Xen >= 99\.0 \[too-old\]
A64_EXPECT_noxen-arm64_arm64       := ^xshim: REFUSED no Xen hypervisor \(no /hypervisor node in the device tree\) \(arm64\): .*\[no-xen\]

$(A64_XEN): scripts/fetch-xen-arm64.sh
	scripts/fetch-xen-arm64.sh $@

a64_mode  = $(word 1,$(subst :, ,$(1)))
a64_image = $(word 2,$(subst :, ,$(1)))
define a64_boot_cmd
$(A64_BOOT_ONE) $(call a64_mode,$(1)) $(GUEST_DIR)/$(call a64_image,$(1)).bin \
  $(BOOT_LOGS)/$(call a64_mode,$(1))-$(call a64_image,$(1)).log --xen $(A64_XEN) \
  --timeout $(BOOT_LIMIT) \
  $(if $(2),--expect '$(A64_EXPECT_$(call a64_mode,$(1))_$(call a64_image,$(1)))' --check-release) \
  || failed="$$failed $(1)";
endef
a64_images = $(sort $(foreach c,$(1),$(GUEST_DIR)/$(call a64_image,$(c)).bin))

.PHONY: run-arm64 test-boot-arm64
run: run-arm64
run-arm64: deps-arm64
	@$(MAKE) --no-print-directory $(call a64_images,$(A64_RUN_CASES)) $(A64_XEN)
	@echo "== xshim: booting $(words $(A64_RUN_CASES)) Arm64 cases under Xen 4.17 Arm64 / QEMU alone"
	@failed=""; $(foreach c,$(A64_RUN_CASES),$(call a64_boot_cmd,$(c),)) \
	  if [ -n "$$failed" ]; then echo "run-arm64: failed:$$failed"; exit 1; fi

test-boot-arm64: $(call a64_images,$(A64_BOOT_CASES)) $(A64_XEN)
	@echo "== Arm64 boot tests ($(words $(A64_BOOT_CASES)) cases)"
	@failed=""; $(foreach c,$(A64_BOOT_CASES),$(call a64_boot_cmd,$(c),expect)) \
	  if [ -n "$$failed" ]; then echo "test-boot-arm64: failed:$$failed"; exit 1; fi

TEST_STEPS += test-boot-arm64
TEST_DEPS  += arm64
