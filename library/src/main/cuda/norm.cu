// Batch normalisation over x viewed as [N, C, S] (channel c's elements: every n and s), forward and backward
// (Backend.batchNorm / batchNormBackward; the Java side is CudaNorm.java, the CPU's CpuNorm.java). Two launches each
// way: a per-channel pass (statistics, or the two gradient sums) and an elementwise pass; x is read twice forward,
// x and g twice backward. Sums fold in double in a
// fixed order, so a launch gives the same bits every run. The elementwise passes follow PyTorch's CUDA kernels:
// y = (x - mean) * invstd * w + b, gx = (g - mean(g) - xhat * mean(g * xhat)) * invstd * w.
#include "t4j.cuh"

// Blocks of the per-channel passes are 32 x T4J_BN_ROWS threads. With S == 1 (BatchNorm1d) a block takes 32
// neighbouring channels, one per lane, its rows splitting n, so a warp reads 32 neighbours; otherwise a block takes
// one channel and all its threads walk the channel's n * S elements, neighbouring threads on neighbouring s.
#define T4J_BN_ROWS 32

// Calls f(offset) for each element of channel c this thread visits.
template <typename F>
__device__ __forceinline__ void bn_each(i64 n, i64 c_count, i64 s, i64 c, F f) {
    if (s == 1) {
        if (c >= c_count) return;
        for (i64 k = threadIdx.y; k < n; k += blockDim.y) f(k * c_count + c);
        return;
    }
    const i64 step = (i64)blockDim.x * blockDim.y, j = (i64)threadIdx.y * blockDim.x + threadIdx.x;
    const i64 dq = step / s, dr = step % s;
    i64 k = j / s, r = j % s; // element (k, c, r), advanced by step elements of the channel at a time
    while (k < n) {
        f((k * c_count + c) * s + r);
        r += dr;
        k += dq;
        if (r >= s) {
            r -= s;
            k++;
        }
    }
}

// The channel this thread works on in a per-channel pass.
__device__ __forceinline__ i64 bn_channel(i64 s) { return s == 1 ? (i64)blockIdx.x * 32 + threadIdx.x : blockIdx.x; }

// Sum of v over the threads of each channel, in a fixed order; every thread gets its channel's total.
__device__ double bn_block_sum(double v, i64 s, double* sm, double* total) {
    sm[threadIdx.y * 32 + threadIdx.x] = v;
    __syncthreads();
    if (threadIdx.y == 0) {
        double t = 0;
        for (int y = 0; y < (int)blockDim.y; y++) t += sm[y * 32 + threadIdx.x];
        if (s != 1) {
#pragma unroll
            for (int o = 16; o > 0; o >>= 1) t += __shfl_xor_sync(0xffffffffu, t, o);
        }
        total[threadIdx.x] = t;
    }
    __syncthreads();
    return total[threadIdx.x];
}

// Training: each channel's mean and invstd = 1 / sqrt(var + eps) (biased variance), and the running statistics
// (when given) moved by momentum towards the mean and the unbiased variance. One read of x: sums of d = x - k and of
// d^2 in double, k being the channel's first element, so that var = (sum d^2 - (sum d)^2 / M) / M cancels no more
// than the spread of x around its first element makes it (the CPU's two passes read x twice). Evaluation: mean
// and invstd from the running statistics.
template <typename T>
__device__ void bn_stats(const T* x, T* rm, T* rv, T* mean, T* invstd, i64 n, i64 c_count, i64 s, double momentum,
                         double eps, int training) {
    __shared__ double sm[32 * T4J_BN_ROWS];
    __shared__ double total[32];
    const i64 c = bn_channel(s);
    if (!training) {
        if (threadIdx.y == 0 && c < c_count && (s == 1 || threadIdx.x == 0)) {
            mean[c] = rm[c];
            invstd[c] = (T)(1.0 / sqrt((double)rv[c] + eps));
        }
        return;
    }
    const double m = (double)n * s, k = c < c_count ? (double)x[c * s] : 0;
    double s1 = 0, s2 = 0;
    bn_each(n, c_count, s, c, [&](i64 o) {
        double d = (double)x[o] - k;
        s1 += d;
        s2 += d * d;
    });
    s1 = bn_block_sum(s1, s, sm, total);
    s2 = bn_block_sum(s2, s, sm, total);
    if (threadIdx.y == 0 && c < c_count && (s == 1 || threadIdx.x == 0)) {
        const double mu = k + s1 / m, sq = fmax(s2 - s1 * (s1 / m), 0.0); // sum of squared deviations
        mean[c] = (T)mu;
        invstd[c] = (T)(1.0 / sqrt(sq / m + eps));
        if (rm) rm[c] = (T)(momentum * mu + (1 - momentum) * (double)rm[c]);
        if (rv) rv[c] = (T)(momentum * (sq / (m - 1)) + (1 - momentum) * (double)rv[c]);
    }
}

