# tests/bench/bench.mk: `make bench` prints figures (docs/bench.md); `make test-bench` only checks
# that the benchmark still builds and agrees with its references.
#
#   make bench       1. instruction counts under valgrind --tool=callgrind (stable, unlike wall
#                       time): probe + select over the injected platform, and each hot accessor
#                       through its adapter vs. a direct access written against Xen's headers
#                    2. footprint: bytes of .text/.rodata/.data/.bss that libxshim.a adds to the
#                       PV guest image, from the link map of that image
#                    3. entry->verdict cycles of the PV and PVH guests booted under the real Xen
#                       (QEMU TCG: emulated TSC, not hardware)
#   make test-bench  build the benchmark and run it once natively (no valgrind): status 0 only
#                    if every measured path gives the same answer as its direct reference
#
# The measured functions (adapter.cpp, bound.cpp, direct.cpp, platform.cpp) are compiled with the library's
# own flags (mk/flags.mk lib_cxxflags for x86_64) and linked with $(BUILD)/x86_64/libxshim.a,
# the objects a kernel links; only the driver (main.cpp) is a hosted -O2 program.
BENCH_DIR        := $(BUILD)/bench
BENCH_ITERATIONS ?= 1000
BENCH_SH         := tests/bench/bench.sh
BENCH_BOOTS      := xen-pv:pv64 xen-pvh:pvh
BENCH_LIB        := $(BUILD)/x86_64/libxshim.a
BENCH_LIB_FLAGS  := $(call lib_cxxflags,x86_64) $(DEPFLAGS)
BENCH_HOST_FLAGS := $(CXXSTD) $(WARN) -O2 -g $(INCLUDES) $(DEPFLAGS)
BENCH_LIB_OBJS   := $(addprefix $(BENCH_DIR)/,adapter.o bound.o direct.o platform.o)
BENCH_OBJS       := $(BENCH_LIB_OBJS) $(BENCH_DIR)/hypercall_page.o $(BENCH_DIR)/main.o

$(BENCH_LIB_OBJS): $(BENCH_DIR)/%.o: tests/bench/%.cpp $(CORPUS_H_DIR)/xen-4.17-x86_64-pv-dom0.h
	@mkdir -p $(@D)
	$(CXX_FOR) $(BENCH_LIB_FLAGS) -I$(CORPUS_H_DIR) -c $< -o $@
$(BENCH_DIR)/hypercall_page.o: tests/bench/hypercall_page.S
	@mkdir -p $(@D)
	$(CC_FOR) -m64 -c $< -o $@
$(BENCH_DIR)/main.o: tests/bench/main.cpp
	@mkdir -p $(@D)
	$(CXX_FOR) $(BENCH_HOST_FLAGS) -c $< -o $@
$(BENCH_DIR)/bench: $(BENCH_OBJS) $(BENCH_LIB)
	$(CXX_FOR) -o $@ $(BENCH_OBJS) $(BENCH_LIB)

# Footprint: the default PV image linked again exactly as guest-boot.mk links pv64.elf, with a
# link map. The relinked image must be byte-identical to pv64.elf, or the map describes
# something else and the recipe fails.
BENCH_PV_OBJS := $(GUEST_DIR)/env-pv64/entry.o $(GUEST_DIR)/env-pv64/env.o \
                 $(GUEST_DIR)/pv64/main.o $(GUEST_DIR)/env-pv64/support.o
$(BENCH_DIR)/pv64.map: $(GUEST_DIR)/pv64.elf $(BENCH_PV_OBJS) $(BENCH_LIB)
	@mkdir -p $(@D)
	$(LD_x86_64) $(GUEST_LDFLAGS_x86_64) -T guest-boot/arch/x86_64/pv64.ld -Map=$@.tmp \
	  -o $(BENCH_DIR)/pv64-relinked.elf \
	  $(BENCH_PV_OBJS) $(BENCH_LIB)
	@cmp -s $(BENCH_DIR)/pv64-relinked.elf $(GUEST_DIR)/pv64.elf || \
	  { echo "bench: relinking pv64.elf with a map gave a different image;" \
	         "guest-boot.mk's link changed: update BENCH_PV_OBJS"; exit 1; }
	@mv $@.tmp $@

# The guests booted under the real Xen, fresh whenever the image or Xen changes.
bench_boot_log = $(BENCH_DIR)/boot/$(subst :,-,$(1)).log
define bench_boot_rules
$(call bench_boot_log,$(1)): $(GUEST_DIR)/$(call boot_image,$(1)).elf $(BOOT_XEN) $(BOOT_ONE)
	@mkdir -p $$(@D)
	@$(BOOT_ONE) $(call boot_mode,$(1)) $$< $$@.tmp --xen $(BOOT_XEN) --timeout $(BOOT_LIMIT) \
	  >/dev/null || { echo "bench: booting $(1) failed; log $$@.tmp"; exit 1; }
	@mv $$@.tmp $$@
endef
$(foreach c,$(BENCH_BOOTS),$(eval $(call bench_boot_rules,$(c))))
BENCH_BOOT_LOGS := $(foreach c,$(BENCH_BOOTS),$(call bench_boot_log,$(c)))

.PHONY: bench-figures test-bench
bench:
	@$(DEPS) build bench boot
	@$(MAKE) --no-print-directory bench-figures

bench-figures: $(BENCH_DIR)/bench $(BENCH_DIR)/pv64.map $(BENCH_BOOT_LOGS)
	@$(BENCH_SH) callgrind $(BENCH_DIR)/bench $(BENCH_ITERATIONS) $(BENCH_DIR)
	@$(BENCH_SH) footprint $(BENCH_DIR)/pv64.map $(notdir $(BENCH_LIB)) pv64.elf
	@$(BENCH_SH) cycles $(BENCH_BOOT_LOGS)

test-bench: $(BENCH_DIR)/bench
	@echo "== bench program, native run (no valgrind)"
	@timeout 60 $(BENCH_DIR)/bench --iterations 10
TEST_STEPS += test-bench
# direct.cpp and main.cpp include Xen's public headers (libxen-dev, in the bench group).
TEST_DEPS  += bench
