# tests/corpus/corpus.mk: the captures of real Xen answers (tests/corpus/*.txt) as C headers,
# $(CORPUS_H_DIR)/<capture>.h, for the readers that cannot read a file at run time: the C API
# test and the benchmark's freestanding platform. The hosted tests read the .txt files.
CORPUS_H_DIR := $(BUILD)/corpus
$(CORPUS_H_DIR)/%.h: tests/corpus/%.txt tests/corpus/gen-header.sh
	@mkdir -p $(@D)
	tests/corpus/gen-header.sh $< >$@.tmp && mv $@.tmp $@
