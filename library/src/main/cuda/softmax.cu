// Row kernels over a contiguous [rows, n] operand, each in one pass over memory: softmax and log-softmax along the
// last dim, forward and backward (Backend.softmax / softmaxBackward; the Java side is CudaSoftmax.java), and layer
// normalisation forward, its input gradient and its weight and bias gradients (Backend.layerNorm /
// layerNormBackward, CudaSoftmax too). The op layer composes the
// same arithmetic from a max, a sum and elementwise kernels elsewhere (Reductions.softmaxFamily, ReductionsGrad);
// every element here goes through the same operations in the same order, so results differ from the composition
// only by the order of the row's sum.
//
// A row belongs to blockDim.x threads (threadIdx.y picks the row within the block): 32 for short rows (warp
// shuffles only), up to 1024 for long ones (shuffles, then one value per warp through shared memory). A row of at
// most blockDim.x * T4J_SM_ITEMS elements is held in registers, so it is read once; a longer one is read again for
// each pass (the later reads mostly hit L2).
#include "t4j.cuh"

#define T4J_SM_ITEMS 8

// Rows r of the block's threadIdx.y, block after block: every block iterates alike (the last rows past the end, with
// len 0), so the block-wide barriers of sm_row_reduce are met by all its threads.
#define T4J_SM_ROWS(r, rows) \
    for (i64 r = (i64)blockIdx.x * blockDim.y + threadIdx.y; r - threadIdx.y < (rows); r += (i64)gridDim.x * blockDim.y)

// The row elements this thread holds in registers (the k-th at threadIdx.x + k * blockDim.x), `fill` past the end.
template <typename T>
__device__ __forceinline__ void sm_load(const T* xr, i64 len, T (&v)[T4J_SM_ITEMS], T fill) {
#pragma unroll
    for (int k = 0; k < T4J_SM_ITEMS; k++) {
        i64 i = threadIdx.x + (i64)k * blockDim.x;
        v[k] = i < len ? xr[i] : fill;
    }
}

// NaN wins, as in the max reduction (torch.max propagates NaN).
template <typename T>
__device__ __forceinline__ T sm_max(T a, T b) { return a != a ? a : b != b ? b : a > b ? a : b; }

__device__ __forceinline__ float sm_exp(float x) { return expf(x); }
__device__ __forceinline__ double sm_exp(double x) { return exp(x); }
__device__ __forceinline__ float sm_log(float x) { return logf(x); }
__device__ __forceinline__ double sm_log(double x) { return log(x); }

template <typename T>
__device__ __forceinline__ T sm_neg_inf();
template <> __device__ __forceinline__ float sm_neg_inf<float>() { return __int_as_float((int)0xff800000u); }
template <> __device__ __forceinline__ double sm_neg_inf<double>() {
    return __longlong_as_double((long long)0xfff0000000000000ull);
}

// Reduces v over the row's blockDim.x threads (MAX or sum); every thread of the row gets the result. shared holds
// 32 values per row of the block; the whole block must call it (it synchronises when a row spans several warps).
template <typename T, bool MAX>
__device__ T sm_row_reduce(T v, T* shared) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        T w = __shfl_xor_sync(0xffffffffu, v, o);
        v = MAX ? sm_max(v, w) : v + w;
    }
    if (blockDim.x == 32) return v;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    __syncthreads(); // the previous reduction's readers are done with shared
    if (lane == 0) shared[warp] = v;
    __syncthreads();
    v = lane < warps ? shared[lane] : (MAX ? sm_neg_inf<T>() : T(0));
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        T w = __shfl_xor_sync(0xffffffffu, v, o);
        v = MAX ? sm_max(v, w) : v + w;
    }
    return v;
}

