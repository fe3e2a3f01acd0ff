# memtrack: build, run and test. Boring make on purpose (../shared/STYLE.md).
#   make          build build/memtrack
#   make run      build and start the tracker on built-in defaults
#   make test     build and run every test, plain and under ASan+UBSan
#   make sample   regenerate memory_status.sample from tests/e2e/sample.mt
#   make format   clang-format every C file

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Werror -pedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wvla
CPPFLAGS  = -D_POSIX_C_SOURCE=200809L -Icommon -MMD -MP
LDFLAGS  ?=
SAN       = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
B        ?= build

COMMON_SRC  = common/note.c common/num.c common/paging.c common/segment.c common/status.c
TRACKER_SRC = tracker/main.c tracker/cmd.c tracker/input.c tracker/menu.c tracker/script.c
TEST_SRC    = tests/test_model.c tests/test_status.c

COMMON_OBJ  = $(COMMON_SRC:%.c=$(B)/%.o)
TRACKER_OBJ = $(TRACKER_SRC:%.c=$(B)/%.o)
TESTS       = $(TEST_SRC:tests/%.c=$(B)/%)

# Test-time tools and the Debian packages that provide them.
TEST_DEPS   = python3:python3 valgrind:valgrind

all: $(B)/memtrack

$(B)/memtrack: $(TRACKER_OBJ) $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(B)/test_%: $(B)/tests/test_%.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

tests-bin: $(B)/memtrack $(TESTS)

run: $(B)/memtrack
	./$(B)/memtrack

test:
	@scripts/deps.sh $(TEST_DEPS)
	$(MAKE) --no-print-directory B=build tests-bin
	$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" tests-bin
	@tests/run.sh build build/asan

sample: $(B)/memtrack
	SOURCE_DATE_EPOCH=1795000000 ./$(B)/memtrack --no-sync --status memory_status.sample \
	    --script tests/e2e/sample.mt >/dev/null

format:
	clang-format -i common/*.[ch] tracker/*.[ch] tests/*.[ch]

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

.PHONY: all run test tests-bin sample format clean
.SECONDARY:
