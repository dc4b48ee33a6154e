# tools/tools.mk: host tools for operators (docs/tools.md).
#
#   make tools        $(BUILD)/tools/xshim-check: reads a guest image's ELF notes and policy,
#                     asks the running Xen through the real libxenctrl (loaded with dlopen by
#                     `host` only: `image` and `predict` start without it; libxen-dev to build),
#                     and runs the library's own xshim_boot() over a host platform, compiled hosted
#   make test-tools   doctest unit tests (ASan+UBSan) over the real guest-boot images, hostile
#                     images and the captures of tests/corpus, then tests/tools/cli.sh over the
#                     xshim-check binary, and tests/tools/no-probe-copy.sh over tools/
#   make test-tools-real  the tool on Debian's real kernel and GRUB images, against readnotes
#   make test-tools-boot  predict's verdict against guests booted under the real Xen
#
# The shim's generic sources are compiled hosted into $(BUILD)/tools/shim/ for the tool; the
# unit tests link the sanitized objects host.mk builds for the shim's own unit tests.
TOOLS_DIR      := $(BUILD)/tools
TOOLS_FLAGS    := $(WARN) -O2 -g $(INCLUDES) $(DEPFLAGS)
# Flags a packager adds to xshim-check alone: debian/rules passes dpkg-buildflags' (hardening,
# -ffile-prefix-map) here. The freestanding library never sees them (mk/flags.mk reads no
# CFLAGS, CXXFLAGS or LDFLAGS), nor do the sanitized unit tests.
TOOLS_PKG_CPPFLAGS ?=
TOOLS_PKG_CFLAGS   ?=
TOOLS_PKG_CXXFLAGS ?=
TOOLS_PKG_LDFLAGS  ?=
# Sources with no libxenctrl in them: the tool, the unit tests and the fuzzer share them.
TOOLS_CORE     := elfnote image_report verdict identity unpack image_file json_report
# elfutils' libelf for the ELF container (tools/elfnote.cpp), and Debian's libraries for the
# compressed payloads Xen's loader accepts (tools/unpack.cpp).
TOOLS_LIBS     := -lelf -lfdt -lz -lbz2 -llzma -lzstd -llzo2 -llz4
TOOLS_OBJS     := $(patsubst %,$(TOOLS_DIR)/obj/%.o,$(TOOLS_CORE) xenctrl_source xshim_check) \
                  $(TOOLS_DIR)/obj/xenctrl_open.o
TOOLS_SHIM_OBJS := $(patsubst shim/%.cpp,$(TOOLS_DIR)/shim/%.o,$(HOSTED_SRCS))

$(TOOLS_DIR)/shim/%.o: shim/%.cpp
	@mkdir -p $(@D)
	$(CXX_FOR) $(CXXSTD) $(TOOLS_FLAGS) $(TOOLS_PKG_CPPFLAGS) $(TOOLS_PKG_CXXFLAGS) -c $< -o $@
$(TOOLS_DIR)/obj/%.o: tools/%.cpp
	@mkdir -p $(@D)
	$(CXX_FOR) $(CXXSTD) $(TOOLS_FLAGS) $(TOOLS_PKG_CPPFLAGS) $(TOOLS_PKG_CXXFLAGS) -c $< -o $@
# xenctrl.h and the Xen headers under it compile only as C.
# libxenctrl is loaded with dlopen by `host` only (tools/xenctrl_open.c): the soname of the
# library xenctrl.h belongs to, read from the development symlink libxen-dev installs.
XENCTRL_SONAME := $(shell objdump -p $$($(CC_FOR) -print-file-name=libxenctrl.so) 2>/dev/null | \
                    awk '$$1 == "SONAME" { print $$2 }')
$(TOOLS_DIR)/obj/%.o: tools/%.c
	@mkdir -p $(@D)
	@test -n "$(XENCTRL_SONAME)" || { echo "tools: no libxenctrl.so to take the soname from (scripts/deps.sh tools)"; exit 1; }
	$(CC_FOR) $(CSTD) $(TOOLS_FLAGS) $(TOOLS_PKG_CPPFLAGS) $(TOOLS_PKG_CFLAGS) -DXSHIM_XENCTRL_SONAME='"$(XENCTRL_SONAME)"' -c $< -o $@
$(TOOLS_DIR)/xshim-check: $(TOOLS_OBJS) $(TOOLS_SHIM_OBJS)
	$(CXX_FOR) $(TOOLS_PKG_LDFLAGS) -o $@ $^ $(TOOLS_LIBS) -ldl

