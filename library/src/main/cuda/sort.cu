// Stable sort along one dim (Backend.sort). Rows of up to T4J_SORT_MAX_ROW elements: one block per row, a bitonic
// sort in shared memory of (key, position) pairs. Comparing by key then original position makes every pair
// distinct, so the one order bitonic sort reaches is the stable one. Longer rows: the same sort per tile of
// T4J_SORT_MAX_ROW elements into scratch, then merge passes that double the sorted runs (each element finds its
// place in the other run by binary search: with distinct pairs, its rank there plus its own index is its output
// index), then one gather of values and indices. Mirrors backend/cpu/CpuSort.
#include "t4j.cuh"

#define T4J_SORT_MAX_ROW 4096

// The rows: their iteration shape (the input's dims but the sorted one, coalesced by the Java side), each
// operand's strides over it (0 values, 1 indices, 2 in) and each operand's stride along the sorted dim.
// 576 bytes, passed by value (CudaSort.PARAMS_BYTES).
struct SortParams {
    i64 nrows;
    i64 n;                        // row length
    int P;                        // n rounded up to a power of two, at most T4J_SORT_MAX_ROW (the tile size)
    int dtype;
    int elemSize;
    int descending;
    int ndim;
    int pad;
    i64 shape[T4J_MAX_DIMS];
    i64 strides[3][T4J_MAX_DIMS];
    i64 dimStride[3];
};

// An unsigned key whose order is the wanted one: NaN above +inf, -0.0 equal to 0.0 (CpuSort.key), float16 and
// bfloat16 through float as on the CPU; descending complements it (ties still break by position, ascending).
__device__ __forceinline__ u64 t4j_sort_key(const void* p, int dtype, i64 off, int descending) {
    u64 k;
    if (dtype == T4J_FLOAT64) {
        double d = ((const double*)p)[off];
        i64 b = isnan(d) ? 0x7ff8000000000000ll : d == 0.0 ? 0ll : __double_as_longlong(d);
        b ^= (b >> 63) & 0x7fffffffffffffffll;
        k = (u64)b ^ 0x8000000000000000ull;
    } else if (dtype == T4J_FLOAT32 || dtype == T4J_FLOAT16 || dtype == T4J_BFLOAT16) {
        float f = dtype == T4J_FLOAT32 ? ((const float*)p)[off] : (float)t4j_load_d(p, dtype, off);
        int b = isnan(f) ? 0x7fc00000 : f == 0.0f ? 0 : __float_as_int(f);
        b ^= (b >> 31) & 0x7fffffff;
        k = (u64)((u32)b ^ 0x80000000u);
    } else {
        k = (u64)t4j_load_l(p, dtype, off) ^ 0x8000000000000000ull;
    }
    return descending ? ~k : k;
}

// Row r's element offsets in values (0), indices (1) and in (2).
__device__ __forceinline__ void t4j_sort_row_offsets(const SortParams& p, i64 r, i64& offV, i64& offX, i64& offI) {
    offV = 0;
    offX = 0;
    offI = 0;
    i64 q = r;
    for (int d = p.ndim - 1; d >= 0; d--) {
        i64 s = p.shape[d];
        i64 c = q % s;
        q /= s;
        offV += c * p.strides[0][d];
        offX += c * p.strides[1][d];
        offI += c * p.strides[2][d];
    }
}

// Bitonic sort of P (a power of two) (key, position) pairs in shared memory, ascending by key then position. Every
// thread of the block calls it.
__device__ __forceinline__ void t4j_bitonic(u64* keys, u16* pos, int P) {
    for (int k = 2; k <= P; k <<= 1) {
        for (int j = k >> 1; j > 0; j >>= 1) {
            for (int i = threadIdx.x; i < P; i += blockDim.x) {
                int l = i ^ j;
                if (l <= i) continue;
                u64 ka = keys[i], kb = keys[l];
                u16 pa = pos[i], pb = pos[l];
                bool aAfter = ka > kb || (ka == kb && pa > pb);
                if (aAfter == ((i & k) == 0)) { // ascending half: swap when a > b; descending half: when a < b
                    keys[i] = kb;
                    keys[l] = ka;
                    pos[i] = pb;
                    pos[l] = pa;
                }
            }
            __syncthreads();
        }
    }
}

// Loads elements [start, start + len) of row r as (key, local position), padding to P, and sorts them.
__device__ __forceinline__ void t4j_sort_tile(const SortParams& p, const void* in, i64 offI, i64 start, i64 len,
                                              u64* keys, u16* pos) {
    for (int i = threadIdx.x; i < p.P; i += blockDim.x) {
        // padding sorts after everything: the largest key, and a position above every real one
        keys[i] = i < len ? t4j_sort_key(in, p.dtype, offI + (start + i) * p.dimStride[2], p.descending) : ~0ull;
        pos[i] = (u16)i;
    }
    __syncthreads();
    t4j_bitonic(keys, pos, p.P);
}

