// Reductions over dims (backend.Backend.reduce; CPU reference: CpuReduce.java, ReduceLoops.java).
// CudaReduce.java splits the dims into kept ones (one output each) and reduced ones, coalesces both and picks:
//   rows:    a warp or a block per output (reduced dim innermost); each warp reads a contiguous part of the range,
//            its lanes on consecutive elements;
//   cols:    a thread per output, consecutive threads on consecutive outputs (a kept dim is innermost), blockDim.y
//            threads splitting the reduced range, combined through shared memory;
//   combine: pass 2 when the reduced range was cut into nsplit slices (few outputs, many elements): pass 1 writes
//            one partial (value, and index for ARG ops) per (slice, output) to scratch, this folds them.
// Floating inputs fold in double, integral and bool inputs in int64 (exact MAX/MIN of int64). No atomics, fixed
// combination trees: the same launch gives the same bits every run.
// Code size: only float32/float64 SUM/MAX/MIN over one coalesced reduced dim get specialised, unrolled loops (entry
// points *_fast); everything else runs one generic body per accumulator type that switches on dtype and op at run time.
#include "t4j.cuh"

// One reduction, packed by CudaReduce.java: 88 int64 fields, 704 bytes. Kept dims (row-major) map output number o
// to an input and an output offset; reduced dims (row-major; logical order for ARG ops) map the reduced number r to
// an input offset. Partials: values at part[s * outer + o], ARG indices at part[(nsplit + s) * outer + o].
struct RedDesc {
    i64 outer, inner;        // number of outputs, reduced elements per output
    i64 ondim, rndim;
    i64 in_dtype, out_dtype;
    i64 nsplit, chunk;       // the reduced range is cut into nsplit slices of chunk elements
    i64 oshape[T4J_MAX_DIMS], ostr_in[T4J_MAX_DIMS], ostr_out[T4J_MAX_DIMS];
    i64 rshape[T4J_MAX_DIMS], rstr[T4J_MAX_DIMS];
};

template <bool B, typename T, typename F> struct Cond { typedef T type; };
template <typename T, typename F> struct Cond<false, T, F> { typedef F type; };

template <typename A> struct IsInt { static const bool v = false; };
template <> struct IsInt<i64> { static const bool v = true; };

#define GEN_D (-1)  // any floating dtype, loaded through a runtime switch
#define GEN_L (-2)  // any integral or bool dtype
#define OP_RT (-1)  // the op read at run time

// The accumulator type of a loop over dtype DT.
template <int DT> struct AccOf {
    typedef typename Cond<DT == GEN_L, i64, double>::type type;
};

template <int DT>
__device__ __forceinline__ typename AccOf<DT>::type ld(const void* p, int dtype, i64 off) {
    if constexpr (DT == T4J_FLOAT32) return (double)((const float*)p)[off];
    else if constexpr (DT == T4J_FLOAT64) return ((const double*)p)[off];
    else if constexpr (DT == GEN_D) return t4j_load_d(p, dtype, off);
    else return t4j_load_l(p, dtype, off);
}

__device__ __forceinline__ bool nan_(double v) { return v != v; }
__device__ __forceinline__ bool nan_(i64) { return false; }

__device__ __forceinline__ bool is_arg(int op) { return op == R_ARGMAX || op == R_ARGMIN; }

// OP is a ReduceOp code, or OP_RT to use the runtime op (constant OP folds every switch on it away).
template <typename A, int OP> __device__ __forceinline__ A init_(int op) {
    switch (OP >= 0 ? OP : op) {
        case R_SUM: case R_ANY: return (A)0;
        case R_PROD: case R_ALL: return (A)1;
        case R_MAX: case R_ARGMAX:
            if constexpr (IsInt<A>::v) return (A)(-0x7fffffffffffffffLL - 1);
            else return __longlong_as_double((i64)0xfff0000000000000ULL);
        default:
            if constexpr (IsInt<A>::v) return (A)0x7fffffffffffffffLL;
            else return __longlong_as_double((i64)0x7ff0000000000000ULL);
    }
}

