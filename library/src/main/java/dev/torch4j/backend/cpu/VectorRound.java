package dev.torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 floor, ceil, trunc and round (half to even) on float vectors, bit for bit the scalar loop's
 * {@code (float) Math.floor/ceil/rint(x)}: -0.0 stays -0.0 and negative values that round to zero give -0.0, NaN,
 * infinities and |x| >= 2^23 (already integers) pass through. Only exact operations: the int conversion and the
 * 2^23 addition are exact for |x| < 2^23, and the lanes where they would not be take x itself. Without them these
 * took the generic loop, one megamorphic {@code applyF} call per element, ~20x slower than PyTorch.
 */
final class VectorRound {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float TWO23 = 0x1p23f; // from here on every float is an integer

    private VectorRound() {}

    // Each loop does the whole vectors and returns where the scalar tail starts (FastLoops.unary runs it).

    static { JitWarmup.start("round", VectorRound::warmUp); }

    /** Every loop ~400 times on a small array, values spread over the kernels' ranges (see {@link JitWarmup}). */
    private static void warmUp() {
        int n = 67;
        float[] a = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) a[i] = (i - n / 2) / 40f;
        for (int r = 0; r < 400; r++) {
            floor(n, o, 0, a, 0);
            ceil(n, o, 0, a, 0);
            trunc(n, o, 0, a, 0);
            round(n, o, 0, a, 0);
        }
    }

    static int floor(int n, float[] o, int oo, float[] a, int ao) {
        int up = F.loopBound(n), step = F.length(), i = 0;
        for (; i < up; i += step) {
            FloatVector x = FloatVector.fromArray(F, a, ao + i), t = trunc(x);
            t.blend(t.sub(1f), t.compare(VectorOperators.GT, x)).intoArray(o, oo + i);
        }
        return i;
    }

    static int ceil(int n, float[] o, int oo, float[] a, int ao) {
        int up = F.loopBound(n), step = F.length(), i = 0;
        for (; i < up; i += step) {
            FloatVector x = FloatVector.fromArray(F, a, ao + i), t = trunc(x);
            t.blend(t.add(1f), t.compare(VectorOperators.LT, x)).intoArray(o, oo + i);
        }
        return i;
    }

    static int trunc(int n, float[] o, int oo, float[] a, int ao) {
        int up = F.loopBound(n), step = F.length(), i = 0;
        for (; i < up; i += step) trunc(FloatVector.fromArray(F, a, ao + i)).intoArray(o, oo + i);
        return i;
    }

    /** Half to even: |x| + 2^23 rounds to an integer in the float addition itself (the default rounding). */
    static int round(int n, float[] o, int oo, float[] a, int ao) {
        int up = F.loopBound(n), step = F.length(), i = 0;
        for (; i < up; i += step) {
            FloatVector x = FloatVector.fromArray(F, a, ao + i), ax = x.abs();
            IntVector sign = x.reinterpretAsInts().and(0x80000000);
            FloatVector r = ax.add(TWO23).sub(TWO23).reinterpretAsInts().or(sign).reinterpretAsFloats();
            r.blend(x, ax.compare(VectorOperators.LT, TWO23).not()).intoArray(o, oo + i);
        }
        return i;
    }

    /**
     * Toward zero through int and back, with x's sign or'ed in (the result is zero or has it already; -0.5 gives -0.0);
     * x itself where |x| >= 2^23, infinite or NaN. No helper calls: Note [vector helpers one level deep] in
     * {@link WidenedBlocks}.
     */
    private static FloatVector trunc(FloatVector x) {
        FloatVector t = (FloatVector) ((IntVector) x.convert(VectorOperators.F2I, 0)).convert(VectorOperators.I2F, 0);
        IntVector sign = x.reinterpretAsInts().and(0x80000000);
        return t.reinterpretAsInts().or(sign).reinterpretAsFloats().blend(x, x.abs().compare(VectorOperators.LT, TWO23).not());
    }
}
