// Shared definitions of torch4j's CUDA kernels (DESIGN.md §8). Compiled by nvcc at build time and by NVRTC at run
// time, so it includes no system header. Everything here mirrors a Java declaration in dev.torch4j.backend.cuda;
// KernelSignatureTest checks the entry points' parameters and the enum orders against the Java side.
#pragma once

typedef long long i64;
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

// dtype codes: dev.torch4j.DType's ordinals
#define T4J_UINT8 0
#define T4J_INT8 1
#define T4J_INT16 2
#define T4J_INT32 3
#define T4J_INT64 4
#define T4J_FLOAT16 5
#define T4J_FLOAT32 6
#define T4J_FLOAT64 7
#define T4J_BOOL 8
#define T4J_BFLOAT16 9

#define T4J_MAX_DIMS 16
#define T4J_MAX_OPERANDS 4

// The iteration space of an elementwise kernel, built by CudaIter.java from backend.Coalesced: row-major (the last
// dim varies fastest), element strides per operand, operand pointers passed separately and already offset.
// 656 bytes, passed by value.
struct Iter {
    i64 numel;
    int ndim;
    int contiguous;               // 1 when ndim == 1 and every operand's stride is 1
    i64 shape[T4J_MAX_DIMS];
    i64 strides[T4J_MAX_OPERANDS][T4J_MAX_DIMS];
};

// Element offset of linear index i for operand k.
__device__ __forceinline__ i64 t4j_offset(const Iter& it, int k, i64 i) {
    i64 off = 0;
    for (int d = it.ndim - 1; d >= 0; d--) {
        i64 s = it.shape[d];
        i64 q = i / s;
        off += (i - q * s) * it.strides[k][d];
        i = q;
    }
    return off;
}

// Element offsets of linear index i for operands 0..n-1 (one decomposition shared by all operands).
template <int N>
__device__ __forceinline__ void t4j_offsets(const Iter& it, i64 i, i64 (&off)[N]) {
#pragma unroll
    for (int k = 0; k < N; k++) off[k] = 0;
    for (int d = it.ndim - 1; d >= 0; d--) {
        i64 s = it.shape[d];
        i64 q = i / s;
        i64 r = i - q * s;
#pragma unroll
        for (int k = 0; k < N; k++) off[k] += r * it.strides[k][d];
        i = q;
    }
}

// The launch's dynamic shared memory as an array of T called NAME (a pointer under the CPU emulator).
#ifdef T4J_EMU
#define T4J_DYNAMIC_SHARED(T, NAME) T* NAME = (T*)t4j_emu_dynamic_smem
#else
#define T4J_DYNAMIC_SHARED(T, NAME) extern __shared__ T NAME[]
#endif

// Grid-stride loop: every kernel works for any grid size the Java side picks.
#define T4J_GRID_STRIDE(i, n) \
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64)blockDim.x * gridDim.x)

// ---- float16 / bfloat16 conversions (PTX, so no cuda_fp16.h is needed under NVRTC; the CPU emulator of
// scripts/cuda-emu converts through the compiler's _Float16, which rounds the same way)
#ifdef T4J_EMU
__device__ __forceinline__ float t4j_half2float(u16 h) { _Float16 v; memcpy(&v, &h, 2); return (float)v; }
__device__ __forceinline__ u16 t4j_float2half(float f) { _Float16 v = (_Float16)f; u16 h; memcpy(&h, &v, 2); return h; }
#else
__device__ __forceinline__ float t4j_half2float(u16 h) {
    float f;
    asm("{ .reg .b16 t; mov.b16 t, %1; cvt.f32.f16 %0, t; }" : "=f"(f) : "h"(h));
    return f;
}
__device__ __forceinline__ u16 t4j_float2half(float f) {
    u16 h;
    asm("{ .reg .b16 t; cvt.rn.f16.f32 t, %1; mov.b16 %0, t; }" : "=h"(h) : "f"(f));
    return h;
}
#endif
__device__ __forceinline__ float t4j_bf162float(u16 b) { return __uint_as_float(((u32)b) << 16); }
__device__ __forceinline__ u16 t4j_float2bf16(float f) {
    u32 u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (u16)((u >> 16) | 0x40); // quiet NaN
    u += 0x7fffu + ((u >> 16) & 1u);                                      // round to nearest even
    return (u16)(u >> 16);
}

// double -> int64 as the GPU converts (cvt.rzi: toward zero, saturating, NaN -> 0; Java's (long) does the same).
// On the CPU emulator a plain C++ cast of an out-of-range value is undefined (x86 gives INT64_MIN), so it clamps.
__device__ __forceinline__ i64 t4j_d2l(double v) {
#ifdef T4J_EMU
    if (v != v) return 0;
    if (v >= 9223372036854775807.0) return 9223372036854775807ll;
    if (v <= -9223372036854775808.0) return (-9223372036854775807ll - 1);
#endif
    return (i64)v;
}