// A grid-stride walk over the n * C * s elements that keeps each one's channel without a division per element.
struct BnWalk {
    i64 i, c, r, step, dc, dr, c_count, s;
    __device__ BnWalk(i64 c_count_, i64 s_) : c_count(c_count_), s(s_) {
        step = (i64)blockDim.x * gridDim.x;
        dr = step % s;
        dc = (step / s) % c_count;
        i = (i64)blockIdx.x * blockDim.x + threadIdx.x;
        r = i % s;
        c = (i / s) % c_count;
    }
    __device__ void next() {
        i += step;
        r += dr;
        c += dc;
        if (r >= s) {
            r -= s;
            c++;
        }
        if (c >= c_count) c -= c_count;
    }
};

template <typename T>
__device__ void bn_apply(const T* x, const T* mean, const T* invstd, const T* w, const T* b, T* y, i64 n,
                         i64 c_count, i64 s) {
    for (BnWalk e(c_count, s); e.i < n * c_count * s; e.next()) {
        const i64 i = e.i, c = e.c;
        T v = (x[i] - mean[c]) * invstd[c];
        if (w) v = v * w[c];
        if (b) v = v + b[c];
        y[i] = v;
    }
}

// Per channel: gb = sum(g) and gw = sum(g * (x - mean)) * invstd, the bias and weight gradients.
template <typename T>
__device__ void bn_backward_sums(const T* g, const T* x, const T* mean, const T* invstd, T* gw, T* gb, i64 n,
                                 i64 c_count, i64 s) {
    __shared__ double sm[32 * T4J_BN_ROWS];
    __shared__ double total[32];
    const i64 c = bn_channel(s);
    const double mu = c < c_count ? (double)mean[c] : 0;
    double sg = 0, sgx = 0;
    bn_each(n, c_count, s, c, [&](i64 o) {
        double gv = (double)g[o];
        sg += gv;
        sgx += gv * ((double)x[o] - mu);
    });
    sg = bn_block_sum(sg, s, sm, total);
    sgx = bn_block_sum(sgx, s, sm, total);
    if (threadIdx.y == 0 && c < c_count && (s == 1 || threadIdx.x == 0)) {
        gb[c] = (T)sg;
        gw[c] = (T)(sgx * (double)invstd[c]);
    }
}

// Input gradient; in evaluation the statistics are constants and it is g * invstd * w.
template <typename T>
__device__ void bn_backward_apply(const T* g, const T* x, const T* mean, const T* invstd, const T* w, const T* gw,
                                  const T* gb, T* gx, i64 n, i64 c_count, i64 s, int training) {
    const T inv_m = (T)(1.0 / ((double)n * s));
    for (BnWalk e(c_count, s); e.i < n * c_count * s; e.next()) {
        const i64 i = e.i, c = e.c;
        const T is = invstd[c];
        T v = g[i];
        if (training) v = v - gb[c] * inv_m - (x[i] - mean[c]) * is * (gw[c] * inv_m);
        v = v * is;
        if (w) v = v * w[c];
        gx[i] = v;
    }
}

#define T4J_BN_ENTRIES(T, NAME)                                                                                       \
    extern "C" __global__ void __launch_bounds__(1024) t4j_bn_stats_##NAME(const T* x, T* rm, T* rv, T* mean,        \
                                                                           T* invstd, i64 n, i64 c, i64 s,            \
                                                                           double momentum, double eps,               \
                                                                           int training) {                            \
        bn_stats<T>(x, rm, rv, mean, invstd, n, c, s, momentum, eps, training);                                       \
    }                                                                                                                 \
    extern "C" __global__ void t4j_bn_apply_##NAME(const T* x, const T* mean, const T* invstd, const T* w,            \
                                                   const T* b, T* y, i64 n, i64 c, i64 s) {                           \
        bn_apply<T>(x, mean, invstd, w, b, y, n, c, s);                                                               \
    }                                                                                                                 \
    extern "C" __global__ void __launch_bounds__(1024) t4j_bn_backward_sums_##NAME(                                   \
        const T* g, const T* x, const T* mean, const T* invstd, T* gw, T* gb, i64 n, i64 c, i64 s) {                  \
        bn_backward_sums<T>(g, x, mean, invstd, gw, gb, n, c, s);                                                     \
    }                                                                                                                 \
    extern "C" __global__ void t4j_bn_backward_apply_##NAME(const T* g, const T* x, const T* mean, const T* invstd,   \
                                                            const T* w, const T* gw, const T* gb, T* gx, i64 n,       \
                                                            i64 c, i64 s, int training) {                             \
        bn_backward_apply<T>(g, x, mean, invstd, w, gw, gb, gx, n, c, s, training);                                   \
    }

T4J_BN_ENTRIES(float, f32)
T4J_BN_ENTRIES(double, f64)
#undef T4J_BN_ENTRIES
