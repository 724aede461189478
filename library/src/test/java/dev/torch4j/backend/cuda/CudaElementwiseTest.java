package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.ops.Bitwise;
import dev.torch4j.ops.Elementwise;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The elementwise kernels (elementwise.cu) against the CPU backend on the same inputs: every unary and binary op
 * on float32/float64/int64/int32, casts between all dtype pairs, fill, where; contiguous (vector path), misaligned,
 * 1-d strided, transposed and permuted (n-d path) and broadcast operands; NaN, infinities, -0.0 and int64 values
 * beyond 2^53. Exact ops must give the same bits (NaNs compared as NaN); transcendental ones agree within
 * 1e-6 relative for float32 (a few ulp; the GPU computes float32 in float, the CPU in double) and 1e-12 for
 * float64. Skips without a GPU.
 */
class CudaElementwiseTest {
    private static final Device GPU = Device.cuda(0);
    private static final Set<UnaryOp> EXACT_UNARY = EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.RELU,
            UnaryOp.SQRT, UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.ROUND, UnaryOp.TRUNC, UnaryOp.RECIPROCAL, UnaryOp.SQUARE,
            UnaryOp.ISNAN, UnaryOp.ISINF, UnaryOp.ISFINITE, UnaryOp.LOGICAL_NOT);
    private static final double[] SPECIAL = {0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3, -7, 1e-3, 100, -100,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    // ---------------------------------------------------------------- data and comparison

    /** Normals * 3 as dtype t (float), led by the special values. */
    private static Tensor floats(DType t, long seed, int n) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i < SPECIAL.length ? SPECIAL[i] : 3 * rnd.nextGaussian();
        return tensor(v, TensorOptions.DEFAULT.dtype(DType.FLOAT64)).to(t);
    }

    /** Integers of dtype t: mostly small, some at the type's extremes. */
    private static Tensor ints(DType t, long seed, int n, long lo, long hi) {
        Random rnd = new Random(seed);
        long min = t == DType.INT64 ? Long.MIN_VALUE : Integer.MIN_VALUE, max = t == DType.INT64 ? Long.MAX_VALUE : Integer.MAX_VALUE;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(40);
            v[i] = k == 0 ? min : k == 1 ? max : k == 2 ? min + 1 : k == 3 ? 0 : lo + (long) (rnd.nextDouble() * (hi - lo + 1));
        }
        return tensor(v).to(t);
    }

    /** Compares two CPU tensors: dtype, shape, and values exactly (NaN equals NaN, -0.0 differs from 0.0) or within tolerance. */
    private static void check(Tensor expected, Tensor actual, boolean exact, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shapeArray(), actual.shapeArray(), what + ": shape");
        if (!expected.dtype().isFloatingPoint()) {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what);
            return;
        }
        double[] e = expected.toDoubleArray(), g = actual.toDoubleArray();
        boolean f64 = expected.dtype() == DType.FLOAT64;
        double tol = f64 ? 1e-12 : 1e-6;
        for (int i = 0; i < e.length; i++) {
            boolean ok = exact ? Double.doubleToLongBits(e[i]) == Double.doubleToLongBits(g[i])
                    : Double.isNaN(e[i]) ? Double.isNaN(g[i]) : e[i] == g[i] || Math.abs(e[i] - g[i]) <= tol + tol * Math.abs(e[i]);
            if (!ok) fail(what + ": element " + i + " expected " + e[i] + " but was " + g[i]);
        }
    }

    /** Runs f on the CPU and on the GPU (inputs moved there first, then shaped by view) and compares. */
    private static void same(String what, boolean exact, Function<Tensor[], Tensor> f, Tensor... cpuInputs) {
        Tensor expected = f.apply(cpuInputs);
        Tensor[] g = new Tensor[cpuInputs.length];
        for (int i = 0; i < g.length; i++) g[i] = cpuInputs[i].to(GPU);
        Tensor actual = f.apply(g);
        assertEquals(GPU, actual.device(), what + ": device");
        check(expected, actual.cpu(), exact, what);
    }

    /** The layouts every op is run on, applied after the move to the device (views of the flat 4620-element input). */
    private static final String[] LAYOUTS = {"contiguous", "misaligned", "step", "transposed", "permuted"};

    private static Tensor layout(Tensor flat, String l) {
        return switch (l) {
            case "contiguous" -> flat;
            case "misaligned" -> flat.narrow(0, 1, flat.shapeArray()[0] - 1);             // not 16-byte aligned: scalar path
            case "step" -> flat.view(2310, 2).select(1, 1);                          // 1-d stride 2
            case "transposed" -> flat.view(60, 77).t();                              // n-d
            default -> flat.view(4, 15, 77).permute(2, 0, 1);                         // n-d, 3 dims
        };
    }

    private static final int N = 4620;

    // ---------------------------------------------------------------- unary and binary

    @Test
    void unaryOpsMatchCpu() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32}) {
            Tensor x = t.isFloatingPoint() ? floats(t, 1, N) : ints(t, 1, N, -1000, 1000);
            for (UnaryOp op : UnaryOp.values()) {
                if (!t.isFloatingPoint() && !op.integral) continue;
                if (t.isFloatingPoint() && op == UnaryOp.BITWISE_NOT) continue; // integers only (the op layer refuses)
                boolean exact = EXACT_UNARY.contains(op) || !t.isFloatingPoint();
                for (String l : LAYOUTS) {
                    same(op + " " + t + " " + l, exact, in -> Elementwise.unary(op, layout(in[0], l), null), x);
                }
            }
        }
    }

    @Test
    void unaryLargeVectorPath() {
        // 2^20 + 3 elements: many vector iterations and a tail; exp and relu in place too
        Tensor x = randn(1 << 20 | 3);
        same("exp large", false, in -> in[0].exp(), x);
        same("sigmoid large", false, in -> in[0].sigmoid(), x);
        same("relu_ large", true, in -> in[0].clone().relu_(), x);
        same("isnan large", true, in -> in[0].isnan(), x);
        same("f64 tanh large", false, in -> in[0].tanh(), x.to(DType.FLOAT64));
    }

    private static Tensor second(DType t, BinaryOp op, long seed, int n) {
        if (t.isFloatingPoint()) return floats(t, seed, n);
        Tensor b = op == BinaryOp.POW ? ints(t, seed, n, -3, 40) : ints(t, seed, n, -50, 50);
        // integer division by zero throws on the CPU and gives 0 on the GPU: not compared
        if (op == BinaryOp.FLOOR_DIVIDE || op == BinaryOp.REMAINDER) b = b.add(b.eq(0L).to(t));
        return b;
    }

    @Test
    void binaryOpsMatchCpu() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32}) {
            Tensor a = t.isFloatingPoint() ? floats(t, 2, N) : ints(t, 2, N, -1000, 1000);
            for (BinaryOp op : BinaryOp.values()) {
                if (!t.isFloatingPoint() && !op.hasIntegerForm()) continue;
                if (t.isFloatingPoint() && op.integerOnly()) continue; // bitwise, shifts, gcd, lcm: integers only
                Tensor b = second(t, op, 3, N);
                Tensor a0 = op == BinaryOp.POW && !t.isFloatingPoint() ? ints(t, 4, N, -5, 5) : a;
                boolean exact = !t.isFloatingPoint() || op != BinaryOp.POW && op != BinaryOp.ATAN2;
                for (String l : LAYOUTS) {
                    same(op + " " + t + " " + l, exact, in -> Elementwise.binary(op, layout(in[0], l), layout(in[1], l), null), a0, b);
                }
                // mixed layouts, broadcast rows and a 0-d operand on either side (stride-0 vector path)
                same(op + " " + t + " mixed", exact,
                        in -> Elementwise.binary(op, in[0].view(60, 77), in[1].view(77, 60).t(), null), a0, b);
                same(op + " " + t + " row broadcast", exact,
                        in -> Elementwise.binary(op, in[0].view(60, 77), in[1].narrow(0, 0, 77), null), a0, b);
                same(op + " " + t + " scalar right", exact,
                        in -> Elementwise.binary(op, in[0], in[1].select(0, 20), null), a0, b);
                same(op + " " + t + " scalar left", exact,
                        in -> Elementwise.binary(op, in[0].select(0, 21), in[1], null), a0, b);
            }
        }
    }

    @Test
    void integerOnlyOpsOnNarrowDtypesMatchCpu() {
        // int16/int8/uint8/bool compute in int32 (gcd of int8/int16 through its scaled form, Bitwise.gcd)
        for (DType t : new DType[] {DType.INT16, DType.INT8, DType.UINT8, DType.BOOL}) {
            Tensor a = ints(DType.INT64, 8, N, -300, 300).to(t), b = ints(DType.INT64, 9, N, -20, 20).to(t);
            same("bitwise_not " + t, true, in -> in[0].bitwiseNot(), a);
            for (BinaryOp op : BinaryOp.values()) {
                if (!op.integerOnly() || t == DType.BOOL && op.refusesBool()) continue;
                for (String l : LAYOUTS) {
                    same(op + " " + t + " " + l, true, in -> Bitwise.binary(op, layout(in[0], l), layout(in[1], l), null), a, b);
                }
            }
        }
    }

    @Test
    void binarySpecialValueGrid() {
        int s = SPECIAL.length;
        double[] x = new double[s * s], y = new double[s * s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                x[i * s + j] = SPECIAL[i];
                y[i * s + j] = SPECIAL[j];
            }
        }
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = tensor(x, TensorOptions.DEFAULT.dtype(DType.FLOAT64)).to(t);
            Tensor b = tensor(y, TensorOptions.DEFAULT.dtype(DType.FLOAT64)).to(t);
            for (BinaryOp op : BinaryOp.values()) {
                if (op.integerOnly()) continue;
                same(op + " " + t + " specials", op != BinaryOp.POW && op != BinaryOp.ATAN2,
                        in -> Elementwise.binary(op, in[0], in[1], null), a, b);
            }
        }
    }

    @Test
    void inPlaceAndLarge() {
        Tensor a = randn(1 << 20 | 1), b = randn(1 << 20 | 1);
        same("add large", true, in -> in[0].add(in[1]), a, b);
        same("mul_ scalar large", true, in -> in[0].clone().mul(2.5), a);
        same("maximum large", true, in -> in[0].maximum(in[1]), a, b);
        same("lt large", true, in -> in[0].lt(in[1]), a, b);
        same("add f64 large", true, in -> in[0].add(in[1]), a.to(DType.FLOAT64), b.to(DType.FLOAT64));
    }

    // ---------------------------------------------------------------- casts, fill, where

    @Test
    void fusedActivationBackwardMatchesCpu() {
        // a contiguous gradient takes Backend.unaryBackward (one kernel; the CPU's float32 kernel or composed float64
        // formula on the other side), specials included: NaN, +-inf (NaN gradients), -0.0, tails of +-100
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (String op : new String[] {"gelu", "gelu_tanh", "silu"}) {
                Tensor x = floats(t, 31, N), g = floats(t, 32, N);
                Tensor[] grads = new Tensor[2];
                for (int side = 0; side < 2; side++) {
                    Tensor xs = (side == 0 ? x : x.to(GPU)).detach().requiresGrad_(true);
                    Tensor y = op.equals("silu") ? xs.silu() : xs.gelu(op.equals("gelu") ? "none" : "tanh");
                    y.backward(side == 0 ? g : g.to(GPU));
                    grads[side] = xs.grad().cpu();
                }
                check(grads[0], grads[1], false, op + " backward " + t);
            }
        }
    }

    @Test
    void castsBetweenAllDtypes() {
        double[] v = {0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 127, 128, 255, 256, -128, -129, 300.7, -300.7, 65504,
                65520, 1e10, -1e10, 3.4e38, 1e300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                2147483647, -2147483648.0, 2147483648.0, 1e-8, 1e-40, 9007199254740993.0, 0.1, 1.0 / 3};
        Tensor base = tensor(v, TensorOptions.DEFAULT.dtype(DType.FLOAT64));
        for (DType st : dev.torch4j.testing.RealDTypes.values()) {
            Tensor src = base.to(st);
            for (DType dt : dev.torch4j.testing.RealDTypes.values()) {
                same(st + " -> " + dt, true, in -> in[0].to(dt), src);
                // strided source and destination: the n-d path of the cast kernel
                same(st + " -> " + dt + " strided", true, in -> {
                    Tensor s2 = in[0].narrow(0, 0, 30).view(5, 6).t();
                    Tensor dst = zeros(Size.of(5, 6), TensorOptions.DEFAULT.dtype(dt).device(in[0].device())).t();
                    return dst.copy_(s2);
                }, src);
            }
        }
    }

    @Test
    void int64CastsAreExact() {
        long[] v = {(1L << 53) + 1, -(1L << 53) - 1, Long.MAX_VALUE, Long.MIN_VALUE, 123456789012345678L, -1,
                (1L << 31), (1L << 32) + 7, 255, 256, -129};
        Tensor src = tensor(v);
        for (DType dt : dev.torch4j.testing.RealDTypes.values()) same("int64 -> " + dt, true, in -> in[0].to(dt), src);
        same("int64 copy strided", true, in -> in[0].narrow(0, 0, 10).view(2, 5).t().contiguous(), src);
    }

    @Test
    void fillAllDtypes() {
        double[] values = {0, 1, -2.5, 0.5, 3, 100.25};
        for (DType t : dev.torch4j.testing.RealDTypes.values()) {
            for (double value : values) {
                Tensor z0 = zeros(Size.of(1), TensorOptions.DEFAULT.dtype(t));
                try {
                    z0.fill_(value);
                } catch (IllegalArgumentException refused) { // the op layer refuses values that overflow the dtype
                    continue;
                }
                Tensor z = zeros(Size.of(7, 9), TensorOptions.DEFAULT.dtype(t));
                same("fill " + t + " " + value, true, in -> in[0].clone().fill_(value), z);
                same("fill transposed " + t + " " + value, true, in -> {
                    Tensor c = in[0].clone();
                    c.t().narrow(0, 1, 5).fill_(value);
                    return c;
                }, z);
            }
        }
        for (long value : new long[] {(1L << 53) + 1, Long.MIN_VALUE, -7, 0x0101010101010101L}) {
            Tensor g = full(new long[] {3, 5}, value, TensorOptions.DEFAULT.dtype(DType.INT64).device(GPU)).cpu();
            assertArrayEquals(full(new long[] {3, 5}, value, TensorOptions.DEFAULT.dtype(DType.INT64)).toLongArray(), g.toLongArray(), "fillLong " + value);
        }
    }

    @Test
    void whereAllDtypes() {
        Random rnd = new Random(5);
        boolean[] c = new boolean[60 * 77];
        for (int i = 0; i < c.length; i++) c[i] = rnd.nextBoolean();
        Tensor cond = tensor(c).view(60, 77);
        Tensor a = floats(DType.FLOAT64, 6, N), b = floats(DType.FLOAT64, 7, 77);
        for (DType t : dev.torch4j.testing.RealDTypes.values()) {
            Tensor at = a.to(t), bt = b.to(t);
            same("where " + t, true, in -> where(in[0], in[1].view(60, 77), in[2]), cond, at, bt);
            same("where " + t + " strided", true, in -> where(in[0].t(), in[1].view(77, 60), in[2].view(77, 1)), cond, at, bt);
            same("where " + t + " contiguous", true, in -> where(in[0], in[1].view(60, 77), in[2].expand(60, 77).contiguous()), cond, at, bt);
        }
    }

    @Test
    void emptyTensors() {
        Tensor e = zeros(0, 5);
        same("exp empty", true, in -> in[0].exp(), e);
        same("add empty", true, in -> in[0].add(in[1]), e, zeros(5));
        same("cast empty", true, in -> in[0].to(DType.INT32), e);
        same("fill empty", true, in -> in[0].clone().fill_(3), e);
        same("where empty", true, in -> where(in[0].gt(0.0), in[0], in[1]), e, zeros(5));
        same("lt empty", true, in -> in[0].lt(in[1]), e, zeros(5));
    }

    @Test
    void integerOpsRefusedWhereUndefined() {
        Tensor x = arange(5L).to(GPU);
        // the op layer promotes integers for these; the kernel entry refuses them if reached directly
        assertThrows(UnsupportedOperationException.class,
                () -> CudaElementwise.unary(UnaryOp.EXP, x.strided(), x.strided()));
        assertThrows(UnsupportedOperationException.class,
                () -> CudaElementwise.binary(BinaryOp.ATAN2, x.strided(), x.strided(), x.strided()));
        assertEquals(Arrays.toString(new long[] {0, 1, 2, 3, 4}), Arrays.toString(x.cpu().toLongArray()));
    }

    // ---------------------------------------------------------------- bandwidth

    /** Seconds per call of r (median of 9 after a warm-up), synchronised around each call. */
    private static double time(Runnable r) {
        r.run();
        CudaRuntime.synchronize();
        double[] t = new double[9];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            r.run();
            CudaRuntime.synchronize();
            t[i] = (System.nanoTime() - s) * 1e-9;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    @Test
    void addAndExpReachMostOfCopyBandwidth() {
        RealGpu.assume();
        long n = 64L << 20;
        TensorOptions o = TensorOptions.DEFAULT.dtype(DType.FLOAT32).device(GPU);
        Tensor x = full(new long[] {n}, 0.5, o), y = full(new long[] {n}, 1.5, o), out = zeros(Size.of(n), o);
        double bytes = 4.0 * n;
        double copy = 2 * bytes / time(() -> out.copy_(x));
        double add = 3 * bytes / time(() -> Elementwise.binary(BinaryOp.ADD, x, y, out));
        double addScalar = 2 * bytes / time(() -> Elementwise.binary(BinaryOp.MUL, x, scalarTensor(GPU), out));
        double exp = 2 * bytes / time(() -> Elementwise.unary(UnaryOp.EXP, x, out));
        double cast = 1.5 * bytes / time(() -> x.to(DType.FLOAT16));
        System.out.printf("float32 64M on %s: copy %.0f GB/s, add %.0f, mul scalar %.0f, exp %.0f, cast to f16 %.0f%n",
                GPU, copy / 1e9, add / 1e9, addScalar / 1e9, exp / 1e9, cast / 1e9);
        assertTrue(add >= 0.8 * copy, "add reaches " + add / copy + " of the copy bandwidth");
        assertTrue(exp >= 0.8 * copy, "exp reaches " + exp / copy + " of the copy bandwidth");
    }

    private static Tensor scalarTensor(Device d) {
        return full(new long[0], 2.0, TensorOptions.DEFAULT.dtype(DType.FLOAT32).device(d));
    }
    @Test
    void reluBackwardRunsInOnePassAndMatchesTheCpuBitForBit() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor self = floats(t, 21, N), grad = floats(t, 22, N);
            for (double threshold : new double[] {0.0, 0.5, -1.0}) {
                String what = "threshold_backward " + t + " at " + threshold;
                Tensor expected = dev.torch4j.ops.Fused.thresholdBackward(grad, self, threshold);
                Storage s = dev.torch4j.ops.Dispatch.backend(GPU).thresholdBackward(grad.to(GPU).strided(),
                        self.to(GPU).strided(), threshold);
                assertNotNull(s, what + ": the CUDA kernel takes contiguous operands");
                check(expected, Tensor.wrap(s, new long[] {N}, new long[] {1}, 0).cpu(), true, what);
            }
            // through autograd, and a transposed operand (composed): the same bits
            Tensor x = floats(t, 23, N).view(60, 77).requiresGrad_(true), xg = x.detach().to(GPU).requiresGrad_(true);
            Tensor seed = floats(t, 24, N).view(60, 77);
            x.t().relu().backward(seed.t());
            xg.t().relu().backward(seed.t().to(GPU));
            check(x.grad(), xg.grad().cpu(), true, "relu's gradient " + t);
        }
        assertNull(dev.torch4j.ops.Dispatch.backend(GPU).thresholdBackward(
                floats(DType.FLOAT32, 25, N).to(GPU).view(60, 77).t().strided(),
                floats(DType.FLOAT32, 26, N).to(GPU).view(77, 60).strided(), 0.0), "a transposed operand is composed");
    }
}
