// The CUDA device language as ordinary C++, so that torch4j's kernels (library/src/main/cuda) compile with g++ and
// run on the CPU under the emulated driver (driver.cpp). Included before each kernel file (build.sh: -include).
// Every CUDA thread of a block is a fiber on one OS thread; __syncthreads and the warp intrinsics are points where
// a fiber waits for the others, so the kernels run unchanged, barriers and shuffles included.
#pragma once
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <type_traits>

#define T4J_EMU 1
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__
#define __grid_constant__
#define __restrict__ __restrict
#define __launch_bounds__(...)
// Shared memory: one copy per OS thread, which runs one block at a time, so all fibers of a block share it.
#define __shared__ static thread_local

struct t4j_emu_dim3 { unsigned x, y, z; };

/** The fiber being run and its block, as the scheduler (driver.cpp) sets them. */
struct t4j_emu_thread {
    t4j_emu_dim3 tid;
    int linear;                   // tid.x + tid.y * blockDim.x + tid.z * blockDim.x * blockDim.y
};
extern thread_local t4j_emu_thread* t4j_emu_cur;
extern thread_local t4j_emu_dim3 t4j_emu_block_idx, t4j_emu_block_dim, t4j_emu_grid_dim;
extern thread_local int t4j_emu_nthreads;
extern thread_local void* t4j_emu_dynamic_smem;
extern thread_local unsigned long long t4j_emu_slots[1024];  // one exchange word per thread, for shuffles
extern thread_local unsigned t4j_emu_warp_mask[32];          // lanes that reached the last warp barrier

#define threadIdx (t4j_emu_cur->tid)
#define blockIdx t4j_emu_block_idx
#define blockDim t4j_emu_block_dim
#define gridDim t4j_emu_grid_dim
#define warpSize 32

extern "C" void t4j_emu_syncthreads();
extern "C" void t4j_emu_syncwarp();
inline void __syncthreads() { t4j_emu_syncthreads(); }
inline void __syncwarp(unsigned = 0xffffffffu) { t4j_emu_syncwarp(); }

// ---- warp intrinsics: each lane posts its value, the warp meets, each reads its source lane, the warp meets again
template <class T> inline T t4j_emu_shfl_from(T v, int src, bool inRange) {
    static_assert(sizeof(T) <= 8, "shuffles move at most 8 bytes");
    int me = t4j_emu_cur->linear;
    unsigned long long w = 0;
    memcpy(&w, &v, sizeof(T));
    t4j_emu_slots[me] = w;
    t4j_emu_syncwarp();
    int base = me & ~31;
    T r = v;
    if (inRange && src >= 0 && src < 32 && base + src < t4j_emu_nthreads && (t4j_emu_warp_mask[me >> 5] >> src & 1u)) {
        w = t4j_emu_slots[base + src];
        memcpy(&r, &w, sizeof(T));
    }
    t4j_emu_syncwarp();
    return r;
}
template <class T> inline T __shfl_down_sync(unsigned, T v, unsigned delta, int width = 32) {
    int lane = t4j_emu_cur->linear & 31;
    return t4j_emu_shfl_from(v, lane + (int)delta, (lane % width) + (int)delta < width);
}
template <class T> inline T __shfl_up_sync(unsigned, T v, unsigned delta, int width = 32) {
    int lane = t4j_emu_cur->linear & 31;
    return t4j_emu_shfl_from(v, lane - (int)delta, (lane % width) >= (int)delta);
}
template <class T> inline T __shfl_xor_sync(unsigned, T v, int mask, int width = 32) {
    int lane = t4j_emu_cur->linear & 31;
    return t4j_emu_shfl_from(v, lane ^ mask, ((lane ^ mask) / width) == (lane / width));
}
template <class T> inline T __shfl_sync(unsigned, T v, int src, int width = 32) {
    int lane = t4j_emu_cur->linear & 31;
    return t4j_emu_shfl_from(v, (lane / width) * width + (src % width), true);
}
inline unsigned __ballot_sync(unsigned mask, int pred) {
    int me = t4j_emu_cur->linear;
    t4j_emu_slots[me] = pred != 0;
    t4j_emu_syncwarp();
    int base = me & ~31;
    unsigned present = t4j_emu_warp_mask[me >> 5], r = 0;
    for (int l = 0; l < 32 && base + l < t4j_emu_nthreads; l++) {
        if ((present >> l & 1u) && t4j_emu_slots[base + l]) r |= 1u << l;
    }
    t4j_emu_syncwarp();
    return r & mask;
}

// ---- atomics: blocks run one at a time on one OS thread, so a plain read-modify-write is atomic here
template <class T, class V> inline T atomicAdd(T* p, V v) { T old = *p; *p = (T)(old + (T)v); return old; }
template <class T, class V> inline T atomicMax(T* p, V v) { T old = *p; if ((T)v > old) *p = (T)v; return old; }
template <class T, class V> inline T atomicMin(T* p, V v) { T old = *p; if ((T)v < old) *p = (T)v; return old; }
template <class T, class V> inline T atomicExch(T* p, V v) { T old = *p; *p = (T)v; return old; }
template <class T, class C, class V> inline T atomicCAS(T* p, C cmp, V v) {
    T old = *p;
    if (old == (T)cmp) *p = (T)v;
    return old;
}
inline void __threadfence() {}
inline void __threadfence_block() {}