// Java's Math.max/min on double: NaN propagates (the first NaN seen), +0.0 > -0.0.
__device__ __forceinline__ double max_(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return __longlong_as_double(__double_as_longlong(a) & __double_as_longlong(b));
    return a > b ? a : b;
}
__device__ __forceinline__ double min_(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return __longlong_as_double(__double_as_longlong(a) | __double_as_longlong(b));
    return a < b ? a : b;
}
__device__ __forceinline__ i64 max_(i64 a, i64 b) { return a > b ? a : b; }
__device__ __forceinline__ i64 min_(i64 a, i64 b) { return a < b ? a : b; }

// Folds (v, vi) into (m, mi). Index -1 marks an empty partial. ARG ops pick the better value, NaN counting as the
// best, ties (and NaN vs NaN) going to the smaller index: the first occurrence, whatever the combination order.
template <typename A, int OP>
__device__ __forceinline__ void fold(A& m, i64& mi, A v, i64 vi, int op) {
    const int o = OP >= 0 ? OP : op;
    switch (o) {
        case R_SUM: m += v; break;
        case R_PROD: m *= v; break;
        case R_MAX: m = max_(m, v); break;
        case R_MIN: m = min_(m, v); break;
        case R_ANY: m = (m != 0 || v != 0) ? (A)1 : (A)0; break;
        case R_ALL: m = (m != 0 && v != 0) ? (A)1 : (A)0; break;
        default: {
            bool better;
            if (vi < 0) better = false;
            else if (mi < 0) better = true;
            else if (nan_(m)) better = nan_(v) && vi < mi;
            else if (nan_(v)) better = true;
            else if (o == R_ARGMAX) better = v > m || (v == m && vi < mi);
            else better = v < m || (v == m && vi < mi);
            if (better) { m = v; mi = vi; }
        }
    }
}

template <typename A, int OP>
__device__ __forceinline__ void warp_fold(A& m, i64& mi, int op) {
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        A v = __shfl_down_sync(0xffffffffu, m, off);
        i64 vi = mi;
        if (is_arg(OP >= 0 ? OP : op)) vi = __shfl_down_sync(0xffffffffu, mi, off);
        fold<A, OP>(m, mi, v, vi, op);
    }
}

// Offset of reduced element r within its output's run.
struct Off1 {  // the reduced dims coalesced to one
    i64 s;
    __device__ __forceinline__ i64 operator()(i64 r) const { return r * s; }
};
struct OffN {
    const RedDesc* d;
    __device__ __forceinline__ i64 operator()(i64 r) const {
        if (d->rndim == 1) return r * d->rstr[0];
        i64 off = 0;
        for (int k = (int)d->rndim - 1; k >= 0; k--) {
            i64 q = r / d->rshape[k];
            off += (r - q * d->rshape[k]) * d->rstr[k];
            r = q;
        }
        return off;
    }
};

__device__ __forceinline__ void kept_off(const RedDesc& d, i64 o, i64& in_off, i64& out_off) {
    in_off = 0;
    out_off = 0;
    for (int k = (int)d.ondim - 1; k >= 0; k--) {
        i64 q = o / d.oshape[k];
        i64 i = o - q * d.oshape[k];
        in_off += i * d.ostr_in[k];
        out_off += i * d.ostr_out[k];
        o = q;
    }
}

