# buddyscope - see README.md. `make run` opens it, `make test` tests it.
BUILD ?= build
# the sanitizer build of `make test` (build/san by default)
SAN_B = $(BUILD)/san
CFLAGS ?= -O2 -g
LDFLAGS ?=
WERROR ?= -Werror
PREFIX ?= /usr/local
DESTDIR ?=
-include config.mak

PKGS = ncursesw readline lua5.4
DEB_PKGS = pkg-config libncurses-dev libreadline-dev liblua5.4-dev tmux python3
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes $(WERROR)
CORE_CF = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude $(WARN) $(CFLAGS)
APP_CF = $(CORE_CF) -D_DEFAULT_SOURCE $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
APP_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

CORE_SRC = $(sort $(wildcard core/*.c))
APP_SRC = $(sort $(wildcard app/*.c))
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
APP_OBJ = $(APP_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ = $(UNIT_SRC:%.c=$(BUILD)/%.o)
LIB = $(BUILD)/libbuddyscope.a
BIN = $(BUILD)/buddyscope
UNIT = $(BUILD)/unit-tests
BENCH = $(BUILD)/bench
TUI_TESTS = $(BUILD)/tui-render-tests
APP_TESTS = $(BUILD)/app-tests
FUZZ = $(BUILD)/fuzz-driver
NARRATION_CHECK = $(BUILD)/narration-check
OOM61_SIGS = $(BUILD)/oom61-sigs
QUIZ_TESTS = $(BUILD)/quiz-tests
SOAK = $(BUILD)/soak

.PHONY: all run test san unit-run golden tui bench install clean deps check-layering man \
	fuzz soak coverage
# Plain `make` checks the Debian packages first, as `make run` does: without
# them it says what to install instead of stopping at a compiler error.
all: deps
	@$(MAKE) --no-print-directory $(BIN)

$(BUILD)/core/%.o: core/%.c
	@mkdir -p $(@D)
	$(CC) $(CORE_CF) -MMD -MP -c -o $@ $<
$(BUILD)/app/%.o: app/%.c
	@mkdir -p $(@D)
	$(CC) $(APP_CF) -MMD -MP -c -o $@ $<
$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CORE_CF) -Itests/unit -MMD -MP -c -o $@ $<
$(BUILD)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(APP_CF) -Iapp -DFUZZ_DRIVER -MMD -MP -c -o $@ $<
$(BUILD)/tests/soak/%.o: tests/soak/%.c
	@mkdir -p $(@D)
	$(CC) $(APP_CF) -Iapp -Itests/fuzz -MMD -MP -c -o $@ $<

$(LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
$(BIN): $(APP_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIB) $(APP_LIBS)
# tests/unit/test_cov_nomem.c fails chosen allocations through these wraps
UNIT_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strndup
$(UNIT): $(UNIT_OBJ) $(LIB)
	$(CC) $(LDFLAGS) $(UNIT_WRAP) -o $@ $(UNIT_OBJ) $(LIB) -lm
BENCH_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard tests/bench/*.c)))
APP_LIB_OBJ = $(filter-out $(BUILD)/app/main.o,$(APP_OBJ))
$(BENCH): $(BENCH_OBJ) $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(BENCH_OBJ) $(APP_LIB_OBJ) $(LIB) $(APP_LIBS)
TUI_TEST_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard tests/tui/*.c)))
$(TUI_TESTS): $(TUI_TEST_OBJ) $(BUILD)/tests/unit/testmain.o $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)
$(APP_TESTS): $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard tests/app/*.c))) $(BUILD)/tests/unit/testmain.o $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)
$(QUIZ_TESTS): $(BUILD)/tests/quiz/test_quiz.o $(BUILD)/tests/unit/testmain.o $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)
$(FUZZ): $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard tests/fuzz/*.c))) $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)
$(SOAK): $(BUILD)/tests/soak/soak.o $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)

$(NARRATION_CHECK): $(BUILD)/tests/narration/check.o $(BUILD)/tests/unit/narration.o
	$(CC) $(LDFLAGS) -o $@ $^
# tests/oom61/run.sh reads OOM reports by the rule the unit tests use
$(OOM61_SIGS): $(BUILD)/tests/oom61/sigs.o $(BUILD)/tests/unit/oomsig.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^

# Missing Debian packages: install them as root, else print the exact line.
deps:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	command -v pkg-config >/dev/null 2>&1 && pkg-config --exists $(PKGS) || missing="$$missing libs"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages: $(DEB_PKGS)"; \
	    { apt-get install -y $(DEB_PKGS) || { apt-get update && apt-get install -y $(DEB_PKGS); }; } >/dev/null || exit 1; \
	    pkg-config --exists $(PKGS) || { echo "pkg-config still finds no $(PKGS) (is PKG_CONFIG_PATH or PKG_CONFIG_LIBDIR set?)"; exit 1; }; \
	  else \
	    echo "buddyscope needs Debian packages; run as root:"; \
	    echo "  apt-get update && apt-get install -y $(DEB_PKGS)"; exit 1; \
	  fi; \
	fi

run: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN)

check-layering:
	@if grep -nE '#include *[<"](ncurses|curses|readline/|lua|lauxlib|lualib)|isatty|\brand\(|time\(|clock_gettime|gettimeofday' core/*.c core/*.h include/buddyscope/*.h; then \
	  echo "check-layering: core/ and include/ must not use UI headers, isatty, rand() or the wall clock"; exit 1; \
	else echo "check-layering: ok"; fi

unit-run: $(UNIT)
	./$(UNIT)

# Same suite under AddressSanitizer + UndefinedBehaviorSanitizer in build/san.
san:
	$(MAKE) --no-print-directory BUILD=$(SAN_B) \
	  CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined' $(SAN_B)/unit-tests $(SAN_B)/buddyscope \
	  $(SAN_B)/tui-render-tests $(SAN_B)/fuzz-driver $(SAN_B)/quiz-tests $(SAN_B)/app-tests \
	  $(SAN_B)/soak $(SAN_B)/oom61-sigs

# `make BUILD=DIR test` tests DIR's binaries (and DIR/san's), not build/'s.
test: deps
	@$(MAKE) --no-print-directory check-layering $(BIN) $(UNIT) $(TUI_TESTS) $(FUZZ) $(QUIZ_TESTS) \
	  $(APP_TESTS) $(SOAK) \
	  $(NARRATION_CHECK) $(OOM61_SIGS)
	@$(MAKE) --no-print-directory san
	@BUDDYSCOPE_BUILD=$(BUILD) BUDDYSCOPE_SAN=$(SAN_B) sh tests/run.sh

bench: $(BENCH)
	./$(BENCH)

# A longer random workload than `make test` runs (tests/soak/soak.c).
SOAK_COMMANDS ?= 20000
SOAK_RUNS ?= 8
soak: $(SOAK)
	./$(SOAK) -n $(SOAK_COMMANDS) -r $(SOAK_RUNS)

# libFuzzer with ASan+UBSan (clang): every tests/fuzz/fuzz_NAME.c is a target
# (a new file is a new target; add its row to driver.c for `make test`), run
# FUZZ_SECONDS each on tests/fuzz/corpus/NAME, which grows with what it finds
# (commit the new files). A crash is saved as build/libfuzzer/crash-NAME-*:
# replay it with build/fuzz-driver -r FILE NAME, and add it to the corpus.
FUZZ_SECONDS ?= 60
FUZZ_B = build/libfuzzer
FUZZ_SAN = address,undefined
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_B) CC=clang WERROR= \
	  CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,$(FUZZ_SAN)' \
	  LDFLAGS='-fsanitize=$(FUZZ_SAN)' $(FUZZ_B)/libbuddyscope.a \
	  $(patsubst $(BUILD)/%,$(FUZZ_B)/%,$(APP_LIB_OBJ))
	@for t in $(FUZZ_TARGETS); do \
	  clang -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,$(FUZZ_SAN) -std=c11 \
	    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Iapp \
	    $$(pkg-config --cflags $(PKGS)) tests/fuzz/fuzz_$$t.c \
	    $(patsubst $(BUILD)/%,$(FUZZ_B)/%,$(APP_LIB_OBJ)) $(FUZZ_B)/libbuddyscope.a \
	    $(APP_LIBS) -o $(FUZZ_B)/fuzz_$$t || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p tests/fuzz/corpus/$$t; \
	  echo "== fuzz_$$t: $(FUZZ_SECONDS) s on tests/fuzz/corpus/$$t"; \
	  $(FUZZ_B)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=20 \
	    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=$(FUZZ_B)/crash-$$t- \
	    tests/fuzz/corpus/$$t 2>&1 | grep -E '^#[0-9]+.*DONE|^stat::number_of_executed_units|ERROR|SUMMARY' ; \
	  [ -z "$$(ls $(FUZZ_B)/crash-$$t-* 2>/dev/null)" ] || { echo "fuzz_$$t found a crash: $$(ls $(FUZZ_B)/crash-$$t-*)"; exit 1; }; \
	done

# Line and branch coverage of core/ and app/ by the suites of `make test`
# (plain build only), with gcovr (installed from Debian when run as root).
COV_B = build/cov
coverage: deps
	@command -v gcovr >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y gcovr >/dev/null; } || \
	  { echo "make coverage needs gcovr: apt-get install -y gcovr"; exit 1; }
	@rm -rf $(COV_B)
	@$(MAKE) --no-print-directory BUILD=$(COV_B) WERROR= CFLAGS='-O0 -g --coverage' LDFLAGS=--coverage \
	  $(COV_B)/buddyscope $(COV_B)/unit-tests $(COV_B)/fuzz-driver $(COV_B)/soak \
	  $(COV_B)/tui-render-tests $(COV_B)/quiz-tests $(COV_B)/app-tests $(COV_B)/narration-check
	-@BUDDYSCOPE_BUILD=$(COV_B) BUDDYSCOPE_SAN= sh tests/run.sh | tail -1
	@# the reports go to files: gcovr replaces its -o file, and as root
	@# -o /dev/null turned /dev/null into a regular file for the whole machine
	@gcovr -r . --object-directory $(COV_B) -f core/ --print-summary -o $(COV_B)/core.txt \
	  | sed 's/^/core: /'
	@gcovr -r . --object-directory $(COV_B) -f app/ --print-summary -o $(COV_B)/app.txt \
	  | sed 's/^/app: /'

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/buddyscope/scripts $(DESTDIR)$(PREFIX)/share/buddyscope/lessons
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/buddyscope
	cp -R scripts/. $(DESTDIR)$(PREFIX)/share/buddyscope/scripts/
	cp -R lessons/. $(DESTDIR)$(PREFIX)/share/buddyscope/lessons/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 buddyscope.1 $(DESTDIR)$(PREFIX)/share/man/man1/buddyscope.1

# buddyscope.1 is generated from the command table; tests/man.sh fails when
# the committed page differs from what the program makes now.
man: $(BIN)
	./$(BIN) --man > buddyscope.1

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
