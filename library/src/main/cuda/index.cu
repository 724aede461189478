// Advanced-indexing read and write (Backend.index / indexPut) and nonzero. Mirrors backend/cpu/CpuIndexing.java;
// the Java side is CudaIndexing.java, which packs IndexParams and NonzeroParams.
#include "t4j.cuh"

#define T4J_MAX_INDICES 16

// One index kernel launch: the iteration shape (coalesced over all operands by the Java side), element strides of
// operand 0 (the addressed tensor), 1 (the dense one: out of a read, values of a write) and 2 + k (index k), the
// index operands' device pointers (already offset) and for each the size and addressed stride of its dim.
// 2848 bytes, passed by value (CudaIndexing.PARAMS_BYTES).
struct IndexParams {
    i64 numel;
    int ndim;
    int nidx;
    int elemSize;
    int dtype;
    int wrap;                     // 1: values in [-size, 0) count from the end
    int launchId;                 // > 0: written to err[0] by the first bad index (CudaIndexing, IndexErrors)
    i64 shape[T4J_MAX_DIMS];
    i64 strides[T4J_MAX_INDICES + 2][T4J_MAX_DIMS];
    i64 idxPtr[T4J_MAX_INDICES];
    i64 sizes[T4J_MAX_INDICES];
    i64 idxStride[T4J_MAX_INDICES];
};

// Row-major coordinates of linear index i, innermost first (c[0] is dim ndim-1), so a fully unrolled loop keeps
// them in registers. 32-bit division when both operands fit (64-bit division is several times slower).
__device__ __forceinline__ void t4j_coords(const IndexParams& p, i64 i, i64 (&c)[T4J_MAX_DIMS]) {
#pragma unroll
    for (int dd = 0; dd < T4J_MAX_DIMS; dd++) {
        c[dd] = 0;
        if (dd < p.ndim) {
            i64 s = p.shape[p.ndim - 1 - dd];
            i64 q;
            if (((u64)i >> 32) == 0 && ((u64)s >> 32) == 0) q = (i64)((u32)i / (u32)s);
            else q = i / s;
            c[dd] = i - q * s;
            i = q;
        }
    }
}

__device__ __forceinline__ i64 t4j_op_offset(const IndexParams& p, int op, const i64 (&c)[T4J_MAX_DIMS]) {
    i64 off = 0;
#pragma unroll
    for (int dd = 0; dd < T4J_MAX_DIMS; dd++) {
        if (dd < p.ndim) off += c[dd] * p.strides[op][p.ndim - 1 - dd];
    }
    return off;
}

// err = {launch id, operand, value, size}, the device's record: the first thread of any launch to meet a bad index
// claims it with its launch's id (the host reads it at its next synchronisation) and records the value.
__device__ __forceinline__ void t4j_index_error(i64* err, int launchId, int operand, i64 value, i64 size) {
    if (atomicCAS((u64*)err, 0ull, (u64)launchId) == 0ull) {
        err[1] = operand;
        err[2] = value;
        err[3] = size;
    }
}

// Offsets of point i in the addressed and the dense operand; false (error recorded) on an out-of-range index.
__device__ __forceinline__ bool t4j_index_address(const IndexParams& p, i64 i, i64& offA, i64& offD, i64* err) {
    i64 c[T4J_MAX_DIMS];
    t4j_coords(p, i, c);
    offA = t4j_op_offset(p, 0, c);
    offD = t4j_op_offset(p, 1, c);
    for (int k = 0; k < p.nidx; k++) {
        i64 v = ((const i64*)p.idxPtr[k])[t4j_op_offset(p, 2 + k, c)];
        i64 size = p.sizes[k];
        i64 w = v < 0 && p.wrap ? v + size : v;
        if (w < 0 || w >= size) {
            t4j_index_error(err, p.launchId, k, v, size);
            return false;
        }
        offA += w * p.idxStride[k];
    }
    return true;
}

// Bit copy of one element of elemSize bytes.
__device__ __forceinline__ void t4j_copy_elem(void* dst, i64 dOff, const void* src, i64 sOff, int elemSize) {
    switch (elemSize) {
        case 1: ((u8*)dst)[dOff] = ((const u8*)src)[sOff]; break;
        case 2: ((u16*)dst)[dOff] = ((const u16*)src)[sOff]; break;
        case 4: ((u32*)dst)[dOff] = ((const u32*)src)[sOff]; break;
        default: ((u64*)dst)[dOff] = ((const u64*)src)[sOff]; break;
    }
}

