/* fuzz_script.c: libFuzzer target for the script reader and the command
 * language (input.c, script.c, cmd.c and the model under them).
 *
 * Each input is a script run against a fresh 16-frame memory with no status
 * file and `sleep` switched off. Nothing may crash, hang or read out of
 * bounds, and after every script the model's invariants must hold.
 * Seed corpus: tests/fuzz/script/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct session s = {0};
    char err[512];
    struct script_tally t;
    FILE *in;

    if (size == 0)
        return 0;
    if (status_init(&s.st, 16, 4096, PG_FIRST, 1, 65536, SEG_FIRST, err, sizeof err) < 0)
        abort();
    s.path = NULL;
    s.no_sleep = 1;
    in = fmemopen((void *)data, size, "r");
    if (!in)
        abort();
    script_run(&s, in, "fuzz", 0, &t);
    fclose(in);
    if (pg_check(&s.st.pg, err, sizeof err) < 0 || seg_check(&s.st.sm, err, sizeof err) < 0 ||
        (s.st.vm_on && vm_check(&s.st.vm, err, sizeof err) < 0)) {
        fprintf(stderr, "invalid state after a script: %s\n", err);
        abort();
    }
    status_free(&s.st);
    return 0;
}
