/* pyrand.c: MT19937 seeded and used the way CPython's random module does
 * (pyrand.h says which Python expression each function equals).
 *
 * The generator is Matsumoto and Nishimura's mt19937ar (init_genrand,
 * init_by_array, genrand_int32, genrand_res53), which CPython's
 * Modules/_randommodule.c follows; the helpers compose it as Lib/random.py
 * does. All arithmetic on the state is uint32_t, so it wraps as the
 * reference's masks make it wrap.
 */
#include "pyrand.h"

#define MT_M     397
#define MATRIX_A 0x9908b0dfu /* The twist's constant vector a. */
#define UPPER    0x80000000u /* The most significant bit of a word. */
#define LOWER    0x7fffffffu /* The 31 least significant bits. */

/* init_genrand: fills the state from one 32-bit value. */
static void init_genrand(struct pyrand *r, uint32_t s)
{
    r->mt[0] = s;
    for (int i = 1; i < PYRAND_N; i++) {
        uint32_t prev = r->mt[i - 1];
        r->mt[i] = 1812433253u * (prev ^ (prev >> 30)) + (uint32_t)i;
    }
    r->index = PYRAND_N;
}

/* init_by_array: mixes key[0..len-1] (len >= 1) into the state. */
static void init_by_array(struct pyrand *r, const uint32_t *key, size_t len)
{
    uint32_t *mt = r->mt;
    size_t i = 1, j = 0;

    init_genrand(r, 19650218u);
    for (size_t k = len > PYRAND_N ? len : (size_t)PYRAND_N; k > 0; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= PYRAND_N) {
            mt[0] = mt[PYRAND_N - 1];
            i = 1;
        }
        if (j >= len)
            j = 0;
    }
    for (size_t k = PYRAND_N - 1; k > 0; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= PYRAND_N) {
            mt[0] = mt[PYRAND_N - 1];
            i = 1;
        }
    }
    mt[0] = UPPER; /* The MSB is 1, assuring a non-zero initial state. */
}

void pyrand_seed_words(struct pyrand *r, const uint32_t *key, size_t len)
{
    static const uint32_t zero = 0;

    while (len > 1 && key[len - 1] == 0)
        len--;
    if (len == 0 || (len == 1 && key[0] == 0)) {
        init_by_array(r, &zero, 1);
        return;
    }
    init_by_array(r, key, len);
}

void pyrand_seed(struct pyrand *r, uint64_t seed)
{
    uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};

    pyrand_seed_words(r, key, 2);
}

void pyrand_seed_signed(struct pyrand *r, int64_t seed)
{
    /* |seed| without overflow: INT64_MIN's magnitude is 2^63. */
    uint64_t mag = seed < 0 ? 0 - (uint64_t)seed : (uint64_t)seed;

    pyrand_seed(r, mag);
}

/* twist: makes the next PYRAND_N words of the state. */
static void twist(struct pyrand *r)
{
    uint32_t *mt = r->mt;
    int kk;

    for (kk = 0; kk < PYRAND_N; kk++) {
        uint32_t y = (mt[kk] & UPPER) | (mt[(kk + 1) % PYRAND_N] & LOWER);
        mt[kk] = mt[(kk + MT_M) % PYRAND_N] ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
    }
    r->index = 0;
}

/* MT19937's tempering of a state word into an output. */
static uint32_t temper(uint32_t y)
{
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

/* genrand_res53: a double in [0, 1) from two outputs a and b. */
static double res53(uint32_t a, uint32_t b)
{
    return ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0);
}

uint32_t pyrand_uint32(struct pyrand *r)
{
    if (r->index >= PYRAND_N)
        twist(r);
    return temper(r->mt[r->index++]);
}

double pyrand_random(struct pyrand *r)
{
    uint32_t a = pyrand_uint32(r);

    return res53(a, pyrand_uint32(r));
}

int pyrand_peek_random(const struct pyrand *r, unsigned ahead, double *out)
{
    size_t i = (size_t)r->index + 2 * (size_t)ahead;

    if (r->index >= PYRAND_N || i + 2 > PYRAND_N)
        return -1;
    *out = res53(temper(r->mt[i]), temper(r->mt[i + 1]));
    return 0;
}

uint64_t pyrand_getrandbits(struct pyrand *r, unsigned k)
{
    uint64_t lo;

    if (k == 0 || k > 64)
        return 0;
    if (k <= 32)
        return pyrand_uint32(r) >> (32 - k);
    lo = pyrand_uint32(r);
    return lo | (uint64_t)(pyrand_uint32(r) >> (64 - k)) << 32;
}

/* n.bit_length() */
static unsigned bit_length(uint64_t n)
{
    unsigned k = 0;

    for (; n; n >>= 1)
        k++;
    return k;
}

uint64_t pyrand_randbelow(struct pyrand *r, uint64_t n)
{
    unsigned k = bit_length(n);
    uint64_t v;

    if (n == 0)
        return 0;
    do {
        v = pyrand_getrandbits(r, k);
    } while (v >= n);
    return v;
}

/* _randbelow(2^64): getrandbits(65), three words least significant first,
 * the last shifted right by 31, until its 65th bit is clear. */
static uint64_t randbelow_2_64(struct pyrand *r)
{
    for (;;) {
        uint64_t lo = pyrand_uint32(r), mid = pyrand_uint32(r);
        if ((pyrand_uint32(r) >> 31) == 0)
            return lo | mid << 32;
    }
}

/* start + off in int64_t, where the true sum is known to fit: the sum is made
 * in uint64_t (wrapping) and turned back without implementation-defined
 * conversions. */
static int64_t add_offset(int64_t start, uint64_t off)
{
    uint64_t u = (uint64_t)start + off;

    if (u <= (uint64_t)INT64_MAX)
        return (int64_t)u;
    return -(int64_t)(UINT64_MAX - u) - 1;
}

int pyrand_randrange(struct pyrand *r, int64_t start, int64_t stop, int64_t *out)
{
    if (stop <= start)
        return -1;
    *out = add_offset(start, pyrand_randbelow(r, (uint64_t)stop - (uint64_t)start));
    return 0;
}

int pyrand_randint(struct pyrand *r, int64_t a, int64_t b, int64_t *out)
{
    uint64_t span; /* b - a, so the width b - a + 1 is span + 1. */

    if (b < a)
        return -1;
    span = (uint64_t)b - (uint64_t)a;
    if (span == UINT64_MAX)
        *out = add_offset(a, randbelow_2_64(r));
    else
        *out = add_offset(a, pyrand_randbelow(r, span + 1));
    return 0;
}

int pyrand_choice(struct pyrand *r, size_t n, size_t *index)
{
    if (n == 0)
        return -1;
    *index = (size_t)pyrand_randbelow(r, n);
    return 0;
}

/* Exchanges the size bytes at a and at b. */
static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    for (size_t c = 0; c < size; c++) {
        unsigned char t = a[c];
        a[c] = b[c];
        b[c] = t;
    }
}

void pyrand_shuffle(struct pyrand *r, void *base, size_t n, size_t size)
{
    unsigned char *p = base;

    for (size_t i = n > 0 ? n - 1 : 0; i >= 1; i--) {
        size_t j = (size_t)pyrand_randbelow(r, (uint64_t)i + 1);
        if (j != i)
            swap_bytes(p + i * size, p + j * size, size);
    }
}

uint64_t pyrand_scaled(struct pyrand *r, uint64_t n)
{
    return (uint64_t)((double)n * pyrand_random(r));
}
