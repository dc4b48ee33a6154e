# tests/docs: docs that must follow the code. tests/docs/refusal_doc.c prints docs/refusals.md's
# reason table and section headings from XSHIM_REASONS (shim/include/xshim.h); test-docs fails
# when the page differs, when a refusal code's name is written a second time as a string in
# shim/, tools/ or guest-boot/ (tests/docs/names_once.sh), and when shim/report/ reaches for a
# decider instead of printing the verdict's evidence (tests/docs/report_prints_only.sh).
# docs/xenstore.md must have a row for each status of XSHIM_XS_STATUSES (check_xenstore.sh).
$(BUILD)/docs/%: tests/docs/%.c shim/include/xshim.h shim/include/xshim_xenstore.h
	@mkdir -p $(@D)
	$(CC_FOR) $(CSTD) $(WARN) $(INCLUDES) -O0 -o $@ $<

.PHONY: test-docs docs-refusals
test-docs: $(BUILD)/docs/refusal_doc $(BUILD)/docs/xs_status_doc
	@tests/docs/check_refusals.sh docs/refusals.md $(BUILD)/docs/refusal_doc
	@tests/docs/names_once.sh $(BUILD)/docs/refusal_doc
	@tests/docs/report_prints_only.sh
	@tests/docs/check_xenstore.sh docs/xenstore.md $(BUILD)/docs/xs_status_doc

# Rewrite docs/refusals.md's reason table from XSHIM_REASONS.
docs-refusals: $(BUILD)/docs/refusal_doc
	@tests/docs/check_refusals.sh docs/refusals.md $< --update

TEST_STEPS += test-docs