# Unit tests: tests/tools/*.cpp with the tool's core, sanitized, and host.mk's sanitized shim.
TOOLS_TEST_SRCS := $(sort $(wildcard tests/tools/*.cpp))
TOOLS_TEST_OBJS := $(patsubst tests/tools/%.cpp,$(TOOLS_DIR)/test/%.o,$(TOOLS_TEST_SRCS)) \
                   $(patsubst %,$(TOOLS_DIR)/test/tools/%.o,$(TOOLS_CORE))
TOOLS_TEST_FLAGS := $(CXXSTD) $(WARN) -m64 $(HOSTOPT) $(SANITIZE) $(INCLUDES) $(DEPFLAGS)
$(TOOLS_DIR)/test/%.o: tests/tools/%.cpp
	@mkdir -p $(@D)
	$(CXX_FOR) $(TOOLS_TEST_FLAGS) -Itests/tools -c $< -o $@
$(TOOLS_DIR)/test/tools/%.o: tools/%.cpp
	@mkdir -p $(@D)
	$(CXX_FOR) $(TOOLS_TEST_FLAGS) -c $< -o $@
$(TOOLS_DIR)/tools-tests: $(TOOLS_TEST_OBJS) $(filter $(BUILD)/host64/shim/%,$(HOST_OBJS_64))
	$(CXX_FOR) -m64 $(SANITIZE) -o $@ $^ $(TOOLS_LIBS)

# The real guest images the tests read (guest-boot.mk builds them).
TOOLS_TEST_IMAGES := $(addprefix $(GUEST_DIR)/,pv64.elf pvh.elf pv64-needs99.elf arm64.bin \
                       pvh.elf32 pvh-hvm.elf32 arm64.elf)

.PHONY: tools test-tools
tools: $(TOOLS_DIR)/xshim-check
test-tools: $(TOOLS_DIR)/tools-tests $(TOOLS_DIR)/xshim-check $(TOOLS_TEST_IMAGES)
	@echo "== tools unit tests (-m64, ASan+UBSan)"
	XSHIM_GUEST_DIR=$(GUEST_DIR) timeout 120 $(TOOLS_DIR)/tools-tests
	@echo "== xshim-check command line"
	timeout 400 tests/tools/cli.sh $(TOOLS_DIR)/xshim-check $(GUEST_DIR)
	@echo "== tools/ makes no decision of its own"
	tests/tools/no-probe-copy.sh tools
TEST_STEPS += test-tools
TEST_DEPS  += tools unit arm64

# Real images nobody here built: Debian's stock Linux bzImage and GRUB's PV and PVH images
# (downloaded once into the cache, never installed), each read as Xen's own libelf reads it
# (readnotes, xen-utils), plus the Xen hypervisor, hvmloader and /bin/ls named as non-guests.
TOOLS_CACHE ?= $(or $(XSHIM_CACHE),$(HOME)/.cache/xshim)
.PHONY: test-tools-real
test-tools-real: $(TOOLS_DIR)/xshim-check
	@echo "== xshim-check on Debian's real Xen guest images, against readnotes"
	timeout 900 tests/tools/real-images.sh $(TOOLS_DIR)/xshim-check $(TOOLS_CACHE)
TEST_STEPS += test-tools-real
TEST_DEPS  += tools-real

# Against the real thing: boot pv64, pvh and pv64-needs99 under Xen (tests/boot/boot-one.sh) and
# require `predict`, told what each guest's verdict line says about its Xen, to print that line.
.PHONY: test-tools-boot
test-tools-boot: $(TOOLS_DIR)/xshim-check $(TOOLS_TEST_IMAGES) $(GUEST_DIR)/pvh.elf $(BOOT_XEN)
	@echo "== xshim-check predict against booted guests (Xen in QEMU)"
	timeout 400 tests/tools/boot-agrees.sh $(TOOLS_DIR)/xshim-check $(GUEST_DIR) $(BOOT_XEN) \
	  $(TOOLS_DIR)/boot
TEST_STEPS += test-tools-boot
TEST_DEPS  += boot

# tests/fuzz/fuzz.mk builds tests/fuzz/fuzz_elfnote.cpp and fuzz_unpack.cpp with these beside
# the shim sources.
FUZZ_EXTRA_elfnote := $(patsubst %,tools/%.cpp,$(TOOLS_CORE))
FUZZ_LIBS_elfnote  := $(TOOLS_LIBS)
FUZZ_EXTRA_unpack  := $(FUZZ_EXTRA_elfnote)
FUZZ_LIBS_unpack   := $(TOOLS_LIBS)

# Seeds for that fuzzer: the real guest images reduced to their notes (objcopy keeps the
# PT_NOTE segment and the .note section). Committed; rerun after the guests' notes change.
TOOLS_SEED_IMAGES := pv64 pvh pv64-needs99
.PHONY: tools-fuzz-seeds
tools-fuzz-seeds: $(addprefix $(GUEST_DIR)/,$(addsuffix .elf,$(TOOLS_SEED_IMAGES)))
	@mkdir -p tests/fuzz/seeds/elfnote
	for i in $(TOOLS_SEED_IMAGES); do \
	  objcopy -j .note --strip-all $(GUEST_DIR)/$$i.elf tests/fuzz/seeds/elfnote/$$i.elf || exit 1; \
	done
