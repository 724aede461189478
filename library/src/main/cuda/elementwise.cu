// Elementwise kernels: casts and copies, fill, unary, binary and where (backend.Backend; CPU reference:
// CpuCopy.java, CpuElementwise.java, UnaryOp.java, BinaryOp.java). Launched by CudaElementwise.java.
// Each entry point switches once on the op (or dtype) and runs a loop templated on a functor, so the hot loop holds
// no switch on the op. A loop has two parts: 16-byte vector loads over unit-stride operands where aligned (H100
// needs that many bytes in flight for full bandwidth), then one scalar loop for the rest whose index mode
// (contiguous, 1-d strided, n-d) is a warp-uniform branch: the op's code is inlined once there, which keeps the
// compile time of ~150 op instantiations reasonable.
#include "t4j.cuh"

// ---- iteration

// How the scalar loop maps a linear index to operand offsets.
enum { M_CONTIG, M_1D, M_ND32, M_ND64 };

__device__ __forceinline__ int index_mode(const Iter& it) {
    if (it.contiguous) return M_CONTIG;
    if (it.ndim == 1) return M_1D;
    return it.numel <= 0x7fffffffLL ? M_ND32 : M_ND64;  // 32-bit division is several times cheaper than 64-bit
}

template <int N>
__device__ __forceinline__ void offsets(const Iter& it, int mode, i64 i, i64 (&off)[N]) {
    if (mode == M_CONTIG) {
#pragma unroll
        for (int k = 0; k < N; k++) off[k] = i;
    } else if (mode == M_1D) {
#pragma unroll
        for (int k = 0; k < N; k++) off[k] = i * it.strides[k][0];
    } else if (mode == M_ND32) {
        u32 j = (u32)i;
#pragma unroll
        for (int k = 0; k < N; k++) off[k] = 0;
        for (int d = it.ndim - 1; d > 0; d--) {
            u32 s = (u32)it.shape[d];
            u32 q = j / s;
            u32 r = j - q * s;
#pragma unroll
            for (int k = 0; k < N; k++) off[k] += (i64)r * it.strides[k][d];
            j = q;
        }
#pragma unroll
        for (int k = 0; k < N; k++) off[k] += (i64)j * it.strides[k][0];  // j < shape[0] here
    } else {
        t4j_offsets<N>(it, i, off);
    }
}

// Calls body(off) for linear indices [start, numel), off = the N operands' element offsets.
template <int N, typename Body>
__device__ __forceinline__ void scalar_loop(const Iter& it, i64 start, Body body) {
    const int mode = index_mode(it);
    for (i64 i = start + (i64)blockIdx.x * blockDim.x + threadIdx.x; i < it.numel; i += (i64)blockDim.x * gridDim.x) {
        i64 off[N];
        offsets<N>(it, mode, i, off);
        body(off);
    }
}

template <typename T, int V> struct alignas(sizeof(T) * V) Vec { T v[V]; };

// Elements per vector: 16-byte loads of 4-byte types (2 of 8-byte ones); narrower types ride along.
template <typename A, typename B> struct VecWidth {
    static constexpr int value = (sizeof(A) >= 8 || sizeof(B) >= 8) ? 2 : 4;
};

__device__ __forceinline__ bool aligned(const void* p, int bytes) { return ((u64)p & (u64)(bytes - 1)) == 0; }

// out[i] = f(in[i]) over the iteration (operand 0 = out, 1 = in).
template <typename O, typename I, typename F>
__device__ __forceinline__ void map1(const Iter& it, O* out, const I* in, F f) {
    constexpr int V = VecWidth<O, I>::value;
    i64 start = 0;
    if (F::vec && it.contiguous && aligned(out, V * sizeof(O)) && aligned(in, V * sizeof(I))) {
        const i64 nv = it.numel / V;
        T4J_GRID_STRIDE(v, nv) {
            Vec<I, V> x = ((const Vec<I, V>*)in)[v];
            Vec<O, V> y;
#pragma unroll
            for (int j = 0; j < V; j++) y.v[j] = f(x.v[j]);
            ((Vec<O, V>*)out)[v] = y;
        }
        start = nv * V;
    }
    scalar_loop<2>(it, start, [&](const i64 (&off)[2]) { out[off[0]] = f(in[off[1]]); });
}

