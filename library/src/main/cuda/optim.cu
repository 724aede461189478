// Fused optimizer steps (backend.Backend.sgdStep; CPU reference: backend/cpu/CpuFused.java): one launch per
// parameter instead of one per composed op. Same operations in the same order as the CPU kernel, fused
// multiply-adds included, so float32 and float64 results equal the CPU's bit for bit.
#include "t4j.cuh"

__device__ __forceinline__ float fused(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double fused(double a, double b, double c) { return fma(a, b, c); }

// SGD over n contiguous elements; buf null without momentum. flags: 1 nesterov, 2 maximize, 4 first step
// (the momentum buffer starts as the step direction).
template <typename T>
__device__ __forceinline__ void sgd(i64 n, T* p, const T* g, T* b, T nlr, T m, T damp, T wd, int flags) {
    const bool nesterov = flags & 1, maximize = flags & 2, first = flags & 4;
    T4J_GRID_STRIDE(i, n) {
        T d = maximize ? -g[i] : g[i];
        T pv = p[i];
        if (wd != (T)0) d = fused(pv, wd, d);
        if (b != nullptr) {
            T bv = first ? d : fused(d, damp, b[i] * m);
            b[i] = bv;
            d = nesterov ? fused(bv, m, d) : bv;
        }
        p[i] = fused(d, nlr, pv);
    }
}

extern "C" __global__ void t4j_optim_sgd_f32(i64 n, float* p, const float* g, float* b, float nlr, float m, float damp,
                                             float wd, int flags) {
    sgd<float>(n, p, g, b, nlr, m, damp, wd, flags);
}

extern "C" __global__ void t4j_optim_sgd_f64(i64 n, double* p, const double* g, double* b, double nlr, double m,
                                             double damp, double wd, int flags) {
    sgd<double>(n, p, g, b, nlr, m, damp, wd, flags);
}
