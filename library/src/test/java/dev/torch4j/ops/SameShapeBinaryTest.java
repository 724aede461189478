package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The fast path of {@code Elementwise.binaryImpl} (operands of one shape and dtype) and the flat CPU loop of
 * {@code CpuElementwise} (contiguous operands) against the general path, reached by giving {@code b} a leading
 * size-1 dim so that it is broadcast: same values bit for bit, same dtype, same autograd. Odd sizes, empty and
 * 0-d tensors, non-contiguous operands and a tensor above the parallel grain.
 */
class SameShapeBinaryTest {
    private static final List<long[]> SHAPES = List.of(new long[] {16, 16}, new long[] {1}, new long[] {7}, new long[] {3, 5},
            new long[] {33, 17}, new long[] {0}, new long[] {2, 0, 3}, new long[] {}, new long[] {300_007});

    private record Op(String name, BinaryOperator<Tensor> f) {}

    private static final List<Op> OPS = List.of(new Op("add", Tensor::add), new Op("sub", Tensor::sub), new Op("mul", Tensor::mul),
            new Op("div", Tensor::div), new Op("maximum", Tensor::maximum), new Op("minimum", Tensor::minimum),
            new Op("pow", Tensor::pow), new Op("remainder", Tensor::remainder), new Op("floorDivide", Tensor::floorDivide),
            new Op("atan2", Tensor::atan2), new Op("eq", Tensor::eq), new Op("lt", Tensor::lt), new Op("logicalAnd", Tensor::logicalAnd));

    private static Tensor operand(long[] shape, DType t, long seed) {
        Torch.manualSeed(seed);
        Tensor x = Torch.randn(shape).mul(3.0);
        if (t == DType.FLOAT32 || t == DType.FLOAT64) return x.to(t);
        // integers without zeros, so floor division and remainder do not throw
        Tensor i = x.to(DType.INT64);
        return i.add(i.ge(0L)).to(t);
    }

    /** The general path: {@code b} with a leading size-1 dim is broadcast, and the result squeezed back. */
    private static Tensor general(Op op, Tensor a, Tensor b) {
        return op.f.apply(a, b.unsqueeze(0)).squeeze(0);
    }

    private static void assertSame(String what, Tensor want, Tensor got) {
        assertEquals(want.dtype(), got.dtype(), what + ": dtype");
        assertArrayEquals(want.shapeArray(), got.shapeArray(), what + ": shape");
        assertTrue(got.isContiguous(), what + ": contiguous result");
        if (want.dtype() == DType.INT64 || want.dtype() == DType.INT32 || want.dtype() == DType.BOOL) {
            assertArrayEquals(want.toLongArray(), got.toLongArray(), what);
        } else {
            double[] w = want.toDoubleArray(), g = got.toDoubleArray();
            for (int i = 0; i < w.length; i++) {
                final int at = i;
                assertEquals(0, Double.compare(w[i], g[i]), () -> what + " at " + at + ": " + g[at] + " vs " + w[at]);
            }
        }
    }

