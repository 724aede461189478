package dev.torch4j.ops;

/**
 * PyTorch 1.13's CPU float32 {@code sigmoid} and {@code tanh} as its AVX2 build computes them, for the ops that must
 * match PyTorch bit for bit (the dynamic quantized RNNs feed each step's hidden state into the next step's input
 * quantization, so one ulp can move a quantum).
 *
 * <ul>
 *   <li>{@code tanh} goes through {@code vml::vtanh} for every element (a strided input is first copied into a
 *   contiguous buffer, the tail is a masked vector): SLEEF's {@code tanhf} (u10, {@link #sleefTanhf}).</li>
 *   <li>{@code sigmoid} is a {@code cpu_kernel_vec}: on each contiguous inner run of n elements, blocks of 16 (two AVX2
 *   vectors) compute {@code 1 / (exp(0 - x) + 1)} with SLEEF's {@code expf} ({@link #sleefExpf}), the last
 *   {@code n % 16} elements the scalar {@code 1 / (1 + std::exp(-x))} with glibc's {@code expf}
 *   ({@link #glibcExpf}); the two round apart in the last bit.</li>
 * </ul>
 * Checked against 44 million float32 inputs (every 13th float of magnitude 2^-30 to 20, both signs) of Debian's
 * PyTorch 1.13 and glibc 2.36: no bit differs.
 */
public final class AtenCpuFloat {
    private AtenCpuFloat() {}

    /** PyTorch's vector block of a {@code cpu_kernel_vec} loop: two AVX2 vectors of 8 floats. */
    public static final int VECTOR_BLOCK = 16;

    /** {@code sigmoid_} of {@code a[off, off + n)}, one contiguous inner run as PyTorch's loop splits it. */
    public static void sigmoid(float[] a, int off, int n) {
        int vectorEnd = off + n / VECTOR_BLOCK * VECTOR_BLOCK;
        for (int i = off; i < off + n; i++) {
            float x = a[i];
            a[i] = i < vectorEnd ? 1f / (sleefExpf(0f - x) + 1f) : 1f / (1f + glibcExpf(-x));
        }
    }

