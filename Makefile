# clearsim - build, test, benchmark, install.
#
# The first pass of every target that needs libraries runs the dependency
# step (tools/install-deps.sh) and then re-enters make with CS_DEPS_OK=1, so
# pkg-config is asked only after the packages exist.  Release objects go to
# build/release (binary copied to ./clearsim), SAN=1 to build/san.

PREFIX ?= /usr/local
ifeq ($(origin CC),default)
  CC := gcc
endif

ifeq ($(MPI),1)
  # the MPI build (mpirun -np N clearsim sweep ...): its own folder and binary
  BUILD := build/mpi
  CC := mpicc
  OPT := -O2 -DNDEBUG -DCS_WITH_MPI
  DEPS := base mpi
else ifeq ($(TSAN),1)
  # ThreadSanitizer needs clang and LLVM's OpenMP runtime (libomp), whose
  # archer tool tells TSan what OpenMP synchronises (tests/tsan_run.sh)
  BUILD := build/tsan
  CC := clang
  OPT := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
  DEPS := base san
else ifeq ($(SAN),1)
  BUILD := build/san
  OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifneq ($(findstring clang,$(CC)),)
  # make CC=clang: its own folder; clang's LTO and archiver and LLVM's
  # OpenMP runtime (libomp: with libgomp clang ignores the pragmas); the
  # results equal the gcc build's (tests/build_test.sh)
  BUILD := build/clang
  OPT := -O2 -DNDEBUG -flto=thin
  DEPS := base san
else
  BUILD := build/release
  # link-time optimisation: the port model's handlers call the kernel's
  # schedule and the box pool across files ~10 times per box; inlined,
  # the port year runs ~13 % faster (docs/engine.md).  Fat LTO objects
  # carry machine code beside the LTO bytecode, so the installed
  # libclearsim.a also links with gcc -fno-lto and with clang
  # (tests/install_test.sh); ./clearsim is the same LTO build either way
  OPT := -O2 -DNDEBUG -flto=auto -ffat-lto-objects
endif
OMP ?= -fopenmp

ifeq ($(EXTRA),1)
  # a test build: the port model's catalogue with one metric of each kind
  # appended (tests/extra_catalog.h), for tests/catalog_test.sh
  BUILD := $(BUILD)-extra
  OPT += -DCS_PORT_EXTRA_CATALOG='"extra_catalog.h"' -Itests
endif