// out[i] = f(a[i], b[i]) (operands out, a, b). The vector path also takes a or b broadcast (stride 0): x + scalar.
template <typename O, typename I, typename F>
__device__ __forceinline__ void map2(const Iter& it, O* out, const I* a, const I* b, F f) {
    constexpr int V = VecWidth<O, I>::value;
    i64 start = 0;
    const i64 sa = it.strides[1][0], sb = it.strides[2][0];
    if (F::vec && it.ndim == 1 && it.strides[0][0] == 1 && (sa == 1 || sa == 0) && (sb == 1 || sb == 0)
            && aligned(out, V * sizeof(O)) && (sa == 0 || aligned(a, V * sizeof(I))) && (sb == 0 || aligned(b, V * sizeof(I)))) {
        const i64 nv = it.numel / V;
        const I a0 = a[0], b0 = b[0];
        T4J_GRID_STRIDE(v, nv) {
            Vec<I, V> x, y;
            if (sa) x = ((const Vec<I, V>*)a)[v];
            else {
#pragma unroll
                for (int j = 0; j < V; j++) x.v[j] = a0;
            }
            if (sb) y = ((const Vec<I, V>*)b)[v];
            else {
#pragma unroll
                for (int j = 0; j < V; j++) y.v[j] = b0;
            }
            Vec<O, V> z;
#pragma unroll
            for (int j = 0; j < V; j++) z.v[j] = f(x.v[j], y.v[j]);
            ((Vec<O, V>*)out)[v] = z;
        }
        start = nv * V;
    }
    scalar_loop<3>(it, start, [&](const i64 (&off)[3]) { out[off[0]] = f(a[off[1]], b[off[2]]); });
}

// ---- copy with dtype conversion, as CpuCopy.copy: integral -> integral through int64 (wrapping), int64 -> float32
// rounded once, other integral -> floating through double, floating -> anything through double (float32, float16
// and bfloat16 sources through float, which gives the same results). Floating -> integral truncates toward zero,
// NaN -> 0, saturating to the int64 range (PTX cvt.rzi, as Java's (long) cast), then wraps to the narrower type.
// The source load is templated (vectorisable); the destination dtype is a warp-uniform switch per element.

template <typename T> struct Same {
    static constexpr bool vec = true;
    __device__ __forceinline__ T operator()(T s) const { return s; }
};

__device__ __forceinline__ void store_l(void* p, int dt, i64 off, i64 v) {
    if (dt == T4J_FLOAT32) ((float*)p)[off] = (float)v;  // one rounding (t4j_store_l goes through double)
    else t4j_store_l(p, dt, off, v);
}

__device__ __forceinline__ void store_f(void* p, int dt, i64 off, float v) {
    switch (dt) {
        case T4J_FLOAT16: ((u16*)p)[off] = t4j_float2half(v); break;
        case T4J_FLOAT32: ((float*)p)[off] = v; break;
        case T4J_BFLOAT16: ((u16*)p)[off] = t4j_float2bf16(v); break;
        default: t4j_store_d(p, dt, off, (double)v); break;  // exact widening, then as from double
    }
}

__device__ __forceinline__ int dtype_size(int t) {
    switch (t) {
        case T4J_INT16: case T4J_FLOAT16: case T4J_BFLOAT16: return 2;
        case T4J_INT32: case T4J_FLOAT32: return 4;
        case T4J_INT64: case T4J_FLOAT64: return 8;
        default: return 1;
    }
}

// The float32 <-> float16 / bfloat16 / float64 casts of mixed-precision code get the vectorised loop.
struct H2F { static constexpr bool vec = true; __device__ __forceinline__ float operator()(u16 v) const { return t4j_half2float(v); } };
struct F2H { static constexpr bool vec = true; __device__ __forceinline__ u16 operator()(float v) const { return t4j_float2half(v); } };
struct B2F { static constexpr bool vec = true; __device__ __forceinline__ float operator()(u16 v) const { return t4j_bf162float(v); } };
struct F2B { static constexpr bool vec = true; __device__ __forceinline__ u16 operator()(float v) const { return t4j_float2bf16(v); } };
struct F2D { static constexpr bool vec = true; __device__ __forceinline__ double operator()(float v) const { return v; } };
struct D2F { static constexpr bool vec = true; __device__ __forceinline__ float operator()(double v) const { return (float)v; } };

#define T4J_CAST(T, STORE) {                                                          \
        const T* s = (const T*)src;                                                   \
        scalar_loop<2>(it, 0, [&](const i64 (&off)[2]) { STORE(dst, dt, off[0], s[off[1]]); }); \
        break;                                                                        \
    }
