# guest-boot/guest-boot.mk: tiny x86_64 guest kernels that link xshim through its public API.
#
#   $(BUILD)/guest-boot/<image>.elf      image = <env>[-<policy>]
#     env     pv64 (64-bit PV: start_info in %rsi) or pvh (32-bit entry, %ebx = hvm_start_info,
#             switches to long mode; also boots under QEMU alone, the "no Xen" case)
#     policy  default, or a name with GUEST_POLICY_<name> holding the -D flags main is compiled
#             with (needs99: a kernel that needs Xen >= 99.0, which any real Xen must refuse;
#             devices: the default policy plus a probe of its vbd/vif backends through xshim's
#             XenStore client, guest-boot/devices.cpp, for tests/toolstack)
#
# The same main (guest-boot/$(GUEST_MAIN).cpp) is compiled once per image, with the env's code
# model and the policy's flags; entry asm, linker script and env description come from
# guest-boot/arch/x86_64/<env>-*.
#   GUEST_MAIN=main     (default) the real guest: policy, xshim_boot, xshim_report; links
#                       $(BUILD)/x86_64/libxshim.a
#   GUEST_MAIN=bringup  the bring-up guest: only the arch layer (xshim_platform_native: CPUID,
#                       transports), printing an "xshim-bringup: ..." line; links just the arch
#                       objects, so it works while the generic shim does not build. Its images
#                       go to $(BUILD)/guest-boot-bringup/.
GUEST_MAIN   ?= main
GUEST_IMAGES ?= pv64 pvh pv64-needs99 pvh-needs99
# Images with rules but outside `make guests` (tests/toolstack builds them by path).
GUEST_IMAGES_EXTRA ?= pv64-devices pvh-devices
GUEST_DIR    := $(BUILD)/guest-boot$(if $(filter bringup,$(GUEST_MAIN)),-bringup)
GUEST_ARCH   := guest-boot/arch/x86_64

# Policies: -D flags for main. The default policy is main's own.
GUEST_POLICY_default :=
GUEST_POLICY_needs99 := -DGUEST_MIN_MAJOR=99 -DGUEST_MIN_MINOR=0 -DGUEST_MAX_TESTED_MAJOR=99 \
                        -DGUEST_MAX_TESTED_MINOR=0
GUEST_POLICY_devices := -DGUEST_PROBE_DEVICES=1
# Extra objects per policy (built per environment, like support.o).
GUEST_OBJS_devices := devices

GUEST_CXXFLAGS := $(CXXSTD) $(WARN) $(FREESTANDING) -m64 -fno-pic -fno-pie -mno-red-zone \
                  -mgeneral-regs-only $(INCLUDES) -Iguest-boot
GUEST_ASFLAGS  := -m64 -fno-pic -fno-pie -I. -I$(GUEST_ARCH)
GUEST_LDFLAGS  := -m elf_x86_64 -nostdlib -static --no-warn-rwx-segments -z noexecstack \
                  --build-id=none
# pv64 lives in the top 2 GiB; pvh at 1 MiB.
GUEST_MODEL_pv64 := -mcmodel=kernel
GUEST_MODEL_pvh  := -mcmodel=small

GUEST_HDRS := guest-boot/guest.hpp shim/include/xshim.h
GUEST_LIB_bringup := $(GUEST_DIR)/libxshim-arch.a
GUEST_LIB_main    := $(BUILD)/x86_64/libxshim.a
GUEST_LIB := $(GUEST_LIB_$(GUEST_MAIN))

$(GUEST_DIR)/libxshim-arch.a: $(filter $(BUILD)/x86_64/arch/%,$(LIB_OBJS_x86_64))
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

# Per environment: entry, env description, memory functions.
define guest_env_rules
$(GUEST_DIR)/env-$(1)/entry.o: $(GUEST_ARCH)/$(1)-entry.S $(GUEST_ARCH)/xen-notes.inc
	@mkdir -p $$(@D)
	$(CC_FOR) $(GUEST_ASFLAGS) -c $$< -o $$@
$(GUEST_DIR)/env-$(1)/env.o: $(GUEST_ARCH)/$(1)-env.cpp $(GUEST_HDRS)
	@mkdir -p $$(@D)
	$(CXX_FOR) $(GUEST_CXXFLAGS) $(GUEST_MODEL_$(1)) -c $$< -o $$@
$(GUEST_DIR)/env-$(1)/support.o: guest-boot/support.cpp
	@mkdir -p $$(@D)
	$(CXX_FOR) $(GUEST_CXXFLAGS) $(GUEST_MODEL_$(1)) -c $$< -o $$@
$(GUEST_DIR)/env-$(1)/devices.o: guest-boot/devices.cpp $(GUEST_HDRS) shim/include/xshim_xenstore.h
	@mkdir -p $$(@D)
	$(CXX_FOR) $(GUEST_CXXFLAGS) $(GUEST_MODEL_$(1)) -c $$< -o $$@
endef
$(foreach e,pv64 pvh,$(eval $(call guest_env_rules,$(e))))

# Per image: main with the policy's flags, linked with its env and the library.
guest_env_of    = $(firstword $(subst -, ,$(1)))
guest_policy_of = $(or $(word 2,$(subst -, ,$(1))),default)
define guest_image_rules
$(GUEST_DIR)/$(1)/main.o: guest-boot/$(GUEST_MAIN).cpp $(GUEST_HDRS) guest-boot/guest-boot.mk
	@mkdir -p $$(@D)
	$(CXX_FOR) $(GUEST_CXXFLAGS) $(GUEST_MODEL_$(call guest_env_of,$(1))) \
	  $(GUEST_POLICY_$(call guest_policy_of,$(1))) -c $$< -o $$@
$(GUEST_DIR)/$(1).elf: $(GUEST_DIR)/env-$(call guest_env_of,$(1))/entry.o \
                       $(GUEST_DIR)/env-$(call guest_env_of,$(1))/env.o \
                       $(GUEST_DIR)/$(1)/main.o \
                       $(GUEST_DIR)/env-$(call guest_env_of,$(1))/support.o \
                       $(foreach o,$(GUEST_OBJS_$(call guest_policy_of,$(1))),$(GUEST_DIR)/env-$(call guest_env_of,$(1))/$(o).o) \
                       $(GUEST_LIB) $(GUEST_ARCH)/$(call guest_env_of,$(1)).ld
	ld $(GUEST_LDFLAGS) -T $(GUEST_ARCH)/$(call guest_env_of,$(1)).ld -o $$@ \
	  $$(filter %.o,$$^) $(GUEST_LIB)
endef
$(foreach i,$(sort $(GUEST_IMAGES) $(GUEST_IMAGES_EXTRA)),$(eval $(call guest_image_rules,$(i))))

.PHONY: guests
guests: $(foreach i,$(GUEST_IMAGES),$(GUEST_DIR)/$(i).elf)
