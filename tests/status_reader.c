/* status_reader: reads a status file as fast as it can, the way a viewer
 * would, for the crash-consistency test (tests/crash.py).
 *
 *   status_reader PATH SECONDS   parse PATH in a loop for SECONDS; print
 *                                "reads N failed N missing N" and, for each
 *                                failure, the line and the reason; SIGTERM
 *                                ends the loop early
 *   status_reader --check PATH   parse once; exit 0 when it parses (and
 *                                print "seq N P1-bytes N"), else 1
 *
 * A read that finds no file (before the first write) counts as missing, not
 * failed. The parser checks every invariant of the model (pg_check,
 * seg_check), so "failed" also means "a state that is not valid". */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "status.h"

static volatile sig_atomic_t stop; /* SIGTERM: print the counts and leave. */

static void on_term(int sig)
{
    (void)sig;
    stop = 1;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct status st;
    char err[512];
    long reads = 0, failed = 0, missing = 0;
    double until;
    int r;

    if (argc == 3 && strcmp(argv[1], "--check") == 0) {
        r = status_parse_file(argv[2], &st, 0, err, sizeof err);
        if (r != 0) {
            printf("%s:%d: %s\n", argv[2], r, err);
            return 1;
        }
        const struct pg_process *p = pg_find(&st.pg, 1);
        printf("seq %llu P1-bytes %llu\n", (unsigned long long)st.seq,
               (unsigned long long)(p ? p->bytes : 0));
        status_free(&st);
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: status_reader PATH SECONDS | status_reader --check PATH\n");
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    until = now() + atof(argv[2]);
    while (!stop && now() < until) {
        r = status_parse_file(argv[1], &st, 0, err, sizeof err);
        reads++;
        if (r == 0) {
            status_free(&st);
        } else if (r < 0 && strstr(err, strerror(ENOENT))) {
            missing++;
        } else {
            failed++;
            if (failed <= 5)
                fprintf(stderr, "status_reader: %s:%d: %s\n", argv[1], r, err);
        }
    }
    printf("reads %ld failed %ld missing %ld\n", reads, failed, missing);
    return failed ? 1 : 0;
}