// Folds elements r = r0, r0 + step, ... < re of the run at in + base. The specialised bodies keep U loads in flight
// per thread (memory-level parallelism is what a bandwidth-bound sum needs), folded in index order.
template <int DT, int OP, class Off>
__device__ __forceinline__ void fold_range(typename AccOf<DT>::type& m, i64& mi, const void* in, int dt, int op,
                                           i64 base, Off off, i64 r, i64 re, i64 step) {
    typedef typename AccOf<DT>::type A;
    if constexpr (DT >= 0) {
        constexpr int U = DT == T4J_FLOAT32 ? 8 : 4;
        for (; r + (U - 1) * step < re; r += U * step) {
            A x[U];
#pragma unroll
            for (int u = 0; u < U; u++) x[u] = ld<DT>(in, dt, base + off(r + u * step));
#pragma unroll
            for (int u = 0; u < U; u++) fold<A, OP>(m, mi, x[u], r + u * step, op);
        }
    }
    for (; r < re; r += step) fold<A, OP>(m, mi, ld<DT>(in, dt, base + off(r)), r, op);
}

template <typename A> __device__ __forceinline__ u64 bits(A v) {
    if constexpr (IsInt<A>::v) return (u64)v;
    else return (u64)__double_as_longlong(v);
}
template <typename A> __device__ __forceinline__ A unbits(u64 b) {
    if constexpr (IsInt<A>::v) return (A)b;
    else return __longlong_as_double((i64)b);
}

// The result of output o over slice s: a partial when the range was split, else out's element.
template <typename A, int OP>
__device__ __forceinline__ void emit(const RedDesc& d, bool partial, int op, void* out, void* part, i64 s, i64 o, A m,
                                     i64 mi) {
    const int k = OP >= 0 ? OP : op;
    if (partial) {
        u64* p = (u64*)part;
        p[s * d.outer + o] = bits<A>(m);
        if (is_arg(k)) p[(d.nsplit + s) * d.outer + o] = (u64)mi;
        return;
    }
    i64 in_off, out_off;
    kept_off(d, o, in_off, out_off);
    int odt = (int)d.out_dtype;
    if (is_arg(k)) t4j_store_l(out, odt, out_off, mi);
    else if (k == R_ANY || k == R_ALL) t4j_store_l(out, odt, out_off, m != 0 ? 1 : 0);
    else if constexpr (IsInt<A>::v) t4j_store_l(out, odt, out_off, (i64)m);
    else t4j_store_d(out, odt, out_off, (double)m);
}

// Launch shape: blockDim.x a multiple of 32 (at most 512); blockDim.y == 1 when blockDim.x > 32 (a block per
// output), else blockDim.y warps each take one output. Any grid (x over outputs, y over slices).
template <int DT, int OP, class Off>
__device__ void rows(const RedDesc& d, int op, void* out, const void* in, void* part, Off off, u64* sv, i64* si) {
    typedef typename AccOf<DT>::type A;
    const int bx = blockDim.x, tx = threadIdx.x, dt = (int)d.in_dtype;
    for (i64 s = blockIdx.y; s < d.nsplit; s += gridDim.y) {
        i64 rb = s * d.chunk, re = min(rb + d.chunk, d.inner);
        for (i64 ob = (i64)blockIdx.x * blockDim.y; ob < d.outer; ob += (i64)gridDim.x * blockDim.y) {
            i64 o = ob + threadIdx.y;
            A m = init_<A, OP>(op);
            i64 mi = -1;
            if (o < d.outer) {
                i64 base, unused;
                kept_off(d, o, base, unused);
                // each warp of a block takes a contiguous part of the slice (whole 128-byte lines per load for float32
                // runs), which streams much faster than the block striding over the slice as one
                const int nw = bx >> 5, w = tx >> 5;
                i64 part_len = ((re - rb + nw - 1) / nw + 31) & ~(i64)31;
                i64 wb = rb + w * part_len;
                fold_range<DT, OP>(m, mi, in, dt, op, base, off, wb + (tx & 31), min(wb + part_len, re), 32);
            }
            warp_fold<A, OP>(m, mi, op);
            if (bx > 32) {
                int w = tx >> 5, lane = tx & 31, nw = bx >> 5;
                if (lane == 0) { sv[w] = bits<A>(m); si[w] = mi; }
                __syncthreads();
                if (w == 0) {
                    m = lane < nw ? unbits<A>(sv[lane]) : init_<A, OP>(op);
                    mi = lane < nw ? si[lane] : -1;
                    warp_fold<A, OP>(m, mi, op);
                }
                __syncthreads();
            }
            if (tx == 0 && o < d.outer) emit<A, OP>(d, d.nsplit > 1, op, out, part, s, o, m, mi);
        }
    }
}

