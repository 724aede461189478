package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reduction and scan kernels against a plain reference written here (every dim subset, every op, layouts
 * large enough to take the parallel, chunked and vertical paths), plus dtype rules, API forms and the errors the
 * goldens cannot hold (PyTorch 2.x behaviour). Values against PyTorch itself: {@link ReductionsGoldenTest}.
 */
class ReductionsTest {
    private static final ReduceOp[] OPS = ReduceOp.values();

    // ---------------------------------------------------------------- kernel vs reference

    /** Layouts of a logical tensor: contiguous, transposed, permuted, stepped, expanded; some big enough to split. */
    private static List<Tensor> layouts(DType dtype, Random rnd, boolean big) {
        int s = big ? 1 : 0;
        List<Tensor> out = new ArrayList<>();
        out.add(data(dtype, rnd, big ? new long[] {1_000_003} : new long[] {37}));
        out.add(data(dtype, rnd, big ? new long[] {3, 100_003} : new long[] {3, 41}));
        out.add(data(dtype, rnd, big ? new long[] {700, 400} : new long[] {70, 40}));
        out.add(data(dtype, rnd, big ? new long[] {400, 700} : new long[] {40, 17}).t());
        out.add(data(dtype, rnd, new long[] {20 + 30 * s, 6, 50}).permute(2, 0, 1));
        out.add(data(dtype, rnd, new long[] {1, 300}).expand(big ? 4000 : 40, 300));
        Tensor base = data(dtype, rnd, new long[] {60, 80});
        out.add(base.asStrided(new long[] {30, 40}, new long[] {160, 2}, 1));
        out.add(data(dtype, rnd, new long[] {2, 1, 3, 1, 5}));
        out.add(data(dtype, rnd, new long[] {}));
        out.add(data(dtype, rnd, new long[] {3, 0, 4}));
        return out;
    }

