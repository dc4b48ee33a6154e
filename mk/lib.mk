# The freestanding library, once per architecture: $(BUILD)/<arch>/libxshim.a.
# Generic sources are shim/*.cpp; arch sources are shim/arch/<arch>/*.{cpp,S}.
LIB_ARCHES   := x86_64 i386
# Generic sources: shim/*.cpp and one folder per stage (shim/<stage>/*.cpp); arch sources apart.
SHIM_STAGES  := handoff probe select report runtime xenstore lib
SHIM_SRCS    := $(sort $(wildcard shim/*.cpp $(foreach s,$(SHIM_STAGES),shim/$(s)/*.cpp)))
# Hosted builds (unit tests, tools, fuzzers) have an arch of their own, shim/arch/fake/, that
# joins every architecture's adapter entries; it has no asm.
HOSTED_SRCS  := $(SHIM_SRCS) $(sort $(wildcard shim/arch/fake/*.cpp))
SHIM_HDRS    := $(wildcard $(foreach s,$(SHIM_STAGES),shim/$(s)/*.hpp) shim/arch/*/*.hpp \
                          shim/include/*.h abi/*.h)

define lib_rules
LIB_OBJS_$(1) := $$(patsubst shim/%.cpp,$(BUILD)/$(1)/shim/%.o,$$(SHIM_SRCS)) \
                 $$(patsubst shim/arch/$(1)/%.cpp,$(BUILD)/$(1)/arch/%.o,$$(wildcard shim/arch/$(1)/*.cpp)) \
                 $$(patsubst shim/arch/$(1)/%.S,$(BUILD)/$(1)/arch/%.o,$$(wildcard shim/arch/$(1)/*.S))

$(BUILD)/$(1)/shim/%.o: shim/%.cpp $$(SHIM_HDRS)
	@mkdir -p $$(@D)
	$$(CXX_FOR) $$(CXXSTD) $$(WARN) $$(FREESTANDING) $$(ARCH_$(1)) $$(INCLUDES) -c $$< -o $$@
$(BUILD)/$(1)/arch/%.o: shim/arch/$(1)/%.cpp $$(SHIM_HDRS) $$(wildcard shim/arch/$(1)/*.hpp shim/arch/x86/*.hpp)
	@mkdir -p $$(@D)
	$$(CXX_FOR) $$(CXXSTD) $$(WARN) $$(FREESTANDING) $$(ARCH_$(1)) $$(INCLUDES) -Ishim/arch/$(1) -c $$< -o $$@
$(BUILD)/$(1)/arch/%.o: shim/arch/$(1)/%.S
	@mkdir -p $$(@D)
	$$(CC_FOR) $$(ARCH_$(1)) $$(INCLUDES) -c $$< -o $$@
$(BUILD)/$(1)/libxshim.a: $$(LIB_OBJS_$(1))
	@rm -f $$@
	ar rcs $$@ $$^
endef
$(foreach a,$(LIB_ARCHES),$(eval $(call lib_rules,$(a))))

.PHONY: lib test-nm
lib: $(foreach a,$(LIB_ARCHES),$(BUILD)/$(a)/libxshim.a)

# The freestanding library must need nothing from outside itself: link its objects together
# and list what stays undefined.
test-nm: lib
	@for a in $(LIB_ARCHES); do \
	  ld -r $$( [ $$a = i386 ] && echo -m elf_i386 ) -o $(BUILD)/$$a/xshim-all.o \
	     --whole-archive $(BUILD)/$$a/libxshim.a; \
	  undef=$$(nm -u $(BUILD)/$$a/xshim-all.o); \
	  if [ -n "$$undef" ]; then \
	    echo "test-nm: $$a libxshim.a needs symbols from outside itself:"; echo "$$undef"; exit 1; \
	  fi; \
	  echo "test-nm: $$a libxshim.a has no undefined symbols ($$(nm --defined-only $(BUILD)/$$a/xshim-all.o | wc -l) defined)"; \
	done
TEST_STEPS += test-nm