__device__ __forceinline__ void store_bool(void* p, int dt, i64 off, u8 v) { t4j_store_l(p, dt, off, v != 0); }
__device__ __forceinline__ void store_half(void* p, int dt, i64 off, u16 v) { store_f(p, dt, off, t4j_half2float(v)); }
__device__ __forceinline__ void store_bf16(void* p, int dt, i64 off, u16 v) { store_f(p, dt, off, t4j_bf162float(v)); }

extern "C" __global__ void t4j_elementwise_copy(Iter it, int dt, int st, void* dst, const void* src) {
    if (dt == st) {  // bits by element size
        switch (dtype_size(dt)) {
            case 1: map1(it, (u8*)dst, (const u8*)src, Same<u8>()); break;
            case 2: map1(it, (u16*)dst, (const u16*)src, Same<u16>()); break;
            case 4: map1(it, (u32*)dst, (const u32*)src, Same<u32>()); break;
            default: map1(it, (u64*)dst, (const u64*)src, Same<u64>()); break;
        }
        return;
    }
    if (dt == T4J_FLOAT32 && st == T4J_FLOAT16) return map1(it, (float*)dst, (const u16*)src, H2F());
    if (dt == T4J_FLOAT16 && st == T4J_FLOAT32) return map1(it, (u16*)dst, (const float*)src, F2H());
    if (dt == T4J_FLOAT32 && st == T4J_BFLOAT16) return map1(it, (float*)dst, (const u16*)src, B2F());
    if (dt == T4J_BFLOAT16 && st == T4J_FLOAT32) return map1(it, (u16*)dst, (const float*)src, F2B());
    if (dt == T4J_FLOAT64 && st == T4J_FLOAT32) return map1(it, (double*)dst, (const float*)src, F2D());
    if (dt == T4J_FLOAT32 && st == T4J_FLOAT64) return map1(it, (float*)dst, (const double*)src, D2F());
    switch (st) {
        case T4J_UINT8: T4J_CAST(u8, store_l)
        case T4J_INT8: T4J_CAST(signed char, store_l)
        case T4J_INT16: T4J_CAST(short, store_l)
        case T4J_INT32: T4J_CAST(int, store_l)
        case T4J_INT64: T4J_CAST(i64, store_l)
        case T4J_BOOL: T4J_CAST(u8, store_bool)
        case T4J_FLOAT16: T4J_CAST(u16, store_half)
        case T4J_BFLOAT16: T4J_CAST(u16, store_bf16)
        case T4J_FLOAT32: T4J_CAST(float, store_f)
        default: T4J_CAST(double, t4j_store_d)
    }
}
#undef T4J_CAST

// ---- fill: the Java side converts the value to the dtype's bits (the CPU's rules), so one loop per element size

template <typename T>
__device__ __forceinline__ void fill_loop(const Iter& it, T* dst, T v) {
    scalar_loop<1>(it, 0, [&](const i64 (&off)[1]) { dst[off[0]] = v; });
}

extern "C" __global__ void t4j_elementwise_fill(Iter it, int elem_size, long long bits, void* dst) {
    switch (elem_size) {
        case 1: fill_loop(it, (u8*)dst, (u8)bits); break;
        case 2: fill_loop(it, (u16*)dst, (u16)bits); break;
        case 4: fill_loop(it, (u32*)dst, (u32)bits); break;
        default: fill_loop(it, (u64*)dst, (u64)bits); break;
    }
}

// ---- where(out, cond, a, b) by element size

template <typename T>
__device__ __forceinline__ void where_loop(const Iter& it, T* out, const u8* c, const T* a, const T* b) {
    scalar_loop<4>(it, 0, [&](const i64 (&off)[4]) { out[off[0]] = c[off[1]] ? a[off[2]] : b[off[3]]; });
}

extern "C" __global__ void t4j_elementwise_where(Iter it, int elem_size, void* out, const void* cond, const void* a,
                                                 const void* b) {
    const u8* c = (const u8*)cond;
    switch (elem_size) {
        case 1: where_loop(it, (u8*)out, c, (const u8*)a, (const u8*)b); break;
        case 2: where_loop(it, (u16*)out, c, (const u16*)a, (const u16*)b); break;
        case 4: where_loop(it, (u32*)out, c, (const u32*)a, (const u32*)b); break;
        default: where_loop(it, (u64*)out, c, (const u64*)a, (const u64*)b); break;
    }
}

// ---- unary and binary ops (UnaryOp / BinaryOp scalar bodies). float32 math runs in float (expf, tanhf, ...) as
// PyTorch's CUDA kernels do; FLOOR_DIVIDE and REMAINDER run in double for every floating dtype, as the CPU does,
// so their results are exact. int32 and int64 use wrapping (unsigned) arithmetic, as Java's long/int do.

