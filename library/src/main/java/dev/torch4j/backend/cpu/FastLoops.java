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
     * float32 {@code relu} with unit strides. Note [no SVML transcendentals]: the Vector API's EXP/LOG/TANH ran
     * exp 9x and tanh 16x faster on 10M floats, but its results differ in the last bit between the interpreted
     * fallback (scalar Math per lane) and the C2 intrinsic (SVML), so the same seeded training run gave different
     * losses before and after warm-up. Determinism wins; a vectorised polynomial exp built from exact vector ops
     * (add, mul, fma) would be both fast and reproducible.
     */
    static boolean unary(UnaryOp op, int n, float[] o, int oo, float[] a, int ao, int as) {
        if (as != 1 || op != UnaryOp.RELU) return false;
        int up = F.loopBound(n), step = F.length(), i = 0;
        // max(x, 0) is Math.max per lane: NaN stays NaN and -0 becomes +0, as the scalar relu loop does.
        for (; i < up; i += step) FloatVector.fromArray(F, a, ao + i).max(0f).intoArray(o, oo + i);
        for (; i < n; i++) { float v = a[ao + i]; o[oo + i] = v > 0 || v != v ? v : 0f; }
        return true;
    }
}
