# guest-boot/guest-boot.mk: tiny guest kernels that link xshim through its public API, built by
# one template over guest environments (GUEST_ENVS); each environment names its architecture,
# whose toolchain and library it uses (mk/flags.mk, mk/lib.mk).
#
#   $(GUEST_DIR)/<image>.elf     image = <env>[-<policy>]
#     env     pv64 (x86_64; 64-bit PV: start_info in %rsi), pvh (x86_64; 32-bit entry, %ebx =
#             hvm_start_info, switches to long mode; also boots under QEMU alone, the "no Xen"
#             case), arm64 (aarch64; the device tree in x0, an arm64 Image header, a static PIE
#             that relocates itself; also boots under QEMU alone)
#     policy  default, or a name with GUEST_POLICY_<name> holding the -D flags main is compiled
#             with (needs99: a kernel that needs Xen >= 99.0, which any real Xen must refuse;
#             devices: the default policy plus a probe of its vbd/vif backends through xshim's
#             XenStore client, guest-boot/devices.cpp, for tests/toolstack; blk: xshim's block
#             frontend on the first vbd, reading and writing sectors, guest-boot/blockio.cpp;
#             blkre: the same, then it waits for the toolstack to detach and attach the disk
#             again, and connects a second time; net: xshim's network frontend on the first
#             vif, answering ARP and ICMP echo, guest-boot/netio.cpp; netre: the same, following
#             a detach and attach of the vif; fb: xshim's PV framebuffer and keyboard
#             frontends, drawing the verdict line and printing input events, guest-boot/fbio.cpp;
#             page: the default policy preferring the hypercall page,
#             XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE, over vmcall/vmmcall: the page Xen fills when
#             asked through the MSR CPUID base+2 names; hvm: the same, and the policy also
#             accepts an HVM guest: the pvh image started by QEMU, the device model of an xl
#             type="hvm" domain, through its PVH option ROM)
#   $(GUEST_DIR)/<image>.bin     arm64 images flattened into the Image Xen and QEMU load
#   $(GUEST_DIR)/<image>.elf32   a pvh image as ELF32 for QEMU's PVH loader in an HVM domain
#   make guests          GUEST_IMAGES (x86_64)      make guests-arm64    GUEST_IMAGES_arm64
#
# The same main (guest-boot/$(GUEST_MAIN).cpp) is compiled once per image, with the env's flags
# and the policy's; entry asm, linker script and env description come from
# guest-boot/arch/<arch>/<env>-{entry.S,env.cpp,.ld}.
#   GUEST_MAIN=main     (default) the real guest: policy, xshim_boot, xshim_report; links
#                       $(BUILD)/<arch>/libxshim.a
#   GUEST_MAIN=bringup  the bring-up guest: only the arch layer (xshim_platform_native: CPUID,
#                       transports), printing an "xshim-bringup: ..." line; links just the arch
#                       objects, so it works while the generic shim does not build. Its images
#                       go to $(BUILD)/guest-boot-bringup/.
GUEST_MAIN   ?= main
GUEST_IMAGES ?= pv64 pvh pv64-needs99 pvh-needs99 pvh-page
GUEST_IMAGES_arm64 ?= arm64 arm64-needs99
# Images with rules but outside `make guests` (tests/toolstack builds them by path).
GUEST_IMAGES_EXTRA ?= pv64-devices pvh-devices pv64-blk pvh-blk pv64-blkre pv32 pv32-needs99 \
                      pv64-net pvh-net pv64-netre pv64-fb pvh-fb pvh-hvm
GUEST_DIR    := $(BUILD)/guest-boot$(if $(filter bringup,$(GUEST_MAIN)),-bringup)

# Policies: -D flags for main. The default policy is main's own.
GUEST_POLICY_default :=
GUEST_POLICY_needs99 := -DGUEST_MIN_MAJOR=99 -DGUEST_MIN_MINOR=0 -DGUEST_MAX_TESTED_MAJOR=99 \
                        -DGUEST_MAX_TESTED_MINOR=0
GUEST_POLICY_devices := -DGUEST_PROBE_DEVICES=1
GUEST_POLICY_blk     := -DGUEST_BLOCK_IO=1
GUEST_POLICY_blkre   := -DGUEST_BLOCK_IO=1 -DGUEST_BLOCK_RECONNECT=1
GUEST_POLICY_net     := -DGUEST_NET_IO=1
GUEST_POLICY_netre   := -DGUEST_NET_IO=1 -DGUEST_NET_RECONNECT=1
GUEST_POLICY_fb      := -DGUEST_FB_IO=1
GUEST_POLICY_page    := -DGUEST_POLICY_FLAGS=XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE
GUEST_POLICY_hvm     := -DGUEST_ACCEPT_HVM=1 -DGUEST_POLICY_FLAGS=XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE
# Extra objects per policy (built per environment, like support.o).
GUEST_OBJS_devices := devices
GUEST_OBJS_blk     := blockio
GUEST_OBJS_blkre   := blockio
GUEST_OBJS_net     := netio
GUEST_OBJS_netre   := netio
GUEST_OBJS_fb      := fbio

