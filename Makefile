# The two commands a new user needs: `make run` and `make check`.
BUILDDIR ?= _build
MESON_OPTS ?=

.PHONY: all deps setup build run check bench clean asan

all: build

deps:
	@tools/ensure-deps

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_OPTS)

setup: deps $(BUILDDIR)/build.ninja

build: setup
	meson compile -C $(BUILDDIR)

run: build
	$(BUILDDIR)/src/ui/rtcc --demo

check: build
	dbus-run-session -- xvfb-run -a -s "-screen 0 1600x1000x24" meson test -C $(BUILDDIR) --print-errorlogs $(TESTOPTS)

bench: build
	meson compile -C $(BUILDDIR) benches
	bench/run-all $(BUILDDIR)

asan: deps
	meson setup _build-asan -Db_sanitize=address,undefined -Db_lundef=false 2>/dev/null || true
	meson compile -C _build-asan
	dbus-run-session -- xvfb-run -a -s "-screen 0 1600x1000x24" meson test -C _build-asan --print-errorlogs $(TESTOPTS)

clean:
	rm -rf $(BUILDDIR)