    /** {@code tanh_} of {@code a[off, off + n)}: SLEEF's {@code tanhf} on every element. */
    public static void tanh(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) a[i] = sleefTanhf(a[i]);
    }

    private static final float R_LN2 = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    private static final float L2U = 0.693145751953125f, L2L = 1.428606765330187045e-06f;

    /** SLEEF's {@code expf} (u10) as its AVX2 build computes it: a Cody-Waite reduction and a degree-6 polynomial, all FMAs. */
    public static float sleefExpf(float d) {
        int k = (int) Math.rint(d * R_LN2);
        float s = Math.fma((float) k, -L2U, d);
        s = Math.fma((float) k, -L2L, s);
        float u = 0.000198527617612853646278381f;
        u = Math.fma(u, s, 0.00139304355252534151077271f);
        u = Math.fma(u, s, 0.00833336077630519866943359f);
        u = Math.fma(u, s, 0.0416664853692054748535156f);
        u = Math.fma(u, s, 0.166666671633720397949219f);
        u = Math.fma(u, s, 0.5f);
        u = 1f + Math.fma(s * s, u, s);
        u = Math.scalb(Math.scalb(u, k >> 1), k - (k >> 1));
        if (d < -104f) return 0f;
        return 100f < d ? Float.POSITIVE_INFINITY : u;
    }

    /**
     * SLEEF's {@code tanhf} (u10) as its AVX2 build computes it: {@code (e - 1/e) / (e + 1/e)} for {@code e = exp(|x|)}
     * from {@code expk2f}, all in double-float (head, tail) arithmetic with FMAs; 1 beyond 8.664339742, x's sign.
     */
    public static float sleefTanhf(float x) {
        float y = Math.abs(x);
        // d = expk2f((y, 0)): u = (d.x + d.y) * R_LN2, q = rint(u), s = d - q * ln2 (as L2U + L2L)
        int q = (int) Math.rint(y * R_LN2);
        float a = (float) q * -L2U;
        float sx = y + a, v = sx - y, sy = ((y - (sx - v)) + (a - v)) + 0f;      // dfadd2((y, 0), a)
        a = (float) q * -L2L;
        float tx = sx + a;
        v = tx - sx;
        float ty = ((sx - (tx - v)) + (a - v)) + sy;                               // dfadd2(s, a)
        sx = tx;
        sy = ty;
        float u = 0.1980960224e-3f;
        u = Math.fma(u, sx, 0.1394256484e-2f);
        u = Math.fma(u, sx, 0.8333456703e-2f);
        u = Math.fma(u, sx, 0.4166637361e-1f);
        float mx = sx * u, my = Math.fma(sy, u, Math.fma(sx, u, -mx));           // dfmul(s, u)
        a = 0.166666659414234244790680580464e+0f;
        tx = mx + a;
        v = tx - mx;
        ty = ((mx - (tx - v)) + (a - v)) + my;                                     // dfadd2(., 1/6)
        mx = sx * tx;
        my = Math.fma(sx, ty, Math.fma(sy, tx, Math.fma(sx, tx, -mx)));           // dfmul(s, t)
        tx = mx + 0.5f;
        v = tx - mx;
        ty = ((mx - (tx - v)) + (0.5f - v)) + my;                                  // dfadd2(., 0.5)
        float qx = sx * sx, qy = Math.fma(sx + sx, sy, Math.fma(sx, sx, -qx));   // dfsqu(s)
        mx = qx * tx;
        my = Math.fma(qx, ty, Math.fma(qy, tx, Math.fma(qx, tx, -mx)));           // dfmul(s^2, t)
        tx = sx + mx;
        v = tx - sx;
        ty = ((sx - (tx - v)) + (mx - v)) + (sy + my);                             // dfadd2(s, .)
        float rx = 1f + tx, ry = ((1f - rx) + tx) + ty;                            // dfadd(1, t)
        float dx = ldexp2(rx, q), dy = ldexp2(ry, q);
        // e = dfrec(d); d = dfdiv(d - e, d + e)
        float ex = 1f / dx, ey = ex * Math.fma(-dy, ex, Math.fma(-dx, ex, 1f));
        float nx = dx + -ex, ny = (((dx - nx) + -ex) + dy) + -ey;
        float px = dx + ex, py = (((dx - px) + ex) + dy) + ey;
        float t = 1f / px, hx = nx * t;
        float lo = Math.fma(hx, Math.fma(-py, t, Math.fma(-px, t, 1f)), Math.fma(ny, t, Math.fma(t, nx, -hx)));
        float r = hx + lo;
        if (y > 8.664339742f || Float.isNaN(r)) r = 1f;
        return Float.isNaN(x) ? x : Math.copySign(r, x);
    }

    private static float ldexp2(float d, int e) { return d * Math.scalb(1f, e >> 1) * Math.scalb(1f, e - (e >> 1)); }

    private static final long[] EXP2F_TABLE = {
        0x3ff0000000000000L, 0x3fefd9b0d3158574L, 0x3fefb5586cf9890fL, 0x3fef9301d0125b51L,
        0x3fef72b83c7d517bL, 0x3fef54873168b9aaL, 0x3fef387a6e756238L, 0x3fef1e9df51fdee1L,
        0x3fef06fe0a31b715L, 0x3feef1a7373aa9cbL, 0x3feedea64c123422L, 0x3feece086061892dL,
        0x3feebfdad5362a27L, 0x3feeb42b569d4f82L, 0x3feeab07dd485429L, 0x3feea47eb03a5585L,
        0x3feea09e667f3bcdL, 0x3fee9f75e8ec5f74L, 0x3feea11473eb0187L, 0x3feea589994cce13L,
        0x3feeace5422aa0dbL, 0x3feeb737b0cdc5e5L, 0x3feec49182a3f090L, 0x3feed503b23e255dL,
        0x3feee89f995ad3adL, 0x3feeff76f2fb5e47L, 0x3fef199bdd85529cL, 0x3fef3720dcef9069L,
        0x3fef5818dcfba487L, 0x3fef7c97337b9b5fL, 0x3fefa4afa2a490daL, 0x3fefd0765b6e4540L};
    private static final double INV_LN2_N = 0x1.71547652b82fep+5, SHIFT = 0x1.8p+52;
    private static final double C0 = 0x1.c6af84b912394p-20, C1 = 0x1.ebfce50fac4f3p-13, C2 = 0x1.62e42ff0c52d6p-6;
    private static final int TOP12_88 = Float.floatToRawIntBits(88f) >>> 20, TOP12_INF = Float.floatToRawIntBits(Float.POSITIVE_INFINITY) >>> 20;

    /**
     * glibc's {@code expf} (2.27 on; the x86-64 FMA variant its ifunc picks): {@code 2^(k/32) * p(r)} in double from a
     * 32-entry table and a cubic, rounded once to float. Not always the correctly rounded float (about 1 in 10^4
     * arguments near 0 differ from {@code (float) Math.exp(x)}).
     */
    public static float glibcExpf(float x) {
        int abstop = (Float.floatToRawIntBits(x) >>> 20) & 0x7ff;
        if (abstop >= TOP12_88) {
            if (x == Float.NEGATIVE_INFINITY) return 0f;
            if (abstop >= TOP12_INF) return x + x;
            if (x > 0x1.62e42ep6f) return Float.POSITIVE_INFINITY;
            if (x < -0x1.9fe368p6f) return 0f;
        }
        double z = INV_LN2_N * x, kd = z + SHIFT;
        long ki = Double.doubleToRawLongBits(kd);
        kd -= SHIFT;
        double r = z - kd;
        double s = Double.longBitsToDouble(EXP2F_TABLE[(int) (ki & 31)] + (ki << 47));
        double y = Math.fma(Math.fma(C0, r, C1), r * r, Math.fma(C2, r, 1.0));
        return (float) (y * s);
    }
}