// Folds blockDim.y partials per column x through shared memory (blockDim.y a power of two); the result lands in
// the threads with threadIdx.y == 0.
template <typename A, int OP>
__device__ __forceinline__ void column_fold(A& m, i64& mi, int op, u64* sv, i64* si) {
    const int bx = blockDim.x, by = blockDim.y, k = threadIdx.y * bx + threadIdx.x;
    if (by == 1) return;
    sv[k] = bits<A>(m);
    si[k] = mi;
    __syncthreads();
    for (int h = by >> 1; h > 0; h >>= 1) {
        if ((int)threadIdx.y < h) {
            A v = unbits<A>(sv[k]);
            i64 vi = si[k];
            fold<A, OP>(v, vi, unbits<A>(sv[k + h * bx]), si[k + h * bx], op);
            sv[k] = bits<A>(v);
            si[k] = vi;
        }
        __syncthreads();
    }
    m = unbits<A>(sv[k]);
    mi = si[k];
    __syncthreads();
}

// Launch shape: blockDim.x * blockDim.y <= 256, blockDim.y a power of two. Any grid (x over outputs, y over slices).
template <int DT, int OP, class Off>
__device__ void cols(const RedDesc& d, int op, void* out, const void* in, void* part, Off off, u64* sv, i64* si) {
    typedef typename AccOf<DT>::type A;
    const int dt = (int)d.in_dtype;
    for (i64 s = blockIdx.y; s < d.nsplit; s += gridDim.y) {
        i64 rb = s * d.chunk, re = min(rb + d.chunk, d.inner);
        for (i64 ob = (i64)blockIdx.x * blockDim.x; ob < d.outer; ob += (i64)gridDim.x * blockDim.x) {
            i64 o = ob + threadIdx.x;
            A m = init_<A, OP>(op);
            i64 mi = -1;
            if (o < d.outer) {
                i64 base, unused;
                kept_off(d, o, base, unused);
                fold_range<DT, OP>(m, mi, in, dt, op, base, off, rb + threadIdx.y, re, blockDim.y);
            }
            column_fold<A, OP>(m, mi, op, sv, si);
            if (threadIdx.y == 0 && o < d.outer) emit<A, OP>(d, d.nsplit > 1, op, out, part, s, o, m, mi);
        }
    }
}

template <int DT, int OP>
__device__ __forceinline__ void fast(bool by_rows, const RedDesc& d, void* out, const void* in, void* part, u64* sv,
                                     i64* si) {
    Off1 off{d.rstr[0]};
    if (by_rows) rows<DT, OP>(d, OP, out, in, part, off, sv, si);
    else cols<DT, OP>(d, OP, out, in, part, off, sv, si);
}

template <int DT>
__device__ __forceinline__ void fast_op(int op, bool by_rows, const RedDesc& d, void* out, const void* in, void* part,
                                        u64* sv, i64* si) {
    switch (op) {
        case R_SUM: fast<DT, R_SUM>(by_rows, d, out, in, part, sv, si); break;
        case R_MAX: fast<DT, R_MAX>(by_rows, d, out, in, part, sv, si); break;
        default: fast<DT, R_MIN>(by_rows, d, out, in, part, sv, si); break;
    }
}