#define T4J_MATH1(NAME)                                                          \
    __device__ __forceinline__ float m_##NAME(float x) { return NAME##f(x); }   \
    __device__ __forceinline__ double m_##NAME(double x) { return NAME(x); }
T4J_MATH1(exp) T4J_MATH1(log) T4J_MATH1(log1p) T4J_MATH1(expm1) T4J_MATH1(sqrt) T4J_MATH1(sin) T4J_MATH1(cos)
T4J_MATH1(tan) T4J_MATH1(tanh) T4J_MATH1(erf) T4J_MATH1(floor) T4J_MATH1(ceil) T4J_MATH1(rint) T4J_MATH1(trunc)
T4J_MATH1(fabs) T4J_MATH1(acos) T4J_MATH1(asin) T4J_MATH1(atan) T4J_MATH1(acosh) T4J_MATH1(asinh) T4J_MATH1(atanh)
T4J_MATH1(cosh) T4J_MATH1(sinh) T4J_MATH1(log2) T4J_MATH1(log10) T4J_MATH1(exp2) T4J_MATH1(erfc)
__device__ __forceinline__ float m_pow(float a, float b) { return powf(a, b); }
__device__ __forceinline__ double m_pow(double a, double b) { return pow(a, b); }
__device__ __forceinline__ float m_atan2(float a, float b) { return atan2f(a, b); }
__device__ __forceinline__ double m_atan2(double a, double b) { return atan2(a, b); }

__device__ __forceinline__ float inf_(float) { return __int_as_float(0x7f800000); }
__device__ __forceinline__ double inf_(double) { return __longlong_as_double(0x7ff0000000000000LL); }
// For a == b: AND of the bits is +0 for {+0, -0} (Java's max), OR is -0 (Java's min); else a itself.
__device__ __forceinline__ float and_bits(float a, float b) { return __uint_as_float(__float_as_uint(a) & __float_as_uint(b)); }
__device__ __forceinline__ double and_bits(double a, double b) { return __longlong_as_double(__double_as_longlong(a) & __double_as_longlong(b)); }
__device__ __forceinline__ float or_bits(float a, float b) { return __uint_as_float(__float_as_uint(a) | __float_as_uint(b)); }
__device__ __forceinline__ double or_bits(double a, double b) { return __longlong_as_double(__double_as_longlong(a) | __double_as_longlong(b)); }

template <int OP, typename T>
__device__ __forceinline__ T unary_f(T x) {
    switch (OP) {
        case U_NEG: return -x;
        case U_ABS: return m_fabs(x);
        case U_SIGN: return x > T(0) ? T(1) : x < T(0) ? T(-1) : T(0);  // NaN and -0 give +0
        case U_RELU: return x > T(0) || x != x ? x : T(0);
        case U_EXP: return m_exp(x);
        case U_LOG: return m_log(x);
        case U_LOG1P: return m_log1p(x);
        case U_EXPM1: return m_expm1(x);
        case U_SQRT: return m_sqrt(x);
        case U_RSQRT: return T(1) / m_sqrt(x);
        case U_SIN: return m_sin(x);
        case U_COS: return m_cos(x);
        case U_TAN: return m_tan(x);
        case U_TANH: return m_tanh(x);
        case U_SIGMOID: return T(1) / (T(1) + m_exp(-x));
        // 1 + erf(z) as erfc(-z) and 0.5 (1 + tanh u) as sigmoid(2u): neither cancels for negative x (as on the CPU)
        case U_GELU: return T(0.5) * x * m_erfc(x * T(-0.7071067811865476));
        case U_GELU_TANH: return x / (T(1) + m_exp(T(-1.5957691216057308) * (x + T(0.044715) * x * x * x)));
        case U_SILU: return x / (T(1) + m_exp(-x));
        case U_ERF: return m_erf(x);
        case U_FLOOR: return m_floor(x);
        case U_CEIL: return m_ceil(x);
        case U_ROUND: return m_rint(x);  // half to even
        case U_TRUNC: return m_trunc(x);
        case U_RECIPROCAL: return T(1) / x;
        case U_SQUARE: return x * x;
        case U_ACOS: return m_acos(x);
        case U_ASIN: return m_asin(x);
        case U_ATAN: return m_atan(x);
        case U_ACOSH: return m_acosh(x);
        case U_ASINH: return m_asinh(x);
        case U_ATANH: return m_atanh(x);
        case U_COSH: return m_cosh(x);
        case U_SINH: return m_sinh(x);
        case U_LOG2: return m_log2(x);
        case U_LOG10: return m_log10(x);
        case U_EXP2: return m_exp2(x);
        case U_ERFC: return m_erfc(x);
        default: return x;
    }
}