# The font the fb guest draws with: a Debian console font (console-setup-linux), turned into a
# C header at build time (scripts/psf_font.py); tests/toolstack renders with the same file.
GUEST_FONT_PSF ?= /usr/share/consolefonts/Uni2-VGA16.psf.gz
$(BUILD)/gen/guest_font.h: scripts/psf_font.py $(GUEST_FONT_PSF)
	@mkdir -p $(@D)
	python3 scripts/psf_font.py header $(GUEST_FONT_PSF) $@.tmp && mv $@.tmp $@

# ---- Per architecture: how a guest is compiled and linked --------------------------------
# x86_64: the guests are not position-independent (pv64 in the top 2 GiB, pvh at 1 MiB).
GUEST_ARCHFLAGS_x86_64 := -m64 -fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only
GUEST_ASFLAGS_x86_64   := -m64 -fno-pic -fno-pie
# --gc-sections: only what the guest reaches from its entry and its notes (KEEP in the scripts).
GUEST_LDFLAGS_x86_64   := -nostdlib -static --no-warn-rwx-segments -z noexecstack --build-id=none \
                          --gc-sections
# i386: the 32-bit PV guest (tests/boot, on a Xen built with CONFIG_PV32), linked at 0xc0000000.
GUEST_ARCHFLAGS_i386 := -m32 -fno-pic -fno-pie -mgeneral-regs-only
GUEST_ASFLAGS_i386   := -m32 -fno-pic -fno-pie
GUEST_LDFLAGS_i386   := $(GUEST_LDFLAGS_x86_64)
# aarch64: a static PIE, as the library; the entry code applies its relocations.
GUEST_ARCHFLAGS_aarch64 := $(ARCH_aarch64)
GUEST_ASFLAGS_aarch64   := -fpie
GUEST_LDFLAGS_aarch64   := -pie --no-dynamic-linker -z norelro -z noexecstack --build-id=none \
                           -nostdlib -static
# After the link: every dynamic relocation must be one the entry code applies.
define GUEST_LINK_CHECK_aarch64
	@bad=$$$$($(READELF_aarch64) -r $$@ | awk '/^0/ && $$$$3 != "R_AARCH64_RELATIVE"'); \
	if [ -n "$$$$bad" ]; then echo "$$@: relocations the entry code does not apply:"; \
	  echo "$$$$bad"; rm -f $$@; exit 1; fi
endef

# ---- Per environment -------------------------------------------------------------------------
GUEST_ENVS := pv64 pvh arm64 pv32
$(foreach e,$(GUEST_ENVS),$(GUEST_DIR)/env-$(e)/fbio.o): $(BUILD)/gen/guest_font.h
GUEST_ENV_ARCH_pv64  := x86_64
GUEST_ENV_ARCH_pvh   := x86_64
GUEST_ENV_ARCH_pv32  := i386
GUEST_ENV_ARCH_arm64 := aarch64
GUEST_MODEL_pv64 := -mcmodel=kernel
GUEST_MODEL_pvh  := -mcmodel=small

guest_arch_of   = $(GUEST_ENV_ARCH_$(1))
guest_env_of    = $(firstword $(subst -, ,$(1)))
guest_policy_of = $(or $(word 2,$(subst -, ,$(1))),default)
guest_cxxflags  = $(CXXSTD) $(WARN) $(FREESTANDING_$(call guest_arch_of,$(1))) \
                  $(GUEST_ARCHFLAGS_$(call guest_arch_of,$(1))) $(GUEST_MODEL_$(1)) $(INCLUDES) \
                  -Iguest-boot -I$(BUILD)/gen $(DEPFLAGS)
guest_lib       = $(if $(filter bringup,$(GUEST_MAIN)),$(GUEST_DIR)/libxshim-arch-$(1).a,$(BUILD)/$(1)/libxshim.a)

# The bring-up guest links only the architecture's platform: not its adapter tables, which are
# built from generic code.
$(foreach a,$(ARCHES),$(eval $(GUEST_DIR)/libxshim-arch-$(a).a: \
  $$(filter-out %/tables.o,$$(filter $(BUILD)/$(a)/arch/%,$$(LIB_OBJS_$(a))))))
$(GUEST_DIR)/libxshim-arch-%.a:
	@mkdir -p $(@D)
	@rm -f $@
	$(AR_$*) rcs $@ $^

# Per environment: entry, env description, support (memory functions), the devices probe.
define guest_env_rules
$(GUEST_DIR)/env-$(1)/entry.o: guest-boot/arch/$(2)/$(1)-entry.S
	@mkdir -p $$(@D)
	$(CC_$(2)) $(GUEST_ASFLAGS_$(2)) -I. -Iguest-boot/arch/$(2) $(DEPFLAGS) -c $$< -o $$@
