/* pyrand.h: CPython's random module in C, choice for choice.
 *
 * OSTEP's homework scripts (paging-policy.py and the rest) make their
 * problems and their random choices with Python's `random` module. To ask
 * the same problems and make the same choices for the same seed, memtrack
 * needs the same generator: MT19937 seeded the way CPython seeds it, and the
 * helpers on top exactly as CPython's Lib/random.py composes them. Every
 * function says which Python expression it equals; tests/test_pyrand.c
 * checks them against values python3 printed (tests/data/pyrand/).
 *
 * What OSTEP's scripts call (git grep 'random\.' in ostep-homework): every
 * script random.seed(int) and random.random(); the usual idiom is
 * int(n * random.random()) (pyrand_scaled); cpu-sched-multi/multi.py also
 * random.shuffle and random.choice; file-journaling/fsck.py names
 * random.randint and random.choice only in comments.
 *
 * Versions. The generator (seed, random, getrandbits) is the C code of
 * Modules/_randommodule.c, unchanged in what it computes since Python 3.2.
 * _randbelow(n) (getrandbits(n.bit_length()) until below n), randrange,
 * randint, choice and shuffle built on it hold from Python 3.2 (which
 * introduced _randbelow; Python 2 and 3.0-3.1 used int(random() * n), so
 * their randrange, choice and shuffle differ) through 3.14: later versions
 * changed only the checking of arguments (3.10 deprecates non-integers, 3.12
 * refuses them), not the values. Checked by running python3 3.11.7; the other versions by
 * reading their random.py.
 *
 * Seeds. random.seed(n) for an int n uses |n|, split into 32-bit words least
 * significant first (0 is the one word 0), as the key of MT19937's
 * init_by_array. version=1, which OSTEP's scripts pass first, changes only
 * how str and bytes seeds are hashed: for an int, random.seed(n, version=1)
 * is random.seed(n) in every Python 3 (checked with python3 3.11.7).
 *
 * The state is a plain struct the caller owns; nothing here allocates,
 * prints or fails.
 */
#ifndef MT_PYRAND_H
#define MT_PYRAND_H

#include <stddef.h>
#include <stdint.h>

#define PYRAND_N 624 /* MT19937's state, in 32-bit words. */

/* One generator, like one random.Random(). Seed it before use. */
struct pyrand {
    uint32_t mt[PYRAND_N]; /* The MT19937 state words. */
    int index;             /* Next word of mt to hand out; PYRAND_N: twist first. */
};

/* random.seed(seed) for a non-negative int seed (and random.seed(seed,
 * version=1), the same for ints). */
void pyrand_seed(struct pyrand *r, uint64_t seed);

/* random.seed(seed) for any int64_t seed: Python seeds with |seed|, so -5
 * seeds as 5 (INT64_MIN as 2^63). */
void pyrand_seed_signed(struct pyrand *r, int64_t seed);

/* random.seed(n) for an int n of any size, given as len 32-bit words of |n|,
 * least significant first. High zero words are ignored (CPython uses the
 * fewest words); len 0 seeds as 0. */
void pyrand_seed_words(struct pyrand *r, const uint32_t *key, size_t len);

/* The next 32-bit output of MT19937 (CPython's genrand_uint32), which is
 * random.getrandbits(32). */
uint32_t pyrand_uint32(struct pyrand *r);

/* random.random(): a double in [0, 1) from two outputs (53 bits). */
double pyrand_random(struct pyrand *r);

/* What the (ahead+1)-th pyrand_random(r) from now will return, without
 * drawing (r is not changed), when the two state words it takes are made
 * already. Returns 0 and sets *out, or -1 with *out unchanged when they are
 * not: before the first draw after seeding, and past the words of the
 * state's current twist (624 words: 312 draws a twist). */
int pyrand_peek_random(const struct pyrand *r, unsigned ahead, double *out);

/* random.getrandbits(k) for 0 <= k <= 64: one output for k <= 32, two
 * (least significant first) for k > 32. k == 0 returns 0 and draws nothing,
 * as Python 3.9 and later do; k > 64 is outside the contract, draws nothing
 * and returns 0. */
uint64_t pyrand_getrandbits(struct pyrand *r, unsigned k);

/* random._randbelow(n): getrandbits(n.bit_length()) until the value is below
 * n. n == 0 returns 0 and draws nothing (Python would loop forever). */
uint64_t pyrand_randbelow(struct pyrand *r, uint64_t n);

/* random.randrange(start, stop) = start + _randbelow(stop - start). Returns 0
 * and sets *out; returns -1 and draws nothing when stop <= start (Python's
 * ValueError). */
int pyrand_randrange(struct pyrand *r, int64_t start, int64_t stop, int64_t *out);

/* random.randint(a, b) = randrange(a, b + 1), every pair with a <= b
 * (randint(INT64_MIN, INT64_MAX) too, whose 2^64 values take getrandbits(65)).
 * Returns 0 and sets *out; returns -1 and draws nothing when b < a. */
int pyrand_randint(struct pyrand *r, int64_t a, int64_t b, int64_t *out);

/* The index random.choice(seq) takes from a sequence of n items:
 * _randbelow(n). Returns 0 and sets *index; returns -1 and draws nothing when
 * n == 0 (Python's IndexError). */
int pyrand_choice(struct pyrand *r, size_t n, size_t *index);

/* random.shuffle(x) on the n items of size bytes at base: for i from n - 1
 * down to 1, swap item i with item _randbelow(i + 1). */
void pyrand_shuffle(struct pyrand *r, void *base, size_t n, size_t size);

/* int(n * random.random()), the idiom of OSTEP's scripts (a victim index
 * int(random.random() * count), a page int(maxpage * random.random())):
 * n is made a double first, as Python does, so n above 2^53 rounds the same
 * way. A value in [0, n) for n > 0, 0 for n == 0; always draws one random(). */
uint64_t pyrand_scaled(struct pyrand *r, uint64_t n);

#endif
