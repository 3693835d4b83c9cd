# buddyscope - see README.md. `make run` opens it, `make test` tests it.
BUILD ?= build
CFLAGS ?= -O2 -g
LDFLAGS ?=
WERROR ?= -Werror
PREFIX ?= /usr/local
DESTDIR ?=
-include config.mak

PKGS = ncursesw readline lua5.4
DEB_PKGS = pkg-config libncurses-dev libreadline-dev liblua5.4-dev tmux
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
FUZZ = $(BUILD)/fuzz-driver
QUIZ_TESTS = $(BUILD)/quiz-tests

.PHONY: all run test san unit-run golden tui bench install clean deps check-layering man
all: $(BIN)

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

$(LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
$(BIN): $(APP_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIB) $(APP_LIBS)
$(UNIT): $(UNIT_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(LIB) -lm
BENCH_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard tests/bench/*.c)))
APP_LIB_OBJ = $(filter-out $(BUILD)/app/main.o,$(APP_OBJ))
$(BENCH): $(BENCH_OBJ) $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(BENCH_OBJ) $(APP_LIB_OBJ) $(LIB) $(APP_LIBS)
TUI_TEST_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard tests/tui/*.c)))
$(TUI_TESTS): $(TUI_TEST_OBJ) $(BUILD)/tests/unit/testmain.o $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)
$(QUIZ_TESTS): $(BUILD)/tests/quiz/test_quiz.o $(BUILD)/tests/unit/testmain.o $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)
$(FUZZ): $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard tests/fuzz/*.c))) $(APP_LIB_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(APP_LIBS)

# Missing Debian packages: install them as root, else print the exact line.
deps:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	command -v pkg-config >/dev/null 2>&1 && pkg-config --exists $(PKGS) || missing="$$missing libs"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages: $(DEB_PKGS)"; \
	    { apt-get install -y $(DEB_PKGS) || { apt-get update && apt-get install -y $(DEB_PKGS); }; } >/dev/null || exit 1; \
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
	$(MAKE) --no-print-directory BUILD=build/san \
	  CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined' build/san/unit-tests build/san/buddyscope \
	  build/san/tui-render-tests build/san/fuzz-driver build/san/quiz-tests

test: deps
	@$(MAKE) --no-print-directory check-layering $(BIN) $(UNIT) $(TUI_TESTS) $(FUZZ) $(QUIZ_TESTS)
	@$(MAKE) --no-print-directory san
	@BUDDYSCOPE_SAN=build/san sh tests/run.sh

bench: $(BENCH)
	./$(BENCH)

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
