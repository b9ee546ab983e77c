# mk/fuzz.mk - libFuzzer targets for the scenario and sweep loaders and
# for the result-file readers.
#
# Included by the Makefile's second pass, which provides PKG_CFLAGS,
# PKG_LIBS, VERSION and LIB_SRC.  Needs clang 14 and its runtimes (the
# `san` set of tools/install-deps.sh).  Everything goes to build/fuzz/: the
# library is compiled again there with coverage and ASan + UBSan (asserts
# kept), archived, and linked into one binary per target in
# tests/fuzz/fuzz_NAME.c.  The targets run from the repository root (the
# sweep target resolves `base:` against tests/sweeps/).  The results target
# decodes its input into result files (a description, not HDF5 bytes: see
# tests/fuzz/fuzz_results.c), builds them with HDF5 in memory, writes them
# under /dev/shm/clearsim-fuzz-results.PID/ and runs the report readers
# and the merge on them.
#
#   make fuzz      each target for FUZZ_SECONDS (default 600) in turn, on a
#                  working corpus build/fuzz/corpus-NAME/ that grows from
#                  run to run; prints exec/s, runs and corpus size
#   make fuzz-ci   deterministic: replays every seed once, then
#                  FUZZ_CI_RUNS (20000; results: FUZZ_CI_RUNS_results,
#                  300) mutations with -seed=1 per target
#                  from a fresh corpus (no reloading, no address
#                  randomisation where setarch -R works: the library sorts
#                  by node address, so addresses steer coverage), so the
#                  same tree runs the same inputs; prints
#                  `ok - fuzz NAME: ...` / `not ok - fuzz NAME: ...`
#
# Seeds: for the YAML targets (FUZZ_YAML_NAMES: scenario, sweep)
# scenarios/**/*.yaml, tests/bad/*.yaml, tests/sweeps/*.yaml,
# tests/hostile/* and the committed corpus tests/fuzz/corpus/NAME/; for
# the others (results) their committed corpus only.  The YAML dictionary
# goes to the YAML targets only.
# Crashes, leaks, timeouts and out-of-memory inputs go to build/fuzz/crashes/
# (NAME-crash-SHA1, NAME-leak-..., NAME-timeout-..., NAME-oom-...); the log
# of each run is build/fuzz/NAME.log (fuzz) or build/fuzz/ci-NAME.log.
# Reproduce one:   build/fuzz/fuzz_NAME build/fuzz/crashes/FILE
# Minimise it:     build/fuzz/fuzz_NAME -minimize_crash=1 -runs=10000 FILE
# Extra libFuzzer flags: FUZZ_FLAGS=...  A plain run stops at its first
# finding (a seed too); to keep going and collect them all:
#   make fuzz FUZZ_FLAGS='-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1'
# One target only: FUZZ_NAMES=sweep.  Build only: make fuzz-build.
# The library is built with FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION (the
# usual name): a sweep may then expand to at most 1,000 points instead of
# 100,000, so that no input, the ready 10,000-point sweep among the seeds,
# runs past libFuzzer's 5 s limit (sim/scenario/sweep_internal.h).
# UBSan does not recover (-fno-sanitize-recover=all): undefined behaviour is
# a crash like any other.

FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_CC ?= clang
FUZZ_AR ?= ar
FUZZ_BUILD := build/fuzz
FUZZ_NAMES ?= scenario sweep results
# the targets whose input is YAML: the YAML seeds and dictionary are theirs
FUZZ_YAML_NAMES := scenario sweep
FUZZ_SECONDS ?= 600
FUZZ_CI_RUNS ?= 20000
FUZZ_FLAGS ?=
# Per-target settings (VAR_NAME; a target without one takes VAR's value).
# A results input builds up to three HDF5 files and reads them back (about
# 10 exec/s against thousands for the loaders), so fuzz-ci gives it fewer
# runs; its inputs are lists of operations that need some length to say
# anything, so it starts at full length instead of growing slowly.
FUZZ_CI_RUNS_results ?= 300
FUZZ_TARGET_FLAGS_results ?= -max_len=1024 -len_control=0
# the library's #pragma omp and omp_get_wtime: gcc's runtime (always there
# with gcc); FUZZ_OPENMP=-fopenmp uses LLVM's libomp instead
FUZZ_OPENMP ?= -fopenmp=libgomp