$(GUEST_DIR)/env-$(1)/env.o: guest-boot/arch/$(2)/$(1)-env.cpp
	@mkdir -p $$(@D)
	$(CXX_$(2)) $(call guest_cxxflags,$(1)) -c $$< -o $$@
$(GUEST_DIR)/env-$(1)/%.o: guest-boot/%.cpp
	@mkdir -p $$(@D)
	$(CXX_$(2)) $(call guest_cxxflags,$(1)) -c $$< -o $$@
endef
$(foreach e,$(GUEST_ENVS),$(eval $(call guest_env_rules,$(e),$(call guest_arch_of,$(e)))))

# Per architecture: every arity of every transport its bind.hpp lists, compiled and assembled
# (guest-boot/transports-check.cpp), before any image of the architecture; linked into none.
GUEST_CHECK_PAGE_AT_x86_64 := -DXSHIM_CHECK_PAGE_AT
GUEST_CHECK_PAGE_AT_i386   := -DXSHIM_CHECK_PAGE_AT
$(GUEST_DIR)/check-%/transports.o: guest-boot/transports-check.cpp
	@mkdir -p $(@D)
	$(CXX_$*) $(CXXSTD) $(WARN) $(FREESTANDING_$*) $(GUEST_ARCHFLAGS_$*) $(INCLUDES) $(DEPFLAGS) \
	  -include shim/arch/$*/bind.hpp -DXSHIM_CHECK_NS=xshim::arch_$* $(GUEST_CHECK_PAGE_AT_$*) \
	  -c $< -o $@

# Per image: main with the policy's flags, linked with its env and the library.
define guest_image_rules
$(GUEST_DIR)/$(1)/main.o: guest-boot/$(GUEST_MAIN).cpp guest-boot/guest-boot.mk
	@mkdir -p $$(@D)
	$(CXX_$(3)) $(call guest_cxxflags,$(2)) $(GUEST_POLICY_$(call guest_policy_of,$(1))) -c $$< -o $$@
$(GUEST_DIR)/$(1).elf: $(GUEST_DIR)/env-$(2)/entry.o $(GUEST_DIR)/env-$(2)/env.o \
                       $(GUEST_DIR)/$(1)/main.o $(GUEST_DIR)/env-$(2)/support.o \
                       $(foreach o,$(GUEST_OBJS_$(call guest_policy_of,$(1))),$(GUEST_DIR)/env-$(2)/$(o).o) \
                       $(call guest_lib,$(3)) guest-boot/arch/$(3)/$(2).ld \
                       | $(GUEST_DIR)/check-$(3)/transports.o
	$(LD_$(3)) $(GUEST_LDFLAGS_$(3)) -T guest-boot/arch/$(3)/$(2).ld -o $$@ \
	  $$(filter %.o,$$^) $(call guest_lib,$(3))
$(GUEST_LINK_CHECK_$(3))
endef
$(foreach i,$(sort $(GUEST_IMAGES) $(GUEST_IMAGES_EXTRA) $(GUEST_IMAGES_arm64)),$(eval $(call \
  guest_image_rules,$(i),$(call guest_env_of,$(i)),$(call guest_arch_of,$(call guest_env_of,$(i))))))

# The arm64 Image header Xen and QEMU read (booting.rst): magic "ARM\x64" at 56, flags 0xa at
# 24, and an image_size at 16 that covers the file (and the .bss after it).
GUEST_IMAGE_CHECK = sh -c 'f=$$0; \
  magic=$$(od -An -c -j56 -N4 "$$f" | tr -d " "); \
  size=$$(od -An -tu8 -j16 -N8 "$$f" | tr -d " "); flags=$$(od -An -tu8 -j24 -N8 "$$f" | tr -d " "); \
  [ "$$magic" = "ARMd" ] && [ "$$flags" = 10 ] && [ "$$size" -ge "$$(stat -c %s "$$f")" ] \
  || { echo "$$f: not an arm64 Image (magic $$magic, flags $$flags, image_size $$size)"; exit 1; }'
$(GUEST_DIR)/%.bin: $(GUEST_DIR)/%.elf
	$(OBJCOPY_aarch64) -O binary $< $@.tmp
	@$(GUEST_IMAGE_CHECK) $@.tmp && mv $@.tmp $@

# The same image as ELF32 (EM_386), for an HVM domain whose device model starts it: Xen's QEMU
# is qemu-system-i386, whose PVH loader takes only EM_386 ELF files ("Error while loading elf
# kernel" for the ELF64 image). The code is unchanged: the 32-bit PVH entry at 1 MiB switches to
# long mode itself, and every address is below 4 GiB.
$(GUEST_DIR)/%.elf32: $(GUEST_DIR)/%.elf
	objcopy -O elf32-i386 $< $@.tmp && mv $@.tmp $@

.PHONY: guests guests-arm64
guests: $(foreach i,$(GUEST_IMAGES),$(GUEST_DIR)/$(i).elf)
guests-arm64: $(foreach i,$(GUEST_IMAGES_arm64),$(GUEST_DIR)/$(i).bin)