template <int OP, typename T>
__device__ __forceinline__ u8 unary_pred(T x) {
    switch (OP) {
        case U_ISNAN: return x != x;
        case U_ISINF: return m_fabs(x) == inf_(x);
        case U_ISFINITE: return m_fabs(x) < inf_(x);
        default: return x == T(0);  // LOGICAL_NOT
    }
}

template <typename T> struct Unsigned;
template <> struct Unsigned<int> { typedef u32 type; };
template <> struct Unsigned<i64> { typedef u64 type; };

template <int OP, typename T>
__device__ __forceinline__ T unary_i(T x) {
    typedef typename Unsigned<T>::type U;
    switch (OP) {
        case U_NEG: return (T)((U)0 - (U)x);
        case U_ABS: return x < 0 ? (T)((U)0 - (U)x) : x;  // MIN stays MIN, as Math.abs
        case U_SIGN: return (T)((x > 0) - (x < 0));
        case U_RELU: return x > 0 ? x : 0;
        case U_SQUARE: return (T)((U)x * (U)x);
        case U_BITWISE_NOT: return ~x;
        default: return x;  // FLOOR, CEIL, ROUND, TRUNC
    }
}

template <int OP, typename T>
__device__ __forceinline__ u8 unary_pred_i(T x) {
    switch (OP) {
        case U_ISNAN: case U_ISINF: return 0;
        case U_ISFINITE: return 1;
        default: return x == 0;
    }
}

// Ops with long bodies (trig argument reduction, pow, fmod) skip the vector path: it would inline them V more times
// for little gain (they are not bandwidth-bound), and compile time grows with the inlined code.
template <typename T, int OP> struct UnF {
    static constexpr bool vec = OP != U_SIN && OP != U_COS && OP != U_TAN && (OP < U_ACOS || OP > U_ERFC);
    __device__ __forceinline__ T operator()(T x) const { return unary_f<OP>(x); } };
template <typename T, int OP> struct UnFP { static constexpr bool vec = true; __device__ __forceinline__ u8 operator()(T x) const { return unary_pred<OP>(x); } };
template <typename T, int OP> struct UnI { static constexpr bool vec = true; __device__ __forceinline__ T operator()(T x) const { return unary_i<OP>(x); } };
template <typename T, int OP> struct UnIP { static constexpr bool vec = true; __device__ __forceinline__ u8 operator()(T x) const { return unary_pred_i<OP>(x); } };

#define T4J_V(F, OP) case OP: map1(it, (T*)out, (const T*)in, F<T, OP>()); break;
#define T4J_P(F, OP) case OP: map1(it, (u8*)out, (const T*)in, F<T, OP>()); break;

template <typename T>
__device__ __forceinline__ void unary_float(const Iter& it, int op, void* out, const void* in) {
    switch (op) {
        T4J_V(UnF, U_NEG) T4J_V(UnF, U_ABS) T4J_V(UnF, U_SIGN) T4J_V(UnF, U_RELU) T4J_V(UnF, U_EXP) T4J_V(UnF, U_LOG)
        T4J_V(UnF, U_LOG1P) T4J_V(UnF, U_EXPM1) T4J_V(UnF, U_SQRT) T4J_V(UnF, U_RSQRT) T4J_V(UnF, U_SIN)
        T4J_V(UnF, U_COS) T4J_V(UnF, U_TAN) T4J_V(UnF, U_TANH) T4J_V(UnF, U_SIGMOID) T4J_V(UnF, U_GELU)
        T4J_V(UnF, U_GELU_TANH) T4J_V(UnF, U_SILU) T4J_V(UnF, U_ERF) T4J_V(UnF, U_FLOOR) T4J_V(UnF, U_CEIL)
        T4J_V(UnF, U_ROUND) T4J_V(UnF, U_TRUNC) T4J_V(UnF, U_RECIPROCAL) T4J_V(UnF, U_SQUARE)
        T4J_V(UnF, U_ACOS) T4J_V(UnF, U_ASIN) T4J_V(UnF, U_ATAN) T4J_V(UnF, U_ACOSH) T4J_V(UnF, U_ASINH)
        T4J_V(UnF, U_ATANH) T4J_V(UnF, U_COSH) T4J_V(UnF, U_SINH) T4J_V(UnF, U_LOG2) T4J_V(UnF, U_LOG10)
        T4J_V(UnF, U_EXP2) T4J_V(UnF, U_ERFC)
        T4J_P(UnFP, U_ISNAN) T4J_P(UnFP, U_ISINF) T4J_P(UnFP, U_ISFINITE) T4J_P(UnFP, U_LOGICAL_NOT)
        default: break;
    }
}

