package dev.torch4j.backend.cpu;

import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unit-stride loops for the hottest elementwise ops, through the Vector API. Measured on this project's 2-core
 * machine (JDK 25): a plain loop {@code o[oo+i] = a[ao+i] + b[bo+i]} with run offsets ran 2.6x slower than the
 * Vector API form (C2 does not vectorise it), which matches PyTorch's in-place add. Each op is its own loop with
 * a constant vector operation: {@code lanewise(op, ...)} with a non-constant operator is not intrinsified and runs
 * ~10x slower. Returns false when no fast loop applies, and the caller runs its generic strided loop.
 */
final class FastLoops {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private FastLoops() {}

    static boolean binary(BinaryOp op, int n, float[] o, int oo, float[] a, int ao, int as, float[] b, int bo, int bs) {
        if (as != 1 || (bs != 1 && bs != 0)) return false;
        int up = F.loopBound(n), step = F.length(), i = 0;
        if (bs == 1) {
            switch (op) {
                case ADD -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).add(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
                case SUB -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).sub(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
                case MUL -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).mul(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
                case DIV -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).div(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
                case MAXIMUM -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).max(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
                case MINIMUM -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).min(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
                default -> { return false; }
            }
            for (; i < n; i++) o[oo + i] = (float) op.applyD(a[ao + i], b[bo + i]);
        } else {
            float s = b[bo];
            FloatVector v = FloatVector.broadcast(F, s);
            switch (op) {
                case ADD -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).add(v).intoArray(o, oo + i); }
                case SUB -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).sub(v).intoArray(o, oo + i); }
                case MUL -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).mul(v).intoArray(o, oo + i); }
                case DIV -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).div(v).intoArray(o, oo + i); }
                case MAXIMUM -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).max(v).intoArray(o, oo + i); }
                case MINIMUM -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).min(v).intoArray(o, oo + i); }
                default -> { return false; }
            }
            for (; i < n; i++) o[oo + i] = (float) op.applyD(a[ao + i], s);
        }
        return true;
    }

    static boolean binary(BinaryOp op, int n, double[] o, int oo, double[] a, int ao, int as, double[] b, int bo, int bs) {
        if (as != 1 || (bs != 1 && bs != 0)) return false;
        int up = D.loopBound(n), step = D.length(), i = 0;
        if (bs == 1) {
            switch (op) {
                case ADD -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).add(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
                case SUB -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).sub(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
                case MUL -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).mul(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
                case DIV -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).div(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
                case MAXIMUM -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).max(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
                case MINIMUM -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).min(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
                default -> { return false; }
            }
            for (; i < n; i++) o[oo + i] = op.applyD(a[ao + i], b[bo + i]);
        } else {
            double s = b[bo];
            DoubleVector v = DoubleVector.broadcast(D, s);
            switch (op) {
                case ADD -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).add(v).intoArray(o, oo + i); }
                case SUB -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).sub(v).intoArray(o, oo + i); }
                case MUL -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).mul(v).intoArray(o, oo + i); }
                case DIV -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).div(v).intoArray(o, oo + i); }
                case MAXIMUM -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).max(v).intoArray(o, oo + i); }
                case MINIMUM -> { for (; i < up; i += step) DoubleVector.fromArray(D, a, ao + i).min(v).intoArray(o, oo + i); }
                default -> { return false; }
            }
            for (; i < n; i++) o[oo + i] = op.applyD(a[ao + i], s);
        }
        return true;
    }

    /**
     * float32 {@code relu}, {@code exp} and {@code sigmoid} with unit strides. Note [no SVML transcendentals]: the Vector API's EXP/LOG/TANH ran
     * exp 9x and tanh 16x faster on 10M floats, but its results differ in the last bit between the interpreted
     * fallback (scalar Math per lane) and the C2 intrinsic (SVML), so the same seeded training run gave different
     * losses before and after warm-up. So exp is a polynomial built from exactly rounded vector operations, which
     * give the same bits in both; vectors with a lane outside [-87, 88] (or NaN) take the scalar loop.
     */
    static boolean unary(UnaryOp op, int n, float[] o, int oo, float[] a, int ao, int as) {
        if (as != 1 || op != UnaryOp.RELU && op != UnaryOp.EXP && op != UnaryOp.SIGMOID) return false;
        int up = F.loopBound(n), step = F.length(), i = 0;
        switch (op) {
            // max(x, 0) is Math.max per lane: NaN stays NaN and -0 becomes +0, as the scalar relu loop does.
            case RELU -> { for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).max(0f).intoArray(o, oo + i); }
            case EXP -> {
                for (; i < up; i += step) {
                    FloatVector x = FloatVector.fromArray(F, a, ao + i);
                    if (inExpRange(x)) exp(x).intoArray(o, oo + i);
                    else scalar(op, a, ao + i, o, oo + i, step);
                }
            }
            case SIGMOID -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < up; i += step) {
                    FloatVector x = FloatVector.fromArray(F, a, ao + i).neg();
                    if (inExpRange(x)) one.div(exp(x).add(one)).intoArray(o, oo + i);
                    else scalar(op, a, ao + i, o, oo + i, step);
                }
            }
            default -> { return false; }
        }
        scalar(op, a, ao + i, o, oo + i, n - i);
        return true;
    }

    private static void scalar(UnaryOp op, float[] a, int ao, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float v = a[ao + i];
            o[oo + i] = op == UnaryOp.RELU ? (v > 0 || v != v ? v : 0f) : (float) op.applyD(v);
        }
    }

    // exp in float32 from exactly rounded vector operations only (add, mul, fma, int conversion and shifts), so the
    // Vector API's Java fallback and the C2 intrinsics give the same bits (see Note [no SVML transcendentals]).
    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693145752f, LN2_LO = 1.42860677e-6f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer
    private static final float EXP_LO = -87.0f, EXP_HI = 88.0f; // results stay normal floats inside this range

    /** True when every lane is inside the range the vector exp handles (NaN lanes are not). */
    private static boolean inExpRange(FloatVector x) {
        return x.compare(jdk.incubator.vector.VectorOperators.GE, EXP_LO)
                .and(x.compare(jdk.incubator.vector.VectorOperators.LE, EXP_HI)).allTrue();
    }

    /** exp(x) = 2^k * exp(r), k = round(x / ln 2), |r| <= ln(2)/2, exp(r) by its degree-7 Taylor polynomial. */
    private static FloatVector exp(FloatVector x) {
        FloatVector k = x.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = k.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(F, 1f / 5040f);
        p = p.fma(r, FloatVector.broadcast(F, 1f / 720f));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 120f));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 24f));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 6f));
        p = p.fma(r, FloatVector.broadcast(F, 0.5f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        var bits = ((jdk.incubator.vector.IntVector) k.convert(jdk.incubator.vector.VectorOperators.F2I, 0))
                .add(127).lanewise(jdk.incubator.vector.VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }
}
