/* Philox4x64-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
   counter-based generator numpy.random.Philox implements, with numpy's output order: each
   block of four 64-bit words is made after the counter is stepped, and handed out in turn.
   Given the same key and counter it yields the words numpy's generator yields, so the
   distributions of numpy's own C library (random_poisson, random_binomial, random_gamma)
   draw here exactly what a numpy Generator draws in the reference rules. */
#ifndef WARGAME_PHILOX_H
#define WARGAME_PHILOX_H
#include <stdint.h>
#include "numpy/random/bitgen.h"

typedef struct {
    uint64_t ctr[4];
    uint64_t key[2];
    uint64_t buffer[4];
    int buffer_pos;
    int has_uint32;
    uint32_t uinteger;
} wg_philox;

static inline void wg_mulhilo(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo) {
    unsigned __int128 p = (unsigned __int128)a * b;
    *hi = (uint64_t)(p >> 64);
    *lo = (uint64_t)p;
}

static inline void wg_philox_block(const uint64_t in[4], const uint64_t key_in[2],
                                   uint64_t out[4]) {
    uint64_t c0 = in[0], c1 = in[1], c2 = in[2], c3 = in[3];
    uint64_t k0 = key_in[0], k1 = key_in[1];
    for (int r = 0; r < 10; r++) {
        if (r > 0) {
            k0 += 0x9E3779B97F4A7C15ULL;
            k1 += 0xBB67AE8584CAA73BULL;
        }
        uint64_t hi0, lo0, hi1, lo1;
        wg_mulhilo(0xD2E7470EE14C6C93ULL, c0, &hi0, &lo0);
        wg_mulhilo(0xCA5A826395121157ULL, c2, &hi1, &lo1);
        uint64_t n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
        c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

static inline uint64_t wg_philox_next(void *st) {
    wg_philox *s = (wg_philox *)st;
    if (s->buffer_pos < 4) {
        return s->buffer[s->buffer_pos++];
    }
    if (++s->ctr[0] == 0 && ++s->ctr[1] == 0 && ++s->ctr[2] == 0) {
        ++s->ctr[3];
    }
    wg_philox_block(s->ctr, s->key, s->buffer);
    s->buffer_pos = 1;
    return s->buffer[0];
}

static inline uint32_t wg_philox_next32(void *st) {
    /* as numpy's: the low half of a word now, its high half on the next call */
    wg_philox *s = (wg_philox *)st;
    if (s->has_uint32) {
        s->has_uint32 = 0;
        return s->uinteger;
    }
    uint64_t next = wg_philox_next(st);
    s->has_uint32 = 1;
    s->uinteger = (uint32_t)(next >> 32);
    return (uint32_t)(next & 0xffffffffULL);
}

static inline double wg_philox_double(void *st) {
    return (wg_philox_next(st) >> 11) * (1.0 / 9007199254740992.0);
}

/* Start the stream of (key, counter): what a fresh numpy Philox(key=key, counter=ctr) is. */
static inline void wg_philox_start(wg_philox *s, bitgen_t *g, uint64_t key, uint64_t c0,
                                   uint64_t c1, uint64_t c2, uint64_t c3) {
    s->ctr[0] = c0; s->ctr[1] = c1; s->ctr[2] = c2; s->ctr[3] = c3;
    s->key[0] = key; s->key[1] = 0;
    s->buffer_pos = 4;
    s->has_uint32 = 0;
    s->uinteger = 0;
    g->state = s;
    g->next_uint64 = wg_philox_next;
    g->next_uint32 = wg_philox_next32;
    g->next_double = wg_philox_double;
    g->next_raw = wg_philox_next;
}
#endif
