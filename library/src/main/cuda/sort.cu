// Stable sort along one dim (Backend.sort), one block per row: a bitonic sort in shared memory of (key, position)
// pairs. Comparing by key then original position makes every pair distinct, so the one order bitonic sort reaches
// is the stable one. Rows longer than T4J_SORT_MAX_ROW go to the CPU (CudaSort.java). Mirrors backend/cpu/CpuSort.
#include "t4j.cuh"

#define T4J_SORT_MAX_ROW 4096

// The rows: their iteration shape (the input's dims but the sorted one, coalesced by the Java side), each
// operand's strides over it (0 values, 1 indices, 2 in) and each operand's stride along the sorted dim.
// 576 bytes, passed by value (CudaSort.PARAMS_BYTES).
struct SortParams {
    i64 nrows;
    i64 n;                        // row length, <= T4J_SORT_MAX_ROW
    int P;                        // n rounded up to a power of two
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

// Sorts every row. Launch: any grid, any blockDim.x (<= 1024), dynamic shared memory P * 10 bytes (P u64 keys,
// then P u16 positions).
extern "C" __global__ void t4j_sort_rows(const __grid_constant__ SortParams p, void* values, i64* indices, const void* in) {
    T4J_DYNAMIC_SHARED(u64, t4j_sort_smem);
    u64* keys = t4j_sort_smem;
    u16* pos = (u16*)(t4j_sort_smem + p.P);
    int P = p.P;
    for (i64 r = blockIdx.x; r < p.nrows; r += gridDim.x) {
        i64 offV = 0, offX = 0, offI = 0, q = r;
        for (int d = p.ndim - 1; d >= 0; d--) {
            i64 s = p.shape[d];
            i64 c = q % s;
            q /= s;
            offV += c * p.strides[0][d];
            offX += c * p.strides[1][d];
            offI += c * p.strides[2][d];
        }
        for (int i = threadIdx.x; i < P; i += blockDim.x) {
            // padding sorts after everything: the largest key, and a position above every real one
            keys[i] = i < p.n ? t4j_sort_key(in, p.dtype, offI + i * p.dimStride[2], p.descending) : ~0ull;
            pos[i] = (u16)i;
        }
        __syncthreads();
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
        for (int i = threadIdx.x; i < p.n; i += blockDim.x) {
            i64 o = pos[i];
            indices[offX + i * p.dimStride[1]] = o;
            i64 dst = offV + i * p.dimStride[0], src = offI + o * p.dimStride[2];
            switch (p.elemSize) {
                case 1: ((u8*)values)[dst] = ((const u8*)in)[src]; break;
                case 2: ((u16*)values)[dst] = ((const u16*)in)[src]; break;
                case 4: ((u32*)values)[dst] = ((const u32*)in)[src]; break;
                default: ((u64*)values)[dst] = ((const u64*)in)[src]; break;
            }
        }
        __syncthreads();          // the next row reuses the shared arrays
    }
}