// a + b for a 1- or 2-byte dtype held in the low bits of a word (C++ semantics as on the CPU: integers wrap,
// bool ORs, float16/bfloat16 add in float and round once).
__device__ __forceinline__ u32 t4j_narrow_add(int dtype, u32 a, u32 b) {
    switch (dtype) {
        case T4J_BOOL: return a | b;
        case T4J_UINT8:
        case T4J_INT8: return (a + b) & 0xffu;
        case T4J_INT16: return (a + b) & 0xffffu;
        case T4J_FLOAT16: return t4j_float2half(t4j_half2float((u16)a) + t4j_half2float((u16)b));
        default: return t4j_float2bf16(t4j_bf162float((u16)a) + t4j_bf162float((u16)b));
    }
}

// Atomic add of a 1- or 2-byte element through a CAS loop on its enclosing aligned 32-bit word (allocations are
// at least 256-byte aligned, so that word lies inside the allocation).
__device__ __forceinline__ void t4j_atomic_narrow_add(void* addr, int dtype, int elemSize, u32 v) {
    u64 a = (u64)addr;
    u32* word = (u32*)(a & ~3ull);
    u32 shift = (u32)(a & 3ull) * 8u;
    u32 lowMask = elemSize == 1 ? 0xffu : 0xffffu;
    u32 mask = lowMask << shift;
    u32 old = *word, assumed;
    do {
        assumed = old;
        u32 sum = t4j_narrow_add(dtype, (assumed & mask) >> shift, v) & lowMask;
        old = atomicCAS(word, assumed, (assumed & ~mask) | (sum << shift));
    } while (old != assumed);
}

__device__ __forceinline__ void t4j_atomic_add_elem(void* dst, i64 dOff, const void* src, i64 sOff, int dtype, int elemSize) {
    switch (dtype) {
        case T4J_FLOAT32: atomicAdd((float*)dst + dOff, ((const float*)src)[sOff]); break;
        case T4J_FLOAT64: atomicAdd((double*)dst + dOff, ((const double*)src)[sOff]); break;
        case T4J_INT32: atomicAdd((int*)dst + dOff, ((const int*)src)[sOff]); break;
        case T4J_INT64: atomicAdd((u64*)dst + dOff, ((const u64*)src)[sOff]); break; // two's complement wraps alike
        default: {
            u32 v = elemSize == 1 ? (u32)((const u8*)src)[sOff] : (u32)((const u16*)src)[sOff];
            t4j_atomic_narrow_add((u8*)dst + dOff * elemSize, dtype, elemSize, v);
        }
    }
}

// out[p] = src[addressed(p)] for every point p of out's shape.
extern "C" __global__ void t4j_index_read(const __grid_constant__ IndexParams p, void* out, const void* src, i64* err) {
    T4J_GRID_STRIDE(i, p.numel) {
        i64 offA, offD;
        if (t4j_index_address(p, i, offA, offD, err)) t4j_copy_elem(out, offD, src, offA, p.elemSize);
    }
}

// self[addressed(p)] = values[p] (or += with accumulate: every duplicate index adds) for every point p of values.
extern "C" __global__ void t4j_index_write(const __grid_constant__ IndexParams p, void* self, const void* values, i64* err,
                                           int accumulate) {
    T4J_GRID_STRIDE(i, p.numel) {
        i64 offA, offD;
        if (!t4j_index_address(p, i, offA, offD, err)) continue;
        if (accumulate) t4j_atomic_add_elem(self, offA, values, offD, p.dtype, p.elemSize);
        else t4j_copy_elem(self, offA, values, offD, p.elemSize);
    }
}

// ---- nonzero: count per chunk, exclusive scan of the chunk counts, then each chunk writes its coordinates in
// row-major order from its scanned start (a block-wide prefix sum of the nonzero flags orders a tile's writes).

// The input's own shape and strides (coordinates are reported in its dims). 288 bytes
// (CudaIndexing.NONZERO_BYTES).
struct NonzeroParams {
    i64 numel;
    int ndim;
    int dtype;
    i64 chunk;                    // elements per chunk
    i64 nchunks;
    i64 shape[T4J_MAX_DIMS];
    i64 strides[T4J_MAX_DIMS];
};

// Nonzero test on the bits, so NaN counts as nonzero and -0.0 as zero (as on the CPU).
__device__ __forceinline__ bool t4j_is_nonzero(const void* p, int dtype, i64 off) {
    switch (dtype) {
        case T4J_UINT8:
        case T4J_INT8:
        case T4J_BOOL: return ((const u8*)p)[off] != 0;
        case T4J_INT16: return ((const u16*)p)[off] != 0;
        case T4J_FLOAT16:
        case T4J_BFLOAT16: return (((const u16*)p)[off] & 0x7fffu) != 0;
        case T4J_INT32: return ((const u32*)p)[off] != 0;
        case T4J_FLOAT32: return (((const u32*)p)[off] & 0x7fffffffu) != 0;
        case T4J_INT64: return ((const u64*)p)[off] != 0;
        default: return (((const u64*)p)[off] & 0x7fffffffffffffffull) != 0;
    }
}