// float32/float64 SUM/MAX/MIN with one coalesced reduced dim (CudaReduce.fast): specialised loops.
__device__ __forceinline__ void fast_dispatch(int op, bool by_rows, const RedDesc& d, void* out, const void* in,
                                              void* part, u64* sv, i64* si) {
    if (d.in_dtype == T4J_FLOAT32) fast_op<T4J_FLOAT32>(op, by_rows, d, out, in, part, sv, si);
    else fast_op<T4J_FLOAT64>(op, by_rows, d, out, in, part, sv, si);
}

// Everything else: one body per accumulator type, dtype and op switched at run time.
__device__ __forceinline__ void generic_dispatch(int op, bool by_rows, const RedDesc& d, void* out, const void* in,
                                                 void* part, u64* sv, i64* si) {
    OffN off{&d};
    if (t4j_is_integral((int)d.in_dtype)) {
        if (by_rows) rows<GEN_L, OP_RT>(d, op, out, in, part, off, sv, si);
        else cols<GEN_L, OP_RT>(d, op, out, in, part, off, sv, si);
    } else {
        if (by_rows) rows<GEN_D, OP_RT>(d, op, out, in, part, off, sv, si);
        else cols<GEN_D, OP_RT>(d, op, out, in, part, off, sv, si);
    }
}

// Separate entry points for the specialised and the generic loops, so that each gets its own register budget.
extern "C" __global__ void __launch_bounds__(512, 2) t4j_reduce_rows_fast(RedDesc d, int op, void* out, const void* in, void* part) {
    __shared__ u64 sv[32];
    __shared__ i64 si[32];
    fast_dispatch(op, true, d, out, in, part, sv, si);
}

extern "C" __global__ void __launch_bounds__(256) t4j_reduce_cols_fast(RedDesc d, int op, void* out, const void* in, void* part) {
    __shared__ u64 sv[256];
    __shared__ i64 si[256];
    fast_dispatch(op, false, d, out, in, part, sv, si);
}

extern "C" __global__ void __launch_bounds__(512) t4j_reduce_rows(RedDesc d, int op, void* out, const void* in, void* part) {
    __shared__ u64 sv[32];
    __shared__ i64 si[32];
    generic_dispatch(op, true, d, out, in, part, sv, si);
}

extern "C" __global__ void __launch_bounds__(256) t4j_reduce_cols(RedDesc d, int op, void* out, const void* in, void* part) {
    __shared__ u64 sv[256];
    __shared__ i64 si[256];
    generic_dispatch(op, false, d, out, in, part, sv, si);
}

// Pass 2: folds the d.nsplit partials of each output. Launch shape as t4j_reduce_cols.
template <typename A>
__device__ void combine(const RedDesc& d, int op, void* out, const u64* part, u64* sv, i64* si) {
    for (i64 ob = (i64)blockIdx.x * blockDim.x; ob < d.outer; ob += (i64)gridDim.x * blockDim.x) {
        i64 o = ob + threadIdx.x;
        A m = init_<A, OP_RT>(op);
        i64 mi = -1;
        if (o < d.outer) {
            for (i64 s = threadIdx.y; s < d.nsplit; s += blockDim.y) {
                i64 vi = is_arg(op) ? (i64)part[(d.nsplit + s) * d.outer + o] : 0;
                fold<A, OP_RT>(m, mi, unbits<A>(part[s * d.outer + o]), vi, op);
            }
        }
        column_fold<A, OP_RT>(m, mi, op, sv, si);
        if (threadIdx.y == 0 && o < d.outer) emit<A, OP_RT>(d, false, op, out, nullptr, 0, o, m, mi);
    }
}

extern "C" __global__ void __launch_bounds__(256) t4j_reduce_combine(RedDesc d, int op, void* out, const void* part) {
    __shared__ u64 sv[256];
    __shared__ i64 si[256];
    if (t4j_is_integral((int)d.in_dtype)) combine<i64>(d, op, out, (const u64*)part, sv, si);
    else combine<double>(d, op, out, (const u64*)part, sv, si);
}