FUZZ_SAN := address,undefined
FUZZ_CFLAGS := -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -fno-sanitize-recover=all \
               -fno-omit-frame-pointer -g -O1 $(FUZZ_OPENMP) \
               -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
               -std=c17 -D_POSIX_C_SOURCE=200809L -DCLEARSIM_VERSION='"$(VERSION)"' \
               -Iinclude -Isim $(PKG_CFLAGS) -MMD -MP
FUZZ_LDFLAGS := -fsanitize=fuzzer,$(FUZZ_SAN) -fno-sanitize-recover=all $(FUZZ_OPENMP)
FUZZ_LDLIBS := $(PKG_LIBS) -lm

FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_LIB := $(FUZZ_BUILD)/libclearsim-fuzz.a
FUZZ_BIN := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_DICT := $(FUZZ_BUILD)/yaml.dict

FUZZ_SEEDS := $(sort $(shell find scenarios -name '*.yaml' -type f 2>/dev/null) \
                     $(wildcard tests/bad/*.yaml tests/sweeps/*.yaml tests/hostile/*))

# LeakSanitizer suppressions: libfyaml 0.8 (a system library) leaks a 1 KB
# buffer on some malformed input (tests/fuzz/lsan.supp says which); leaks
# of clearsim's own code are still reported
FUZZ_ENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0

# limits shared by every run
FUZZ_RUN_FLAGS := -timeout=5 -rss_limit_mb=2048 -print_final_stats=1

.PHONY: fuzz fuzz-ci fuzz-build fuzz-clean

fuzz-build: $(FUZZ_BIN) $(FUZZ_DICT)

$(FUZZ_LIB_OBJ): $(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(FUZZ_AR) rcs $@ $^

$(FUZZ_BIN): $(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LDFLAGS) -o $@ $< $(FUZZ_LIB) $(FUZZ_LDLIBS)

# A dictionary: every key and keyword the loaders compare against (the
# identifier-like string literals of sim/scenario/), plus YAML's own tokens.
$(FUZZ_DICT): $(wildcard sim/scenario/*.c)
	@mkdir -p $(dir $@)
	@{ for t in ': ' '- ' '{' '}' '[' ']' ', ' '&a ' '*a' '<<: ' '---' '...' '!!str ' \
	            '#' '|' '>' '~' 'null' 'true' 'false' '.inf' '-.inf' '.nan' '0x1' '1e308' \
	            '-0' '9223372036854775807' '18446744073709551616' '1.5d' '30min' '90s' '2h'; do \
	       printf '"%s"\n' "$$t"; done; \
	   grep -ohE '"[A-Za-z_][A-Za-z0-9_.]*"' $^ | sort -u; } > $@

# $(call FUZZ_SEED_INTO,DIR,NAME): copy the seeds (YAML targets only) and
# NAME's committed corpus into DIR (file names flattened, so none collide)
FUZZ_SEED_INTO = mkdir -p $(1) && \
	seeds=; case " $(FUZZ_YAML_NAMES) " in (*" $(2) "*) seeds="$(FUZZ_SEEDS)";; esac; \
	for f in $$seeds tests/fuzz/corpus/$(2)/*; do \
	    [ ! -f "$$f" ] || cp "$$f" "$(1)/$$(echo "$$f" | sed 's,^tests/fuzz/corpus/[^/]*/,,; s,/,_,g')"; \
	done

# $(call FUZZ_PER_TARGET,VAR,SHELLVAR): shell code setting SHELLVAR to
# VAR_NAME for the target $$n that has one (the caller sets the default)
FUZZ_PER_TARGET = case $$n in $(foreach t,$(FUZZ_NAMES),$(if $($(1)_$(t)),($(t)) $(2)='$($(1)_$(t))';;)) esac

# $(call FUZZ_DICT_FOR,NAME): -dict=... for a YAML target, else nothing
FUZZ_DICT_FOR = $$(case " $(FUZZ_YAML_NAMES) " in (*" $(1) "*) echo "-dict=$(FUZZ_DICT)";; esac)

# $(call FUZZ_REPORT,LOG,RC): a finding's kind, the sanitizer's summary,
# the first frames of its stack (the library's own first) and the input
FUZZ_REPORT = \
	what=$$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer): [a-z-]+|runtime error: .*|ERROR: libFuzzer: [a-z-]+|fuzz: contract broken: .*' $(1) | head -1); \
	[ -n "$$what" ] || what="exit status $(2)"; \
	art=$$(grep -m1 -oE '(Test unit|artifact) written to [^ ]+' $(1) | sed 's/.* to //'); \
	[ -n "$$art" ] || art=$$(sed -n 's/^Running: //p' $(1) | tail -1); \
	echo "  FINDING: $$what"; \
	grep -m1 '^SUMMARY:' $(1) | sed 's/^/  /'; \
	awk '/^ +\#[0-9]+ / { in_stack = 1; \
	         if ($$0 ~ /fuzzer::|__libc_start|_start |__sanitizer|__interceptor|compiler-rt| in main |0x[0-9a-f]+  \(/) next; \
	         sub(/ \(BuildId: [0-9a-f]*\)/, ""); sub(/^ */, "    "); \
	         if ($$0 ~ /\/sim\/|tests\/fuzz\//) { if (own++ < 8) print } else if (!own && other++ < 3) print; next } \
	     in_stack { exit }' $(1); \
	[ -z "$$art" ] || echo "  input: $$art"

# $(call FUZZ_STATS,LOG): runs, exec/s, final coverage and peak RSS (from
# -print_final_stats, or from the last status line of -fork=N: runs over
# its seconds; its cov counts differently from the plain mode's)
FUZZ_STATS = \
	runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(1) | tail -1); \
	eps=$$(sed -n 's/^stat::average_exec_per_sec: *//p' $(1) | tail -1); \
	rss=$$(sed -n 's/^stat::peak_rss_mb: *//p' $(1) | tail -1); \
	cov=$$(grep -oE 'cov: [0-9]+ ft: [0-9]+' $(1) | tail -1); \
	last=$$(grep -E '^\#[0-9]+: cov: ' $(1) | tail -1); \
	if [ -z "$$runs" ] && [ -n "$$last" ]; then \
	    runs=$$(echo "$$last" | sed -E 's/^.([0-9]+):.*/\1/'); \
	    secs=$$(echo "$$last" | sed -nE 's/.* time: ([0-9]+)s.*/\1/p'); \
	    eps=$$(( runs / ($${secs:-1} > 0 ? $${secs:-1} : 1) )); \
	fi

