package dev.torch4j.backend.cpu;

import static dev.torch4j.backend.cpu.FastUnaryTest.checkUlps;
import static dev.torch4j.backend.cpu.FastUnaryTest.sweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.UnaryOp;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The float32 vector loops of {@link VectorRound} (bit for bit), {@link VectorExpLog}, {@link VectorTrig} and erfc in {@link VectorErf} (within
 * 1 ulp) against the scalar op ({@code UnaryOp.applyF}, the generic loop's result), over sweeps of whole ranges, the
 * seams between a kernel's pieces, special values and lengths that leave scalar tails ({@code checkUlps}).
 */
class FastMathUnaryTest {
    private static final float[] SPECIALS = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            0.5f, -0.5f, 1f, -1f, 1.5f, 2.5f, -2.5f, 1e-4f, 3e-8f, 88.7f, 89f, -104f, 1e38f, 3e38f};

    private static DoubleUnaryOperator scalar(UnaryOp op) { return v -> op.applyF((float) v); }

    /** Floats just around every integer and half-integer up to 64 and around 2^23, both signs. */
    private static float[] roundingCases() {
        float[] x = new float[0];
        for (int k = -64; k <= 64; k++) {
            float[] near = {k, k + 0.5f, Math.nextUp(k + 0.5f), Math.nextDown(k + 0.5f), Math.nextUp((float) k),
                Math.nextDown((float) k), k + 0.25f};
            x = concat(x, near);
        }
        float[] big = {0x1p23f, -0x1p23f, 0x1p23f - 0.5f, -(0x1p23f - 0.5f), 0x1p23f - 1.5f, 0x1p23f + 1, 0x1p24f + 2,
            Math.nextDown(0x1p23f), -Math.nextDown(0x1p23f), 0x1p22f + 0.5f, 0x1p22f + 1.5f, 1e10f, -1e10f, 0.3f, -0.3f, 0.7f, -0.7f};
        return concat(concat(x, big), SPECIALS);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void floorCeilTruncRoundFracBitForBit() {
        float[] whole = sweep(0f, Float.MAX_VALUE, SPECIALS), near = roundingCases(), small = sweep(0f, 70f);
        for (float[] x : new float[][] {whole, near, small}) {
            checkUlps("floor", x, Tensor::floor, scalar(UnaryOp.FLOOR), 0);
            checkUlps("ceil", x, Tensor::ceil, scalar(UnaryOp.CEIL), 0);
            checkUlps("trunc", x, Tensor::trunc, scalar(UnaryOp.TRUNC), 0);
            checkUlps("round", x, Tensor::round, scalar(UnaryOp.ROUND), 0);
            checkUlps("frac", x, Tensor::frac, v -> (float) v - UnaryOp.TRUNC.applyF((float) v), 0);
        }
        // half to even, and the signs of zero results
        float[] y = Torch.tensor(new float[] {0.5f, 1.5f, 2.5f, -0.5f, -2.5f, -0.3f, 0.3f, -0f, 3.5f, -3.5f, 4.5f, 5.5f, 6.5f,
            7.5f, 8.5f, 9.5f, 10.5f}).round().toFloatArray();
        assertEquals("[0.0, 2.0, 2.0, -0.0, -2.0, -0.0, 0.0, -0.0, 4.0, -4.0, 4.0, 6.0, 6.0, 8.0, 8.0, 10.0, 10.0]", Arrays.toString(y));
    }

    @Test
    void expm1Exp2SinhCoshWithinOneUlp() {
        float[] seams = {0.5f, -0.5f, Math.nextUp(0.5f), Math.nextDown(0.5f), -Math.nextUp(0.5f), 88.72f, 88.73f, 89.4f, 89.5f,
            -17f, -100f, 709f, 710f};
        float[] x = sweep(0f, 120f, concat(SPECIALS, seams)), tiny = sweep(0f, 1e-3f, 0f, -0f);
        for (float[] in : new float[][] {x, tiny}) {
            checkUlps("expm1", in, Tensor::expm1, scalar(UnaryOp.EXPM1), 1);
            checkUlps("sinh", in, Tensor::sinh, scalar(UnaryOp.SINH), 1);
            checkUlps("cosh", in, Tensor::cosh, scalar(UnaryOp.COSH), 1);
        }
        float[] ints = new float[2 * 360];
        for (int k = 0; k < 360; k++) {
            ints[2 * k] = k - 180;
            ints[2 * k + 1] = k - 180 + 0.5f;
        }
        checkUlps("exp2", concat(sweep(0f, 300f, SPECIALS), ints), Tensor::exp2, scalar(UnaryOp.EXP2), 1);
        // exact at the integers: 2^-150 rounds to 0, 2^-149 is the smallest float, 2^128 overflows
        float[] e = Torch.tensor(ints).exp2().toFloatArray();
        for (int k = 0; k < 360; k += 2) assertEquals((float) Math.pow(2, ints[k]), e[k], "exp2(" + ints[k] + ")");
    }

    @Test
    void log1pLog2Log10WithinOneUlp() {
        float[] seams = {-1f, Math.nextUp(-1f), -0.999f, 0x1p-30f, -0x1p-30f, Math.nextUp(0x1p-30f), Math.nextDown(0x1p-30f),
            1e38f, Math.nextUp(1e38f), Math.nextDown(1e38f), 0.7071067811865476f, 1.4142135f, 10f, 100f, 1000f, 1e-3f};
        float[] x = sweep(0f, Float.MAX_VALUE, concat(SPECIALS, seams));
        checkUlps("log1p", x, Tensor::log1p, scalar(UnaryOp.LOG1P), 1);
        checkUlps("log1p", sweep(0f, 1f, seams), Tensor::log1p, scalar(UnaryOp.LOG1P), 1);
        checkUlps("log2", x, Tensor::log2, scalar(UnaryOp.LOG2), 1);
        checkUlps("log10", x, Tensor::log10, scalar(UnaryOp.LOG10), 1);
        checkUlps("log2", sweep(0.5f, 2f, seams), Tensor::log2, scalar(UnaryOp.LOG2), 1);
        checkUlps("log10", sweep(0.5f, 2f, seams), Tensor::log10, scalar(UnaryOp.LOG10), 1);
        // exact at powers of two (every one, subnormals included) and log10 at powers of ten
        float[] p2 = new float[277];
        for (int k = 0; k < p2.length; k++) p2[k] = (float) Math.scalb(1.0, k - 149);
        float[] l = Torch.tensor(p2).log2().toFloatArray();
        for (int k = 0; k < p2.length; k++) assertEquals(k - 149f, l[k], "log2(2^" + (k - 149) + ")");
        float[] p10 = {1f, 10f, 100f, 1000f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f, 1e-1f, 1e-2f, 1e-3f, 1e20f, 1e30f, 1e38f};
        float[] l10 = Torch.tensor(p10).log10().toFloatArray();
        for (int k = 0; k < p10.length; k++) assertEquals((float) Math.log10(p10[k]), l10[k], "log10(" + p10[k] + ")");
    }

    @Test
    void sinCosTanWithinOneUlp() {
        // near multiples of pi/2, where the reduction cancels most: the floats around k pi/2
        float[] near = new float[0];
        for (int k = 1; k < 2000; k += 7) {
            float c = (float) (k * Math.PI / 2);
            near = concat(near, new float[] {c, Math.nextUp(c), Math.nextDown(c), -c});
        }
        float[] seams = {1e6f, Math.nextUp(1e6f), -1e6f, 1e7f, 1e20f, 102940.4f, 0.7853982f, -0.7853982f};
        float[] x = concat(sweep(0f, 2e6f, concat(SPECIALS, seams)), near);
        for (float[] in : new float[][] {x, sweep(0f, 8f, seams), sweep(0f, 1e-3f, 0f, -0f)}) {
            checkUlps("sin", in, Tensor::sin, scalar(UnaryOp.SIN), 1);
            checkUlps("cos", in, Tensor::cos, scalar(UnaryOp.COS), 1);
            checkUlps("tan", in, Tensor::tan, scalar(UnaryOp.TAN), 1);
        }
    }

    @Test
    void atanAsinAcosWithinOneUlp() {
        float[] seams = {0.41421357f, 0.41421354f, 2.4142137f, 2.4142134f, 1f, -1f, Math.nextDown(1f), -Math.nextDown(1f),
            Math.nextUp(1f), 0.5f, 1e-20f};
        checkUlps("atan", sweep(0f, Float.MAX_VALUE, concat(SPECIALS, seams)), Tensor::atan, scalar(UnaryOp.ATAN), 1);
        checkUlps("atan", sweep(0f, 4f, seams), Tensor::atan, scalar(UnaryOp.ATAN), 1);
        float[] x = sweep(0f, 1.5f, concat(SPECIALS, seams));
        checkUlps("asin", x, Tensor::asin, scalar(UnaryOp.ASIN), 1);
        checkUlps("acos", x, Tensor::acos, scalar(UnaryOp.ACOS), 1);
        checkUlps("acos", sweep(0.99f, 1f, seams), Tensor::acos, scalar(UnaryOp.ACOS), 1);
    }

    @Test
    void erfcWithinOneUlp() {
        // the seam at 2.5 (series below, continued fraction above), the float underflow near 10.05, the clamp at 12
        float[] seams = {2.5f, Math.nextDown(2.5f), Math.nextUp(2.5f), -2.5f, 3f, -3f, 4f, -4f, 10f, 10.05f, 10.06f, 12f, 13f, 27f};
        checkUlps("erfc", sweep(0f, 14f, concat(SPECIALS, seams)), Tensor::erfc, scalar(UnaryOp.ERFC), 1);
        checkUlps("erfc", sweep(2f, 3f, seams), Tensor::erfc, scalar(UnaryOp.ERFC), 1);
        checkUlps("erfc", sweep(0f, 1e-3f, 0f, -0f), Tensor::erfc, scalar(UnaryOp.ERFC), 1);
    }

    @Test
    void erfinvWithinOneUlp() {
        // the vector erfinv (VectorErfinv, torch.erfinv's float32 CPU path) against the scalar double erfinv rounded
        // to float; 0.9986 is where x crosses 2.5 (erfc's seam), w = 5 near 0.99663 (Giles's two pieces)
        float[] seams = {0.9986f, 0.99863f, 0.99663f, 0.9966f, 0.5f, Math.nextDown(1f), -Math.nextDown(1f), 1f, -1f,
            Math.nextUp(1f), 2f, -2f, 1e-30f, -1e-30f};
        DoubleUnaryOperator exact = dev.torch4j.ops.SpecialMath::erfinv;
        checkUlps("erfinv", sweep(0f, 1f, concat(SPECIALS, seams)), Tensor::erfinv, exact, 1);
        checkUlps("erfinv", sweep(0.99f, 1f, seams), Tensor::erfinv, exact, 1);
        // 0-d and 2-d shapes keep their shape
        Tensor s = Torch.tensor(new float[] {0.5f}).squeeze().erfinv();
        assertEquals(0, s.dim());
        assertEquals((float) dev.torch4j.ops.SpecialMath.erfinv(0.5f), s.toFloatArray()[0]);
        Tensor m = Torch.tensor(sweep(0f, 0.9f)).narrow(0, 0, 60).view(6, 10);
        assertEquals("[6, 10]", Arrays.toString(m.erfinv().shapeArray()));
        assertEquals(0, Torch.tensor(new float[0]).erfinv().numel());
        // the backward still sees the forward's result: sqrt(pi)/2 exp(erfinv(y)^2)
        Tensor y = Torch.tensor(new float[] {-0.9f, -0.2f, 0f, 0.3f, 0.99f}).requiresGrad_(true);
        Tensor x = y.erfinv();
        x.sum().backward();
        float[] g = y.grad().toFloatArray(), xs = x.detach().toFloatArray();
        for (int i = 0; i < g.length; i++) assertEquals(Math.sqrt(Math.PI) / 2 * Math.exp((double) xs[i] * xs[i]), g[i], 1e-5 * g[i]);
    }

    @Test
    void sameBitsColdAndWarm() {
        // the Vector API's Java fallback (first calls) and C2's code (later ones) must agree (Note [no SVML transcendentals])
        float[] x = sweep(0.001f, 30f, SPECIALS);
        UnaryOp[] ops = {UnaryOp.FLOOR, UnaryOp.ROUND, UnaryOp.EXPM1, UnaryOp.LOG1P, UnaryOp.SIN, UnaryOp.ATAN, UnaryOp.ACOS, UnaryOp.ERFC};
        int n = x.length;
        for (UnaryOp op : ops) {
            float[] cold = new float[n], warm = new float[n];
            assertTrue(FastLoops.unary(op, n, cold, 0, x, 0, 1));
            for (int rep = 0; rep < 60; rep++) FastLoops.unary(op, n, warm, 0, x, 0, 1);
            for (int i = 0; i < n; i++) assertEquals(Float.floatToIntBits(cold[i]), Float.floatToIntBits(warm[i]), op + "(" + x[i] + ")");
        }
    }

    @Test
    void stridedInputGivesTheScalarResults() {
        Tensor t = Torch.tensor(Arrays.copyOf(sweep(0f, 10f), 4096)).view(64, 64).t();
        for (UnaryOperator<Tensor> op : java.util.List.<UnaryOperator<Tensor>>of(Tensor::sin, Tensor::floor, Tensor::log1p)) {
            float[] a = op.apply(t).toFloatArray(), b = op.apply(t.contiguous()).toFloatArray();
            for (int i = 0; i < a.length; i++) assertTrue(FastUnaryTest.ulps(a[i], b[i]) <= 1 || Float.isNaN(a[i]) && Float.isNaN(b[i]));
        }
    }
}
