# xshim: top-level build. `make run` boots the guests under the real Xen and prints their
# verdicts; `make test` runs every test; `make bench` and `make fuzz` sit beside them.
# Each target first makes sure the Debian packages it needs are there (scripts/deps.sh).

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

BUILD ?= build
DEPS   = scripts/deps.sh

include mk/flags.mk
include mk/lib.mk
include mk/host.mk
include mk/format.mk
include $(wildcard tests/corpus/corpus.mk)
include $(wildcard tests/abi/abi.mk)
include $(wildcard guest-boot/guest-boot.mk)
include $(wildcard tests/boot/boot.mk)
include $(wildcard tests/c_api/c_api.mk)
include $(wildcard tests/docs/docs.mk)
include $(wildcard tools/tools.mk)
include $(wildcard tests/bench/bench.mk)
include $(wildcard tests/fuzz/fuzz.mk)
include $(wildcard tests/toolstack/toolstack.mk)
include mk/install.mk

.PHONY: all deps-build test run bench fuzz clean
all: deps-build lib

deps-build:
	@$(DEPS) build

# Generic code (shim/, guest-boot/ outside their arch/ folders) has no asm and no architecture
# #if; the script prints what it checked and why tools/ and tests/ are exempt.
.PHONY: test-layout
test-layout:
	@scripts/check-layout.sh
TEST_STEPS += test-layout

# Every test the project has; each fragment appends its own step to TEST_STEPS. Two at a time
# (TEST_JOBS): compiling the sanitizer builds is most of the wall time, and every step bounds its
# own waits generously enough to share the machine. Each step's output is printed whole when it
# ends (--output-sync), so logs do not interleave.
TEST_JOBS ?= 2
test: deps-build
	@$(DEPS) $(sort $(TEST_DEPS))
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target test-steps

.PHONY: test-steps
test-steps: $(TEST_STEPS)
	@echo "xshim: all test steps passed: $(TEST_STEPS)"

clean:
	rm -rf $(BUILD)

# Header dependencies: every compile writes a .d beside its object (DEPFLAGS, mk/flags.mk).
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
