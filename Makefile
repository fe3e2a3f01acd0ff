# memtrack: build, run and test. Boring make on purpose (../shared/STYLE.md).
#   make          build build/memtrack and build/memview (installing what is missing)
#   make run      build, then start memview in the background and the tracker in front
#   make test     build and run every test, plain and under ASan+UBSan
#   make demo     play the built-in demo in memtrack while memview shows it
#   make install  install programs, manual pages, demo and labs (PREFIX, DESTDIR)
#   make install-answers  install the labs' answer keys apart, for instructors
#   make uninstall  remove exactly what make install and install-answers put there
#   make sample   regenerate memory_status.sample from tests/e2e/sample.mt
#   make bench    measure tracker, viewer, virtual-memory and heap costs; writes
#                 docs/performance.md (BENCH_PARTS=vm: only virtual memory; BENCH_PARTS=heap:
#                 only the heap allocators; BENCH_PARTS=base: only the rest)
#   make fuzz     run the libFuzzer targets (FUZZ_SECONDS each, default 60)
#   make format   clang-format every C file

CC         ?= cc
CFLAGS     ?= -O2 -g
WARN        = -std=c11 -Wall -Wextra -Werror -pedantic -Wshadow -Wstrict-prototypes \
              -Wmissing-prototypes -Wformat=2 -Wvla
CPPFLAGS    = -D_POSIX_C_SOURCE=200809L -Icommon -MMD -MP
LDFLAGS    ?=
SAN         = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
PKG_CONFIG ?= pkg-config
B          ?= build
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR      = $(PREFIX)/bin
MANDIR      = $(PREFIX)/share/man
SHAREDIR    = $(PREFIX)/share/memtrack

# The visualizer alone uses SDL2, SDL2_ttf, SDL2_image and fontconfig.
VIEW_PKGS   = sdl2 SDL2_ttf SDL2_image fontconfig
VIEW_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(VIEW_PKGS) 2>/dev/null)
VIEW_LIBS   = $(shell $(PKG_CONFIG) --libs $(VIEW_PKGS) 2>/dev/null)

COMMON_SRC  = common/lockfile.c common/note.c common/num.c common/paging.c common/segment.c \
              common/status.c common/status_file.c common/status_paging.c \
              common/status_parse.c common/status_segment.c common/status_write.c \
              common/frameset.c common/pg_check.c common/pg_restore.c common/pg_split.c \
              common/opt.c common/status_vm.c common/status_vm_cells.c common/pyrand.c \
              common/vm.c common/vm_access.c common/vm_policy.c common/vm_run.c common/vm_check.c \
              common/tlb.c common/ptshape.c common/vm_tlb.c common/vm_prot.c common/status_tlb.c \
              common/status_prot.c common/vm_ptable.c common/vm_ptable_check.c \
              common/status_ptable.c common/status_heap.c common/heap.c common/heap_index.c \
              common/heap_check.c common/heap_compare.c common/heap_freelist.c common/heap_bits.c \
              common/heap_buddy.c common/heap_slab.c common/heap_pool.c common/status_quiz.c \
              common/quiz.c common/quiz_kinds.c common/quiz_translate.c common/quiz_multilevel.c \
              common/quiz_segment.c common/quiz_malloc.c common/quiz_policy.c common/quiz_frag.c \
              common/quiz_compact.c common/quiz_tlb.c common/quiz_exam.c
COMMON_SRC += common/quiz_answer.c common/quiz_sheet.c
# What memtrack's own quiz kinds share (quiz_own.h).
COMMON_SRC += common/quiz_own.c
TRACKER_SRC = tracker/main.c tracker/cmd.c tracker/input.c tracker/menu.c tracker/script.c \
              tracker/vmcmd.c tracker/vmshow.c tracker/vmtrace.c tracker/vmtlb.c \
              tracker/vmprot.c tracker/vmptable.c tracker/vmptcmp.c tracker/heapcmd.c \
              tracker/heapshow.c tracker/quizcmd.c tracker/quizcheck.c
