# mk/install.mk: install like a library (docs/linking.md, "Installing").
#
#   make install PREFIX=/usr/local DESTDIR=   the headers, one libxshim.a per architecture, a
#                                             pkg-config file per architecture, xshim-check and
#                                             the docs, in their usual places:
#     $(PREFIX)/include/xshim/xshim*.h, include/xshim/abi/*.h   (-I$(PREFIX)/include/xshim)
#     $(PREFIX)/lib/xshim/<arch>/libxshim.a                      (freestanding, one per target)
#     $(PREFIX)/lib/pkgconfig/xshim-<arch>.pc                    (pkg-config xshim-x86_64 ...)
#     $(PREFIX)/bin/xshim-check
#     $(PREFIX)/share/doc/xshim/*.md, xshim-check.schema.json
#   make test-install   installs into a scratch DESTDIR and builds the C kernel example
#                       (tests/c_api/c_kernel.c) against that tree alone, through pkg-config,
#                       for x86_64 (run) and i386 (linked) (tests/tools/install-test.sh)
#   make deb            the Debian source package in debian/ built with dpkg-buildpackage -us -uc
#                       -b in a scratch copy of the tree (scripts/make-deb.sh): xshim-tools and
#                       libxshim-dev, in $(BUILD)/deb/
#   make test-deb       lintian over them, their contents against `make install`'s tree, then
#                       installed with dpkg into a scratch root, used (the tool on pv64.elf;
#                       install-test.sh over that root) and removed (tests/tools/deb-test.sh)
PREFIX  ?= /usr/local
DESTDIR ?=
INSTALL_ARCHES ?= x86_64 i386 aarch64
INSTALL_DOCS   := $(sort $(wildcard docs/*.md)) docs/xshim-check.schema.json

# Each architecture's pkg-config file, from mk/xshim.pc.in. Cflags hold the include directory
# only: the kernel compiles with its own target flags (docs/linking.md lists what each archive
# was built with).
XSHIM_VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo 0)

.PHONY: install test-install
install: $(foreach a,$(INSTALL_ARCHES),$(BUILD)/$(a)/libxshim.a) $(TOOLS_DIR)/xshim-check
	install -d $(DESTDIR)$(PREFIX)/include/xshim/abi $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/doc/xshim
	install -m 644 shim/include/*.h $(DESTDIR)$(PREFIX)/include/xshim/
	install -m 644 abi/*.h $(DESTDIR)$(PREFIX)/include/xshim/abi/
	for a in $(INSTALL_ARCHES); do \
	  install -d $(DESTDIR)$(PREFIX)/lib/xshim/$$a && \
	  install -m 644 $(BUILD)/$$a/libxshim.a $(DESTDIR)$(PREFIX)/lib/xshim/$$a/ && \
	  sed -e 's|@PREFIX@|$(PREFIX)|' -e "s|@ARCH@|$$a|g" -e 's|@VERSION@|$(XSHIM_VERSION)|' \
	    mk/xshim.pc.in >$(DESTDIR)$(PREFIX)/lib/pkgconfig/xshim-$$a.pc || exit 1; \
	done
	install -m 755 $(TOOLS_DIR)/xshim-check $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(INSTALL_DOCS) $(DESTDIR)$(PREFIX)/share/doc/xshim/

test-install: $(foreach a,$(INSTALL_ARCHES),$(BUILD)/$(a)/libxshim.a) $(TOOLS_DIR)/xshim-check \
              $(CORPUS_H_DIR)/xen-4.17-x86_64-pv-dom0.h
	@echo "== make install into a scratch tree; the C kernel built from it alone via pkg-config"
	rm -rf $(BUILD)/install-test
	$(MAKE) --no-print-directory install DESTDIR=$(abspath $(BUILD)/install-test) PREFIX=/usr \
	  >$(BUILD)/install-test.log
	timeout 300 tests/tools/install-test.sh $(abspath $(BUILD)/install-test) /usr \
	  $(CORPUS_H_DIR) $(BUILD)/install-test-build
TEST_STEPS += test-install
TEST_DEPS  += install

# The Debian packages from the source package in debian/ (dpkg-buildpackage -us -uc -b in a
# scratch copy of the tracked files, scripts/make-deb.sh); their version is debian/changelog's.
# The copy's build directory is kept between runs, and its archive objects are first taken from
# this tree's (same flags; only when BUILD is the default, whose .d files name build/...).
# XSHIM_DEB_CLEAN=1 make deb: from scratch, as a Debian build machine does.
DEB_SEED := $(if $(filter build,$(BUILD)),$(BUILD))
.PHONY: deb test-deb
deb: $(if $(DEB_SEED),$(foreach a,$(INSTALL_ARCHES),$(BUILD)/$(a)/libxshim.a))
	@$(DEPS) build tools install deb
	scripts/make-deb.sh $(BUILD)/deb $(abspath $(BUILD)/deb-src) $(if $(DEB_SEED),$(abspath $(DEB_SEED)))
test-deb: deb $(CORPUS_H_DIR)/xen-4.17-x86_64-pv-dom0.h $(GUEST_DIR)/pv64.elf \
          $(foreach a,$(INSTALL_ARCHES),$(BUILD)/$(a)/libxshim.a) $(TOOLS_DIR)/xshim-check
	@echo "== the Debian packages: lintian, make install's files, installed with dpkg into a scratch root, used and removed"
	rm -rf $(BUILD)/deb-test-install
	$(MAKE) --no-print-directory install DESTDIR=$(abspath $(BUILD)/deb-test-install) PREFIX=/usr \
	  >$(BUILD)/deb-test-install.log
	timeout 600 tests/tools/deb-test.sh $(BUILD)/deb $(CORPUS_H_DIR) $(GUEST_DIR) \
	  $(abspath $(BUILD)/deb-test) $(abspath $(BUILD)/deb-test-install)
TEST_STEPS += test-deb
TEST_DEPS  += install deb
