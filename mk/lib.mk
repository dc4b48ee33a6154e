# The freestanding library, once per architecture: $(BUILD)/<arch>/libxshim.a, from the generic
# sources (shim/*.cpp, one folder per stage) and the architecture's own shim/arch/<arch>/*.{cpp,S}
# (its platform and its adapter table entries). One template over ARCHES (mk/flags.mk).
#
#   make lib            the x86 archives (x86_64, i386); lib-<arch> for one, lib-aarch64 for Arm
#   make test-nm        no archive needs a symbol from outside itself
SHIM_STAGES  := handoff probe select report runtime xenstore negotiate devices lib
# Optimisation per stage, after FREESTANDING's -O2 (docs/bench.md, "Footprint"): report/ runs once
# a boot, after the decision (the verdict line, the console channels, shutdown), so it is compiled
# for size; so are handoff/, select/ and lib/ (the boot structure, the decision, bounded text),
# which cost the boot almost nothing at -Os (probe+select +1% in make bench) and save ~1.8 KB.
# probe/ (the boot's instruction figure) and everything a kernel calls afterwards stay -O2.
STAGE_OPT_report  := -Os
STAGE_OPT_handoff := -Os
STAGE_OPT_select  := -Os
STAGE_OPT_lib     := -Os
# One section per function and object, so a kernel that links with --gc-sections keeps only what
# it calls (the guests do: guest-boot.mk).
LIB_SECTIONS := -ffunction-sections -fdata-sections
stage_opt = $(STAGE_OPT_$(firstword $(subst /, ,$(1))))
SHIM_SRCS    := $(sort $(wildcard shim/*.cpp $(foreach s,$(SHIM_STAGES),shim/$(s)/*.cpp)))
# Hosted builds (unit tests, tools, fuzzers) have an arch of their own, shim/arch/fake/, that
# joins every architecture's adapter entries; it has no asm.
HOSTED_SRCS  := $(SHIM_SRCS) $(sort $(wildcard shim/arch/fake/*.cpp))

define lib_rules
LIB_OBJS_$(1) := $$(patsubst shim/%.cpp,$(BUILD)/$(1)/shim/%.o,$$(SHIM_SRCS)) \
                 $$(patsubst shim/arch/$(1)/%.cpp,$(BUILD)/$(1)/arch/%.o,$$(wildcard shim/arch/$(1)/*.cpp)) \
                 $$(patsubst shim/arch/$(1)/%.S,$(BUILD)/$(1)/arch/%.o,$$(wildcard shim/arch/$(1)/*.S))

$(BUILD)/$(1)/shim/%.o: shim/%.cpp
	@mkdir -p $$(@D)
	$$(CXX_$(1)) $$(call lib_cxxflags,$(1)) $$(LIB_SECTIONS) $$(call stage_opt,$$*) $$(DEPFLAGS) -c $$< -o $$@
$(BUILD)/$(1)/arch/%.o: shim/arch/$(1)/%.cpp
	@mkdir -p $$(@D)
	$$(CXX_$(1)) $$(call lib_cxxflags,$(1)) $$(LIB_SECTIONS) -Ishim/arch/$(1) $$(DEPFLAGS) -c $$< -o $$@
$(BUILD)/$(1)/arch/%.o: shim/arch/$(1)/%.S
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(ARCH_$(1)) $$(INCLUDES) $$(DEPFLAGS) -c $$< -o $$@
$(BUILD)/$(1)/libxshim.a: $$(LIB_OBJS_$(1))
	@rm -f $$@
	$$(AR_$(1)) rcs $$@ $$^

.PHONY: lib-$(1) test-nm-$(1)
lib-$(1): $(BUILD)/$(1)/libxshim.a
# Link the archive's objects together and list what stays undefined.
test-nm-$(1): $(BUILD)/$(1)/libxshim.a
	@$$(LD_$(1)) -r -o $(BUILD)/$(1)/xshim-all.o --whole-archive $$<
	@undef=$$$$($$(NM_$(1)) -u $(BUILD)/$(1)/xshim-all.o); \
	if [ -n "$$$$undef" ]; then \
	  echo "test-nm: $(1) libxshim.a needs symbols from outside itself:"; echo "$$$$undef"; exit 1; \
	fi; \
	echo "test-nm: $(1) libxshim.a has no undefined symbols ($$$$($$(NM_$(1)) --defined-only $(BUILD)/$(1)/xshim-all.o | wc -l) defined)"
endef
$(foreach a,$(ARCHES),$(eval $(call lib_rules,$(a))))

.PHONY: lib test-nm deps-arm64
lib: lib-x86_64 lib-i386
deps-arm64:
	@$(DEPS) arm64

# The freestanding library must need nothing from outside itself, on every architecture.
test-nm: $(foreach a,$(ARCHES),test-nm-$(a))
TEST_STEPS += test-nm
