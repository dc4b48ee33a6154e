# mk/format.mk: the source format (.clang-format). `make format` rewrites the tree; test-format
# (a make test step) fails on any file that differs.
.PHONY: format test-format
format:
	@$(DEPS) format
	@scripts/check-format.sh --fix
test-format:
	@scripts/check-format.sh
TEST_STEPS += test-format
TEST_DEPS  += format
