package dev.torch4j.backend.cpu;

import dev.torch4j.backend.BinaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Binary float loops that {@link FastLoops#binary} leaves to the generic loop: a scalar first operand ({@code 1 - x},
 * {@code 2 / x}: vectors, 4M floats 11-12 ms before), and pow, atan2, remainder and floor_divide, whose generic loop
 * made one megamorphic {@code op.applyD} call per element. Those take one loop per op here, the call on a constant
 * enum receiver, which C2 inlines: the same formula, so the same bits. Each operand's stride is 1, or 0 for a scalar.
 */
final class FastBinary {
    private FastBinary() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    static boolean binary(BinaryOp op, int n, float[] o, int oo, float[] a, int ao, int as, float[] b, int bo, int bs) {
        if ((as | 1) != 1 || (bs | 1) != 1) return false;
        if (as == 0 && bs == 1) {
            int i = scalarFirst(op, n, o, oo, a[ao], b, bo);
            if (i >= 0) {
                for (; i < n; i++) o[oo + i] = (float) op.applyD(a[ao], b[bo + i]);
                return true;
            }
        }
        switch (op) {
            case POW -> { for (int i = 0; i < n; i++) o[oo + i] = (float) BinaryOp.POW.applyD(a[ao + i * as], b[bo + i * bs]); }
            case ATAN2 -> { for (int i = 0; i < n; i++) o[oo + i] = (float) BinaryOp.ATAN2.applyD(a[ao + i * as], b[bo + i * bs]); }
            case REMAINDER -> { for (int i = 0; i < n; i++) o[oo + i] = (float) BinaryOp.REMAINDER.applyD(a[ao + i * as], b[bo + i * bs]); }
            case FLOOR_DIVIDE -> { for (int i = 0; i < n; i++) o[oo + i] = (float) BinaryOp.FLOOR_DIVIDE.applyD(a[ao + i * as], b[bo + i * bs]); }
            default -> { return false; }
        }
        return true;
    }

    static boolean binary(BinaryOp op, int n, double[] o, int oo, double[] a, int ao, int as, double[] b, int bo, int bs) {
        if ((as | 1) != 1 || (bs | 1) != 1) return false;
        if (as == 0 && bs == 1) {
            int i = scalarFirst(op, n, o, oo, a[ao], b, bo);
            if (i >= 0) {
                for (; i < n; i++) o[oo + i] = op.applyD(a[ao], b[bo + i]);
                return true;
            }
        }
        switch (op) {
            case POW -> { for (int i = 0; i < n; i++) o[oo + i] = BinaryOp.POW.applyD(a[ao + i * as], b[bo + i * bs]); }
            case ATAN2 -> { for (int i = 0; i < n; i++) o[oo + i] = BinaryOp.ATAN2.applyD(a[ao + i * as], b[bo + i * bs]); }
            case REMAINDER -> { for (int i = 0; i < n; i++) o[oo + i] = BinaryOp.REMAINDER.applyD(a[ao + i * as], b[bo + i * bs]); }
            case FLOOR_DIVIDE -> { for (int i = 0; i < n; i++) o[oo + i] = BinaryOp.FLOOR_DIVIDE.applyD(a[ao + i * as], b[bo + i * bs]); }
            default -> { return false; }
        }
        return true;
    }

    /** {@code s op b} over the whole vectors; returns where the scalar tail starts, or -1 for an op without a loop. */
    private static int scalarFirst(BinaryOp op, int n, float[] o, int oo, float s, float[] b, int bo) {
        int up = F.loopBound(n), step = F.length(), i = 0;
        FloatVector v = FloatVector.broadcast(F, s);
        switch (op) {
            case ADD -> { for (; i < up; i += step) v.add(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
            case SUB -> { for (; i < up; i += step) v.sub(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
            case MUL -> { for (; i < up; i += step) v.mul(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
            case DIV -> { for (; i < up; i += step) v.div(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
            case MAXIMUM -> { for (; i < up; i += step) v.max(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
            case MINIMUM -> { for (; i < up; i += step) v.min(FloatVector.fromArray(F, b, bo + i)).intoArray(o, oo + i); }
            default -> { return -1; }
        }
        return i;
    }

    private static int scalarFirst(BinaryOp op, int n, double[] o, int oo, double s, double[] b, int bo) {
        int up = D.loopBound(n), step = D.length(), i = 0;
        DoubleVector v = DoubleVector.broadcast(D, s);
        switch (op) {
            case ADD -> { for (; i < up; i += step) v.add(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
            case SUB -> { for (; i < up; i += step) v.sub(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
            case MUL -> { for (; i < up; i += step) v.mul(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
            case DIV -> { for (; i < up; i += step) v.div(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
            case MAXIMUM -> { for (; i < up; i += step) v.max(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
            case MINIMUM -> { for (; i < up; i += step) v.min(DoubleVector.fromArray(D, b, bo + i)).intoArray(o, oo + i); }
            default -> { return -1; }
        }
        return i;
    }
}