fuzz: $(FUZZ_BIN) $(FUZZ_DICT)
	@mkdir -p $(FUZZ_BUILD)/crashes; fail=0; \
	for n in $(FUZZ_NAMES); do \
	    c=$(FUZZ_BUILD)/corpus-$$n; log=$(FUZZ_BUILD)/$$n.log; \
	    $(call FUZZ_SEED_INTO,$$c,$$n); \
	    echo "fuzz $$n: $(FUZZ_SECONDS) s on $$c ($$(ls $$c | wc -l) inputs), log $$log"; \
	    t0=$$(date +%s); touch $(FUZZ_BUILD)/.start-$$n; \
	    xflags=; $(call FUZZ_PER_TARGET,FUZZ_TARGET_FLAGS,xflags); \
	    $(FUZZ_ENV) $(FUZZ_BUILD)/fuzz_$$n $$c -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        $(FUZZ_RUN_FLAGS) $(call FUZZ_DICT_FOR,$$n) -artifact_prefix=$(FUZZ_BUILD)/crashes/$$n- \
	        $$xflags $(FUZZ_FLAGS) </dev/null >$$log 2>&1; rc=$$?; \
	    $(call FUZZ_STATS,$$log); \
	    files=$$(find $$c -type f | wc -l); \
	    bytes=$$(find $$c -type f -printf '%s\n' | awk '{s += $$1} END {print s + 0}'); \
	    echo "fuzz $$n: $$(( $$(date +%s) - t0 )) s, $${runs:-?} runs, $${eps:-?} exec/s," \
	         "$${cov:-cov ?}, peak RSS $${rss:-?} MB, corpus $$files inputs / $$bytes bytes"; \
	    if [ $$rc -ne 0 ]; then fail=1; $(call FUZZ_REPORT,$$log,$$rc); fi; \
	    for a in $$(find $(FUZZ_BUILD)/crashes -type f -name "$$n-*" -newer $(FUZZ_BUILD)/.start-$$n); do \
	        fail=1; echo "  artifact: $$a ($$(wc -c < $$a) bytes)"; \
	    done; \
	done; exit $$fail