// ---- bit casts and integer intrinsics
template <class To, class From> inline To t4j_emu_bits(From f) {
    static_assert(sizeof(To) == sizeof(From), "bit cast of unequal sizes");
    To t;
    memcpy(&t, &f, sizeof(To));
    return t;
}
inline float __int_as_float(int v) { return t4j_emu_bits<float>(v); }
inline float __uint_as_float(unsigned v) { return t4j_emu_bits<float>(v); }
inline int __float_as_int(float v) { return t4j_emu_bits<int>(v); }
inline unsigned __float_as_uint(float v) { return t4j_emu_bits<unsigned>(v); }
inline long long __double_as_longlong(double v) { return t4j_emu_bits<long long>(v); }
inline double __longlong_as_double(long long v) { return t4j_emu_bits<double>(v); }
inline int __popc(unsigned v) { return __builtin_popcount(v); }
inline int __popcll(unsigned long long v) { return __builtin_popcountll(v); }
inline int __clz(int v) { return v == 0 ? 32 : __builtin_clz((unsigned)v); }
inline int __ffs(int v) { return __builtin_ffs(v); }
inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}

// ---- the math library's device-only names
template <class A, class B> inline std::common_type_t<A, B> min(A a, B b) { return b < a ? b : a; }
template <class A, class B> inline std::common_type_t<A, B> max(A a, B b) { return a < b ? b : a; }
inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
inline double rsqrt(double x) { return 1.0 / sqrt(x); }
inline float __expf(float x) { return expf(x); }
inline float __logf(float x) { return logf(x); }
inline float __fdividef(float a, float b) { return a / b; }
// IEEE operations in round-to-nearest (build.sh compiles with -ffp-contract=off, so none fuses into an FMA)
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fsqrt_rn(float a) { return sqrtf(a); }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline double __dsqrt_rn(double a) { return sqrt(a); }
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : x > 1.0f ? 1.0f : x; }
inline double normcdf(double x) { return 0.5 * erfc(-x * M_SQRT1_2); }
inline float normcdff(float x) { return 0.5f * erfcf(-x * (float)M_SQRT1_2); }
inline float sinpif(float x) { return sinf((float)M_PI * x); }
inline double sinpi(double x) { return sin(M_PI * x); }
inline float cospif(float x) { return cosf((float)M_PI * x); }
inline double cospi(double x) { return cos(M_PI * x); }
inline void sincospif(float x, float* s, float* c) { *s = sinpif(x); *c = cospif(x); }
inline void sincospi(double x, double* s, double* c) { *s = sinpi(x); *c = cospi(x); }

// ---- what build.sh needs to find the kernels: with T4J_EMU_SCAN the preprocessed source marks each entry point
// and its __launch_bounds__ (build.sh then registers them through T4J_EMU_KERNEL)
#ifdef T4J_EMU_SCAN
#undef __global__
#define __global__ T4J_EMU_GLOBAL
#undef __launch_bounds__
#define __launch_bounds__(n, ...) T4J_EMU_LB(n)
#endif

template <class T> using t4j_emu_arg = std::remove_cv_t<std::remove_reference_t<T>>;
extern "C" void t4j_emu_register(const char* name, void (*call)(void**), int maxThreads, int nparams,
                                 const unsigned* sizes);
template <class... A> inline int t4j_emu_arity(void (*)(A...)) { return (int)sizeof...(A); }
template <class... A> inline const unsigned* t4j_emu_sizes(void (*)(A...)) {
    static const unsigned sizes[] = {(unsigned)sizeof(t4j_emu_arg<A>)..., 0u};
    return sizes;
}

template <class... A, unsigned long... I>
inline void t4j_emu_unpack(void (*f)(A...), void** p, std::integer_sequence<unsigned long, I...>) {
    f(*static_cast<t4j_emu_arg<A>*>(p[I])...);
}
/** Calls kernel f with cuLaunchKernel's parameter array: p[i] points at the i-th argument's bytes. */
template <class... A> inline void t4j_emu_invoke(void (*f)(A...), void** p) {
    t4j_emu_unpack(f, p, std::make_integer_sequence<unsigned long, sizeof...(A)>{});
}
#define T4J_EMU_KERNEL(NAME, MAX_THREADS)                                                              \
    static void t4j_emu_call_##NAME(void** p) { t4j_emu_invoke(&NAME, p); }                          \
    static struct t4j_emu_reg_##NAME {                                                                 \
        t4j_emu_reg_##NAME() { t4j_emu_register(#NAME, t4j_emu_call_##NAME, MAX_THREADS,   \
                                                       t4j_emu_arity(&NAME), t4j_emu_sizes(&NAME)); }            \
    } t4j_emu_reg_instance_##NAME;