LIB_DIRS := core rng stats model scenario experiment output
LIB_SRC := $(foreach d,$(LIB_DIRS),$(wildcard sim/$(d)/*.c))
CLI_SRC := $(wildcard sim/cli/*.c)
TEST_SRC := $(wildcard tests/test_*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BIN := $(BUILD)/clearsim
LIB := $(BUILD)/libclearsim.a

.PHONY: all deps test tsan-test fuzz fuzz-ci bench run plots mpi-demo install clean check-san

DEPS ?= base
# make test also builds and checks the MPI binary (one sweep under mpirun),
# runs the plotting tool (Debian's python3 with h5py and matplotlib) and
# compares a clang build with the gcc one (tests/build_test.sh)
ifneq ($(SAN),1)
  TEST_DEPS := $(DEPS) plot mpi san
else
  TEST_DEPS := $(DEPS) plot san
endif

ifndef CS_DEPS_OK
# ---------------------------------------------------------------- pass 1
all bench run install:
	@sh tools/install-deps.sh $(DEPS)
	@$(MAKE) --no-print-directory CS_DEPS_OK=1 $@

test:
	@sh tools/install-deps.sh $(TEST_DEPS)
	@$(MAKE) --no-print-directory CS_DEPS_OK=1 $@

plots:
	@sh tools/install-deps.sh $(DEPS) plot
	@$(MAKE) --no-print-directory CS_DEPS_OK=1 $@

mpi-demo:
	@sh tools/install-deps.sh $(DEPS) mpi
	@$(MAKE) --no-print-directory CS_DEPS_OK=1 $@

# the HTML report in headless chromium: its own CI stage, not in make test
.PHONY: html-test
html-test:
	@sh tools/install-deps.sh $(DEPS) browser
	@$(MAKE) --no-print-directory CS_DEPS_OK=1 $@

# the Slurm scripts on a one-node Slurm of the test's own: a CI stage
.PHONY: slurm-test
slurm-test:
	@sh tools/install-deps.sh $(DEPS) mpi slurm
	@$(MAKE) --no-print-directory CS_DEPS_OK=1 $@

tsan-test:
	@sh tools/install-deps.sh base san
	@$(MAKE) --no-print-directory CS_DEPS_OK=1 TSAN=1 $@

fuzz fuzz-ci fuzz-build:
	@sh tools/install-deps.sh base san
	@$(MAKE) --no-print-directory CS_DEPS_OK=1 $@

deps:
	@sh tools/install-deps.sh base

clean:
	rm -rf build clearsim

else
# ---------------------------------------------------------------- pass 2
PKGS := hdf5-serial libfyaml
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))
CMOCKA_LIBS := $(shell pkg-config --libs cmocka)
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

CFLAGS := $(OPT) -std=c17 -Wall -Wextra -Wpedantic -Werror -ffp-contract=off $(OMP) \
          -D_POSIX_C_SOURCE=200809L -DCLEARSIM_VERSION='"$(VERSION)"' \
          -Iinclude -Isim $(PKG_CFLAGS) -MMD -MP
LDLIBS := $(PKG_LIBS) -lm
LDFLAGS := $(OMP) $(filter -fsanitize% -flto% -O%,$(OPT))
# LTO links see the whole program: their warnings are errors too
# an archive of LTO objects needs the compiler's plugin to index it
AR := $(if $(filter -flto%,$(OPT)),$(if $(findstring clang,$(CC)),llvm-ar,gcc-ar),ar)

all: $(BIN) $(LIB)
ifeq ($(SAN)$(MPI),)
	@cp -f $(BIN) clearsim
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# the flags a build folder was made with, in $(BUILD)/flags: when they
# change (OPT, CC, pkg-config's paths), everything in it is rebuilt, so a
# folder never mixes objects of two settings.  The version is left out:
# only what embeds it is rebuilt when VERSION changes (below)
BUILD_FLAGS := $(CC) $(filter-out -DCLEARSIM_VERSION=%,$(CFLAGS)) | $(LDFLAGS) $(LDLIBS) | $(AR)
ifneq ($(file <$(BUILD)/flags),$(BUILD_FLAGS))
  $(shell mkdir -p $(BUILD))
  $(file >$(BUILD)/flags,$(BUILD_FLAGS))
endif
$(LIB_OBJ) $(CLI_OBJ) $(TEST_BIN) $(BUILD)/ref_mm1: $(BUILD)/flags

# what embeds the version (CLEARSIM_VERSION) is rebuilt when VERSION changes
VERSIONED := $(shell grep -l CLEARSIM_VERSION $(LIB_SRC) $(CLI_SRC) 2>/dev/null)
$(VERSIONED:%.c=$(BUILD)/%.o): VERSION

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(CMOCKA_LIBS)

# the allocation-failure shim of tests/oom_test.sh (a preloaded library)
$(BUILD)/tests/libfailalloc.so: tests/failalloc.c
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -O2 -Wall -Wextra -Werror -o $@ $<

ifneq ($(SAN),1)
test: all $(TEST_BIN) $(BUILD)/tests/libfailalloc.so
	@$(MAKE) --no-print-directory MPI=1 CS_DEPS_OK=1 build/mpi/clearsim
	@$(MAKE) --no-print-directory EXTRA=1 CS_DEPS_OK=1 $(BUILD)-extra/clearsim
	@CLEARSIM_MPI=build/mpi/clearsim CLEARSIM_EXTRA=$(BUILD)-extra/clearsim sh tests/run-all.sh $(BUILD)
else
test: all $(TEST_BIN)
	@$(MAKE) --no-print-directory EXTRA=1 CS_DEPS_OK=1 $(BUILD)-extra/clearsim
	@CLEARSIM_EXTRA=$(BUILD)-extra/clearsim sh tests/run-all.sh $(BUILD)
endif

# the parallel runner under ThreadSanitizer (make tsan-test: TSAN=1 build)
tsan-test: $(BIN) $(TEST_BIN)
	@sh tests/tsan_run.sh $(BUILD)

# the yardstick of make bench: a hand-written M/M/c (bench/README.md)
$(BUILD)/ref_mm1: bench/ref_mm1.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

bench: all $(BUILD)/ref_mm1
	@sh tests/bench.sh $(BUILD)

run: all
	./clearsim run scenarios/default.yaml --force

# the pictures of the default scenario, in results/default-plots/
plots: all
	./clearsim run scenarios/default.yaml --force -q
	/usr/bin/python3 tools/clearsim-plot results/default.h5 -o results/default-plots

# a small sweep (tests/sweeps/cli_sweep.yaml, 6 points x 2 replications)
# under mpirun, 3 ranks of one thread, then in one process: the two files
# are identical but for /run_info (h5diff -c prints nothing).  mpirun runs
# anywhere: --oversubscribe for more ranks than cores, and OpenMPI's two
# variables that let root run it (a container, a CI runner)
MPI_DEMO_SWEEP := tests/sweeps/cli_sweep.yaml
MPI_DEMO_RUN := OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -np 3
mpi-demo: all
	@$(MAKE) --no-print-directory MPI=1 CS_DEPS_OK=1 build/mpi/clearsim
	@mkdir -p results
	$(MPI_DEMO_RUN) build/mpi/clearsim sweep $(MPI_DEMO_SWEEP) -j 1 -o results/mpi-demo.h5 --force
	./clearsim sweep $(MPI_DEMO_SWEEP) -j 2 -o results/mpi-demo-plain.h5 --force -q
	h5diff -c --exclude-path /run_info results/mpi-demo.h5 results/mpi-demo-plain.h5 >results/mpi-demo.diff
	@if grep -q . results/mpi-demo.diff; then cat results/mpi-demo.diff; echo "mpi-demo: the MPI and one-process files differ" >&2; exit 1; fi
	@rm -f results/mpi-demo.diff
	@echo "mpi-demo: results/mpi-demo.h5 (3 ranks) is identical to results/mpi-demo-plain.h5 (one process) but for /run_info"

# tools/slurm/*.sbatch submitted to a real Slurm (docs/cluster.md)
slurm-test: all
	@$(MAKE) --no-print-directory MPI=1 CS_DEPS_OK=1 build/mpi/clearsim
	@CLEARSIM=$(BIN) CLEARSIM_MPI=build/mpi/clearsim bash tests/slurm/slurm_test.sh

# the HTML report of a run and of a sweep in headless chromium, and the
# checker on tests/browser/sample.html and bad.html (tests/browser/html_test.sh)
.PHONY: html-test
html-test: all
	@CLEARSIM=$(BIN) sh tests/browser/html_test.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/clearsim \
	           $(DESTDIR)$(PREFIX)/share/clearsim/scenarios/queue $(DESTDIR)$(PREFIX)/share/clearsim/scenarios/ports $(DESTDIR)$(PREFIX)/share/clearsim/scenarios/bench
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/clearsim
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libclearsim.a
	install -m 644 include/clearsim/*.h $(DESTDIR)$(PREFIX)/include/clearsim/
	install -m 644 scenarios/*.yaml $(DESTDIR)$(PREFIX)/share/clearsim/scenarios/
	install -m 644 scenarios/queue/*.yaml $(DESTDIR)$(PREFIX)/share/clearsim/scenarios/queue/
	install -m 644 scenarios/ports/*.yaml $(DESTDIR)$(PREFIX)/share/clearsim/scenarios/ports/
	install -m 644 scenarios/bench/*.yaml $(DESTDIR)$(PREFIX)/share/clearsim/scenarios/bench/

clean:
	rm -rf build clearsim

# libFuzzer targets of the loaders: make fuzz, make fuzz-ci
include mk/fuzz.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_BIN:=.d)
endif
