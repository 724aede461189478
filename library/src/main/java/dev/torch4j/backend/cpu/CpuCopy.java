package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;
import dev.torch4j.core.Half;

import static dev.torch4j.backend.cpu.CpuBackend.arr;
import static dev.torch4j.backend.cpu.CpuBackend.loop;

/** Strided copies, dtype casts and fills. */
final class CpuCopy {
    private CpuCopy() {}

    static void copy(Strided dst, Strided src) {
        StridedLoop l = loop(dst, src);
        Object d = arr(dst), s = arr(src);
        int ds = l.innerStride(0), ss = l.innerStride(1);
        DType dt = dst.dtype(), st = src.dtype();
        if (dt == st) {
            if (ss != 1 && ds == 1 && CpuTranspose.copy(dst, src)) return;
            l.forEach(1, (n, o) -> sameType(d, o[0], ds, s, o[1], ss, n));
            return;
        }
        boolean viaLong = !dt.isFloatingPoint() && !st.isFloatingPoint();
        if (viaLong) {
            l.forEach(2, (n, o) -> {
                for (int i = 0; i < n; i++) CpuAccess.setL(d, dt, o[0] + i * ds, CpuAccess.getL(s, st, o[1] + i * ss));
            });
        } else if (st == DType.FLOAT32 && dt == DType.FLOAT64) {
            float[] x = (float[]) s;
            double[] y = (double[]) d;
            l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = x[o[1] + i * ss]; });
        } else if (st == DType.FLOAT64 && dt == DType.FLOAT32) {
            double[] x = (double[]) s;
            float[] y = (float[]) d;
            l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = (float) x[o[1] + i * ss]; });
        } else if (st == DType.INT64 && dt == DType.FLOAT32) {
            long[] x = (long[]) s;
            float[] y = (float[]) d;
            l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = (float) x[o[1] + i * ss]; });
        } else if (!st.isFloatingPoint()) {
            // integer to floating: go through long so int64 keeps its exact value until the final rounding
            l.forEach(2, (n, o) -> {
                for (int i = 0; i < n; i++) CpuAccess.setD(d, dt, o[0] + i * ds, CpuAccess.getL(s, st, o[1] + i * ss));
            });
        } else {
            l.forEach(2, (n, o) -> {
                for (int i = 0; i < n; i++) CpuAccess.setD(d, dt, o[0] + i * ds, CpuAccess.getD(s, st, o[1] + i * ss));
            });
        }
    }

    /** {@code d[doff + i*ds] = s[soff + i*ss]} for i in [0, n), arrays of one carrier. */
    static void sameType(Object d, int doff, int ds, Object s, int soff, int ss, int n) {
        if (ds == 1 && ss == 1) {
            System.arraycopy(s, soff, d, doff, n);
            return;
        }
        switch (d) {
            case float[] y -> { float[] x = (float[]) s; for (int i = 0; i < n; i++) y[doff + i * ds] = x[soff + i * ss]; }
            case double[] y -> { double[] x = (double[]) s; for (int i = 0; i < n; i++) y[doff + i * ds] = x[soff + i * ss]; }
            case long[] y -> { long[] x = (long[]) s; for (int i = 0; i < n; i++) y[doff + i * ds] = x[soff + i * ss]; }
            case int[] y -> { int[] x = (int[]) s; for (int i = 0; i < n; i++) y[doff + i * ds] = x[soff + i * ss]; }
            case short[] y -> { short[] x = (short[]) s; for (int i = 0; i < n; i++) y[doff + i * ds] = x[soff + i * ss]; }
            case byte[] y -> { byte[] x = (byte[]) s; for (int i = 0; i < n; i++) y[doff + i * ds] = x[soff + i * ss]; }
            default -> throw new IllegalStateException("unknown carrier " + d.getClass());
        }
    }

    static void fill(Strided dst, double v) {
        DType t = dst.dtype();
        if (!t.isFloatingPoint() && t != DType.BOOL) {
            fillLong(dst, (long) v);
            return;
        }
        StridedLoop l = loop(dst);
        Object d = arr(dst);
        int ds = l.innerStride(0);
        switch (t) {
            case FLOAT32 -> { float[] y = (float[]) d; float f = (float) v; l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = f; }); }
            case FLOAT64 -> { double[] y = (double[]) d; l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = v; }); }
            case FLOAT16 -> fillShort(l, (short[]) d, ds, Half.floatToF16((float) v));
            case BFLOAT16 -> fillShort(l, (short[]) d, ds, Half.floatToBf16((float) v));
            default -> fillByte(l, (byte[]) d, ds, (byte) (v != 0 ? 1 : 0));
        }
    }

    static void fillLong(Strided dst, long v) {
        StridedLoop l = loop(dst);
        Object d = arr(dst);
        int ds = l.innerStride(0);
        switch (dst.dtype()) {
            case INT64 -> { long[] y = (long[]) d; l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = v; }); }
            case INT32 -> { int[] y = (int[]) d; int f = (int) v; l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = f; }); }
            case INT16 -> fillShort(l, (short[]) d, ds, (short) v);
            case INT8, UINT8 -> fillByte(l, (byte[]) d, ds, (byte) v);
            case BOOL -> fillByte(l, (byte[]) d, ds, (byte) (v != 0 ? 1 : 0));
            default -> fill(dst, (double) v);
        }
    }

    private static void fillShort(StridedLoop l, short[] y, int ds, short v) {
        l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = v; });
    }

    private static void fillByte(StridedLoop l, byte[] y, int ds, byte v) {
        l.forEach(1, (n, o) -> { for (int i = 0; i < n; i++) y[o[0] + i * ds] = v; });
    }
}
