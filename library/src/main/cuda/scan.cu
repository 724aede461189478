// Cumulative sums and products along one dim (backend.Backend.scan; CPU reference: CpuScan.java). Floating inputs
// accumulate in double, integral and bool inputs in int64; out's dtype may be wider than in's. CudaScan.java picks:
//   t4j_scan_rows:  a thread per line (short lines), neighbouring threads on neighbouring lines;
//   t4j_scan_block: a block per line (long lines), chunks of blockDim.x elements scanned block-wide with a running
//                   carry from the chunks before.
#include "t4j.cuh"

// One scan, packed by CudaScan.java: 56 int64 fields, 448 bytes. The lines are the row-major index space of the
// other dims (coalesced); line l starts at in/out offsets given by shape and str_in/str_out, its elements are
// in_step/out_step apart.
struct ScanDesc {
    i64 rows, len, ndim;
    i64 in_dtype, out_dtype;
    i64 in_step, out_step;
    i64 pad;
    i64 shape[T4J_MAX_DIMS], str_in[T4J_MAX_DIMS], str_out[T4J_MAX_DIMS];
};

__device__ __forceinline__ void line_off(const ScanDesc& d, i64 l, i64& in_off, i64& out_off) {
    in_off = 0;
    out_off = 0;
    for (int k = (int)d.ndim - 1; k >= 0; k--) {
        i64 q = l / d.shape[k];
        i64 i = l - q * d.shape[k];
        in_off += i * d.str_in[k];
        out_off += i * d.str_out[k];
        l = q;
    }
}

template <typename A> __device__ __forceinline__ A load_acc(const void* p, int dt, i64 off);
template <> __device__ __forceinline__ double load_acc<double>(const void* p, int dt, i64 off) { return t4j_load_d(p, dt, off); }
template <> __device__ __forceinline__ i64 load_acc<i64>(const void* p, int dt, i64 off) { return t4j_load_l(p, dt, off); }

__device__ __forceinline__ void store_acc(void* p, int dt, i64 off, double v) { t4j_store_d(p, dt, off, v); }
__device__ __forceinline__ void store_acc(void* p, int dt, i64 off, i64 v) { t4j_store_l(p, dt, off, v); }

template <typename A, bool PROD> __device__ __forceinline__ A apply(A a, A b) { return PROD ? a * b : a + b; }

template <typename A, bool PROD>
__device__ void rows(const ScanDesc& d, void* out, const void* in) {
    const int idt = (int)d.in_dtype, odt = (int)d.out_dtype;
    T4J_GRID_STRIDE(l, d.rows) {
        i64 io, oo;
        line_off(d, l, io, oo);
        A acc = PROD ? (A)1 : (A)0;
        for (i64 t = 0; t < d.len; t++) {
            acc = apply<A, PROD>(acc, load_acc<A>(in, idt, io + t * d.in_step));
            store_acc(out, odt, oo + t * d.out_step, acc);
        }
    }
}

template <typename A, bool PROD>
__device__ __forceinline__ A warp_scan(A x, int lane) {
#pragma unroll
    for (int off = 1; off < 32; off <<= 1) {
        A y = __shfl_up_sync(0xffffffffu, x, off);
        if (lane >= off) x = apply<A, PROD>(y, x);
    }
    return x;
}

// Launch shape: blockDim.x a multiple of 32 (at most 1024), blockDim.y == 1; any grid (blocks stride over lines).
template <typename A, bool PROD>
__device__ void block(const ScanDesc& d, void* out, const void* in, A* ws) {
    const int idt = (int)d.in_dtype, odt = (int)d.out_dtype;
    const int tx = threadIdx.x, lane = tx & 31, w = tx >> 5, nw = blockDim.x >> 5;
    const A one = PROD ? (A)1 : (A)0;
    for (i64 l = blockIdx.x; l < d.rows; l += gridDim.x) {
        i64 io, oo;
        line_off(d, l, io, oo);
        A carry = one;
        for (i64 c0 = 0; c0 < d.len; c0 += blockDim.x) {
            i64 t = c0 + tx;
            A x = t < d.len ? load_acc<A>(in, idt, io + t * d.in_step) : one;
            x = warp_scan<A, PROD>(x, lane);
            if (lane == 31) ws[w] = x;
            __syncthreads();
            if (w == 0) {
                A y = lane < nw ? ws[lane] : one;
                y = warp_scan<A, PROD>(y, lane);
                ws[lane] = y;  // inclusive scan of the warp totals
            }
            __syncthreads();
            if (w > 0) x = apply<A, PROD>(ws[w - 1], x);
            x = apply<A, PROD>(carry, x);
            if (t < d.len) store_acc(out, odt, oo + t * d.out_step, x);
            carry = apply<A, PROD>(carry, ws[nw - 1]);
            __syncthreads();  // ws is rewritten by the next chunk
        }
    }
}

extern "C" __global__ void t4j_scan_rows(ScanDesc d, int prod, void* out, const void* in) {
    if (t4j_is_integral((int)d.in_dtype)) {
        if (prod) rows<i64, true>(d, out, in);
        else rows<i64, false>(d, out, in);
    } else {
        if (prod) rows<double, true>(d, out, in);
        else rows<double, false>(d, out, in);
    }
}

extern "C" __global__ void __launch_bounds__(1024) t4j_scan_block(ScanDesc d, int prod, void* out, const void* in) {
    __shared__ double wsd[32];
    __shared__ i64 wsl[32];
    if (t4j_is_integral((int)d.in_dtype)) {
        if (prod) block<i64, true>(d, out, in, wsl);
        else block<i64, false>(d, out, in, wsl);
    } else {
        if (prod) block<double, true>(d, out, in, wsd);
        else block<double, false>(d, out, in, wsd);
    }
}