// Forward: y = log ? (x - max) - log(sum) : exp(x - max) / sum, sum = sum of exp(x - max) over the row.
template <typename T>
__device__ void sm_forward(const T* x, T* y, i64 rows, i64 n, int log, T* shared) {
    const bool cached = n <= (i64)blockDim.x * T4J_SM_ITEMS;
    T4J_SM_ROWS(r, rows) {
        const i64 len = r < rows ? n : 0;
        const T* xr = x + r * n;
        T* yr = y + r * n;
        T v[T4J_SM_ITEMS];
        T m = sm_neg_inf<T>();
        if (cached) {
            sm_load(xr, len, v, sm_neg_inf<T>());
#pragma unroll
            for (int k = 0; k < T4J_SM_ITEMS; k++) m = sm_max(m, v[k]);
        } else {
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) m = sm_max(m, xr[i]);
        }
        m = sm_row_reduce<T, true>(m, shared);
        T s = T(0);
        if (cached) {
#pragma unroll
            for (int k = 0; k < T4J_SM_ITEMS; k++) {
                if (threadIdx.x + (i64)k * blockDim.x < len) s += sm_exp(v[k] - m);
            }
        } else {
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) s += sm_exp(xr[i] - m);
        }
        s = sm_row_reduce<T, false>(s, shared);
        const T ls = log ? sm_log(s) : s;
        if (cached) {
#pragma unroll
            for (int k = 0; k < T4J_SM_ITEMS; k++) {
                i64 i = threadIdx.x + (i64)k * blockDim.x;
                if (i < len) yr[i] = log ? (v[k] - m) - ls : sm_exp(v[k] - m) / ls;
            }
        } else {
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) {
                T d = xr[i] - m;
                yr[i] = log ? d - ls : sm_exp(d) / ls;
            }
        }
    }
}

// Backward, from the output y and its gradient g: log-softmax gx = g - exp(y) * sum(g); softmax gx = g*y - y *
// sum(g*y) (ReductionsGrad.softmax's formulas).
template <typename T>
__device__ void sm_backward(const T* g, const T* y, T* gx, i64 rows, i64 n, int log, T* shared) {
    const bool cached = n <= (i64)blockDim.x * T4J_SM_ITEMS;
    T4J_SM_ROWS(r, rows) {
        const i64 len = r < rows ? n : 0;
        const T* gr = g + r * n;
        const T* yr = y + r * n;
        T* out = gx + r * n;
        T a[T4J_SM_ITEMS]; // g (log) or g*y (softmax)
        T s = T(0);
        if (cached) {
#pragma unroll
            for (int k = 0; k < T4J_SM_ITEMS; k++) {
                i64 i = threadIdx.x + (i64)k * blockDim.x;
                a[k] = i < len ? (log ? gr[i] : gr[i] * yr[i]) : T(0);
                s += a[k];
            }
        } else {
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) s += log ? gr[i] : gr[i] * yr[i];
        }
        s = sm_row_reduce<T, false>(s, shared);
        if (cached) {
#pragma unroll
            for (int k = 0; k < T4J_SM_ITEMS; k++) {
                i64 i = threadIdx.x + (i64)k * blockDim.x;
                if (i < len) out[i] = log ? a[k] - sm_exp(yr[i]) * s : a[k] - yr[i] * s;
            }
        } else {
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) {
                out[i] = log ? gr[i] - sm_exp(yr[i]) * s : gr[i] * yr[i] - yr[i] * s;
            }
        }
    }
}

// Two blocks of 1024 per SM: ptxas (CUDA 13, sm_90) fits this kernel in 32 registers without spilling when asked
// (40 otherwise, which leaves one 1024-thread block per SM, idle on the memory bus while it reduces a row). The
// float64 and backward kernels would spill, so they keep one.
extern "C" __global__ void __launch_bounds__(1024, 2) t4j_softmax_f32(const float* x, float* y, i64 rows, i64 n,
                                                                      int log) {
    __shared__ float shared[32];
    sm_forward<float>(x, y, rows, n, log, shared);
}

extern "C" __global__ void __launch_bounds__(1024) t4j_softmax_f64(const double* x, double* y, i64 rows, i64 n,
                                                                   int log) {
    __shared__ double shared[32];
    sm_forward<double>(x, y, rows, n, log, shared);
}

extern "C" __global__ void __launch_bounds__(1024) t4j_softmax_backward_f32(const float* g, const float* y, float* gx,
                                                                            i64 rows, i64 n, int log) {
    __shared__ float shared[32];
    sm_backward<float>(g, y, gx, rows, n, log, shared);
}

