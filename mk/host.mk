# Hosted builds of the generic shim sources and the hosted arch (shim/arch/fake/: every
# architecture's adapter tables) for the doctest unit tests, at -m64 and -m32, under ASan and
# UBSan. The freestanding sources compile unchanged; tests inject a fake platform.
# This machine's kernel has no IA32 emulation, so 32-bit test binaries run under qemu-i386 (user
# mode). LeakSanitizer hangs there; the library has no heap, so leak checking is off for -m32.
RUN32 = env ASAN_OPTIONS=detect_leaks=0 qemu-i386
UNIT_SRCS := $(sort $(wildcard tests/unit/*.cpp))

define host_rules
HOST_OBJS_$(1) := $$(patsubst shim/%.cpp,$(BUILD)/host$(1)/shim/%.o,$$(HOSTED_SRCS)) \
                  $$(patsubst tests/unit/%.cpp,$(BUILD)/host$(1)/unit/%.o,$$(UNIT_SRCS))
$(BUILD)/host$(1)/shim/%.o: shim/%.cpp
	@mkdir -p $$(@D)
	$$(CXX_FOR) $$(CXXSTD) $$(WARN) -m$(1) $$(HOSTOPT) $$(SANITIZE) $$(INCLUDES) $$(DEPFLAGS) -c $$< -o $$@
$(BUILD)/host$(1)/unit/%.o: tests/unit/%.cpp
	@mkdir -p $$(@D)
	$$(CXX_FOR) $$(CXXSTD) $$(WARN) -m$(1) $$(HOSTOPT) $$(SANITIZE) $$(INCLUDES) -Itests/unit $$(DEPFLAGS) -c $$< -o $$@
$(BUILD)/host$(1)/unit-tests: $$(HOST_OBJS_$(1))
	$$(CXX_FOR) -m$(1) $$(SANITIZE) -o $$@ $$^
endef
$(foreach w,64 32,$(eval $(call host_rules,$(w))))

.PHONY: test-unit
test-unit: $(BUILD)/host64/unit-tests $(BUILD)/host32/unit-tests
	@echo "== unit tests (-m64, ASan+UBSan)"; $(BUILD)/host64/unit-tests
	@echo "== unit tests (-m32, ASan+UBSan, under $(RUN32))"; $(RUN32) $(BUILD)/host32/unit-tests
TEST_STEPS += test-unit
TEST_DEPS  += unit
