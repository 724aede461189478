package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.Strided;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * Cumulative sums and products along one dim. Floating inputs accumulate in double and integer inputs in long,
 * as PyTorch's CPU cumsum does ({@code acc_type<float, false>} is double there). The lines along the dim are
 * split over threads; neighbouring lines whose elements are closer in memory than consecutive elements of one
 * line (a cumsum over dim 0 of a row-major matrix) are scanned together, row by row.
 */
final class CpuScan {
    private CpuScan() {}

    static void scan(ReduceOp op, Strided out, Strided in, int dim) {
        if (op != ReduceOp.SUM && op != ReduceOp.PROD) throw new IllegalArgumentException("scan: unsupported op " + op);
        if (in.numel() == 0) return;
        long len = in.shape()[dim];
        StridedLoop lines = new StridedLoop(Coalesced.excludingDim(dim, in.shape(), out, in), out.offset(), in.offset());
        int lo = lines.innerStride(0), li = lines.innerStride(1);
        int so = (int) out.strides()[dim], si = (int) in.strides()[dim];
        int n = (int) len;
        boolean prod = op == ReduceOp.PROD;
        Object y = arr(out), x = arr(in);
        DType ot = out.dtype(), it = in.dtype();
        boolean floating = it.isFloatingPoint();
        lines.forEach((int) Math.min(Integer.MAX_VALUE, Math.max(1, len)), (m, offs) -> {
            if (m > 1 && Math.abs(li) < Math.abs(si)) {
                if (floating) rowsD(prod, y, ot, offs[0], so, lo, x, it, offs[1], si, li, n, m);
                else rowsL(prod, y, ot, offs[0], so, lo, x, it, offs[1], si, li, n, m);
                return;
            }
            for (int j = 0; j < m; j++) {
                int oo = offs[0] + j * lo, io = offs[1] + j * li;
                if (floating) lineD(prod, y, ot, oo, so, x, it, io, si, n);
                else lineL(prod, y, ot, oo, so, x, it, io, si, n);
            }
        });
    }

    /** One line of a floating scan: typed loops for same-type float32/float64, element access otherwise. */
    private static void lineD(boolean prod, Object y, DType ot, int oo, int so, Object x, DType it, int io, int si, int n) {
        double acc = prod ? 1 : 0;
        if (x instanceof float[] a && y instanceof float[] b) {
            if (prod) for (int t = 0; t < n; t++) { acc *= a[io + t * si]; b[oo + t * so] = (float) acc; }
            else for (int t = 0; t < n; t++) { acc += a[io + t * si]; b[oo + t * so] = (float) acc; }
        } else if (x instanceof double[] a && y instanceof double[] b) {
            if (prod) for (int t = 0; t < n; t++) { acc *= a[io + t * si]; b[oo + t * so] = acc; }
            else for (int t = 0; t < n; t++) { acc += a[io + t * si]; b[oo + t * so] = acc; }
        } else {
            for (int t = 0; t < n; t++) {
                double v = CpuAccess.getD(x, it, io + t * si);
                acc = prod ? acc * v : acc + v;
                CpuAccess.setD(y, ot, oo + t * so, acc);
            }
        }
    }

    private static void lineL(boolean prod, Object y, DType ot, int oo, int so, Object x, DType it, int io, int si, int n) {
        long acc = prod ? 1 : 0;
        if (x instanceof long[] a && y instanceof long[] b) {
            if (prod) for (int t = 0; t < n; t++) { acc *= a[io + t * si]; b[oo + t * so] = acc; }
            else for (int t = 0; t < n; t++) { acc += a[io + t * si]; b[oo + t * so] = acc; }
        } else if (y instanceof long[] b) {
            for (int t = 0; t < n; t++) {
                long v = CpuAccess.getL(x, it, io + t * si);
                acc = prod ? acc * v : acc + v;
                b[oo + t * so] = acc;
            }
        } else {
            for (int t = 0; t < n; t++) {
                long v = CpuAccess.getL(x, it, io + t * si);
                acc = prod ? acc * v : acc + v;
                CpuAccess.setL(y, ot, oo + t * so, acc);
            }
        }
    }

    /** m neighbouring lines scanned together, one position of the dim at a time (a vector of accumulators). */
    private static void rowsD(boolean prod, Object y, DType ot, int oo, int so, int lo, Object x, DType it, int io, int si, int li,
                              int n, int m) {
        double[] acc = new double[m];
        java.util.Arrays.fill(acc, prod ? 1 : 0);
        for (int t = 0; t < n; t++) {
            int ib = io + t * si, ob = oo + t * so;
            if (x instanceof float[] a && y instanceof float[] b) {
                if (prod) for (int j = 0; j < m; j++) { acc[j] *= a[ib + j * li]; b[ob + j * lo] = (float) acc[j]; }
                else for (int j = 0; j < m; j++) { acc[j] += a[ib + j * li]; b[ob + j * lo] = (float) acc[j]; }
            } else if (x instanceof double[] a && y instanceof double[] b) {
                if (prod) for (int j = 0; j < m; j++) { acc[j] *= a[ib + j * li]; b[ob + j * lo] = acc[j]; }
                else for (int j = 0; j < m; j++) { acc[j] += a[ib + j * li]; b[ob + j * lo] = acc[j]; }
            } else {
                for (int j = 0; j < m; j++) {
                    double v = CpuAccess.getD(x, it, ib + j * li);
                    acc[j] = prod ? acc[j] * v : acc[j] + v;
                    CpuAccess.setD(y, ot, ob + j * lo, acc[j]);
                }
            }
        }
    }

    private static void rowsL(boolean prod, Object y, DType ot, int oo, int so, int lo, Object x, DType it, int io, int si, int li,
                              int n, int m) {
        long[] acc = new long[m];
        java.util.Arrays.fill(acc, prod ? 1 : 0);
        for (int t = 0; t < n; t++) {
            int ib = io + t * si, ob = oo + t * so;
            if (x instanceof long[] a && y instanceof long[] b) {
                if (prod) for (int j = 0; j < m; j++) { acc[j] *= a[ib + j * li]; b[ob + j * lo] = acc[j]; }
                else for (int j = 0; j < m; j++) { acc[j] += a[ib + j * li]; b[ob + j * lo] = acc[j]; }
            } else {
                for (int j = 0; j < m; j++) {
                    long v = CpuAccess.getL(x, it, ib + j * li);
                    acc[j] = prod ? acc[j] * v : acc[j] + v;
                    CpuAccess.setL(y, ot, ob + j * lo, acc[j]);
                }
            }
        }
    }
}
