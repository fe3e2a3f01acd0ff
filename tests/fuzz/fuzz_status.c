/* fuzz_status.c: libFuzzer target for the status-file parser.
 *
 * Any input: the parser must not crash or read out of bounds (ASan, UBSan).
 * An input it accepts must be a valid model (pg_check, seg_check, vm_check
 * in virtual-memory mode, heap_check with the heap on) and must survive a
 * write/parse round trip unchanged. The display-only read (memview's) must
 * give the same answer on every input: the same line and
 * message, or success and the same text when written back. Seed corpus:
 * tests/fuzz/status/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct status st, again, view;
    char err[512], err2[512], *text = NULL, *text2 = NULL, *text3 = NULL;
    size_t len = 0, len2 = 0, len3 = 0;
    FILE *fp;
    int r = status_parse_string((const char *)data, size, &st, 0, err, sizeof err);
    int r2 = status_parse_string((const char *)data, size, &view, STATUS_DISPLAY_ONLY, err2,
                                 sizeof err2);

    if (r != r2 || (r != 0 && strcmp(err, err2) != 0)) {
        fprintf(stderr, "full read: %d '%s'; display-only read: %d '%s'\n", r, err, r2, err2);
        abort();
    }
    if (r != 0)
        return 0;
    fp = open_memstream(&text3, &len3);
    if (!fp || status_format(&view, fp) < 0 || fclose(fp) != 0)
        abort();
    status_free(&view);
    if (pg_check(&st.pg, err, sizeof err) < 0 || seg_check(&st.sm, err, sizeof err) < 0 ||
        (st.vm_on && vm_check(&st.vm, err, sizeof err) < 0) ||
        (st.heap_on && heap_check(&st.heap, err, sizeof err) < 0)) {
        fprintf(stderr, "accepted an invalid state: %s\n", err);
        abort();
    }
    fp = open_memstream(&text, &len);
    if (!fp || status_format(&st, fp) < 0 || fclose(fp) != 0)
        abort();
    if (status_parse_string(text, len, &again, 0, err, sizeof err) != 0) {
        fprintf(stderr, "what the writer wrote does not parse: %s\n", err);
        abort();
    }
    fp = open_memstream(&text2, &len2);
    if (!fp || status_format(&again, fp) < 0 || fclose(fp) != 0)
        abort();
    if (len != len2 || memcmp(text, text2, len) != 0)
        abort(); /* Writing is not stable across a round trip. */
    if (len != len3 || memcmp(text, text3, len) != 0)
        abort(); /* The display-only read holds something else. */
    free(text);
    free(text2);
    free(text3);
    status_free(&again);
    status_free(&st);
    return 0;
}
