// im2col, col2im and 2-d max pooling (backend.Backend's im2col/col2im/maxPool2d; CPU reference: CpuIm2Col.java,
// CpuPooling.java). One thread per output element, grid-stride; float32 and float64.
#include "t4j.cuh"

// The geometry of one call, passed by value (CudaConv.java packs it: 18 int64 fields, 144 bytes).
// im2col: in [b, c, h, w] with element strides s0..s3; col2im: cols [b, c*kh*kw, oh*ow] with strides s0..s2
// (s3 unused); max pooling: in [b, h, w] as c = 1, strides s0 (plane), s2 (row), s3 (column).
struct ConvGeom {
    i64 b, c, h, w;
    i64 oh, ow;
    i64 kh, kw, sh, sw, ph, pw, dh, dw;
    i64 s0, s1, s2, s3;
};

// cols [b, c*kh*kw, oh*ow] (contiguous) gathers each window of in; zero where the window reads padding.
// I: the index type of the decomposition (int when every index fits, which makes the divisions cheap).
template <typename T, typename I>
__device__ __forceinline__ void im2col(T* cols, const T* in, const ConvGeom& g, i64 n) {
    T4J_GRID_STRIDE(i, n) {
        I t = (I)i;
        I x = t % (I)g.ow; t /= (I)g.ow;
        I y = t % (I)g.oh; t /= (I)g.oh;
        I kj = t % (I)g.kw; t /= (I)g.kw;
        I ki = t % (I)g.kh; t /= (I)g.kh;
        i64 ch = t % (I)g.c;
        i64 bi = t / (I)g.c;
        i64 iy = (i64)y * g.sh - g.ph + (i64)ki * g.dh;
        i64 ix = (i64)x * g.sw - g.pw + (i64)kj * g.dw;
        T v = (T)0;
        if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) v = in[bi * g.s0 + ch * g.s1 + iy * g.s2 + ix * g.s3];
        cols[i] = v;
    }
}

// out [b, c, h, w] (contiguous, overwritten): each element gathers the cols entries read from it, in (ki, kj)
// order starting from zero, the order in which the CPU kernel adds them (so the sums round identically).
// Deterministic: no atomics, each output element is owned by one thread.
template <typename T, typename I>
__device__ __forceinline__ void col2im(T* out, const T* cols, const ConvGeom& g, i64 n) {
    T4J_GRID_STRIDE(i, n) {
        I t = (I)i;
        I ix = t % (I)g.w; t /= (I)g.w;
        I iy = t % (I)g.h; t /= (I)g.h;
        i64 ch = t % (I)g.c;
        i64 bi = t / (I)g.c;
        const T* base = cols + bi * g.s0 + ch * g.kh * g.kw * g.s1;
        T acc = (T)0;
        // ty = y * sh for the output row y that reads iy through ki (I is signed: ty may be negative; col2im_any
        // picks int only when these terms fit)
        I sh = (I)g.sh, sw = (I)g.sw;
        for (I ki = 0; ki < (I)g.kh; ki++) {
            I ty = iy + (I)g.ph - ki * (I)g.dh;
            if (ty < 0 || ty % sh != 0) continue;
            I y = ty / sh;
            if (y >= (I)g.oh) continue;
            for (I kj = 0; kj < (I)g.kw; kj++) {
                I tx = ix + (I)g.pw - kj * (I)g.dw;
                if (tx < 0 || tx % sw != 0) continue;
                I x = tx / sw;
                if (x >= (I)g.ow) continue;
                acc += base[((i64)ki * g.kw + kj) * g.s1 + ((i64)y * g.ow + x) * g.s2];
            }
        }
        out[i] = acc;
    }
}

// values/indices [b, oh, ow] (contiguous): the largest in-bounds element of each dilated window and its index
// h * W + w in the plane. Padding never wins (the window starts at -inf); NaN wins and propagates (a later NaN
// replaces an earlier one, as in the CPU kernel and PyTorch's).
template <typename T>
__device__ __forceinline__ void maxpool2d(T* values, i64* indices, const T* in, const ConvGeom& g, T negInf) {
    i64 n = g.b * g.oh * g.ow;
    T4J_GRID_STRIDE(i, n) {
        i64 t = i;
        i64 x = t % g.ow; t /= g.ow;
        i64 y = t % g.oh;
        i64 bi = t / g.oh;
        i64 hs = y * g.sh - g.ph;
        i64 he = hs + (g.kh - 1) * g.dh + 1;
        if (he > g.h) he = g.h;
        while (hs < 0) hs += g.dh;
        i64 ws = x * g.sw - g.pw;
        i64 we = ws + (g.kw - 1) * g.dw + 1;
        if (we > g.w) we = g.w;
        while (ws < 0) ws += g.dw;
        const T* plane = in + bi * g.s0;
        i64 best = hs * g.w + ws;
        T m = negInf;
        for (i64 r = hs; r < he; r += g.dh) {
            const T* row = plane + r * g.s2;
            for (i64 q = ws; q < we; q += g.dw) {
                T v = row[q * g.s3];
                if (v > m || isnan(v)) {
                    m = v;
                    best = r * g.w + q;
                }
            }
        }
        values[i] = m;
        indices[i] = best;
    }
}

#define T4J_INT_MAX 2147483647LL

template <typename T>
__device__ __forceinline__ void im2col_any(T* cols, const T* in, const ConvGeom& g) {
    i64 n = g.b * g.c * g.kh * g.kw * g.oh * g.ow;
    if (n <= T4J_INT_MAX) im2col<T, int>(cols, in, g, n);
    else im2col<T, i64>(cols, in, g, n);
}

// The int path also needs the window arithmetic (iy + ph - ki * dh and the like) to fit: it does when the padded
// extents do, which the bound below checks.
template <typename T>
__device__ __forceinline__ void col2im_any(T* out, const T* cols, const ConvGeom& g) {
    i64 n = g.b * g.c * g.h * g.w;
    i64 reach = (g.h > g.w ? g.h : g.w) + (g.ph > g.pw ? g.ph : g.pw)
              + (g.kh > g.kw ? g.kh : g.kw) * (g.dh > g.dw ? g.dh : g.dw);
    if (n <= T4J_INT_MAX && reach <= T4J_INT_MAX && g.oh * g.sh <= T4J_INT_MAX && g.ow * g.sw <= T4J_INT_MAX)
        col2im<T, int>(out, cols, g, n);
    else
        col2im<T, i64>(out, cols, g, n);
}

extern "C" __global__ void t4j_conv_im2col_f32(ConvGeom g, float* cols, const float* in) { im2col_any(cols, in, g); }
extern "C" __global__ void t4j_conv_im2col_f64(ConvGeom g, double* cols, const double* in) { im2col_any(cols, in, g); }

extern "C" __global__ void t4j_conv_col2im_f32(ConvGeom g, float* out, const float* cols) { col2im_any(out, cols, g); }
extern "C" __global__ void t4j_conv_col2im_f64(ConvGeom g, double* out, const double* cols) { col2im_any(out, cols, g); }

extern "C" __global__ void t4j_conv_maxpool2d_f32(ConvGeom g, float* values, i64* indices, const float* in) {
    maxpool2d(values, indices, in, g, __int_as_float(0xff800000));
}
extern "C" __global__ void t4j_conv_maxpool2d_f64(ConvGeom g, double* values, i64* indices, const double* in) {
    maxpool2d(values, indices, in, g, __longlong_as_double((i64)0xfff0000000000000ULL));
}