// Ops without UnaryOp.integral never reach these (CudaElementwise refuses them).
template <typename T>
__device__ __forceinline__ void unary_int(const Iter& it, int op, void* out, const void* in) {
    switch (op) {
        T4J_V(UnI, U_NEG) T4J_V(UnI, U_ABS) T4J_V(UnI, U_SIGN) T4J_V(UnI, U_RELU) T4J_V(UnI, U_SQUARE)
        T4J_V(UnI, U_BITWISE_NOT)
        case U_FLOOR: case U_CEIL: case U_ROUND: case U_TRUNC: map1(it, (T*)out, (const T*)in, Same<T>()); break;
        T4J_P(UnIP, U_ISNAN) T4J_P(UnIP, U_ISINF) T4J_P(UnIP, U_ISFINITE) T4J_P(UnIP, U_LOGICAL_NOT)
        default: break;
    }
}
#undef T4J_V
#undef T4J_P

// Entry points t4j_elementwise_unary_{f32,f64,i64,i32}(Iter it, int op, void* out, const void* in).
#define T4J_ENTRY(NAME, FN, T) \
    extern "C" __global__ void t4j_elementwise_unary_##NAME(Iter it, int op, void* out, const void* in) { FN<T>(it, op, out, in); }
T4J_ENTRY(f32, unary_float, float) T4J_ENTRY(f64, unary_float, double) T4J_ENTRY(i64, unary_int, i64) T4J_ENTRY(i32, unary_int, int)
#undef T4J_ENTRY

// BinaryOp.FLOOR_DIVIDE.applyD (Python's floor division of floats).
__device__ __forceinline__ double floor_divide_d(double a, double b) {
    if (b == 0) return a / b;
    double mod = fmod(a, b);  // Java's % on doubles
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) div -= 1.0;
    double fl = floor(div);
    if (div - fl > 0.5) fl += 1.0;
    return div == 0 ? copysign(0.0, a / b) : fl;
}

__device__ __forceinline__ double remainder_d(double a, double b) {
    double m = fmod(a, b);
    if (m != 0 && (b < 0) != (m < 0)) m += b;
    return m;
}

template <int OP, typename T>
__device__ __forceinline__ T binary_f(T a, T b) {
    switch (OP) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_FLOOR_DIVIDE: return (T)floor_divide_d((double)a, (double)b);
        case B_REMAINDER: return (T)remainder_d((double)a, (double)b);
        case B_POW:  // C's pow: 1 for pow(1, y) and pow(-1, +-inf), even for a NaN y (Java's Math.pow differs)
            return a == T(1) || (a == T(-1) && m_fabs(b) == inf_(b)) ? T(1) : m_pow(a, b);
        case B_MAXIMUM:  // Java's Math.max: NaN propagates, +0 > -0 (fmaxf drops NaN)
            return a != a || b != b ? a + b : a == b ? and_bits(a, b) : a > b ? a : b;
        case B_MINIMUM:
            return a != a || b != b ? a + b : a == b ? or_bits(a, b) : a < b ? a : b;
        default: return m_atan2(a, b);  // ATAN2
    }
}

// BinaryOp.GCD: Euclid on |a|, |b| in T's width (|MIN| stays MIN, as in PyTorch's kernel).
template <typename T>
__device__ __forceinline__ T gcd_i(T a, T b) {
    typedef typename Unsigned<T>::type U;
    T x = a < 0 ? (T)((U)0 - (U)a) : a, y = b < 0 ? (T)((U)0 - (U)b) : b;
    while (x != 0) {
        T c = x;
        x = x == -1 ? 0 : y % x;  // y % -1 is 0 (MIN % -1 would trap)
        y = c;
    }
    return y;
}