// Element offset of linear index i; writes its coordinates to coord (when not null) in dim order.
__device__ __forceinline__ i64 t4j_nz_offset(const NonzeroParams& p, i64 i, i64* coord) {
    i64 off = 0;
    for (int d = p.ndim - 1; d >= 0; d--) {
        i64 s = p.shape[d];
        i64 q = i / s;
        i64 r = i - q * s;
        off += r * p.strides[d];
        if (coord) coord[d] = r;
        i = q;
    }
    return off;
}

// Block-wide sum; every thread gets the total. blockDim.x must be a multiple of 32 (at most 1024).
__device__ __forceinline__ i64 t4j_block_sum(i64 v, i64* warpSums) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    __syncthreads();              // warpSums may still be read by a previous call
    if (lane == 0) warpSums[warp] = v;
    __syncthreads();
    i64 total = 0;
    for (int w = 0; w < nwarps; w++) total += warpSums[w];
    return total;
}

// counts[c] = number of nonzeros in chunk c. Launch: blockDim.x a multiple of 32 (<= 1024), any grid.
extern "C" __global__ void t4j_index_nonzero_count(const __grid_constant__ NonzeroParams p, const void* in, i64* counts) {
    __shared__ i64 warpSums[32];
    for (i64 c = blockIdx.x; c < p.nchunks; c += gridDim.x) {
        i64 begin = c * p.chunk;
        i64 end = begin + p.chunk < p.numel ? begin + p.chunk : p.numel;
        i64 n = 0;
        for (i64 i = begin + threadIdx.x; i < end; i += blockDim.x) n += t4j_is_nonzero(in, p.dtype, t4j_nz_offset(p, i, 0));
        i64 total = t4j_block_sum(n, warpSums);
        if (threadIdx.x == 0) counts[c] = total;
    }
}

// In-place exclusive scan of counts[0, n) with the total written to counts[n]. Launch: one block, blockDim.x a
// multiple of 32 (<= 1024); each thread scans one contiguous segment sequentially.
extern "C" __global__ void t4j_index_nonzero_scan(i64* counts, long long n) {
    __shared__ i64 sums[1024];
    if (blockIdx.x != 0) return;
    int t = threadIdx.x, nt = blockDim.x;
    i64 per = (n + nt - 1) / nt;
    i64 b = t * per < n ? t * per : n, e = b + per < n ? b + per : n;
    i64 s = 0;
    for (i64 i = b; i < e; i++) s += counts[i];
    sums[t] = s;
    __syncthreads();
    if (t == 0) { // nt <= 1024 partial sums: a sequential scan is cheap next to the passes over the input
        i64 run = 0;
        for (int k = 0; k < nt; k++) {
            i64 x = sums[k];
            sums[k] = run;
            run += x;
        }
        counts[n] = run;
    }
    __syncthreads();
    i64 run = sums[t];
    for (i64 i = b; i < e; i++) {
        i64 x = counts[i];
        counts[i] = run;
        run += x;
    }
}

// Writes the coordinates of chunk c's nonzeros from row starts[c] of out ([count, ndim] int64, row-major), in
// order: tiles of blockDim.x elements, each ordered by a block-wide exclusive scan of the nonzero flags.
// Launch: blockDim.x a multiple of 32 (<= 1024), any grid; the chunking must match t4j_index_nonzero_count's.
extern "C" __global__ void t4j_index_nonzero_write(const __grid_constant__ NonzeroParams p, const void* in,
                                                   const i64* starts, i64* out) {
    __shared__ int warpCounts[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    i64 coord[T4J_MAX_DIMS];
    for (i64 c = blockIdx.x; c < p.nchunks; c += gridDim.x) {
        i64 begin = c * p.chunk;
        i64 end = begin + p.chunk < p.numel ? begin + p.chunk : p.numel;
        i64 row = starts[c];
        for (i64 tile = begin; tile < end; tile += blockDim.x) { // uniform across the block: end is per chunk
            i64 i = tile + threadIdx.x;
            bool nz = i < end && t4j_is_nonzero(in, p.dtype, t4j_nz_offset(p, i, coord));
            unsigned ballot = __ballot_sync(0xffffffffu, nz);
            __syncthreads();      // warpCounts may still be read for the previous tile
            if (lane == 0) warpCounts[warp] = __popc(ballot);
            __syncthreads();
            int before = 0, total = 0;
            for (int w = 0; w < nwarps; w++) {
                if (w < warp) before += warpCounts[w];
                total += warpCounts[w];
            }
            if (nz) {
                i64 r = row + before + __popc(ballot & ((1u << lane) - 1u));
                for (int d = 0; d < p.ndim; d++) out[r * p.ndim + d] = coord[d];
            }
            row += total;
        }
    }
}
