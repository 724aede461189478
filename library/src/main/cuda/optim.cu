// Fused optimizer steps (backend.Backend.sgdStep and adamStep; CPU reference: backend/cpu/CpuFused.java and
// CpuAdam.java): one launch per parameter instead of one per composed op. Same operations in the same order as the
// CPU kernels, fused multiply-adds included, so float32 and float64 results equal the CPU's bit for bit.
#include "t4j.cuh"

__device__ __forceinline__ float fused(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double fused(double a, double b, double c) { return fma(a, b, c); }

// Each rounding spelled out (no contraction into fused multiply-adds beyond the CPU kernels' own), so the bits equal
// theirs.
__device__ __forceinline__ float mul_(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ double mul_(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ float add_(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ double add_(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ float div_(float a, float b) { return __fdiv_rn(a, b); }
__device__ __forceinline__ double div_(double a, double b) { return __ddiv_rn(a, b); }
__device__ __forceinline__ float sqrt_(float a) { return __fsqrt_rn(a); }
__device__ __forceinline__ double sqrt_(double a) { return __dsqrt_rn(a); }

// SGD of element i; buf null without momentum. flags: 1 nesterov, 2 maximize, 4 first step (the momentum buffer
// starts as the step direction).
template <typename T>
__device__ __forceinline__ void sgd_at(i64 i, T* p, const T* g, T* b, T nlr, T m, T damp, T wd, int flags) {
    const bool nesterov = flags & 1, maximize = flags & 2, first = flags & 4;
    T d = maximize ? -g[i] : g[i];
    T pv = p[i];
    if (wd != (T)0) d = fused(pv, wd, d);
    if (b != nullptr) {
        T bv = first ? d : fused(d, damp, mul_(b[i], m));
        b[i] = bv;
        d = nesterov ? fused(bv, m, d) : bv;
    }
    p[i] = fused(d, nlr, pv);
}

// SGD over n contiguous elements.
template <typename T>
__device__ __forceinline__ void sgd(i64 n, T* p, const T* g, T* b, T nlr, T m, T damp, T wd, int flags) {
    T4J_GRID_STRIDE(i, n) sgd_at(i, p, g, b, nlr, m, damp, wd, flags);
}

// Many parameters in one launch (PyTorch's foreach SGD; CudaOptim.sgdStepMany packs this, 1944 bytes, passed by
// value): each is cut into chunks of T4J_MULTI_CHUNK elements and each block takes chunks in turn, so one launch
// steps every parameter of a model whatever their sizes.
#define T4J_MULTI 48
#define T4J_MULTI_CHUNK 65536
struct MultiParams {
    int count;
    int flags;                    // sgd_at's flags but 4, which firstMask gives per parameter
    u64 firstMask;                // bit t: parameter t's momentum buffer starts this step
    i64 chunkStart[T4J_MULTI + 1]; // chunks before parameter t; chunkStart[count] is the total
    i64 n[T4J_MULTI];
    i64 p[T4J_MULTI], g[T4J_MULTI], b[T4J_MULTI];
};

// The parameter that chunk c of a multi-tensor launch belongs to, and the chunk's elements [lo, hi) in it.
__device__ __forceinline__ int multi_chunk(const i64* chunkStart, const i64* n, int count, i64 c, i64& lo, i64& hi) {
    int t = 0;
    while (t + 1 < count && chunkStart[t + 1] <= c) t++;
    lo = (c - chunkStart[t]) * T4J_MULTI_CHUNK;
    hi = lo + T4J_MULTI_CHUNK < n[t] ? lo + T4J_MULTI_CHUNK : n[t];
    return t;
}

template <typename T>
__device__ void sgd_multi(const MultiParams& mp, T nlr, T m, T damp, T wd) {
    for (i64 c = blockIdx.x; c < mp.chunkStart[mp.count]; c += gridDim.x) {
        i64 lo, hi;
        const int t = multi_chunk(mp.chunkStart, mp.n, mp.count, c, lo, hi);
        const int flags = mp.flags | ((mp.firstMask >> t) & 1 ? 4 : 0);
        for (i64 i = lo + threadIdx.x; i < hi; i += blockDim.x) {
            sgd_at(i, (T*)mp.p[t], (const T*)mp.g[t], (T*)mp.b[t], nlr, m, damp, wd, flags);
        }
    }
}

extern "C" __global__ void t4j_optim_sgd_multi_f32(const __grid_constant__ MultiParams mp, float nlr, float m,
                                                   float damp, float wd) {
    sgd_multi<float>(mp, nlr, m, damp, wd);
}

extern "C" __global__ void t4j_optim_sgd_multi_f64(const __grid_constant__ MultiParams mp, double nlr, double m,
                                                   double damp, double wd) {
    sgd_multi<double>(mp, nlr, m, damp, wd);
}

extern "C" __global__ void t4j_optim_sgd_f32(i64 n, float* p, const float* g, float* b, float nlr, float m, float damp,
                                             float wd, int flags) {
    sgd<float>(n, p, g, b, nlr, m, damp, wd, flags);
}

extern "C" __global__ void t4j_optim_sgd_f64(i64 n, double* p, const double* g, double* b, double nlr, double m,
                                             double damp, double wd, int flags) {
    sgd<double>(n, p, g, b, nlr, m, damp, wd, flags);
}

// Java's Math.max: NaN wins.
template <typename T> __device__ __forceinline__ T jmax(T a, T b) { return a != a ? a : b != b ? b : a > b ? a : b; }

// Adam/AdamW of element i, as CpuAdam.stepF/stepD. x (AMSGrad's max) null when unused. flags: 1 coupled weight decay
// (Adam), 2 decoupled (AdamW: p *= shrink), 4 maximize, 8 lerp from the start (|1 - beta1| < 0.5).
template <typename T>
__device__ __forceinline__ void adam_at(i64 i, T* p, const T* g, T* m, T* v, T* x, T wd, T shrink, T coeff, T b2, T c2,
                                        T bc2, T eps, T nss, int flags) {
    const bool coupled = flags & 1, decoupled = flags & 2, neg = flags & 4, fromStart = flags & 8;
    T d = neg ? -g[i] : g[i];
    T pv = p[i];
    if (coupled) d = fused(pv, wd, d);
    else if (decoupled) pv = mul_(pv, shrink);
    T mv = m[i];
    mv = fused(coeff, add_(d, -mv), fromStart ? mv : d);
    m[i] = mv;
    T vv = add_(mul_(v[i], b2), mul_(mul_(c2, d), d));
    v[i] = vv;
    if (x != nullptr) {
        vv = jmax(x[i], vv);
        x[i] = vv;
    }
    T denom = add_(div_(sqrt_(vv), bc2), eps);
    p[i] = add_(pv, div_(mul_(nss, mv), denom));
}

// Adam/AdamW over n contiguous elements.
template <typename T>
__device__ __forceinline__ void adam(i64 n, T* p, const T* g, T* m, T* v, T* x, T wd, T shrink, T coeff, T b2, T c2,
                                     T bc2, T eps, T nss, int flags) {
    T4J_GRID_STRIDE(i, n) adam_at(i, p, g, m, v, x, wd, shrink, coeff, b2, c2, bc2, eps, nss, flags);
}

// Many parameters in one launch (PyTorch's foreach Adam; CudaOptim.adamStepMany packs this, 3472 bytes), chunked as
// MultiParams; each parameter has its own step, so its own step size and bias correction (doubles, rounded to T
// here as the single-parameter launch's arguments are rounded by the Java side).
struct AdamMultiParams {
    int count;
    int flags;
    i64 chunkStart[T4J_MULTI + 1];
    i64 n[T4J_MULTI];
    i64 p[T4J_MULTI], g[T4J_MULTI], m[T4J_MULTI], v[T4J_MULTI], x[T4J_MULTI];
    double nss[T4J_MULTI], bc2[T4J_MULTI];
};

template <typename T>
__device__ void adam_multi(const AdamMultiParams& mp, T wd, T shrink, T coeff, T b2, T c2, T eps) {
    for (i64 c = blockIdx.x; c < mp.chunkStart[mp.count]; c += gridDim.x) {
        i64 lo, hi;
        const int t = multi_chunk(mp.chunkStart, mp.n, mp.count, c, lo, hi);
        const T nss = (T)mp.nss[t], bc2 = (T)mp.bc2[t];
        for (i64 i = lo + threadIdx.x; i < hi; i += blockDim.x) {
            adam_at(i, (T*)mp.p[t], (const T*)mp.g[t], (T*)mp.m[t], (T*)mp.v[t], (T*)mp.x[t], wd, shrink, coeff, b2, c2,
                    bc2, eps, nss, mp.flags);
        }
    }
}

extern "C" __global__ void t4j_optim_adam_multi_f32(const __grid_constant__ AdamMultiParams mp, float wd, float shrink,
                                                    float coeff, float b2, float c2, float eps) {
    adam_multi<float>(mp, wd, shrink, coeff, b2, c2, eps);
}

extern "C" __global__ void t4j_optim_adam_multi_f64(const __grid_constant__ AdamMultiParams mp, double wd,
                                                    double shrink, double coeff, double b2, double c2, double eps) {
    adam_multi<double>(mp, wd, shrink, coeff, b2, c2, eps);
}

extern "C" __global__ void t4j_optim_adam_f32(i64 n, float* p, const float* g, float* m, float* v, float* x, float wd,
                                              float shrink, float coeff, float b2, float c2, float bc2, float eps,
                                              float nss, int flags) {
    adam<float>(n, p, g, m, v, x, wd, shrink, coeff, b2, c2, bc2, eps, nss, flags);
}

extern "C" __global__ void t4j_optim_adam_f64(i64 n, double* p, const double* g, double* m, double* v, double* x,
                                              double wd, double shrink, double coeff, double b2, double c2, double bc2,
                                              double eps, double nss, int flags) {
    adam<double>(n, p, g, m, v, x, wd, shrink, coeff, b2, c2, bc2, eps, nss, flags);
}

// RMSprop over n contiguous elements, as CpuOptimizers.rmsprop: ga (centered) and b (momentum) null when unused.
// flags: 1 maximize, 2 lerp the centered average from the start (|1 - alpha| < 0.5).
template <typename T>
__device__ __forceinline__ void rmsprop(i64 n, T* p, const T* g, T* v, T* ga, T* b, T wd, T alpha, T c, T eps, T mom,
                                        T nlr, T coeff, int flags) {
    const bool maximize = flags & 1, fromStart = flags & 2;
    T4J_GRID_STRIDE(i, n) {
        T d = maximize ? -g[i] : g[i];
        T pv = p[i];
        if (wd != (T)0) d = fused(pv, wd, d);
        T vv = add_(mul_(v[i], alpha), mul_(mul_(c, d), d));
        v[i] = vv;
        T avg;
        if (ga != nullptr) {
            T a = ga[i];
            a = fused(coeff, add_(d, -a), fromStart ? a : d);
            ga[i] = a;
            avg = add_(sqrt_(add_(vv, mul_(-a, a))), eps);
        } else {
            avg = add_(sqrt_(vv), eps);
        }
        if (b != nullptr) {
            T bv = add_(mul_(b[i], mom), div_(d, avg));
            b[i] = bv;
            p[i] = fused(bv, nlr, pv);
        } else {
            p[i] = add_(pv, div_(mul_(nlr, d), avg));
        }
    }
}

extern "C" __global__ void t4j_optim_rmsprop_f32(i64 n, float* p, const float* g, float* v, float* ga, float* b,
                                                 float wd, float alpha, float c, float eps, float mom, float nlr,
                                                 float coeff, int flags) {
    rmsprop<float>(n, p, g, v, ga, b, wd, alpha, c, eps, mom, nlr, coeff, flags);
}

extern "C" __global__ void t4j_optim_rmsprop_f64(i64 n, double* p, const double* g, double* v, double* ga, double* b,
                                                 double wd, double alpha, double c, double eps, double mom, double nlr,
                                                 double coeff, int flags) {
    rmsprop<double>(n, p, g, v, ga, b, wd, alpha, c, eps, mom, nlr, coeff, flags);
}

// Adagrad over n contiguous elements, as CpuOptimizers.adagrad. flags: 1 maximize.
template <typename T>
__device__ __forceinline__ void adagrad(i64 n, T* p, const T* g, T* s, T wd, T eps, T nlr, int flags) {
    T4J_GRID_STRIDE(i, n) {
        T d = (flags & 1) ? -g[i] : g[i];
        T pv = p[i];
        if (wd != (T)0) d = fused(pv, wd, d);
        T sv = add_(s[i], mul_(d, d));
        s[i] = sv;
        p[i] = add_(pv, div_(mul_(nlr, d), add_(sqrt_(sv), eps)));
    }
}

extern "C" __global__ void t4j_optim_adagrad_f32(i64 n, float* p, const float* g, float* s, float wd, float eps,
                                                 float nlr, int flags) {
    adagrad<float>(n, p, g, s, wd, eps, nlr, flags);
}

extern "C" __global__ void t4j_optim_adagrad_f64(i64 n, double* p, const double* g, double* s, double wd, double eps,
                                                 double nlr, int flags) {
    adagrad<double>(n, p, g, s, wd, eps, nlr, flags);
}