VIEW_SRC    = visualizer/main.c visualizer/draw.c visualizer/layout.c visualizer/layout_vm.c \
              visualizer/layout_pages.c visualizer/layout_tlb.c visualizer/layout_prot.c \
              visualizer/layout_ptable.c visualizer/layout_heap.c visualizer/layout_quiz.c \
              visualizer/layout_quiz_own.c visualizer/font.c visualizer/watch.c visualizer/save.c visualizer/follow.c

COMMON_OBJ  = $(COMMON_SRC:%.c=$(B)/%.o)
TRACKER_OBJ = $(TRACKER_SRC:%.c=$(B)/%.o)
VIEW_OBJ    = $(VIEW_SRC:%.c=$(B)/%.o)
LAYOUT_OBJ  = $(B)/visualizer/layout.o $(B)/visualizer/layout_vm.o $(B)/visualizer/layout_pages.o \
              $(B)/visualizer/layout_tlb.o $(B)/visualizer/layout_prot.o \
              $(B)/visualizer/layout_ptable.o $(B)/visualizer/layout_heap.o \
              $(B)/visualizer/layout_quiz.o $(B)/visualizer/layout_quiz_own.o
TESTS       = $(B)/test_paging $(B)/test_frameset $(B)/test_segment $(B)/test_note_num \
              $(B)/test_status_write $(B)/test_status_parse $(B)/test_opt $(B)/test_layout \
              $(B)/test_render $(B)/test_follow $(B)/test_save $(B)/test_pyrand $(B)/test_vm \
              $(B)/test_status_vm $(B)/test_tlb $(B)/test_ptshape $(B)/test_vmtrace \
              $(B)/test_vmtrace_block7 $(B)/test_vm_tlb $(B)/test_vm_prot \
              $(B)/test_vm_ptable $(B)/test_status_ptable $(B)/test_heap \
              $(B)/test_heap_ostep $(B)/test_heap_alloc $(B)/test_status_heap \
              $(B)/test_quiz $(B)/test_quiz_ostep $(B)/test_quiz_own $(B)/test_quiz_alloc \
              $(B)/test_quiz_xlate
# The quiz's status records and memview's quiz view (quiz-view).
TESTS      += $(B)/test_status_quiz $(B)/test_layout_quiz

# What to install when missing: TOOL:PACKAGE, pc:MODULE:PACKAGE or file:PATH:PACKAGE.
BUILD_DEPS  = make:make cc:gcc pkg-config:pkg-config pc:sdl2:libsdl2-dev \
              pc:SDL2_ttf:libsdl2-ttf-dev pc:SDL2_image:libsdl2-image-dev \
              pc:fontconfig:libfontconfig-dev fc-match:fontconfig \
              file:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
TEST_DEPS   = python3:python3 valgrind:valgrind xvfb-run:xvfb xauth:xauth xwd:x11-apps \
              xdotool:xdotool

all: deps
	@$(MAKE) --no-print-directory bins

deps:
	@scripts/deps.sh $(BUILD_DEPS)

bins: $(B)/memtrack $(B)/memview

$(B)/memtrack: $(TRACKER_OBJ) $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/memview: $(VIEW_OBJ) $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VIEW_LIBS)

