// Random fills from a counter-based Philox4x32-10 generator (CudaRandom.java). Element i of a fill depends only on
// (seed, offset, i): the Philox counter is (block, offset) with block = i / per_block, so the values do not depend
// on the grid the Java side picks, nor on the GPU. Each fill takes a fresh offset from the device's generator.
//   32-bit draws (float32 uniform and normal, bernoulli, random_ over ranges < 2^32): 4 elements per Philox block;
//   64-bit draws (float64 uniform and normal, random_ over wider ranges): 2 elements per block.
// Outputs are contiguous; CudaRandom copies them into strided or narrower targets.
#include "t4j.cuh"

// kinds: CudaRandom.Kind's ordinals
#define T4J_RAND_UNIFORM 0
#define T4J_RAND_NORMAL 1
#define T4J_RAND_FROM_TO 2
#define T4J_RAND_BERNOULLI 3

struct Philox {
    u32 x[4];
};

// Philox4x32 with 10 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011).
__device__ __forceinline__ Philox philox(u64 block, u64 offset, u64 seed) {
    u32 c0 = (u32)block, c1 = (u32)(block >> 32), c2 = (u32)offset, c3 = (u32)(offset >> 32);
    u32 k0 = (u32)seed, k1 = (u32)(seed >> 32);
#pragma unroll
    for (int r = 0; r < 10; r++) {
        u32 hi0 = __umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        u32 hi1 = __umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        u32 n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    Philox p;
    p.x[0] = c0;
    p.x[1] = c1;
    p.x[2] = c2;
    p.x[3] = c3;
    return p;
}

// [0, 1) with 24 and 53 random bits: exactly representable, never 1.
__device__ __forceinline__ float unit_f(u32 w) { return (float)(w >> 8) * 5.9604644775390625e-8f; }
__device__ __forceinline__ double unit_d(u64 w) { return (double)(w >> 11) * 1.1102230246251565e-16; }

__device__ __forceinline__ u64 word64(const Philox& p, int k) { return ((u64)p.x[2 * k + 1] << 32) | p.x[2 * k]; }

// float32: uniform in [a, b) (a rounding up to b is pulled back below it), normal with mean a and std b by
// Box-Muller over the word pairs (0,1) and (2,3).
__device__ void fill32(i64 n, int kind, int dtype, u64 seed, u64 offset, double a, double b, i64 lo, u64 range,
                       void* out) {
    i64 blocks = (n + 3) / 4;
    float fa = (float)a, fb = (float)b, below = nextafterf(fb, fa);
    T4J_GRID_STRIDE(blk, blocks) {
        Philox p = philox((u64)blk, offset, seed);
        double v[4];
        if (kind == T4J_RAND_NORMAL) {
#pragma unroll
            for (int h = 0; h < 2; h++) {
                float u1 = 1.0f - unit_f(p.x[2 * h]); // (0, 1]: log stays finite
                float r = sqrtf(-2.0f * logf(u1)), s, c;
                sincospif(2.0f * unit_f(p.x[2 * h + 1]), &s, &c);
                v[2 * h] = fa + fb * (r * c);
                v[2 * h + 1] = fa + fb * (r * s);
            }
        } else {
#pragma unroll
            for (int k = 0; k < 4; k++) {
                if (kind == T4J_RAND_UNIFORM) {
                    float x = fmaf(unit_f(p.x[k]), fb - fa, fa); // explicit: the Java reference computes the same FMA
                    v[k] = x < fb ? x : below;
                } else if (kind == T4J_RAND_BERNOULLI) {
                    v[k] = (double)p.x[k] * 2.3283064365386963e-10 < a ? 1.0 : 0.0;
                } else {
                    v[k] = 0.0; // FROM_TO: stored as integers below
                }
            }
        }
        i64 base = blk * 4;
#pragma unroll
        for (int k = 0; k < 4; k++) {
            i64 i = base + k;
            if (i >= n) break;
            if (kind == T4J_RAND_FROM_TO) t4j_store_l(out, dtype, i, lo + (i64)((u64)p.x[k] % range));
            else t4j_store_d(out, dtype, i, v[k]);
        }
    }
}

// float64 and wide integer ranges: 64-bit words (0,1) and (2,3).
__device__ void fill64(i64 n, int kind, int dtype, u64 seed, u64 offset, double a, double b, i64 lo, u64 range,
                       void* out) {
    i64 blocks = (n + 1) / 2;
    double below = nextafter(b, a);
    T4J_GRID_STRIDE(blk, blocks) {
        Philox p = philox((u64)blk, offset, seed);
        u64 w0 = word64(p, 0), w1 = word64(p, 1);
        i64 base = blk * 2;
        if (kind == T4J_RAND_FROM_TO) {
            t4j_store_l(out, dtype, base, lo + (i64)(w0 % range));
            if (base + 1 < n) t4j_store_l(out, dtype, base + 1, lo + (i64)(w1 % range));
            continue;
        }
        double v0, v1;
        if (kind == T4J_RAND_NORMAL) {
            double r = sqrt(-2.0 * log(1.0 - unit_d(w0))), s, c;
            sincospi(2.0 * unit_d(w1), &s, &c);
            v0 = a + b * (r * c);
            v1 = a + b * (r * s);
        } else if (kind == T4J_RAND_UNIFORM) {
            v0 = fma(unit_d(w0), b - a, a);
            v1 = fma(unit_d(w1), b - a, a);
            v0 = v0 < b ? v0 : below;
            v1 = v1 < b ? v1 : below;
        } else {
            v0 = unit_d(w0) < a ? 1.0 : 0.0;
            v1 = unit_d(w1) < a ? 1.0 : 0.0;
        }
        t4j_store_d(out, dtype, base, v0);
        if (base + 1 < n) t4j_store_d(out, dtype, base + 1, v1);
    }
}

// n elements of dtype at out; wide = 1 draws 64-bit words. FROM_TO writes lo + (draw mod range) (range >= 1, as
// unsigned); the other kinds use a and b (uniform: from, to; normal: mean, std; bernoulli: p in a).
extern "C" __global__ void t4j_random(i64 n, int kind, int dtype, int wide, u64 seed, u64 offset, double a, double b,
                                      i64 lo, u64 range, void* out) {
    if (wide) fill64(n, kind, dtype, seed, offset, a, b, lo, range, out);
    else fill32(n, kind, dtype, seed, offset, a, b, lo, range, out);
}