// ---- loads and stores of any dtype through double (exact for every dtype but int64 beyond 2^53) and i64
__device__ __forceinline__ double t4j_load_d(const void* p, int dtype, i64 off) {
    switch (dtype) {
        case T4J_UINT8: return (double)((const u8*)p)[off];
        case T4J_INT8: return (double)((const signed char*)p)[off];
        case T4J_INT16: return (double)((const short*)p)[off];
        case T4J_INT32: return (double)((const int*)p)[off];
        case T4J_INT64: return (double)((const i64*)p)[off];
        case T4J_FLOAT16: return (double)t4j_half2float(((const u16*)p)[off]);
        case T4J_FLOAT32: return (double)((const float*)p)[off];
        case T4J_FLOAT64: return ((const double*)p)[off];
        case T4J_BOOL: return ((const u8*)p)[off] != 0 ? 1.0 : 0.0;
        default: return (double)t4j_bf162float(((const u16*)p)[off]);
    }
}

__device__ __forceinline__ i64 t4j_load_l(const void* p, int dtype, i64 off) {
    switch (dtype) {
        case T4J_UINT8: return ((const u8*)p)[off];
        case T4J_INT8: return ((const signed char*)p)[off];
        case T4J_INT16: return ((const short*)p)[off];
        case T4J_INT32: return ((const int*)p)[off];
        case T4J_INT64: return ((const i64*)p)[off];
        case T4J_BOOL: return ((const u8*)p)[off] != 0;
        default: return t4j_d2l(t4j_load_d(p, dtype, off));
    }
}

__device__ __forceinline__ bool t4j_is_integral(int dtype) {
    return dtype <= T4J_INT64 || dtype == T4J_BOOL;
}

// Converts like PyTorch's static_cast: floating -> integral truncates toward zero; anything -> bool is != 0.
__device__ __forceinline__ void t4j_store_d(void* p, int dtype, i64 off, double v) {
    switch (dtype) {
        case T4J_UINT8: ((u8*)p)[off] = (u8)t4j_d2l(v); break;
        case T4J_INT8: ((signed char*)p)[off] = (signed char)t4j_d2l(v); break;
        case T4J_INT16: ((short*)p)[off] = (short)t4j_d2l(v); break;
        case T4J_INT32: ((int*)p)[off] = (int)t4j_d2l(v); break;
        case T4J_INT64: ((i64*)p)[off] = t4j_d2l(v); break;
        case T4J_FLOAT16: ((u16*)p)[off] = t4j_float2half((float)v); break;
        case T4J_FLOAT32: ((float*)p)[off] = (float)v; break;
        case T4J_FLOAT64: ((double*)p)[off] = v; break;
        case T4J_BOOL: ((u8*)p)[off] = v != 0.0; break;
        default: ((u16*)p)[off] = t4j_float2bf16((float)v); break;
    }
}

__device__ __forceinline__ void t4j_store_l(void* p, int dtype, i64 off, i64 v) {
    switch (dtype) {
        case T4J_UINT8: ((u8*)p)[off] = (u8)v; break;
        case T4J_INT8: ((signed char*)p)[off] = (signed char)v; break;
        case T4J_INT16: ((short*)p)[off] = (short)v; break;
        case T4J_INT32: ((int*)p)[off] = (int)v; break;
        case T4J_INT64: ((i64*)p)[off] = v; break;
        case T4J_BOOL: ((u8*)p)[off] = v != 0; break;
        default: t4j_store_d(p, dtype, off, (double)v); break;
    }
}

// Op codes: the ordinals of backend.UnaryOp, BinaryOp and ReduceOp (checked by KernelSignatureTest).
enum T4jUnaryOp {
    U_NEG, U_ABS, U_SIGN, U_RELU, U_EXP, U_LOG, U_LOG1P, U_EXPM1, U_SQRT, U_RSQRT, U_SIN, U_COS, U_TAN, U_TANH,
    U_SIGMOID, U_GELU, U_GELU_TANH, U_SILU, U_ERF, U_FLOOR, U_CEIL, U_ROUND, U_TRUNC, U_RECIPROCAL, U_SQUARE,
    U_ACOS, U_ASIN, U_ATAN, U_ACOSH, U_ASINH, U_ATANH, U_COSH, U_SINH, U_LOG2, U_LOG10, U_EXP2, U_ERFC, U_BITWISE_NOT,
    U_ISNAN, U_ISINF, U_ISFINITE, U_LOGICAL_NOT
};
enum T4jBinaryOp {
    B_ADD, B_SUB, B_MUL, B_DIV, B_FLOOR_DIVIDE, B_REMAINDER, B_POW, B_MAXIMUM, B_MINIMUM, B_ATAN2, B_EQ, B_NE, B_LT,
    B_LE, B_GT, B_GE, B_LOGICAL_AND, B_LOGICAL_OR, B_LOGICAL_XOR, B_BITWISE_AND, B_BITWISE_OR, B_BITWISE_XOR, B_LSHIFT,
    B_RSHIFT, B_GCD, B_LCM
};
enum T4jReduceOp { R_SUM, R_PROD, R_MAX, R_MIN, R_ARGMAX, R_ARGMIN, R_ANY, R_ALL };
