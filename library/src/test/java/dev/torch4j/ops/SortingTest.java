package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * sort / argsort / topk against a reference stable sort written here (Java's object sort is stable), on every
 * dtype, lengths around the merge sort's run size, many ties, NaN and signed zeros, non-contiguous inputs and
 * many lines. Values against PyTorch itself: {@link ReductionsGoldenTest}.
 */
class SortingTest {

    /** PyTorch's order: NaN above everything, -0.0 equal to 0.0. */
    private static final Comparator<Double> TORCH_ORDER = (a, b) -> {
        boolean na = Double.isNaN(a), nb = Double.isNaN(b);
        if (na || nb) return Boolean.compare(na, nb);
        return a < b ? -1 : a > b ? 1 : 0;
    };

    /** The stable order of one line: positions sorted by value, equal values in position order. */
    private static int[] referenceOrder(double[] line, boolean descending) {
        Integer[] pos = new Integer[line.length];
        for (int i = 0; i < pos.length; i++) pos[i] = i;
        Comparator<Integer> byValue = (i, j) -> TORCH_ORDER.compare(line[i], line[j]);
        Arrays.sort(pos, descending ? byValue.reversed() : byValue);
        return Arrays.stream(pos).mapToInt(Integer::intValue).toArray();
    }

    private static Tensor randomLine(DType dt, int n, int distinct, Random rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(distinct) - distinct / 2;
            if (dt.isFloatingPoint()) {
                int r = rnd.nextInt(40);
                if (r == 0) v[i] = Double.NaN;
                else if (r == 1) v[i] = -0.0;
                else if (r == 2) v[i] = rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                else v[i] /= 4;
            }
            if (dt == DType.BOOL) v[i] = rnd.nextInt(2);
            if (dt == DType.UINT8) v[i] = rnd.nextInt(256);
        }
        return Torch.fromArray(v).to(dt);
    }

    @Test
    void stableOnEveryDtypeAndLength() {
        Random rnd = new Random(5);
        for (DType dt : dev.torch4j.testing.RealDTypes.values()) {
            for (int n : new int[] {0, 1, 2, 31, 32, 33, 64, 65, 100, 1000, 40_000}) {
                for (int distinct : new int[] {3, 1_000_000}) {
                    Tensor x = randomLine(dt, n, distinct, rnd);
                    for (boolean desc : new boolean[] {false, true}) checkLines(x, 0, desc);
                }
            }
        }
    }

    @Test
    void manyLinesAndLayouts() {
        Random rnd = new Random(6);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32}) {
            Tensor m = randomLine(dt, 300 * 200, 50, rnd).reshape(300, 200);
            Tensor[] views = {m, m.t(), m.reshape(30, 10, 200).permute(2, 0, 1), m.asStrided(new long[] {100, 50}, new long[] {400, 3}, 7),
                    m.select(1, 3).unsqueeze(1).expand(300, 4)};
            for (Tensor v : views) {
                for (int d = 0; d < v.dim(); d++) {
                    checkLines(v, d, false);
                    checkLines(v, d, true);
                }
            }
        }
    }

    /** Sorts x along dim and checks every line against the reference. */
    private static void checkLines(Tensor x, int dim, boolean desc) {
        ValuesIndices s = x.sort(dim, desc, true);
        assertEquals(x.dtype(), s.values().dtype());
        assertEquals(DType.INT64, s.indices().dtype());
        assertArrayEquals(x.shapeArray(), s.values().shapeArray());
        Tensor xl = dimLast(x, dim), vl = dimLast(s.values(), dim), il = dimLast(s.indices(), dim);
        int n = x.dim() == 0 ? 1 : (int) x.size(dim);
        if (n == 0) return;
        double[] xv = xl.toDoubleArray(), vv = vl.toDoubleArray();
        long[] iv = il.toLongArray();
        for (int line = 0; line < xv.length / n; line++) {
            double[] in = Arrays.copyOfRange(xv, line * n, line * n + n);
            int[] order = referenceOrder(in, desc);
            for (int p = 0; p < n; p++) {
                if (order[p] != iv[line * n + p] || Double.compare(in[order[p]], vv[line * n + p]) != 0) {
                    fail(x.dtype() + " " + x.shape() + " dim " + dim + (desc ? " desc" : "") + " line " + line + " pos " + p
                            + ": expected index " + order[p] + " (value " + in[order[p]] + ") but got " + iv[line * n + p]
                            + " (value " + vv[line * n + p] + ")");
                }
            }
        }
        assertArrayEquals(s.indices().toLongArray(), x.argsort(dim, desc, true).toLongArray());
    }

    /** A view with {@code dim} moved last, so row-major order walks each line in turn. */
    private static Tensor dimLast(Tensor t, int dim) {
        if (t.dim() == 0) return t.reshape(1);
        long[] perm = new long[t.dim()];
        for (int d = 0, k = 0; d < t.dim(); d++) if (d != dim) perm[k++] = d;
        perm[t.dim() - 1] = dim;
        return t.permute(perm);
    }

    @Test
    void topkIsTheSortedPrefix() {
        Random rnd = new Random(7);
        Tensor x = randomLine(DType.FLOAT32, 50 * 40, 1000, rnd).reshape(50, 40);
        for (int dim = 0; dim < 2; dim++) {
            for (boolean largest : new boolean[] {true, false}) {
                ValuesIndices s = x.sort(dim, largest, true);
                for (long k : new long[] {0, 1, 7, x.size(dim)}) {
                    ValuesIndices t = x.topk(k, dim, largest, true);
                    assertArrayEquals(s.values().narrow(dim, 0, k).toDoubleArray(), t.values().toDoubleArray());
                    assertArrayEquals(s.indices().narrow(dim, 0, k).toLongArray(), t.indices().toLongArray());
                    assertEquals(k, t.values().size(dim));
                }
            }
        }
    }

    /** k up to a quarter of the line goes through the CPU's selection: still exactly the stable sort's prefix. */
    @Test
    void topkBySelectionIsTheSortedPrefix() {
        Random rnd = new Random(8);
        for (DType dt : dev.torch4j.testing.RealDTypes.values()) {
            if (dt == DType.BOOL) continue;
            for (int distinct : new int[] {3, 50, 1_000_000}) {
                Tensor m = randomLine(dt, 64 * 120, distinct, rnd).reshape(64, 120);
                Tensor[] views = {m, m.t(), m.reshape(8, 8, 120).permute(2, 0, 1)};
                for (Tensor v : views) checkTopk(v);
            }
        }
        // ascending and descending lines: every element enters the heap
        Tensor up = Torch.arange(4000).to(DType.FLOAT32).reshape(2, 2000);
        checkTopk(up);
        checkTopk(up.neg());
    }

    private static void checkTopk(Tensor x) {
        for (int dim = 0; dim < x.dim(); dim++) {
            long n = x.size(dim);
            for (boolean largest : new boolean[] {true, false}) {
                ValuesIndices s = x.sort(dim, largest, true);
                for (long k : new long[] {1, 2, 5, n / 4}) {
                    if (k < 1 || k > n) continue;
                    ValuesIndices t = x.topk(k, dim, largest, true);
                    String what = x.dtype() + " " + x.shape() + " dim " + dim + " k " + k + (largest ? " largest" : "");
                    assertArrayEquals(s.values().narrow(dim, 0, k).toDoubleArray(), t.values().toDoubleArray(), what);
                    assertArrayEquals(s.indices().narrow(dim, 0, k).toLongArray(), t.indices().toLongArray(), what);
                }
            }
        }
    }

    @Test
    void nanSortsLargestAndSignedZerosTie() {
        Tensor x = Torch.tensor(new double[] {2, Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.NaN, -0.0});
        ValuesIndices asc = x.sort(0, false, true);
        assertArrayEquals(new long[] {4, 2, 3, 6, 0, 1, 5}, asc.indices().toLongArray());
        ValuesIndices desc = x.sort(0, true, true);
        assertArrayEquals(new long[] {1, 5, 0, 2, 3, 6, 4}, desc.indices().toLongArray());
        // the values keep their sign bits: they are the input's elements
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(asc.values().toDoubleArray()[1]));
        assertArrayEquals(new long[] {1, 5}, x.topk(2).indices().toLongArray());
        assertArrayEquals(new long[] {4, 2}, x.topk(2, 0, false, true).indices().toLongArray());
    }

    @Test
    void zeroDimAndEmpty() {
        ValuesIndices s = Torch.tensor(3.0).sort();
        assertEquals(0, s.values().dim());
        assertEquals(3.0, s.values().item());
        assertEquals(0L, s.indices().itemLong());
        assertEquals(0, Torch.tensor(3.0).topk(0).values().dim(), "a 0-d input always yields its element, as in PyTorch");
        assertArrayEquals(new long[] {0, 3}, Torch.zeros(0, 3).sort(1).indices().shapeArray());
        assertArrayEquals(new long[] {3, 0}, Torch.zeros(3, 4).topk(0).values().shapeArray());
    }

    @Test
    void errors() {
        Tensor x = Torch.zeros(2, 3);
        RuntimeException e = assertThrows(IndexOutOfBoundsException.class, () -> x.sort(2));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> x.topk(-1));
        assertEquals("topk: selected index k out of range (k = -1, dim 1 of shape [2, 3] has size 3)", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> Torch.zeros(2, 3).to(DType.BOOL).topk(1));
        assertEquals("\"topk_cpu\" not implemented for 'Bool'", e.getMessage());
    }
}
