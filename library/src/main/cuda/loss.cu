// nll_loss forward and backward over [M, C] log-probabilities and M int64 targets (Backend.nllLoss /
// nllLossBackward; the Java side is CudaLoss.java). The op layer composes the same arithmetic from a gather, masks
// and reductions elsewhere (Losses.nllLoss); each row goes through the same operations in the same order here, so
// results differ only by the order of the sums. A target outside [0, C) other than ignore_index is recorded in the
// device's index error record as index.cu records a bad index (IndexErrors), and its row counts as ignored.
#include "t4j.cuh"

#define T4J_NLL_NONE 0
#define T4J_NLL_MEAN 1
#define T4J_NLL_SUM 2

// The target of row i when it counts (-1 when ignored or out of range; the latter is recorded).
__device__ __forceinline__ i64 nll_target(const i64* target, i64 ts, i64 i, i64 c, i64 ignore, i64* err, int launchId) {
    i64 t = target[i * ts];
    if (t == ignore) return -1;
    if (t < 0 || t >= c) {
        if (atomicCAS((u64*)err, 0ull, (u64)launchId) == 0ull) {
            err[1] = 0;
            err[2] = t;
            err[3] = c;
        }
        return -1;
    }
    return t;
}

// Per-row losses -(x[i, t] * w[t]) (none), or one block summing them and the weights into out = {loss, total
// weight} (mean divides by the total weight). Ignored rows give 0 and add nothing.
template <typename T>
__device__ void nll_forward(const T* x, const i64* target, const T* weight, T* out, i64* err, i64 m, i64 c,
                            i64 xs0, i64 xs1, i64 ts, i64 ws, i64 ignore, int reduction, int launchId) {
    if (reduction == T4J_NLL_NONE) {
        T4J_GRID_STRIDE(i, m) {
            i64 t = nll_target(target, ts, i, c, ignore, err, launchId);
            out[i] = t < 0 ? T(0) : -(x[i * xs0 + t * xs1] * (weight ? weight[t * ws] : T(1)));
        }
        return;
    }
    __shared__ T sl[32], sw[32];
    T l = T(0), tw = T(0);
    for (i64 i = threadIdx.x; i < m; i += blockDim.x) {
        i64 t = nll_target(target, ts, i, c, ignore, err, launchId);
        if (t < 0) continue;
        T w = weight ? weight[t * ws] : T(1);
        l += -(x[i * xs0 + t * xs1] * w);
        tw += w;
    }
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        l += __shfl_xor_sync(0xffffffffu, l, o);
        tw += __shfl_xor_sync(0xffffffffu, tw, o);
    }
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    if (lane == 0) {
        sl[warp] = l;
        sw[warp] = tw;
    }
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        l = lane < warps ? sl[lane] : T(0);
        tw = lane < warps ? sw[lane] : T(0);
#pragma unroll
        for (int o = 16; o > 0; o >>= 1) {
            l += __shfl_xor_sync(0xffffffffu, l, o);
            tw += __shfl_xor_sync(0xffffffffu, tw, o);
        }
        if (lane == 0) {
            out[0] = reduction == T4J_NLL_MEAN ? l / tw : l;
            out[1] = tw;
        }
    }
}

// Every element of the contiguous [M, C] input gradient: -(w[t] * scale) at (i, t[i]), 0 elsewhere; scale is the
// row's gradient (none), the loss's gradient (sum) or that divided by the total weight (mean).
template <typename T>
__device__ void nll_backward(const T* grad, const i64* target, const T* weight, const T* totalWeight, T* gx, i64 m,
                             i64 c, i64 gs, i64 ts, i64 ws, i64 ignore, int reduction) {
    T4J_GRID_STRIDE(k, m * c) {
        i64 i = k / c, j = k - i * c;
        i64 t = target[i * ts];
        T v = T(0);
        if (t == j && t != ignore) {
            T g = reduction == T4J_NLL_NONE ? grad[i * gs] : grad[0];
            T scale = reduction == T4J_NLL_MEAN ? g / totalWeight[0] : g;
            v = -((weight ? weight[t * ws] : T(1)) * scale);
        }
        gx[k] = v;
    }
}

#define T4J_NLL_ENTRIES(T, NAME)                                                                                      \
    extern "C" __global__ void __launch_bounds__(1024) t4j_nll_loss_##NAME(                                          \
        const T* x, const i64* target, const T* weight, T* out, i64* err, i64 m, i64 c, i64 xs0, i64 xs1, i64 ts,       \
        i64 ws, i64 ignore, int reduction, int launchId) {                                                            \
        nll_forward<T>(x, target, weight, out, err, m, c, xs0, xs1, ts, ws, ignore, reduction, launchId);              \
    }                                                                                                                 \
    extern "C" __global__ void t4j_nll_loss_backward_##NAME(const T* grad, const i64* target, const T* weight,        \
                                                           const T* totalWeight, T* gx, i64 m, i64 c, i64 gs, i64 ts,  \
                                                           i64 ws, i64 ignore, int reduction) {                        \
        nll_backward<T>(grad, target, weight, totalWeight, gx, m, c, gs, ts, ws, ignore, reduction);                   \
    }

T4J_NLL_ENTRIES(float, f32)
T4J_NLL_ENTRIES(double, f64)
#undef T4J_NLL_ENTRIES