fuzz-ci: $(FUZZ_BIN) $(FUZZ_DICT)
	@mkdir -p $(FUZZ_BUILD)/crashes; fail=0; \
	noaslr=$$(setarch $$(uname -m) -R true 2>/dev/null && echo "setarch $$(uname -m) -R"); \
	for n in $(FUZZ_NAMES); do \
	    s=$(FUZZ_BUILD)/ci-seeds-$$n; w=$(FUZZ_BUILD)/ci-corpus-$$n; log=$(FUZZ_BUILD)/ci-$$n.log; \
	    rm -rf $$s $$w; mkdir -p $$w; \
	    $(call FUZZ_SEED_INTO,$$s,$$n); \
	    t0=$$(date +%s); k=$$(ls $$s | wc -l); \
	    ci_runs=$(FUZZ_CI_RUNS); $(call FUZZ_PER_TARGET,FUZZ_CI_RUNS,ci_runs); \
	    xflags=; $(call FUZZ_PER_TARGET,FUZZ_TARGET_FLAGS,xflags); \
	    $(FUZZ_ENV) $(FUZZ_BUILD)/fuzz_$$n $(FUZZ_RUN_FLAGS) -artifact_prefix=$(FUZZ_BUILD)/crashes/$$n- \
	        $$s/* </dev/null >$$log 2>&1 && \
	    $(FUZZ_ENV) $$noaslr $(FUZZ_BUILD)/fuzz_$$n $$w $$s -runs=$$ci_runs -seed=1 -max_len=4096 -reload=0 \
	        $(FUZZ_RUN_FLAGS) $(call FUZZ_DICT_FOR,$$n) -artifact_prefix=$(FUZZ_BUILD)/crashes/$$n- $$xflags \
	        </dev/null >>$$log 2>&1; rc=$$?; \
	    $(call FUZZ_STATS,$$log); dt=$$(( $$(date +%s) - t0 )); \
	    if [ $$rc -eq 0 ]; then \
	        echo "ok - fuzz $$n: $$k seeds replayed, $${runs:-?} runs with -seed=1" \
	             "($${eps:-?} exec/s, $${cov:-cov ?}), $$dt s"; \
	    else \
	        fail=1; \
	        echo "not ok - fuzz $$n: exit status $$rc after $$dt s (log $$log)"; \
	        $(call FUZZ_REPORT,$$log,$$rc); \
	    fi; \
	done; exit $$fail

fuzz-clean:
	rm -rf $(FUZZ_BUILD)

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_BIN:=.d)

# including this file must not change the Makefile's default goal
.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