extern "C" __global__ void __launch_bounds__(1024) t4j_softmax_backward_f64(const double* g, const double* y, double* gx,
                                                                            i64 rows, i64 n, int log) {
    __shared__ double shared[32];
    sm_backward<double>(g, y, gx, rows, n, log, shared);
}

__device__ __forceinline__ float sm_sqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double sm_sqrt(double x) { return sqrt(x); }

// xhat times weight[i] plus bias[i], each when given.
template <typename T>
__device__ __forceinline__ T ln_affine(T xhat, const T* w, const T* b, i64 i) {
    if (w) xhat = xhat * w[i];
    if (b) xhat = xhat + b[i];
    return xhat;
}

// Layer norm of each row (Functional.layerNorm's composition: mean, x - mean, mean of its squares, times
// 1 / sqrt(var + eps), times weight, plus bias); weight and bias null when absent; mean and rstd per row out.
template <typename T>
__device__ void ln_forward(const T* x, const T* w, const T* b, T* y, T* mean, T* rstd, i64 rows, i64 n, T eps,
                           T* shared) {
    const bool cached = n <= (i64)blockDim.x * T4J_SM_ITEMS;
    T4J_SM_ROWS(r, rows) {
        const i64 len = r < rows ? n : 0;
        const T* xr = x + r * n;
        T* yr = y + r * n;
        T v[T4J_SM_ITEMS];
        T s = T(0);
        if (cached) {
            sm_load(xr, len, v, T(0));
#pragma unroll
            for (int k = 0; k < T4J_SM_ITEMS; k++) s += v[k];
        } else {
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) s += xr[i];
        }
        const T m = sm_row_reduce<T, false>(s, shared) / (T)n;
        T q = T(0);
        if (cached) {
#pragma unroll
            for (int k = 0; k < T4J_SM_ITEMS; k++) {
                if (threadIdx.x + (i64)k * blockDim.x < len) q += (v[k] - m) * (v[k] - m);
            }
        } else {
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) q += (xr[i] - m) * (xr[i] - m);
        }
        const T var = sm_row_reduce<T, false>(q, shared) / (T)n;
        const T rs = T(1) / sm_sqrt(var + eps);
        if (cached) {
#pragma unroll
            for (int k = 0; k < T4J_SM_ITEMS; k++) {
                i64 i = threadIdx.x + (i64)k * blockDim.x;
                if (i < len) yr[i] = ln_affine((v[k] - m) * rs, w, b, i);
            }
        } else {
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) yr[i] = ln_affine((xr[i] - m) * rs, w, b, i);
        }
        if (len > 0 && threadIdx.x == 0) {
            mean[r] = m;
            rstd[r] = rs;
        }
    }
}

// Input gradient of each row from its output gradient g: with xhat = (x - mean) * rstd and gh = g * w (g without a
// weight), gx = rstd * (gh - mean(gh) - xhat * mean(gh * xhat)).
template <typename T>
__device__ void ln_backward(const T* g, const T* x, const T* mean, const T* rstd, const T* w, T* gx, i64 rows, i64 n,
                            T* shared) {
    T4J_SM_ROWS(r, rows) {
        const i64 len = r < rows ? n : 0;
        const T m = len ? mean[r] : T(0), rs = len ? rstd[r] : T(0);
        const T* gr = g + r * n;
        const T* xr = x + r * n;
        T s1 = T(0), s2 = T(0);
        for (i64 i = threadIdx.x; i < len; i += blockDim.x) {
            T gh = w ? gr[i] * w[i] : gr[i];
            s1 += gh;
            s2 += gh * ((xr[i] - m) * rs);
        }
        const T a = sm_row_reduce<T, false>(s1, shared) / (T)n;
        const T c = sm_row_reduce<T, false>(s2, shared) / (T)n;
        for (i64 i = threadIdx.x; i < len; i += blockDim.x) {
            T gh = w ? gr[i] * w[i] : gr[i];
            gx[r * n + i] = rs * (gh - a - ((xr[i] - m) * rs) * c);
        }
    }
}

