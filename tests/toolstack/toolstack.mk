# tests/toolstack/toolstack.mk: the guests as domUs of a real toolstack. One QEMU (TCG) run boots
# Xen 4.17 with Debian's own kernel as PV dom0 (xenstored, xenconsoled, xl, blkback, netback)
# and runs every scenario in tests/toolstack/scenarios/ (an xl config and what to expect).
#
#   make test-toolstack   fetch (first run only) and cache the kernel, build the initramfs,
#                         boot, run the scenarios, check them; fails on any missed expectation
#
# The kernel .deb is downloaded once with apt-get and kept, unpacked, in TS_CACHE (outside the
# repository; XSHIM_CACHE overrides it). TS_LIMIT bounds the whole QEMU run in seconds: generous,
# a 2-core machine under a load of 10 took 430 s for the 14 scenarios (QEMU-backed disks too);
# the three framebuffer scenarios add about 70 s (a QEMU device model each; the guests stop 3 s after the last input event).
# docs/toolstack.md describes the test bed, the scenario format and the logs it leaves in
# $(BUILD)/toolstack/<scenario>/.
TS_CACHE  ?= $(or $(XSHIM_CACHE),$(HOME)/.cache/xshim)
TS_LIMIT  ?= 1200
TS_OUT    := $(BUILD)/toolstack
TS_IMAGES := pv64 pvh pv64-needs99 pvh-needs99 pv64-devices pv64-blk pvh-blk pv64-blkre \
             pv64-net pvh-net pv64-netre pv64-fb pvh-fb
# HVM domains: the device model (qemu-system-i386) loads only ELF32 kernels (guest-boot.mk).
TS_IMAGES_ELF32 := pvh-hvm pvh
# The dom0's own tools, static (its busybox has no FNV hash): built here, copied to /usr/bin.
TS_TOOLS  := $(BUILD)/toolstack-tools
$(TS_TOOLS)/blkhash: tests/toolstack/blkhash.c
	@mkdir -p $(@D)
	$(CC_FOR) -static -O2 -Wall -Wextra -Werror -o $@ $<
# A QMP client (screendump, input-send-event) for the framebuffer scenarios: dom0 has none.
$(TS_TOOLS)/qmp: tests/toolstack/qmp.c
	@mkdir -p $(@D)
	$(CC_FOR) -static -O2 -Wall -Wextra -Werror -o $@ $<
# Xen as QEMU's -kernel: the same gunzipped ELF the boot tests use.
TS_XEN    := $(BUILD)/xen/xen-4.17
ifeq ($(BOOT_XEN),)
$(TS_XEN): /boot/xen-4.17-amd64.gz
	@mkdir -p $(@D)
	gunzip -c $< > $@.tmp && mv $@.tmp $@
endif

.PHONY: test-toolstack deps-toolstack
deps-toolstack:
	@$(DEPS) build toolstack

test-toolstack: $(foreach i,$(TS_IMAGES),$(GUEST_DIR)/$(i).elf) \
                $(foreach i,$(TS_IMAGES_ELF32),$(GUEST_DIR)/$(i).elf32) $(TS_XEN) $(TS_TOOLS)/blkhash \
                $(TS_TOOLS)/qmp $(TOOLS_DIR)/xshim-check $(GUEST_DIR)/pv32.elf
	@echo "== toolstack test bed: Xen 4.17 + Debian dom0 in QEMU, scenarios $(notdir $(basename $(wildcard tests/toolstack/scenarios/*.cfg)))"
	@tests/toolstack/run.sh --xen $(TS_XEN) --guests $(GUEST_DIR) --out $(TS_OUT) \
	  --cache $(TS_CACHE) --timeout $(TS_LIMIT) --tools $(TS_TOOLS) --font $(GUEST_FONT_PSF) \
	  --check $(TOOLS_DIR)/xshim-check

TEST_STEPS += test-toolstack
TEST_DEPS  += toolstack