$(B)/visualizer/%.o: visualizer/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Ivisualizer $(VIEW_CFLAGS) -c -o $@ $<

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Ivisualizer $(VIEW_CFLAGS) -c -o $@ $<

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(B)/test_paging $(B)/test_frameset $(B)/test_segment $(B)/test_note_num \
$(B)/test_status_write $(B)/test_status_parse $(B)/test_opt \
$(B)/test_pyrand $(B)/test_vm $(B)/test_status_vm $(B)/test_tlb \
$(B)/test_ptshape $(B)/test_vm_tlb $(B)/test_vm_prot $(B)/test_vm_ptable \
$(B)/test_status_ptable $(B)/test_heap $(B)/test_heap_ostep $(B)/test_heap_alloc \
$(B)/test_status_heap $(B)/test_quiz $(B)/test_quiz_ostep $(B)/test_quiz_own $(B)/test_quiz_alloc \
$(B)/test_quiz_xlate: $(B)/test_%: $(B)/tests/test_%.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/test_status_quiz: $(B)/tests/test_status_quiz.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/test_layout $(B)/test_layout_quiz: $(B)/test_%: $(B)/tests/test_%.o $(LAYOUT_OBJ) \
                                       $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/test_render: $(B)/tests/test_render.o $(LAYOUT_OBJ) $(B)/visualizer/draw.o \
                  $(B)/visualizer/font.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VIEW_LIBS)

$(B)/test_follow: $(B)/tests/test_follow.o $(B)/visualizer/follow.o $(B)/visualizer/watch.o \
                  $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# test_vmtrace reads traces with the reader's own block, test_vmtrace_block7
# with a block of 7 bytes: every line then crosses a block's edge.
$(B)/test_vmtrace: $(B)/tests/test_vmtrace.o $(B)/tracker/vmtrace.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/test_vmtrace_block7: $(B)/tests/test_vmtrace.o $(B)/tests/vmtrace_block7.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/tests/vmtrace_block7.o: tracker/vmtrace.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -DVMTRACE_BLOCK=7 -c -o $@ $<

$(B)/test_save: $(B)/tests/test_save.o $(B)/visualizer/save.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/status_reader: $(B)/tests/status_reader.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/bench_view: $(B)/tests/bench/bench_view.o $(LAYOUT_OBJ) $(B)/visualizer/draw.o \
                  $(B)/visualizer/font.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VIEW_LIBS)