__device__ __forceinline__ void t4j_sort_copy(int elemSize, void* dst, i64 d, const void* src, i64 s) {
    switch (elemSize) {
        case 1: ((u8*)dst)[d] = ((const u8*)src)[s]; break;
        case 2: ((u16*)dst)[d] = ((const u16*)src)[s]; break;
        case 4: ((u32*)dst)[d] = ((const u32*)src)[s]; break;
        default: ((u64*)dst)[d] = ((const u64*)src)[s]; break;
    }
}

// Sorts every row (n <= T4J_SORT_MAX_ROW). Launch: any grid, any blockDim.x (<= 1024), dynamic shared memory
// P * 10 bytes (P u64 keys, then P u16 positions).
extern "C" __global__ void t4j_sort_rows(const __grid_constant__ SortParams p, void* values, i64* indices, const void* in) {
    T4J_DYNAMIC_SHARED(u64, t4j_sort_smem);
    u64* keys = t4j_sort_smem;
    u16* pos = (u16*)(t4j_sort_smem + p.P);
    for (i64 r = blockIdx.x; r < p.nrows; r += gridDim.x) {
        i64 offV, offX, offI;
        t4j_sort_row_offsets(p, r, offV, offX, offI);
        t4j_sort_tile(p, in, offI, 0, p.n, keys, pos);
        for (int i = threadIdx.x; i < p.n; i += blockDim.x) {
            i64 o = pos[i];
            indices[offX + i * p.dimStride[1]] = o;
            t4j_sort_copy(p.elemSize, values, offV + i * p.dimStride[0], in, offI + o * p.dimStride[2]);
        }
        __syncthreads();          // the next row reuses the shared arrays
    }
}

// Long rows, step 1: sorts each tile of P elements of each row into runs of (key, row position) at keys[r * n + i],
// pos[r * n + i]. Launch as t4j_sort_rows; the grid strides over nrows * ceil(n / P) tiles.
extern "C" __global__ void t4j_sort_tiles(const __grid_constant__ SortParams p, u64* keysOut, u32* posOut,
                                          const void* in) {
    T4J_DYNAMIC_SHARED(u64, t4j_sort_smem);
    u64* keys = t4j_sort_smem;
    u16* pos = (u16*)(t4j_sort_smem + p.P);
    i64 tiles = (p.n + p.P - 1) / p.P;
    for (i64 b = blockIdx.x; b < p.nrows * tiles; b += gridDim.x) {
        i64 r = b / tiles, start = (b - r * tiles) * p.P;
        i64 len = min((i64)p.P, p.n - start);
        i64 offV, offX, offI;
        t4j_sort_row_offsets(p, r, offV, offX, offI);
        t4j_sort_tile(p, in, offI, start, len, keys, pos);
        for (int i = threadIdx.x; i < len; i += blockDim.x) {
            keysOut[r * p.n + start + i] = keys[i];
            posOut[r * p.n + start + i] = (u32)(start + pos[i]);
        }
        __syncthreads();
    }
}

// Number of pairs in [lo, hi) of a sorted run that order before (k, q).
__device__ __forceinline__ i64 t4j_rank(const u64* keys, const u32* pos, i64 lo, i64 hi, u64 k, u32 q) {
    i64 a = lo, b = hi;
    while (a < b) {
        i64 m = a + ((b - a) >> 1);
        u64 km = keys[m];
        if (km < k || (km == k && pos[m] < q)) a = m + 1;
        else b = m;
    }
    return a - lo;
}

// Long rows, step 2 (repeated): merges neighbouring sorted runs of `width` pairs in every row of n pairs. One
// thread per pair (grid-stride over nrows * n).
extern "C" __global__ void t4j_sort_merge(i64 nrows, i64 n, i64 width, const u64* keysIn, const u32* posIn,
                                          u64* keysOut, u32* posOut) {
    T4J_GRID_STRIDE(g, nrows * n) {
        i64 r = g / n, i = g - r * n;
        i64 base = i - i % (2 * width), mid = min(base + width, n), end = min(base + 2 * width, n);
        const u64* rk = keysIn + r * n;
        const u32* rp = posIn + r * n;
        u64 k = rk[i];
        u32 q = rp[i];
        i64 out = i < mid ? i + t4j_rank(rk, rp, mid, end, k, q) : (i - mid) + base + t4j_rank(rk, rp, base, mid, k, q);
        keysOut[r * n + out] = k;
        posOut[r * n + out] = q;
    }
}

// Long rows, step 3: writes values and indices from the sorted positions. One thread per element.
extern "C" __global__ void t4j_sort_gather(const __grid_constant__ SortParams p, void* values, i64* indices,
                                           const void* in, const u32* posIn) {
    T4J_GRID_STRIDE(g, p.nrows * p.n) {
        i64 r = g / p.n, i = g - r * p.n;
        i64 offV, offX, offI;
        t4j_sort_row_offsets(p, r, offV, offX, offI);
        i64 o = posIn[g];
        indices[offX + i * p.dimStride[1]] = o;
        t4j_sort_copy(p.elemSize, values, offV + i * p.dimStride[0], in, offI + o * p.dimStride[2]);
    }
}
