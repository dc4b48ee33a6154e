# tests/c_api: a kernel written in C links xshim through xshim.h alone (tests/c_api/c_kernel.c),
# at -m64 and -m32 under ASan+UBSan, against the hosted build of the library's objects; the
# policy it declares with XSHIM_POLICY must also be in the binary as an ELF note ("xshim"). Its
# platform answers from a capture of tests/corpus, compiled in as corpus.mk's header.
define c_api_rules
$(BUILD)/host$(1)/c_api/c_kernel.o: tests/c_api/c_kernel.c $(CORPUS_H_DIR)/xen-4.17-x86_64-pv-dom0.h
	@mkdir -p $$(@D)
	$$(CC_FOR) $$(CSTD) $$(WARN) -Wno-cast-align -m$(1) $$(HOSTOPT) $$(SANITIZE) $$(INCLUDES) -I$(CORPUS_H_DIR) $$(DEPFLAGS) -c $$< -o $$@
$(BUILD)/host$(1)/c_api/c_kernel: $(BUILD)/host$(1)/c_api/c_kernel.o $$(filter $(BUILD)/host$(1)/shim/%,$$(HOST_OBJS_$(1)))
	$$(CXX_FOR) -m$(1) $$(SANITIZE) -o $$@ $$^
endef
$(foreach w,64 32,$(eval $(call c_api_rules,$(w))))

.PHONY: test-c-api
test-c-api: $(BUILD)/host64/c_api/c_kernel $(BUILD)/host32/c_api/c_kernel
	@echo "== C kernel (-m64)"; $(BUILD)/host64/c_api/c_kernel
	@echo "== C kernel (-m32, under $(RUN32))"; $(RUN32) $(BUILD)/host32/c_api/c_kernel
	@for w in 64 32; do \
	  readelf -n $(BUILD)/host$$w/c_api/c_kernel | grep -A1 -E '^\s*xshim\s' | grep -q '0x78700001' \
	    || { echo "test-c-api: -m$$w binary has no xshim policy note (type 0x78700001)"; exit 1; }; \
	  echo "== -m$$w binary carries the xshim policy note"; done
TEST_STEPS += test-c-api
TEST_DEPS  += unit