// Integer forms (BinaryOp.applyL). Division by zero cannot throw on the GPU: FLOOR_DIVIDE and REMAINDER give 0.
template <int OP, typename T>
__device__ __forceinline__ T binary_i(T a, T b) {
    typedef typename Unsigned<T>::type U;
    switch (OP) {
        case B_ADD: return (T)((U)a + (U)b);
        case B_SUB: return (T)((U)a - (U)b);
        case B_MUL: return (T)((U)a * (U)b);
        case B_FLOOR_DIVIDE: {
            if (b == 0) return 0;
            if (b == -1) return (T)((U)0 - (U)a);  // MIN / -1 wraps to MIN, as Math.floorDiv
            T q = a / b;
            T r = a - q * b;
            return r != 0 && (r < 0) != (b < 0) ? q - 1 : q;
        }
        case B_REMAINDER: {
            if (b == 0 || b == -1) return 0;
            T r = a % b;
            return r != 0 && (r < 0) != (b < 0) ? r + b : r;
        }
        case B_POW: {
            if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) == 0 ? 1 : -1) : 0;
            U r = 1, base = (U)a;
            while (b > 0) {
                if (b & 1) r *= base;
                base *= base;
                b >>= 1;
            }
            return (T)r;
        }
        case B_MAXIMUM: return a > b ? a : b;
        case B_BITWISE_AND: return a & b;
        case B_BITWISE_OR: return a | b;
        case B_BITWISE_XOR: return a ^ b;
        // PyTorch 2.x: a negative shift or one of at least the width gives 0 (left) or the sign fill (right); the
        // narrower dtypes run here sign-extended in int32, which gives their low bits right (BinaryOp.LSHIFT)
        case B_LSHIFT: return b < 0 || b >= (T)(8 * sizeof(T)) ? (T)0 : (T)((U)a << b);
        case B_RSHIFT: return a >> (b < 0 || b >= (T)(8 * sizeof(T) - 1) ? (T)(8 * sizeof(T) - 1) : b);
        case B_GCD: return gcd_i(a, b);
        case B_LCM: {
            T g = gcd_i(a, b);
            if (g == 0) return 0;
            T q = g == -1 ? (T)((U)0 - (U)a) : a / g;  // MIN / -1 wraps, as in Java
            T p = (T)((U)q * (U)b);
            return p < 0 ? (T)((U)0 - (U)p) : p;
        }
        default: return a < b ? a : b;  // MINIMUM
    }
}

template <int OP, typename T>
__device__ __forceinline__ u8 binary_pred(T a, T b) {
    switch (OP) {
        case B_EQ: return a == b;
        case B_NE: return a != b;
        case B_LT: return a < b;
        case B_LE: return a <= b;
        case B_GT: return a > b;
        case B_GE: return a >= b;
        case B_LOGICAL_AND: return a != T(0) && b != T(0);
        case B_LOGICAL_OR: return a != T(0) || b != T(0);
        default: return (a != T(0)) != (b != T(0));  // LOGICAL_XOR
    }
}

template <typename T, int OP> struct BiF {
    static constexpr bool vec = OP != B_POW && OP != B_ATAN2 && OP != B_FLOOR_DIVIDE && OP != B_REMAINDER;
    __device__ __forceinline__ T operator()(T a, T b) const { return binary_f<OP>(a, b); } };
template <typename T, int OP> struct BiI {
    static constexpr bool vec = OP != B_POW && OP != B_FLOOR_DIVIDE && OP != B_REMAINDER && OP != B_GCD && OP != B_LCM;
    __device__ __forceinline__ T operator()(T a, T b) const { return binary_i<OP>(a, b); } };
template <typename T, int OP> struct BiP { static constexpr bool vec = true; __device__ __forceinline__ u8 operator()(T a, T b) const { return binary_pred<OP>(a, b); } };

#define T4J_V(F, OP) case OP: map2(it, (T*)out, (const T*)a, (const T*)b, F<T, OP>()); break;
#define T4J_P(OP) case OP: map2(it, (u8*)out, (const T*)a, (const T*)b, BiP<T, OP>()); break;
#define T4J_PREDS T4J_P(B_EQ) T4J_P(B_NE) T4J_P(B_LT) T4J_P(B_LE) T4J_P(B_GT) T4J_P(B_GE) T4J_P(B_LOGICAL_AND) \
    T4J_P(B_LOGICAL_OR) T4J_P(B_LOGICAL_XOR)

template <typename T>
__device__ __forceinline__ void binary_float(const Iter& it, int op, void* out, const void* a, const void* b) {
    switch (op) {
        T4J_V(BiF, B_ADD) T4J_V(BiF, B_SUB) T4J_V(BiF, B_MUL) T4J_V(BiF, B_DIV) T4J_V(BiF, B_FLOOR_DIVIDE)
        T4J_V(BiF, B_REMAINDER) T4J_V(BiF, B_POW) T4J_V(BiF, B_MAXIMUM) T4J_V(BiF, B_MINIMUM) T4J_V(BiF, B_ATAN2)
        T4J_PREDS
        default: break;
    }
}