$(B)/bench_write: $(B)/tests/bench/bench_write.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/bench_vm: $(B)/tests/bench/bench_vm.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/bench_heap: $(B)/tests/bench/bench_heap.o $(COMMON_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# $(B)/unit-tests names the unit tests of this tree, so that tests/run.sh runs
# these and no stale test_* binary an older tree left in $(B).
tests-bin: bins $(TESTS) $(B)/status_reader
	@echo $(notdir $(TESTS)) >$(B)/unit-tests

run: all
	@scripts/run.sh $(B)

test: deps
	@scripts/deps.sh $(TEST_DEPS)
	@$(MAKE) --no-print-directory B=build tests-bin
	@$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" tests-bin
	@tests/run.sh build build/asan

# Fuzzing: clang's libFuzzer with ASan and UBSan, built apart in build/fuzz.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS    = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_RT       = $(shell $(FUZZ_CC) -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-x86_64.a
FUZZ_DEPS     = clang:clang file:$(FUZZ_RT):libclang-rt-14-dev

build/fuzz/fuzz_status: tests/fuzz/fuzz_status.c $(COMMON_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) -D_POSIX_C_SOURCE=200809L -Icommon -o $@ $^

# The script fuzzer runs the tracker's language without its main and menu:
# every other tracker file, so that a new one cannot be left out.
build/fuzz/fuzz_script: tests/fuzz/fuzz_script.c \
                        $(filter-out tracker/main.c tracker/menu.c,$(TRACKER_SRC)) $(COMMON_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) -D_POSIX_C_SOURCE=200809L -Icommon -Itracker -o $@ $^

fuzz:
	@scripts/deps.sh $(FUZZ_DEPS)
	@$(MAKE) --no-print-directory build/fuzz/fuzz_status build/fuzz/fuzz_script
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

bench: deps
	@scripts/deps.sh $(TEST_DEPS)
	@$(MAKE) --no-print-directory B=build bins build/bench_view build/bench_write build/bench_vm \
	    build/bench_heap
	xvfb-run -a -s "-screen 0 1280x800x24" python3 tests/bench/bench.py build docs/performance.md

# Without a display the demo writes pictures: into $(B), not the source tree.
demo: all
	@scripts/demo.sh --bin $(B) --script demo/demo.mt --shots $(B)/demo-shots

# What make install puts where; make uninstall removes exactly these. The
# labs' answer keys stay out of the worksheets a student reads: only
# make install-answers installs them, in $(SHAREDIR)/answers/LAB/.
INST_BIN    = memtrack memview
INST_MAN1   = man/memtrack.1 man/memview.1
INST_MAN5   = man/memory_status.5
INST_KEYS   = $(sort $(wildcard labs/*/answers.md))
INST_SHARE  = demo/demo.mt labs/README.md \
              $(filter-out $(INST_KEYS),$(sort $(wildcard labs/*/*.md labs/*/*.mt labs/*/*.sh \
              labs/*/*.txt labs/*/sheets/*.txt)))
INST_DIRS   = $(sort $(dir $(INST_SHARE)))
INST_ANS    = $(INST_KEYS:labs/%=answers/%)
INST_ADIRS  = answers/ $(sort $(dir $(INST_ANS)))

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(addprefix $(B)/,$(INST_BIN)) $(DESTDIR)$(BINDIR)/
	install -m 755 scripts/demo.sh $(DESTDIR)$(BINDIR)/memtrack-demo
	install -m 644 $(INST_MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(INST_MAN5) $(DESTDIR)$(MANDIR)/man5/
	for d in $(INST_DIRS); do install -d $(DESTDIR)$(SHAREDIR)/$$d || exit 1; done
	for f in $(INST_SHARE); do install -m 644 $$f $(DESTDIR)$(SHAREDIR)/$$f || exit 1; done

install-answers:
	for d in $(INST_ADIRS); do install -d $(DESTDIR)$(SHAREDIR)/$$d || exit 1; done
	for f in $(INST_KEYS); do \
	    install -m 644 $$f $(DESTDIR)$(SHAREDIR)/answers/$${f#labs/} || exit 1; done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(INST_BIN) memtrack-demo)
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(INST_MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(INST_MAN5)))
	rm -f $(addprefix $(DESTDIR)$(SHAREDIR)/,$(INST_SHARE) $(INST_ANS))
	for d in $(INST_DIRS) $(INST_ADIRS); do echo $$d; done | sort -r | while read -r d; do \
	    rmdir $(DESTDIR)$(SHAREDIR)/$$d 2>/dev/null; done; \
	rmdir $(DESTDIR)$(SHAREDIR) 2>/dev/null; true

sample: all
	SOURCE_DATE_EPOCH=1795000000 ./$(B)/memtrack --no-sync --status memory_status.sample \
	    --script tests/e2e/sample.mt >/dev/null

# The README's pictures, drawn by memview --once from the sample and the labs.
pictures: all
	./$(B)/memview --once --screenshot docs/images/memview-sample.png --size 1280x440 \
	    memory_status.sample
	for f in first best worst next; do \
	    ./$(B)/memtrack --no-sync --fit $$f --status $(B)/fit-$$f \
	        --script labs/2-fit-policies/fits.mt >/dev/null 2>&1; \
	done
	./$(B)/memview --once --screenshot docs/images/compare-fits.png --size 1280x800 \
	    $(B)/fit-first $(B)/fit-best $(B)/fit-worst $(B)/fit-next
	for s in 64:1024 16:4096 4:16384; do \
	    ./$(B)/memtrack --no-sync --frames $${s%:*} --page-size $${s#*:} \
	        --status $(B)/pages-$${s#*:} --script labs/3-frames-and-pages/workload.mt \
	        >/dev/null 2>&1; \
	done
	./$(B)/memview --once --screenshot docs/images/compare-pages.png --size 1280x800 \
	    $(B)/pages-1024 $(B)/pages-4096 $(B)/pages-16384
	printf 'alloc 1 1G\nalloc 2 1G\nalloc 3 512M\nalloc 4 256M\n' | \
	    ./$(B)/memtrack --no-sync --frames 1048576 --frame-policy random \
	        --status $(B)/million --script - >/dev/null 2>&1
	./$(B)/memview --once --screenshot docs/images/memview-million.png --size 1280x560 \
	    $(B)/million
	printf '%s\n' 'alloc 1 10000' 'alloc 2 5000' 'seg alloc code 1200' 'seg alloc stack 2000' \
	    'echo Where does byte 5000 of P1 live?' 'translate 1 0x1388' | \
	    ./$(B)/memtrack --no-sync --status $(B)/translate --script - >/dev/null 2>&1
	./$(B)/memview --once --screenshot docs/images/memview-translate.png --size 1280x520 \
	    $(B)/translate
	printf '%s\n' 'alloc 1 40K' 'replace clock' 'refs 1 1 2 3 4 1 2 5 1 2 3 4 5' \
	    'compare 1,2,3,4,1,2,5,1,2,3,4,5 frames=1-6' | \
	    ./$(B)/memtrack --no-sync --vm --frames 4 --status $(B)/belady --script - >/dev/null 2>&1
	./$(B)/memview --once --screenshot docs/images/memview-vm.png --size 1280x800 $(B)/belady
	valgrind --tool=lackey --trace-mem=yes ls / 2>$(B)/ls.lackey >/dev/null
	printf '%s\n' 'alloc 1 160G' 'trace $(B)/ls.lackey 1' | \
	    ./$(B)/memtrack --no-sync --vm --frames 64 --replace lru --status $(B)/lackey \
	        --script - >/dev/null 2>&1
	./$(B)/memview --once --screenshot docs/images/memview-lackey.png --size 1280x400 \
	    $(B)/lackey
	printf '%s\n' 'alloc 1 16K' 'refs 1 0 1 4 5 254 255' 'access 1 0x3F80' | \
	    ./$(B)/memtrack --no-sync --vm --frames 16 --page-size 64 --page-table 2-level \
	        --status $(B)/walk --script - >/dev/null 2>&1
	./$(B)/memview --once --screenshot docs/images/memview-walk.png --size 1280x330 $(B)/walk
	for k in freelist:/dev/null buddy:/dev/null slab:labs/6-allocators/caches.mt \
	         pool:labs/6-allocators/pools.mt; do \
	    cat $${k#*:} labs/6-allocators/workload.mt | \
	        ./$(B)/memtrack --no-sync --heap 16K --allocator $${k%%:*} \
	            --status $(B)/heap-$${k%%:*} --script - >/dev/null 2>&1; \
	done
	./$(B)/memview --once --screenshot docs/images/memview-heaps.png --size 1280x800 \
	    $(B)/heap-freelist $(B)/heap-buddy $(B)/heap-slab $(B)/heap-pool
	printf '%s\n' miss 2 miss '2 5' miss '2 5 3' hit '2 3 6' hit '?' q | \
	    ./$(B)/memtrack --no-sync --status $(B)/quiz quiz policy -s 3 -n 12 >/dev/null 2>&1
	./$(B)/memview --once --screenshot docs/images/memview-quiz.png --size 1280x800 $(B)/quiz

format:
	clang-format -i common/*.[ch] tracker/*.[ch] visualizer/*.[ch] tests/*.[ch]

clean:
	rm -rf build

# Every build's dependency files, $(B)'s too when it is outside build/
# (B=build-NAME): without them a changed header rebuilds nothing there.
-include $(sort $(shell find build $(B) -name '*.d' 2>/dev/null))

.PHONY: all deps bins run demo bench fuzz install install-answers uninstall test tests-bin sample pictures format clean
.SECONDARY:
