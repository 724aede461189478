package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.core.Shapes;

import static dev.torch4j.backend.cpu.CpuBackend.arr;
import static dev.torch4j.backend.cpu.CpuBackend.loop;

/**
 * Elementwise kernels over the compute dtypes float32, float64, int64 and int32 (the op layer casts others).
 * float32 math runs in double and rounds once, which is at least as accurate as PyTorch's float kernels (see
 * {@link FastLoops#unary} for why the Vector API's transcendental operators are not used).
 */
final class CpuElementwise {
    private CpuElementwise() {}

    /** Rough cost of an op relative to an add, to size the parallel grain. */
    private static int cost(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, RELU, SIGN, FLOOR, CEIL, ROUND, TRUNC, SQUARE, ISNAN, ISINF, ISFINITE, LOGICAL_NOT, BITWISE_NOT -> 1;
            default -> 16;
        };
    }

    /**
     * True when every operand is contiguous with the output's shape: the whole op is then one unit-stride run from
     * each storage offset, which skips coalescing the iteration space (most of the cost of a small op).
     */
    private static boolean flat(Strided[] ops) {
        long[] shape = ops[0].shape();
        for (Strided s : ops) {
            if (s.shape() != shape && !java.util.Arrays.equals(shape, s.shape())) return false;
            if (!Shapes.isContiguous(shape, s.strides())) return false;
        }
        return true;
    }

    /** Runs {@code body} through the strided loop {@code l}, or over the flat range when {@code l} is null. */
    private static void forEach(StridedLoop l, Strided[] ops, int cost, StridedLoop.Run body) {
        if (l != null) {
            l.forEach(cost, body);
            return;
        }
        long n = ops[0].numel();
        if (n == 0) return;
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, cost));
        if (n <= grain) body.run((int) n, offsets(ops, 0));
        else Parallel.parallelFor(0, n, grain, (b, e) -> body.run((int) (e - b), offsets(ops, b)));
    }

    private static int[] offsets(Strided[] ops, long at) {
        int[] of = new int[ops.length];
        for (int k = 0; k < ops.length; k++) of[k] = (int) (ops[k].offset() + at);
        return of;
    }

    static void unary(UnaryOp op, Strided out, Strided in) {
        Strided[] ops = {out, in};
        StridedLoop l = flat(ops) ? null : loop(ops);
        int so = l == null ? 1 : l.innerStride(0), si = l == null ? 1 : l.innerStride(1);
        Object o = arr(out), a = arr(in);
        int c = cost(op);
        if (op.predicate) {
            byte[] y = (byte[]) o;
            DType t = in.dtype();
            if (t.isFloatingPoint()) {
                forEach(l, ops, c, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = (byte) op.applyD(CpuAccess.getD(a, t, of[1] + i * si)); });
            } else {
                forEach(l, ops, c, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = (byte) op.applyL(CpuAccess.getL(a, t, of[1] + i * si)); });
            }
            return;
        }
        switch (in.dtype()) {
            case FLOAT32 -> {
                float[] x = (float[]) a, y = (float[]) o;
                if (op == UnaryOp.NEG) {
                    forEach(l, ops, c, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = -x[of[1] + i * si]; });
                } else if (op == UnaryOp.RELU) {
                    forEach(l, ops, c, (n, of) -> {
                        if (so == 1 && FastLoops.unary(op, n, y, of[0], x, of[1], si)) return;
                        for (int i = 0; i < n; i++) { float v = x[of[1] + i * si]; y[of[0] + i * so] = v > 0 || v != v ? v : 0f; }
                    });
                } else {
                    forEach(l, ops, c, (n, of) -> {
                        if (so == 1 && FastLoops.unary(op, n, y, of[0], x, of[1], si)) return;
                        for (int i = 0; i < n; i++) y[of[0] + i * so] = op.applyF(x[of[1] + i * si]);
                    });
                }
            }
            case FLOAT64 -> {
                double[] x = (double[]) a, y = (double[]) o;
                forEach(l, ops, c, (n, of) -> {
                    if (so == 1 && si == 1 && FastLoopsD.unary(op, n, y, of[0], x, of[1])) return;
                    for (int i = 0; i < n; i++) y[of[0] + i * so] = op.applyD(x[of[1] + i * si]);
                });
            }
            case INT64 -> {
                long[] x = (long[]) a, y = (long[]) o;
                forEach(l, ops, c, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = op.applyL(x[of[1] + i * si]); });
            }
            case INT32 -> {
                int[] x = (int[]) a, y = (int[]) o;
                forEach(l, ops, c, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = (int) op.applyL(x[of[1] + i * si]); });
            }
            default -> throw new IllegalArgumentException(op.opName() + ": no CPU kernel for compute dtype " + in.dtype());
        }
    }

    static void binary(BinaryOp op, Strided out, Strided a, Strided b) {
        Strided[] ops = {out, a, b};
        StridedLoop l = flat(ops) ? null : loop(ops);
        int so = l == null ? 1 : l.innerStride(0), sa = l == null ? 1 : l.innerStride(1), sb = l == null ? 1 : l.innerStride(2);
        Object o = arr(out), x = arr(a), z = arr(b);
        int c = op == BinaryOp.POW || op == BinaryOp.ATAN2 || op == BinaryOp.REMAINDER || op == BinaryOp.GCD || op == BinaryOp.LCM ? 16 : 1;
        DType t = a.dtype();
        if (op.predicate) {
            byte[] y = (byte[]) o;
            if (t.isFloatingPoint()) {
                boolean vec = so == 1 && sa == 1 && (sb | 1) == 1 && (t == DType.FLOAT32 || t == DType.FLOAT64);
                forEach(l, ops, c, (n, of) -> {
                    int i = !vec ? 0 : t == DType.FLOAT32
                            ? FastSelect.compare(op, n, y, of[0], (float[]) x, of[1], (float[]) z, of[2], sb)
                            : FastSelect.compare(op, n, y, of[0], (double[]) x, of[1], (double[]) z, of[2], sb);
                    for (; i < n; i++) y[of[0] + i * so] = (byte) op.applyD(CpuAccess.getD(x, t, of[1] + i * sa), CpuAccess.getD(z, t, of[2] + i * sb));
                });
            } else {
                forEach(l, ops, c, (n, of) -> {
                    for (int i = 0; i < n; i++) y[of[0] + i * so] = (byte) op.applyL(CpuAccess.getL(x, t, of[1] + i * sa), CpuAccess.getL(z, t, of[2] + i * sb));
                });
            }
            return;
        }
        switch (t) {
            case FLOAT32 -> {
                float[] p = (float[]) x, q = (float[]) z, y = (float[]) o;
                forEach(l, ops, c, (n, of) -> {
                    if (so == 1 && (FastLoops.binary(op, n, y, of[0], p, of[1], sa, q, of[2], sb)
                            || FastBinary.binary(op, n, y, of[0], p, of[1], sa, q, of[2], sb))) return;
                    for (int i = 0; i < n; i++) y[of[0] + i * so] = (float) op.applyD(p[of[1] + i * sa], q[of[2] + i * sb]);
                });
            }
            case FLOAT64 -> {
                double[] p = (double[]) x, q = (double[]) z, y = (double[]) o;
                forEach(l, ops, c, (n, of) -> {
                    if (so == 1 && (FastLoops.binary(op, n, y, of[0], p, of[1], sa, q, of[2], sb)
                            || FastBinary.binary(op, n, y, of[0], p, of[1], sa, q, of[2], sb))) return;
                    for (int i = 0; i < n; i++) y[of[0] + i * so] = op.applyD(p[of[1] + i * sa], q[of[2] + i * sb]);
                });
            }
            case INT64 -> {
                long[] p = (long[]) x, q = (long[]) z, y = (long[]) o;
                forEach(l, ops, c, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = op.applyL(p[of[1] + i * sa], q[of[2] + i * sb]); });
            }
            case INT32 -> {
                int[] p = (int[]) x, q = (int[]) z, y = (int[]) o;
                forEach(l, ops, c, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = op.applyI(p[of[1] + i * sa], q[of[2] + i * sb]); });
            }
            default -> throw new IllegalArgumentException(op.opName() + ": no CPU kernel for compute dtype " + t);
        }
    }

    static void where(Strided out, Strided cond, Strided a, Strided b) {
        StridedLoop l = loop(out, cond, a, b);
        int so = l.innerStride(0), sc = l.innerStride(1), sa = l.innerStride(2), sb = l.innerStride(3);
        Object o = arr(out), x = arr(a), z = arr(b);
        byte[] m = (byte[]) arr(cond);
        switch (o) {
            case float[] y -> { float[] p = (float[]) x, q = (float[]) z;
                boolean vec = so == 1 && sc == 1 && (sa | 1) == 1 && (sb | 1) == 1;
                l.forEach(1, (n, of) -> {
                    int i = vec ? FastSelect.where(n, y, of[0], m, of[1], p, of[2], sa, q, of[3], sb) : 0;
                    for (; i < n; i++) y[of[0] + i * so] = m[of[1] + i * sc] != 0 ? p[of[2] + i * sa] : q[of[3] + i * sb];
                }); }
            case double[] y -> { double[] p = (double[]) x, q = (double[]) z;
                boolean vec = so == 1 && sc == 1 && (sa | 1) == 1 && (sb | 1) == 1;
                l.forEach(1, (n, of) -> {
                    int i = vec ? FastSelect.where(n, y, of[0], m, of[1], p, of[2], sa, q, of[3], sb) : 0;
                    for (; i < n; i++) y[of[0] + i * so] = m[of[1] + i * sc] != 0 ? p[of[2] + i * sa] : q[of[3] + i * sb];
                }); }
            case long[] y -> { long[] p = (long[]) x, q = (long[]) z;
                l.forEach(1, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = m[of[1] + i * sc] != 0 ? p[of[2] + i * sa] : q[of[3] + i * sb]; }); }
            case int[] y -> { int[] p = (int[]) x, q = (int[]) z;
                l.forEach(1, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = m[of[1] + i * sc] != 0 ? p[of[2] + i * sa] : q[of[3] + i * sb]; }); }
            case short[] y -> { short[] p = (short[]) x, q = (short[]) z;
                l.forEach(1, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = m[of[1] + i * sc] != 0 ? p[of[2] + i * sa] : q[of[3] + i * sb]; }); }
            case byte[] y -> { byte[] p = (byte[]) x, q = (byte[]) z;
                l.forEach(1, (n, of) -> { for (int i = 0; i < n; i++) y[of[0] + i * so] = m[of[1] + i * sc] != 0 ? p[of[2] + i * sa] : q[of[3] + i * sb]; }); }
            default -> throw new IllegalStateException("unknown carrier " + o.getClass());
        }
    }
}