// Layer norm's weight and bias gradients, pass 1: block (i, j) sums g * xhat (formed in T, as the composition's
// g.mul(xhat)) and g over slice j of the rows for columns 32i..32i+31 (lanes on columns, rows split over
// threadIdx.y), in double and in a fixed order, into part[(2j) * n + c] and part[(2j + 1) * n + c].
template <typename T>
__device__ void ln_param_partial(const T* g, const T* x, const T* mean, const T* rstd, double* part, i64 rows, i64 n,
                                 i64 slice_rows) {
    __shared__ double sw[32 * 32], sb[32 * 32];
    const i64 c = (i64)blockIdx.x * 32 + threadIdx.x, r0 = (i64)blockIdx.y * slice_rows;
    const i64 r1 = r0 + slice_rows < rows ? r0 + slice_rows : rows;
    double aw = 0, ab = 0;
    if (c < n) {
        for (i64 r = r0 + threadIdx.y; r < r1; r += blockDim.y) {
            const T gv = g[r * n + c];
            aw += (double)(gv * ((x[r * n + c] - mean[r]) * rstd[r]));
            ab += (double)gv;
        }
    }
    sw[threadIdx.y * 32 + threadIdx.x] = aw;
    sb[threadIdx.y * 32 + threadIdx.x] = ab;
    __syncthreads();
    if (threadIdx.y == 0 && c < n) {
        double w = 0, b = 0;
        for (int y = 0; y < (int)blockDim.y; y++) {
            w += sw[y * 32 + threadIdx.x];
            b += sb[y * 32 + threadIdx.x];
        }
        part[(2 * (i64)blockIdx.y) * n + c] = w;
        part[(2 * (i64)blockIdx.y + 1) * n + c] = b;
    }
}

// Pass 2: each column's slices added in order.
template <typename T>
__device__ void ln_param_combine(const double* part, T* gw, T* gb, i64 n, i64 slices) {
    T4J_GRID_STRIDE(c, n) {
        double w = 0, b = 0;
        for (i64 j = 0; j < slices; j++) {
            w += part[2 * j * n + c];
            b += part[(2 * j + 1) * n + c];
        }
        gw[c] = (T)w;
        gb[c] = (T)b;
    }
}

#define T4J_LN_ENTRIES(T, NAME)                                                                                       \
    extern "C" __global__ void __launch_bounds__(1024) t4j_layer_norm_##NAME(const T* x, const T* w, const T* b, T* y,  \
                                                                             T* mean, T* rstd, i64 rows, i64 n,         \
                                                                             T eps) {                                   \
        __shared__ T shared[32];                                                                                      \
        ln_forward<T>(x, w, b, y, mean, rstd, rows, n, eps, shared);                                                  \
    }                                                                                                                 \
    extern "C" __global__ void __launch_bounds__(1024) t4j_layer_norm_backward_##NAME(                                \
        const T* g, const T* x, const T* mean, const T* rstd, const T* w, T* gx, i64 rows, i64 n) {                   \
        __shared__ T shared[32];                                                                                      \
        ln_backward<T>(g, x, mean, rstd, w, gx, rows, n, shared);                                                     \
    }                                                                                                                 \
    extern "C" __global__ void __launch_bounds__(1024) t4j_layer_norm_param_partial_##NAME(                           \
        const T* g, const T* x, const T* mean, const T* rstd, double* part, i64 rows, i64 n, i64 slice_rows) {        \
        ln_param_partial<T>(g, x, mean, rstd, part, rows, n, slice_rows);                                             \
    }                                                                                                                 \
    extern "C" __global__ void t4j_layer_norm_param_combine_##NAME(const double* part, T* gw, T* gb, i64 n,           \
                                                                   i64 slices) {                                      \
        ln_param_combine<T>(part, gw, gb, n, slices);                                                                 \
    }

T4J_LN_ENTRIES(float, f32)
T4J_LN_ENTRIES(double, f64)
#undef T4J_LN_ENTRIES