// DIV and ATAN2 have no integer form (CudaElementwise refuses them).
template <typename T>
__device__ __forceinline__ void binary_int(const Iter& it, int op, void* out, const void* a, const void* b) {
    switch (op) {
        T4J_V(BiI, B_ADD) T4J_V(BiI, B_SUB) T4J_V(BiI, B_MUL) T4J_V(BiI, B_FLOOR_DIVIDE) T4J_V(BiI, B_REMAINDER)
        T4J_V(BiI, B_POW) T4J_V(BiI, B_MAXIMUM) T4J_V(BiI, B_MINIMUM) T4J_V(BiI, B_BITWISE_AND) T4J_V(BiI, B_BITWISE_OR)
        T4J_V(BiI, B_BITWISE_XOR) T4J_V(BiI, B_LSHIFT) T4J_V(BiI, B_RSHIFT) T4J_V(BiI, B_GCD) T4J_V(BiI, B_LCM)
        T4J_PREDS
        default: break;
    }
}
#undef T4J_V
#undef T4J_P
#undef T4J_PREDS

// Entry points t4j_elementwise_binary_{f32,f64,i64,i32}(Iter it, int op, void* out, const void* a, const void* b).
#define T4J_ENTRY(NAME, FN, T)                                                                                       \
    extern "C" __global__ void t4j_elementwise_binary_##NAME(Iter it, int op, void* out, const void* a, const void* b) { \
        FN<T>(it, op, out, a, b);                                                                                    \
    }
T4J_ENTRY(f32, binary_float, float) T4J_ENTRY(f64, binary_float, double)
T4J_ENTRY(i64, binary_int, i64) T4J_ENTRY(i32, binary_int, int)
#undef T4J_ENTRY

// ---- relu's derivative in one pass (Backend.thresholdBackward, CudaElementwise.thresholdBackward): contiguous
// grad and self of one dtype; self <= threshold (compared in T, as the CPU's CpuFused does) gives 0, NaN passes grad.
template <typename T>
__device__ void threshold_backward(const T* grad, const T* self, T* out, i64 n, T threshold) {
    T4J_GRID_STRIDE(i, n) out[i] = self[i] <= threshold ? T(0) : grad[i];
}

extern "C" __global__ void t4j_threshold_backward_f32(const float* grad, const float* self, float* out, i64 n,
                                                      float threshold) {
    threshold_backward<float>(grad, self, out, n, threshold);
}

extern "C" __global__ void t4j_threshold_backward_f64(const double* grad, const double* self, double* out, i64 n,
                                                      double threshold) {
    threshold_backward<double>(grad, self, out, n, threshold);
}

// d op(x) / dx for GELU (op 0), its tanh form (1) and SiLU (2), in T, without the cancellations of the textbook forms
// (as the forward kernels and the CPU): Phi as erfc, 0.5 (1 + tanh u) as sigmoid(2u), 1 - tanh^2 u as 4 s(2u) s(-2u).
// At +-inf every form meets inf * 0 and gives NaN, as the composed formulas do.
template <typename T>
__device__ __forceinline__ T unary_derivative(int op, T x) {
    if (op == 0) {
        T cdf = T(0.5) * m_erfc(x * T(-0.7071067811865476));
        return cdf + x * (m_exp(T(-0.5) * x * x) * T(0.3989422804014327));
    }
    if (op == 1) {
        T u = T(0.7978845608028654) * (x + T(0.044715) * x * x * x);
        T s = T(1) / (T(1) + m_exp(T(-2) * u)), s_neg = T(1) / (T(1) + m_exp(T(2) * u));
        T du = T(0.7978845608028654) * (T(1) + T(3 * 0.044715) * x * x);
        return s + T(2) * x * s * s_neg * du;
    }
    T s = T(1) / (T(1) + m_exp(-x));
    return s * (T(1) + x * (T(1) - s));
}

template <typename T>
__device__ void unary_backward(int op, const T* grad, const T* self, T* out, i64 n) {
    T4J_GRID_STRIDE(i, n) out[i] = grad[i] * unary_derivative<T>(op, self[i]);
}

extern "C" __global__ void t4j_unary_backward_f32(int op, const float* grad, const float* self, float* out, i64 n) {
    unary_backward<float>(op, grad, self, out, n);
}

extern "C" __global__ void t4j_unary_backward_f64(int op, const double* grad, const double* self, double* out, i64 n) {
    unary_backward<double>(op, grad, self, out, n);
}
