# ABI conformance: abi/ against the real Xen public headers (libxen-dev).
#   tests/abi/conform_*.c  standalone C programs, compiled at -m64 and -m32 beside the Xen
#                          headers; each prints every mismatch and ends with "N passed, N failed".
#   tests/abi/cxx_*.cpp    compile-only checks that abi/ is valid freestanding C++ too.
#   tests/abi/gen_*.c      print a Markdown file of docs/ from abi/'s layout lists; the test
#                          fails when the committed docs/<name>.md differs (it cannot drift).
ABI_CONFORM := $(sort $(wildcard tests/abi/conform_*.c))
ABI_CXX     := $(sort $(wildcard tests/abi/cxx_*.cpp))
ABI_GEN     := $(sort $(wildcard tests/abi/gen_*.c))
ABI_HDRS    := $(wildcard abi/*.h)
# The Xen headers' newest interface, so fields such as vcpu_time_info.flags are declared.
XEN_IFACE   := -D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__
ABI_CFLAGS  := $(CSTD) $(WARN) -Wno-cast-align -I. -O0 -g

define abi_conform_rule
$(BUILD)/abi/$(2)/$(basename $(notdir $(1))): $(1)
	@mkdir -p $$(@D)
	$(CC_FOR) -m$(2) $(ABI_CFLAGS) $(XEN_IFACE) -Itests/abi $(DEPFLAGS) -o $$@ $$<
endef
$(foreach f,$(ABI_CONFORM),$(foreach w,64 32,$(eval $(call abi_conform_rule,$(f),$(w)))))

define abi_gen_rule
$(BUILD)/abi/gen/$(basename $(notdir $(1))): $(1)
	@mkdir -p $$(@D)
	$(CC_FOR) $(ABI_CFLAGS) $(DEPFLAGS) -o $$@ $$<
endef
$(foreach f,$(ABI_GEN),$(eval $(call abi_gen_rule,$(f))))

ABI_BINS64 := $(foreach f,$(ABI_CONFORM),$(BUILD)/abi/64/$(basename $(notdir $(f))))
ABI_BINS32 := $(foreach f,$(ABI_CONFORM),$(BUILD)/abi/32/$(basename $(notdir $(f))))
ABI_GENS   := $(foreach f,$(ABI_GEN),$(BUILD)/abi/gen/$(basename $(notdir $(f))))

.PHONY: test-abi docs-abi
test-abi: $(ABI_BINS64) $(ABI_BINS32) $(ABI_GENS)
	@set -e; for b in $(ABI_BINS64); do echo "== $$b (-m64)"; $$b; done
	@set -e; for b in $(ABI_BINS32); do echo "== $$b (-m32, under $(RUN32))"; $(RUN32) $$b; done
	@set -e; for f in $(ABI_CXX); do \
	  $(foreach a,x86_64 i386,$(CXX_$(a)) $(call lib_cxxflags,$(a)) -fsyntax-only $$f;) \
	  echo "== $$f: abi/ compiles as freestanding C++ for x86_64 and i386"; done
	@set -e; for g in $(ABI_GENS); do \
	  doc=docs/$$(basename $$g | sed 's/^gen_//; s/_/-/g').md; \
	  $$g > $$g.md; \
	  if ! diff -u $$doc $$g.md; then \
	    echo "test-abi: $$doc is out of date with abi/; run 'make docs-abi' and commit it"; exit 1; fi; \
	  echo "== $$doc matches abi/"; done

# Regenerate docs/*.md from abi/.
docs-abi: $(ABI_GENS)
	@for g in $(ABI_GENS); do doc=docs/$$(basename $$g | sed 's/^gen_//; s/_/-/g').md; \
	  $$g > $$doc; echo "wrote $$doc"; done

TEST_STEPS += test-abi
TEST_DEPS  += abi
