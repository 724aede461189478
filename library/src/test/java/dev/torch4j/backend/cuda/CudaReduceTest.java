package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reductions (sum, prod, mean, amax/amin, max/min with indices, argmax/argmin, any/all) and scans (cumsum,
 * cumprod) on the GPU against the CPU backend on the same inputs: every dtype, single and multiple dims, keepdim,
 * permuted/sliced/expanded views, NaN, ties, empty ranges, and sizes that take the split (two-pass) paths.
 * Integer results, extremes and indices must match exactly; floating sums within a relative bound of the sum of
 * |x| (1e-12 for float64, one float32/float16 rounding otherwise). Skips without a GPU.
 */
class CudaReduceTest {
    private static final Device GPU = Device.cuda(0);
    private static final DType[] ALL = dev.torch4j.testing.RealDTypes.values();

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    // ---------------------------------------------------------------- data

    /** Random data of dtype t: normals for floats (with NaN/inf/-0.0 when special), small integers otherwise. */
    private static Tensor data(DType t, long seed, boolean special, long... shape) {
        Random rnd = new Random(seed);
        int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (t) {
                case BOOL -> rnd.nextInt(4) == 0 ? 0 : 1;
                case UINT8 -> rnd.nextInt(256);
                case INT8, INT16, INT32, INT64 -> rnd.nextInt(200) - 100;
                default -> rnd.nextGaussian();
            };
            if (special && t.isFloatingPoint()) {
                int k = rnd.nextInt(50);
                if (k == 0) v[i] = Double.NaN;
                else if (k == 1) v[i] = Double.POSITIVE_INFINITY;
                else if (k == 2) v[i] = Double.NEGATIVE_INFINITY;
                else if (k == 3) v[i] = -0.0;
                else if (k == 4) v[i] = 0.0;
            }
        }
        return tensor(v, TensorOptions.DEFAULT.dtype(DType.FLOAT64)).reshape(shape).to(t);
    }

    /** Small integers as dtype t: many ties, so first-occurrence rules are exercised. */
    private static Tensor ties(DType t, long seed, long... shape) {
        Random rnd = new Random(seed);
        int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextInt(4);
        return tensor(v, TensorOptions.DEFAULT.dtype(DType.FLOAT64)).reshape(shape).to(t);
    }

    /** The same view of a CPU tensor and of its GPU copy (made first, so the GPU operand is a real strided view). */
    private static final String[] VIEWS = {"contiguous", "permuted", "sliced", "expanded"};

    private static Tensor view(Tensor x, String v) {
        return switch (v) {
            case "permuted" -> x.permute(2, 0, 1);
            case "sliced" -> x.narrow(1, 1, x.shape().toArray()[1] - 2).narrow(2, 2, x.shape().toArray()[2] - 3);
            case "expanded" -> x.narrow(0, 0, 1).expand(3, x.shape().toArray()[1], x.shape().toArray()[2]);
            default -> x;
        };
    }

    // ---------------------------------------------------------------- comparison

    /** Same dtype, shape and bits (NaN matches NaN; -0.0 differs from 0.0). */
    private static void assertExact(Tensor cpu, Tensor gpu, String what) {
        Tensor g = gpu.cpu();
        assertEquals(cpu.dtype(), g.dtype(), what + ": dtype");
        assertArrayEquals(cpu.shape().toArray(), g.shape().toArray(), what + ": shape");
        if (cpu.dtype().isFloatingPoint()) assertArrayEquals(cpu.toDoubleArray(), g.toDoubleArray(), what);
        else assertArrayEquals(cpu.toLongArray(), g.toLongArray(), what);
    }

    /** |gpu - cpu| <= rtol * scale[i] + two roundings of the output dtype, elementwise; NaN matches NaN. */
    private static void assertClose(Tensor cpu, Tensor gpu, double[] scale, double rtol, String what) {
        Tensor g = gpu.cpu();
        assertEquals(cpu.dtype(), g.dtype(), what + ": dtype");
        assertArrayEquals(cpu.shape().toArray(), g.shape().toArray(), what + ": shape");
        double[] e = cpu.toDoubleArray(), a = g.toDoubleArray();
        double ulp = switch (cpu.dtype()) {
            case FLOAT16 -> 1.0 / 1024;
            case BFLOAT16 -> 1.0 / 128;
            case FLOAT32 -> 1.2e-7;
            default -> 0;
        };
        for (int i = 0; i < e.length; i++) {
            if (e[i] == a[i] || Double.isNaN(e[i]) && Double.isNaN(a[i])) continue;
            double tol = rtol * scale[i] + 2 * ulp * Math.abs(e[i]);
            assertTrue(Math.abs(e[i] - a[i]) <= tol, what + ": element " + i + " expected " + e[i] + " got " + a[i]
                    + " (tol " + tol + ")");
        }
    }

    /** A sum-like result compared with the sum of |x| over the same dims as scale. */
    private static void checkSum(Tensor x, Tensor g, long[] dims, boolean keepdim, String what) {
        Tensor e = x.sum(dims, keepdim), a = g.sum(dims, keepdim);
        if (!x.dtype().isFloatingPoint()) {
            assertExact(e, a, what);
            return;
        }
        // the CPU's float32 sums are within ~3 * 2^-24 * sum|x| of exact (CpuReduce's Note [float sums]); the GPU
        // folds in float64, so float32 results may differ by that much, not just by rounding
        double rtol = x.dtype() == DType.FLOAT32 ? 4 * Math.pow(2, -24) : 1e-12;
        double[] scale = x.to(DType.FLOAT64).abs().sum(dims, keepdim).toDoubleArray();
        assertClose(e, a, scale, rtol, what);
        Tensor em = x.mean(dims, keepdim), am = g.mean(dims, keepdim);
        long count = 1;
        for (long d : dims) count *= x.shape().toArray()[(int) d];
        double[] ms = scale.clone();
        for (int i = 0; i < ms.length; i++) ms[i] /= Math.max(1, count);
        assertClose(em, am, ms, rtol, what + " mean");
    }

    private static final long[][] DIMS = {{0}, {1}, {2}, {0, 2}, {1, 2}, {0, 1, 2}};

    // ---------------------------------------------------------------- reductions

    @Test
    void sumAndMeanEveryDtypeDimAndView() {
        for (DType t : ALL) {
            for (String v : VIEWS) {
                Tensor b = data(t, 1, false, 5, 17, 35), x = view(b, v), g = view(b.to(GPU), v);
                for (long[] dims : DIMS) {
                    for (boolean keep : new boolean[] {false, true}) {
                        String what = "sum " + t + " " + v + " dims " + java.util.Arrays.toString(dims) + " keepdim " + keep;
                        checkSum(x, g, dims, keep, what);
                    }
                }
            }
        }
    }

    @Test
    void prodEveryDtype() {
        for (DType t : ALL) {
            // values near 1 (floats) or in {-2..2} (ints) keep products finite; int64 products wrap identically
            Tensor x = t.isFloatingPoint() ? data(t, 2, false, 4, 9, 13).mul(0.1).add(1.0).to(t)
                    : t == DType.UINT8 || t == DType.BOOL ? ties(t, 2, 4, 9, 13) : ties(t, 2, 4, 9, 13).sub(2L).to(t);
            for (int d = 0; d < 3; d++) {
                for (String v : new String[] {"contiguous", "permuted"}) {
                    Tensor xv = view(x, v);
                    Tensor e = xv.prod(d, true), a = view(x.to(GPU), v).prod(d, true);
                    String what = "prod " + t + " " + v + " dim " + d;
                    if (t.isFloatingPoint()) assertClose(e, a, e.abs().to(DType.FLOAT64).toDoubleArray(), 1e-12, what);
                    else assertExact(e, a, what);
                }
            }
            Tensor e = x.prod(), a = x.to(GPU).prod();
            if (t.isFloatingPoint()) assertClose(e, a, e.abs().to(DType.FLOAT64).toDoubleArray(), 1e-12, "prod all " + t);
            else assertExact(e, a, "prod all " + t);
        }
        Tensor big = tensor(new long[] {3, 1L << 40, 7, -5, 1L << 30, 11});
        assertExact(big.prod(), big.to(GPU).prod(), "int64 prod wraps like the CPU");
    }

    @Test
    void extremesAndIndicesWithNaNAndTies() {
        for (DType t : ALL) {
            for (boolean tie : new boolean[] {false, true}) {
                Tensor base = tie ? ties(t, 3, 6, 19, 40) : data(t, 3, true, 6, 19, 40);
                for (String v : VIEWS) {
                    Tensor x = view(base, v), g = view(base.to(GPU), v);
                    String w = t + " " + v + (tie ? " ties" : "");
                    for (long[] dims : DIMS) {
                        assertExact(x.amax(dims, false), g.amax(dims, false), "amax " + w + java.util.Arrays.toString(dims));
                        assertExact(x.amin(dims, true), g.amin(dims, true), "amin " + w + java.util.Arrays.toString(dims));
                    }
                    assertExact(x.max(), g.max(), "max " + w);
                    assertExact(x.min(), g.min(), "min " + w);
                    if (t == DType.BOOL) continue; // argmax of bool is an error, as in PyTorch
                    assertExact(x.argmax(), g.argmax(), "argmax " + w);
                    assertExact(x.argmin(), g.argmin(), "argmin " + w);
                    for (int d = 0; d < 3; d++) {
                        assertExact(x.argmax(d, d == 1), g.argmax(d, d == 1), "argmax " + w + " dim " + d);
                        assertExact(x.argmin(d), g.argmin(d), "argmin " + w + " dim " + d);
                        var em = x.max(d, true);
                        var am = g.max(d, true);
                        assertExact(em.values(), am.values(), "max values " + w + " dim " + d);
                        assertExact(em.indices(), am.indices(), "max indices " + w + " dim " + d);
                        var en = x.min(d);
                        var an = g.min(d);
                        assertExact(en.values(), an.values(), "min values " + w + " dim " + d);
                        assertExact(en.indices(), an.indices(), "min indices " + w + " dim " + d);
                    }
                }
            }
        }
    }

    @Test
    void int64ExtremesAreExactBeyondDoublePrecision() {
        long b = 1L << 60;
        Tensor x = tensor(new long[] {b, b + 1, b + 3, b + 2, -b - 1, -b, Long.MAX_VALUE, Long.MIN_VALUE, b + 3}).reshape(3, 3);
        Tensor g = x.to(GPU);
        for (int d = 0; d < 2; d++) {
            assertExact(x.amax(d, false), g.amax(d, false), "int64 amax dim " + d);
            assertExact(x.amin(d, false), g.amin(d, false), "int64 amin dim " + d);
            assertExact(x.argmax(d), g.argmax(d), "int64 argmax dim " + d);
            assertExact(x.argmin(d), g.argmin(d), "int64 argmin dim " + d);
            assertExact(x.sum(d), g.sum(d), "int64 sum dim " + d);
        }
        assertExact(x.argmax(), g.argmax(), "int64 argmax");
    }

    @Test
    void anyAllEveryDtype() {
        for (DType t : ALL) {
            Random rnd = new Random(4);
            double[] v = new double[7 * 11 * 13];
            for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(10) == 0 ? Double.NaN : 1;
            Tensor base = tensor(v, TensorOptions.DEFAULT.dtype(DType.FLOAT64)).reshape(7, 11, 13).to(t);
            for (String vw : VIEWS) {
                Tensor x = view(base, vw), g = view(base.to(GPU), vw);
                assertExact(x.any(), g.any(), "any " + t + " " + vw);
                assertExact(x.all(), g.all(), "all " + t + " " + vw);
                for (int d = 0; d < 3; d++) {
                    assertExact(x.any(d), g.any(d), "any " + t + " " + vw + " dim " + d);
                    assertExact(x.all(d, true), g.all(d, true), "all " + t + " " + vw + " dim " + d);
                }
            }
        }
    }

    @Test
    void emptyRanges() {
        for (DType t : ALL) {
            Tensor x = zeros(4, 0, 3).to(t), g = x.to(GPU);
            assertExact(x.sum(1), g.sum(1), "sum over empty " + t);
            assertExact(x.sum(0), g.sum(0), "sum, empty output " + t);
            assertExact(x.prod(1), g.prod(1), "prod over empty " + t);
            assertExact(x.any(1), g.any(1), "any over empty " + t);
            assertExact(x.all(1), g.all(1), "all over empty " + t);
            assertExact(x.sum(), g.sum(), "sum of nothing " + t);
            if (t.isFloatingPoint()) assertExact(x.mean(1), g.mean(1), "mean over empty " + t);
            assertExact(x.amax(0), g.amax(0), "amax with empty output " + t);
            assertThrows(RuntimeException.class, () -> g.amax(1), "amax over empty " + t);
            if (t != DType.BOOL) assertThrows(RuntimeException.class, () -> g.argmax(1), "argmax over empty " + t);
            assertExact(x.cumsum(1), g.cumsum(1), "cumsum empty " + t);
        }
    }

    @Test
    void largeSizesTakeTheSplitPaths() {
        int n = 1 << 22;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.BFLOAT16, DType.INT32, DType.INT64, DType.UINT8}) {
            Tensor x = data(t, 5, false, n);
            checkSum(x, x.to(GPU), new long[] {0}, false, "large sum " + t);
            Tensor g = x.to(GPU);
            assertExact(x.amax(0, false), g.amax(0, false), "large amax " + t);
            assertExact(x.argmax(), g.argmax(), "large argmax " + t);
            assertExact(x.argmin(), g.argmin(), "large argmin " + t);
            Tensor m = x.reshape(2048, 2048);
            for (int d = 0; d < 2; d++) {
                checkSum(m, m.to(GPU), new long[] {d}, false, "large matrix sum " + t + " dim " + d);
                checkSum(m.t(), m.to(GPU).t(), new long[] {d}, false, "large transposed sum " + t + " dim " + d);
                assertExact(m.amin(d, false), m.to(GPU).amin(d, false), "large matrix amin " + t + " dim " + d);
            }
            // few outputs, long ranges, both layouts
            checkSum(x.reshape(8, n / 8), g.reshape(8, n / 8), new long[] {1}, false, "8 long rows " + t);
            checkSum(x.reshape(n / 8, 8), g.reshape(n / 8, 8), new long[] {0}, false, "8 long columns " + t);
            checkSum(x.reshape(16, 512, 512), g.reshape(16, 512, 512), new long[] {0, 2}, true, "two reduced dims " + t);
        }
        Tensor x = data(DType.FLOAT32, 6, true, n);
        Tensor g = x.to(GPU);
        assertExact(x.argmax(), g.argmax(), "large argmax with NaN");
        assertExact(x.amin(0, false), g.amin(0, false), "large amin with NaN");
        assertExact(x.reshape(4, n / 4).argmin(1), g.reshape(4, n / 4).argmin(1), "large argmin rows with NaN");
        assertExact(ties(DType.FLOAT32, 7, n).argmax(), ties(DType.FLOAT32, 7, n).to(GPU).argmax(), "first of many ties");
    }

    @Test
    void repeatedSumsGiveTheSameBits() {
        Tensor g = data(DType.FLOAT32, 8, false, 1 << 22).to(GPU);
        double first = g.sum().cpu().item();
        for (int i = 0; i < 3; i++) assertEquals(Double.doubleToLongBits(first), Double.doubleToLongBits(g.sum().cpu().item()));
        Tensor m = g.reshape(2048, 2048);
        double[] col = m.sum(0).cpu().toDoubleArray();
        assertArrayEquals(col, m.sum(0).cpu().toDoubleArray(), "column sums repeat bit for bit");
    }

    // ---------------------------------------------------------------- scans

    private static void checkScan(Tensor x, Tensor g, int dim, boolean prod, String what) {
        Tensor e = prod ? x.cumprod(dim) : x.cumsum(dim), a = prod ? g.cumprod(dim) : g.cumsum(dim);
        if (!x.dtype().isFloatingPoint()) {
            assertExact(e, a, what);
            return;
        }
        Tensor s = prod ? e.to(DType.FLOAT64).abs() : x.to(DType.FLOAT64).abs().cumsum(dim);
        assertClose(e, a, s.contiguous().toDoubleArray(), 1e-12, what);
    }

    @Test
    void cumsumAndCumprod() {
        for (DType t : ALL) {
            Tensor x = data(t, 9, false, 5, 17, 35);
            Tensor px = t.isFloatingPoint() ? x.mul(0.05).add(1.0).to(t) : t == DType.UINT8 || t == DType.BOOL ? ties(t, 9, 5, 17, 35)
                    : ties(t, 9, 5, 17, 35).sub(1L).to(t);
            for (String v : VIEWS) {
                for (int d = 0; d < 3; d++) {
                    checkScan(view(x, v), view(x.to(GPU), v), d, false, "cumsum " + t + " " + v + " dim " + d);
                    checkScan(view(px, v), view(px.to(GPU), v), d, true, "cumprod " + t + " " + v + " dim " + d);
                }
            }
            Tensor e = x.cumsum(1, DType.FLOAT64), a = x.to(GPU).cumsum(1, DType.FLOAT64);
            assertClose(e, a, x.to(DType.FLOAT64).abs().cumsum(1).toDoubleArray(), 1e-12, "cumsum to float64 " + t);
        }
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL}) {
            Tensor longRows = data(t, 10, false, 3, 5000);
            Tensor lg = longRows.to(GPU), flat = data(t, 11, false, 1 << 20), cols = data(t, 12, false, 3000, 7);
            checkScan(longRows, lg, 1, false, "long cumsum " + t);
            checkScan(longRows.t(), lg.t(), 0, false, "long cumsum transposed " + t);
            checkScan(flat, flat.to(GPU), 0, false, "1-d cumsum " + t);
            checkScan(cols, cols.to(GPU), 0, false, "long cumsum down columns " + t);
        }
        Tensor nan = data(DType.FLOAT32, 13, true, 4, 3000);
        checkScan(nan, nan.to(GPU), 1, false, "cumsum with NaN/inf");
    }
}