    /** Random data: gaussians (float), small integers, sparse masks, values near 1 in magnitude for products. */
    private static Tensor data(DType dtype, Random rnd, long[] shape) {
        int n = (int) dev.torch4j.core.Shapes.numel(shape);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case BOOL -> rnd.nextInt(50) == 0 ? 1 : 0;
                case UINT8 -> rnd.nextInt(256);
                case FLOAT16, BFLOAT16 -> Math.rint(rnd.nextGaussian() * 8) / 8;
                default -> dtype.isFloatingPoint() ? rnd.nextGaussian() : rnd.nextInt(21) - 10;
            };
            if (rnd.nextInt(100) == 0) v[i] = 0;
        }
        return Torch.fromArray(v).to(dtype).reshape(shape);
    }

    /** Elements of magnitude 1 (so a product of a million of them is exact): +-1, or 1 for unsigned dtypes. */
    private static Tensor signs(Tensor like, Random rnd) {
        double[] v = new double[(int) like.numel()];
        boolean signed = like.dtype().isSigned();
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextBoolean() || !signed ? 1 : -1;
        return Torch.fromArray(v).to(like.dtype()).reshape(like.shapeArray());
    }

    @Test
    void everyOpOverEveryDimSubsetMatchesTheReference() {
        Random rnd = new Random(1);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.BOOL, DType.UINT8,
                DType.FLOAT16, DType.INT8}) {
            boolean big = dt == DType.FLOAT32;
            for (Tensor x : layouts(dt, rnd, big)) checkAllSubsets(x, rnd);
        }
    }

    @Test
    void nanPropagatesThroughTheVectorLoops() {
        // one NaN (or inf) at positions in the vector body, the tail, and each chunk of a parallel reduction
        Random rnd = new Random(4);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {7, 64, 1001, 200_003}) {
                for (int pos : new int[] {0, 5, n / 2, n - 1}) {
                    for (double special : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                        double[] v = new double[n];
                        for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
                        v[Math.min(pos, n - 1)] = special;
                        Tensor line = Torch.fromArray(v).to(dt);
                        // a column too: the same values down dim 0 of a [n, 20] matrix (the vertical loops)
                        Tensor col = line.unsqueeze(1).expand(n, 20).contiguous();
                        for (Tensor x : new Tensor[] {line, col}) {
                            boolean[] mask = new boolean[x.dim()];
                            mask[0] = true;
                            Mapping map = new Mapping(x.shapeArray(), mask);
                            double[] xd = x.toDoubleArray();
                            // (not PROD: a product of 200k gaussians under- or overflows, and inf * 0 depends on the order)
                            for (ReduceOp op : OPS) if (op != ReduceOp.PROD) checkOne(op, x, mask, reference(op, xd, map));
                        }
                    }
                }
            }
        }
    }

    @Test
    void chunkedPathsWithOtherThreadCounts() {
        int before = Torch.getNumThreads();
        try {
            for (int threads : new int[] {1, 3, 8}) {
                Torch.setNumThreads(threads);
                Random rnd = new Random(threads);
                for (Tensor x : layouts(DType.FLOAT64, rnd, true).subList(0, 3)) checkAllSubsets(x, rnd);
            }
        } finally {
            Torch.setNumThreads(before);
        }
    }

    private static void checkAllSubsets(Tensor x, Random rnd) {
        int nd = x.dim();
        Tensor sg = signs(x, rnd);
        double[] xd = x.toDoubleArray(), sd = sg.toDoubleArray();
        for (int bits = 0; bits < 1 << nd; bits++) {
            boolean[] mask = new boolean[nd];
            for (int d = 0; d < nd; d++) mask[d] = (bits >> d & 1) != 0;
            Mapping map = new Mapping(x.shapeArray(), mask);
            for (ReduceOp op : OPS) {
                boolean noIdentity = op != ReduceOp.SUM && op != ReduceOp.PROD && op != ReduceOp.ANY && op != ReduceOp.ALL;
                if (noIdentity && hasEmptyReducedDim(x, mask)) continue;
                boolean prod = op == ReduceOp.PROD;
                checkOne(op, prod ? sg : x, mask, reference(op, prod ? sd : xd, map));
            }
        }
    }

    private static boolean hasEmptyReducedDim(Tensor t, boolean[] mask) {
        for (int d = 0; d < mask.length; d++) if (mask[d] && t.size(d) == 0) return true;
        return false;
    }

    private static void checkOne(ReduceOp op, Tensor x, boolean[] mask, double[][] ref) {
        DType outType = switch (op) {
            case ARGMAX, ARGMIN -> DType.INT64;
            case ANY, ALL -> DType.BOOL;
            case SUM, PROD -> x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
            default -> x.dtype();
        };
        Tensor got = Reductions.reduce(op, x, mask, true, outType);
        double[] g = got.toDoubleArray();
        double[] want = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? ref[1] : ref[0];
        if (outType == DType.FLOAT16 || outType == DType.FLOAT32) want = Torch.fromArray(want.clone()).to(outType).toDoubleArray();
        assertEquals(want.length, g.length);
        for (int i = 0; i < g.length; i++) {
            double e = want[i];
            // sums add in another order (and round once to the output dtype): allow for that, nothing more
            // (a million float64 additions in any order stay well within 1e-10 of the sum of magnitudes)
            double tol = 0;
            if (op == ReduceOp.SUM && outType == DType.FLOAT64) tol = 1e-10 * ref[2][i];
            // float32 adds runs of 8 in float32 before accumulating in float64 (Note [float sums] in CpuReduce):
            // at most 3 float32 roundings per element
            if (op == ReduceOp.SUM && outType == DType.FLOAT32) tol = (1e-10 + 3 * 0x1p-24) * ref[2][i] + Math.ulp((float) e);
            if (op == ReduceOp.SUM && outType == DType.FLOAT16) tol = Math.abs(e) * 1e-3;
            if (!(Double.compare(e, g[i]) == 0 || Math.abs(e - g[i]) <= tol)) {
                fail(op + " over " + java.util.Arrays.toString(mask) + " of " + x.dtype() + x.shape() + " strides "
                        + java.util.Arrays.toString(x.stride()) + ": output " + i + " expected " + e + " but was " + g[i]);
            }
        }
    }

    /** For each element in row-major order: its output (row-major in the keepdim shape) and its reduced index. */
    private static final class Mapping {
        final int[] out;
        final long[] red;
        final int outputs;

        Mapping(long[] shape, boolean[] mask) {
            int nd = shape.length, n = (int) dev.torch4j.core.Shapes.numel(shape);
            long[] keep = shape.clone();
            for (int d = 0; d < nd; d++) if (mask[d]) keep[d] = 1;
            outputs = (int) dev.torch4j.core.Shapes.numel(keep);
            out = new int[n];
            red = new long[n];
            long[] c = new long[nd];
            for (int i = 0; i < n; i++) {
                long rem = i;
                for (int d = nd - 1; d >= 0; d--) { c[d] = rem % shape[d]; rem /= shape[d]; }
                int o = 0;
                long r = 0;
                for (int d = 0; d < nd; d++) {
                    o = (int) (o * keep[d] + (mask[d] ? 0 : c[d]));
                    if (mask[d]) r = r * shape[d] + c[d];
                }
                out[i] = o;
                red[i] = r;
            }
        }
    }

    /**
     * The reduction computed the obvious way in double: {values, first-occurrence indices, sum of |x|} per output,
     * in row-major order of the keepdim shape. The index counts the reduced dims row-major in logical order.
     */
    private static double[][] reference(ReduceOp op, double[] data, Mapping map) {
        int outs = map.outputs;
        double[] acc = new double[outs], idx = new double[outs], abs = new double[outs];
        boolean[] seen = new boolean[outs];
        java.util.Arrays.fill(acc, switch (op) {
            case SUM, ANY -> 0;
            case PROD, ALL -> 1;
            default -> Double.NaN; // "nothing seen yet", tracked by seen[]
        });
        boolean max = op == ReduceOp.MAX || op == ReduceOp.ARGMAX;
        for (int i = 0; i < data.length; i++) {
            int o = map.out[i];
            double v = data[i];
            abs[o] += Math.abs(v);
            switch (op) {
                case SUM -> acc[o] += v;
                case PROD -> acc[o] *= v;
                case ANY -> acc[o] = acc[o] != 0 || v != 0 ? 1 : 0;
                case ALL -> acc[o] = acc[o] != 0 && v != 0 ? 1 : 0;
                default -> {
                    double a = acc[o];
                    boolean take = !seen[o] || (!Double.isNaN(a) && (Double.isNaN(v) || (max ? v > a : v < a)));
                    if (take) { acc[o] = v; idx[o] = map.red[i]; seen[o] = true; }
                }
            }
        }
        return new double[][] {acc, idx, abs};
    }

    @Test
    void scansMatchTheReferenceAlongEveryDim() {
        Random rnd = new Random(2);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.BOOL, DType.FLOAT16}) {
            List<Tensor> xs = List.of(data(dt, rnd, new long[] {300, 500}), data(dt, rnd, new long[] {500, 300}).t(),
                    data(dt, rnd, new long[] {3, 30_000}), data(dt, rnd, new long[] {4, 5, 6}).permute(1, 2, 0),
                    data(dt, rnd, new long[] {7}), data(dt, rnd, new long[] {0, 3}));
            for (Tensor x : xs) {
                for (int d = 0; d < x.dim(); d++) {
                    checkScan(x, d, false);
                    checkScan(signs(x, rnd), d, true);
                }
            }
        }
    }

    private static void checkScan(Tensor x, int dim, boolean prod) {
        Tensor got = prod ? x.cumprod(dim) : x.cumsum(dim);
        DType want = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        assertEquals(want, got.dtype());
        assertArrayEquals(x.shapeArray(), got.shapeArray());
        double[] v = x.toDoubleArray(), g = got.toDoubleArray();
        long[] shape = x.shapeArray();
        long inner = 1;
        for (int d = dim + 1; d < shape.length; d++) inner *= shape[d];
        long len = shape[dim];
        double[] e = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            long pos = i / inner % len;
            e[i] = pos == 0 ? v[i] : prod ? e[(int) (i - inner)] * v[i] : e[(int) (i - inner)] + v[i];
        }
        for (int i = 0; i < v.length; i++) {
            double exp = x.dtype() == DType.FLOAT32 ? (float) e[i] : x.dtype() == DType.FLOAT16 ? Torch.tensor(e[i]).to(DType.FLOAT16).item() : e[i];
            double tol = x.dtype() == DType.FLOAT16 ? 1e-3 * Math.abs(exp) + 1e-3 : 0;
            if (!(Double.compare(exp, g[i]) == 0 || Math.abs(exp - g[i]) <= tol)) {
                fail((prod ? "cumprod" : "cumsum") + " dim " + dim + " of " + x.dtype() + x.shape() + " element " + i + ": expected " + exp + " but was " + g[i]);
            }
        }
    }

    @Test
    void softmaxOfLargeRowsAndColumns() {
        Random rnd = new Random(3);
        Tensor x = data(DType.FLOAT64, rnd, new long[] {1000, 37}).mul(30.0);
        for (Tensor v : new Tensor[] {x, x.t()}) {
            for (int dim = 0; dim < 2; dim++) {
                double[] p = v.softmax(dim).toDoubleArray(), lp = v.logSoftmax(dim).toDoubleArray(), a = v.toDoubleArray();
                long[] s = v.shapeArray();
                int rows = (int) s[0], cols = (int) s[1];
                for (int line = 0; line < (dim == 1 ? rows : cols); line++) {
                    int n = dim == 1 ? cols : rows;
                    double m = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int k = 0; k < n; k++) m = Math.max(m, a[dim == 1 ? line * cols + k : k * cols + line]);
                    for (int k = 0; k < n; k++) sum += Math.exp(a[dim == 1 ? line * cols + k : k * cols + line] - m);
                    for (int k = 0; k < n; k++) {
                        int i = dim == 1 ? line * cols + k : k * cols + line;
                        assertEquals(Math.exp(a[i] - m) / sum, p[i], 1e-12);
                        assertEquals(a[i] - m - Math.log(sum), lp[i], 1e-9);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- dtype rules and API forms

    @Test
    void dtypeRules() {
        Tensor i32 = Torch.tensor(new int[] {1, 2, 3}).to(DType.INT32);
        assertEquals(DType.INT64, i32.sum().dtype());
        assertEquals(DType.INT64, i32.prod().dtype());
        assertEquals(DType.INT64, i32.cumsum(0).dtype());
        assertEquals(DType.INT32, i32.amax().dtype());
        assertEquals(DType.INT64, Torch.tensor(new boolean[] {true, true}).sum().dtype());
        assertEquals(2L, Torch.tensor(new boolean[] {true, true}).sum().itemLong());
        assertEquals(DType.FLOAT64, i32.mean(new long[0], false, DType.FLOAT64).dtype());
        assertEquals(2.0, i32.mean(new long[0], false, DType.FLOAT64).item());
        assertEquals(DType.FLOAT32, i32.logsumexp(0).dtype(), "integers promote to the default float dtype");
        assertEquals(DType.UINT8, Torch.tensor(new int[] {1, 2}).to(DType.UINT8).all().dtype());
        assertEquals(DType.BOOL, Torch.tensor(new int[] {1, 2}).all().dtype());
        assertEquals(DType.FLOAT64, Torch.tensor(new int[] {1, 2}).softmax(0, DType.FLOAT64).dtype());
        assertEquals(DType.FLOAT16, Torch.tensor(new double[] {1, 2}).to(DType.FLOAT16).sum().dtype());
        assertEquals(DType.INT64, Torch.tensor(new double[] {1.5, 2.5}).argmax().dtype());
        assertEquals(DType.INT64, Torch.tensor(new double[] {1.5, 2.5}).countNonzero().dtype());
        // cumsum of float16: PyTorch 2.2+ has a CPU kernel (pytorch/pytorch#103319; 1.13 had none)
        assertArrayEquals(new double[] {1, 3.5}, Torch.tensor(new double[] {1, 2.5}).to(DType.FLOAT16).cumsum(0).toDoubleArray());
    }

    @Test
    void torchStaticFormsDelegate() {
        Tensor x = Torch.tensor(new double[][] {{1, 5, 2}, {4, 3, 6}});
        assertEquals(21.0, Torch.sum(x).item());
        assertArrayEquals(new double[] {8, 13}, Torch.sum(x, 1).toDoubleArray());
        assertArrayEquals(new long[] {1, 3}, Torch.sum(x, 0, true).shapeArray());
        assertEquals(3.5, Torch.mean(x).item());
        assertEquals(720.0, Torch.prod(x).item());
        assertEquals(6.0, Torch.max(x).item());
        ValuesIndices m = Torch.max(x, 1);
        assertArrayEquals(new double[] {5, 6}, m.values().toDoubleArray());
        assertArrayEquals(new long[] {1, 2}, m.indices().toLongArray());
        assertArrayEquals(new double[] {4, 5, 6}, Torch.max(x.select(0, 0), x.select(0, 1)).toDoubleArray());
        assertArrayEquals(new long[] {0, 1, 0}, Torch.argmin(x, 0).toLongArray());
        assertEquals(5L, Torch.argmax(x).itemLong());
        assertArrayEquals(new double[] {1, 3, 2}, Torch.amin(x, 0).toDoubleArray());
        assertEquals(Math.sqrt(91), Torch.norm(x).item(), 1e-6);
        assertEquals(6.0, Torch.norm(x, Double.POSITIVE_INFINITY).item());
        assertTrue(Torch.all(x).itemBool());
        assertArrayEquals(new double[] {1, 6, 8}, Torch.cumsum(x.select(0, 0), 0).toDoubleArray());
        assertArrayEquals(new double[] {1, 5, 10}, Torch.cumprod(x.select(0, 0), 0).toDoubleArray());
        assertEquals(1.0, Torch.softmax(x, 1).sum(1).toDoubleArray()[1], 1e-6);
        assertItem(3.5, Torch.var(x), 1e-6);
        ValuesIndices s = Torch.sort(x, 1, true);
        assertArrayEquals(new double[] {5, 2, 1, 6, 4, 3}, s.values().toDoubleArray());
        assertArrayEquals(new long[] {1, 2, 0, 2, 0, 1}, Torch.argsort(x, 1, true).toLongArray());
        assertArrayEquals(new double[] {6, 5}, Torch.topk(x.flatten(), 2).values().toDoubleArray());
    }

    private static void assertItem(double expected, Tensor actual, double tol) {
        assertEquals(expected, actual.item(), tol);
    }

    @Test
    void keepdimAndDimForms() {
        Tensor x = Torch.arange(24L).reshape(2, 3, 4).to(DType.FLOAT64);
        assertArrayEquals(new long[] {3}, x.sum(0, 2).shapeArray());
        assertArrayEquals(new long[] {1, 3, 1}, x.sum(new long[] {0, -1}, true).shapeArray());
        assertArrayEquals(new long[] {1, 1, 1}, x.amax(new long[0], true).shapeArray());
        assertArrayEquals(new long[] {2, 1, 4}, x.std(new long[] {1}, true, true).shapeArray());
        assertArrayEquals(new long[] {2, 4}, x.norm(2, 1).shapeArray());
        assertArrayEquals(new long[] {1, 1, 1}, Reductions.argmax(x, null, true).shapeArray());
        assertArrayEquals(new double[] {60, 66, 72, 78}, x.sum(0, 1).toDoubleArray());
    }

    // ---------------------------------------------------------------- errors not covered by the goldens

    @Test
    void normFollowsPyTorch2Errors() {
        // PyTorch 2.x sends torch.norm to linalg.vector_norm (1.13 had its own messages and returned 0 for the empty cases)
        RuntimeException e = assertThrows(RuntimeException.class, () -> Torch.tensor(new long[] {1, 2}).norm());
        assertEquals("linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> Torch.zeros(2, 0).norm(Double.POSITIVE_INFINITY));
        assertEquals("linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does not have an identity", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> Torch.zeros(2, 0).norm(-1, 1));
        assertTrue(e.getMessage().startsWith("linalg.vector_norm cannot compute the -1 norm on the dimension 1 because this dimension is empty"), e.getMessage());
        // only the batch dim empty: fine, as in 2.x
        assertArrayEquals(new long[] {0}, Torch.zeros(0, 5).norm(Double.POSITIVE_INFINITY, 1).shapeArray());
        assertEquals(0.0, Torch.zeros(0, 5).norm(0).item());
    }

    @Test
    void errorsNameTheOpAndOperands() {
        Tensor x = Torch.zeros(2, 3);
        RuntimeException e = assertThrows(RuntimeException.class, () -> x.sum(0, 0));
        assertEquals("sum: dim 0 appears multiple times in the list of dims", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> x.amax(1, -1));
        assertEquals("amax: dim 1 appears multiple times in the list of dims", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> x.cumprod(2));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> Torch.tensor(1.0).sum(1));
        assertEquals("Dimension out of range (expected to be in range of [-1, 0], but got 1)", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> Torch.tensor(new long[] {1}).var());
        assertEquals("var(): std and var only support floating point and complex dtypes. Got Long", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> Torch.tensor(new boolean[] {true}).argmin(0));
        assertEquals("\"argmin_cpu\" not implemented for 'Bool'", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> x.topk(4));
        assertEquals("topk: selected index k out of range (k = 4, dim 1 of shape [2, 3] has size 3)", e.getMessage());
        e = assertThrows(RuntimeException.class, () -> Torch.tensor(new long[] {1}).mean(0));
        assertTrue(e.getMessage().startsWith("mean(): could not infer output dtype") && e.getMessage().endsWith("Got: Long"));
    }

    @Test
    void varianceCorrectionEdges() {
        Tensor x = Torch.tensor(new double[] {3, 4});
        // PyTorch 2.x divides by max(0, n - correction): 0.5 / 0 = inf, and 0 / 0 = nan
        assertEquals(Double.POSITIVE_INFINITY, x.var(new long[] {0}, 2.0, false).item());
        assertTrue(Double.isNaN(Torch.tensor(new double[] {3, 3}).var(new long[] {0}, 3.0, false).item()));
        assertEquals(0.25, x.var(false).item());
        assertEquals(0.5, x.var().item());
        assertEquals(Math.sqrt(0.5), x.std().item(), 1e-7);
        assertTrue(Double.isNaN(Torch.tensor(1.0).std().item()));
        Golden.assertClose(Torch.tensor(new double[] {0.0}), Torch.tensor(new double[][] {{5}}).var(new long[] {1}, 0.0, false), "var of one");
    }
}
