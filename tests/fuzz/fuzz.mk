# tests/fuzz/fuzz.mk: libFuzzer targets for every parser of untrusted input (docs/fuzzing.md).
#
#   make fuzz        each target for FUZZ_SECONDS (default 120) under ASan + UBSan
#   make test-fuzz   each target for a short pass: FUZZ_TEST_BUDGET seconds shared by all
#                    targets, at most FUZZ_TEST_MAX each (about 25 s with 7 targets)
#   make fuzz-seeds  regenerate tests/fuzz/seeds/ from the captures in tests/unit/ (committed)
#
# Convention: every tests/fuzz/fuzz_<name>.cpp is target <name>, built as $(BUILD)/fuzz/<name>
# with clang++ -fsanitize=fuzzer,address,undefined from the file, the shim's generic sources
# (SHIM_SRCS, as the unit tests build them) and $(FUZZ_EXTRA_<name>) (sources another fragment
# names, e.g. tools/tools.mk: FUZZ_EXTRA_elfnote := tools/elfnote.cpp; that fragment is
# included before this one), linked with $(FUZZ_LIBS_<name>). Seeds: tests/fuzz/seeds/<name>/
# (optional); working corpus: $(BUILD)/fuzz/corpus/<name>/, emptied at the start of each run.
# A crash fails the run; its reproducer is kept under $(BUILD)/fuzz/artifacts/<name>/ and
# printed. Each run is wrapped in `timeout`.
FUZZ_CXX    ?= clang++
FUZZ_CC     ?= clang
FUZZ_DIR    := $(BUILD)/fuzz
FUZZ_SRCS   := $(sort $(wildcard tests/fuzz/fuzz_*.cpp))
FUZZ_NAMES  := $(patsubst tests/fuzz/fuzz_%.cpp,%,$(FUZZ_SRCS))
FUZZ_SECONDS     ?= 120
FUZZ_TEST_BUDGET ?= 170
FUZZ_TEST_MAX    ?= 30
FUZZ_RUN := tests/fuzz/run-fuzz.sh

FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CXXFLAGS := $(CXXSTD) $(WARN) -O1 -g $(FUZZ_SAN) \
                 -fsanitize=fuzzer-no-link $(INCLUDES) -MMD -MP
FUZZ_CFLAGS   := $(CSTD) $(WARN) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(INCLUDES) -MMD -MP
FUZZ_SHIM_OBJS := $(patsubst %.cpp,$(FUZZ_DIR)/obj/%.o,$(HOSTED_SRCS))

$(FUZZ_DIR)/obj/%.o: %.cpp
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@
$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

fuzz_extra_objs = $(patsubst %,$(FUZZ_DIR)/obj/%.o,$(basename $(FUZZ_EXTRA_$(1))))
define fuzz_target_rules
$(FUZZ_DIR)/$(1): $(FUZZ_DIR)/obj/tests/fuzz/fuzz_$(1).o $(FUZZ_SHIM_OBJS) $(call fuzz_extra_objs,$(1))
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $$@ $$^ $(FUZZ_LIBS_$(1))
FUZZ_ALL_OBJS += $(FUZZ_DIR)/obj/tests/fuzz/fuzz_$(1).o $(call fuzz_extra_objs,$(1))
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call fuzz_target_rules,$(n))))
FUZZ_ALL_OBJS += $(FUZZ_SHIM_OBJS)

FUZZ_BINS := $(addprefix $(FUZZ_DIR)/,$(FUZZ_NAMES))

.PHONY: fuzz test-fuzz deps-fuzz fuzz-build fuzz-seeds
deps-fuzz:
	@$(DEPS) build fuzz
fuzz-build: $(FUZZ_BINS)

fuzz: deps-fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@$(FUZZ_RUN) $(FUZZ_SECONDS) $(FUZZ_DIR) $(FUZZ_NAMES)

# Seconds per target: the budget shared out, capped; at least 5.
test-fuzz: $(FUZZ_BINS)
	@n=$(words $(FUZZ_NAMES)); s=$$(( $(FUZZ_TEST_BUDGET) / (n > 0 ? n : 1) )); \
	  s=$$(( s > $(FUZZ_TEST_MAX) ? $(FUZZ_TEST_MAX) : s )); s=$$(( s < 5 ? 5 : s )); \
	  echo "== fuzz tests: $$n targets, $$s s each (ASan+UBSan)"; \
	  $(FUZZ_RUN) $$s $(FUZZ_DIR) $(FUZZ_NAMES)
TEST_STEPS += test-fuzz
TEST_DEPS  += fuzz

# The seed generator: a hosted program over the unit tests' captured Xen (g++, no fuzzer),
# linked with the hosted shim objects tools/tools.mk builds.
$(FUZZ_DIR)/gen-seeds.o: tests/fuzz/gen_seeds.cpp
	@mkdir -p $(@D)
	$(CXX_FOR) $(CXXSTD) $(WARN) -O1 -g $(INCLUDES) $(DEPFLAGS) -c $< -o $@
$(FUZZ_DIR)/gen-seeds: $(FUZZ_DIR)/gen-seeds.o $(TOOLS_SHIM_OBJS)
	$(CXX_FOR) -o $@ $^
fuzz-seeds: $(FUZZ_DIR)/gen-seeds
	$(FUZZ_DIR)/gen-seeds tests/fuzz/seeds