    @Test
    void sameValuesAndDtypeAsTheGeneralPath() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32}) {
            for (long[] shape : SHAPES) {
                if (shape.length == 0) continue; // a 0-d b can't take a leading dim and stay 0-d; see zeroDim
                Tensor a = operand(shape, t, 1), b = operand(shape, t, 2);
                for (Op op : OPS) {
                    String what = op.name + " " + t + " " + Size.of(shape);
                    assertSame(what, general(op, a, b), op.f.apply(a, b));
                }
            }
        }
    }

    @Test
    void specialFloatValues() {
        float[] v = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                Float.MAX_VALUE, -Float.MAX_VALUE, 3.5f, -2.25f, 1e-30f, 7f, -7f, 0.5f, 2f};
        int n = v.length;
        float[] x = new float[n * n], y = new float[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { x[i * n + j] = v[i]; y[i * n + j] = v[j]; }
        Tensor a = Torch.tensor(x), b = Torch.tensor(y);
        for (Op op : OPS) assertSame(op.name + " specials", general(op, a, b), op.f.apply(a, b));
    }

    @Test
    void nonContiguousOperandsTakeTheStridedLoop() {
        Tensor a = operand(new long[] {17, 33}, DType.FLOAT32, 3), b = operand(new long[] {33, 17}, DType.FLOAT32, 4);
        Tensor at = b.t(), sliced = operand(new long[] {17, 66}, DType.FLOAT32, 5).narrow(1, 0, 33);
        for (Op op : OPS) {
            assertSame(op.name + " transposed", op.f.apply(a, at.contiguous()), op.f.apply(a, at));
            assertSame(op.name + " both transposed", op.f.apply(a.t().contiguous(), b), op.f.apply(a.t(), b));
            assertSame(op.name + " sliced", op.f.apply(sliced.contiguous(), a), op.f.apply(sliced, a));
        }
    }

    @Test
    void zeroDim() {
        Tensor a = Torch.tensor(2.5f), b = Torch.tensor(-4f);
        for (Op op : OPS) {
            Tensor r = op.f.apply(a, b);
            assertEquals(0, r.dim(), op.name);
            assertSame(op.name + " 0-d", op.f.apply(a.view(1), b.view(1)).view(), r);
        }
    }

    @Test
    void promotionAndScalarsStillPromote() {
        Tensor f = Torch.randn(4, 4), d = Torch.randn(4, 4).to(DType.FLOAT64), i = Torch.tensor(new long[] {1, 2, 3, 4});
        assertEquals(DType.FLOAT64, f.add(d).dtype());
        assertEquals(DType.FLOAT32, f.add(2.0).dtype());
        assertEquals(DType.FLOAT32, i.div(i).dtype());
        assertEquals(DType.FLOAT32, i.atan2(i).dtype());
        assertEquals(DType.INT64, i.mul(i).dtype());
        Tensor bools = Torch.tensor(new boolean[] {true, false, true});
        assertEquals(DType.BOOL, bools.logicalAnd(bools).dtype());
    }

    @Test
    void autogradIsRecordedAsBefore() {
        Tensor a = Torch.randn(5, 3).requiresGrad_(true), b = Torch.randn(5, 3).requiresGrad_(true);
        Tensor y = a.mul(b).add(a).div(b);
        assertNotNull(y.gradFn());
        y.sum().backward();
        // d/da (ab + a)/b = (b + 1)/b, d/db = -a/b^2
        float[] ga = a.grad().toFloatArray(), gb = b.grad().toFloatArray(), av = a.toFloatArray(), bv = b.toFloatArray();
        for (int i = 0; i < ga.length; i++) {
            assertEquals((bv[i] + 1) / bv[i], ga[i], 1e-4 * Math.abs((bv[i] + 1) / bv[i]) + 1e-5);
            assertEquals(-av[i] / (bv[i] * bv[i]), gb[i], 1e-4 * Math.abs(av[i] / (bv[i] * bv[i])) + 1e-5);
        }
        Tensor c = Torch.randn(5, 3), d = Torch.randn(5, 3);
        Tensor e = c.add(d);
        assertFalse(e.requiresGrad());
        try (var g = Torch.noGrad()) {
            assertFalse(a.add(b).requiresGrad());
        }
    }

    @Test
    void inferenceModeResultsAreInferenceTensors() {
        Tensor a = Torch.randn(4, 4), b = Torch.randn(4, 4);
        try (var g = Torch.inferenceMode()) {
            assertTrue(a.add(b).isInference());
        }
        assertFalse(a.add(b).isInference());
    }

    @Test
    void inPlaceIsUnchanged() {
        Tensor a = Torch.randn(6, 6), b = Torch.randn(6, 6);
        Tensor want = a.add(b);
        Tensor r = a.add_(b);
        assertTrue(r == a);
        assertSame("add_", want, a);
    }
}
