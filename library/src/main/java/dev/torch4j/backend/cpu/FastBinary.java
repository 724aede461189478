package dev.torch4j.backend.cpu;

import dev.torch4j.backend.BinaryOp;

/**
 * Binary float loops that {@link FastLoops#binary} leaves to the generic loop: a scalar first operand ({@code 1 - x},
 * {@code 2 / x}: plain loops C2 vectorises, 4M floats 11-12 ms before), and pow, atan2, remainder and floor_divide, whose generic loop
 * made one megamorphic {@code op.applyD} call per element. Those take one loop per op here, the call on a constant
 * enum receiver, which C2 inlines: the same formula, so the same bits. Each operand's stride is 1, or 0 for a scalar.
 */
final class FastBinary {
    private FastBinary() {}

    static boolean binary(BinaryOp op, int n, float[] o, int oo, float[] a, int ao, int as, float[] b, int bo, int bs) {
        if ((as | 1) != 1 || (bs | 1) != 1) return false;
        if (as == 0 && bs == 1 && scalarFirst(op, n, o, oo, a[ao], b, bo)) return true;
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
        if (as == 0 && bs == 1 && scalarFirst(op, n, o, oo, a[ao], b, bo)) return true;
        switch (op) {
            case POW -> { for (int i = 0; i < n; i++) o[oo + i] = BinaryOp.POW.applyD(a[ao + i * as], b[bo + i * bs]); }
            case ATAN2 -> { for (int i = 0; i < n; i++) o[oo + i] = BinaryOp.ATAN2.applyD(a[ao + i * as], b[bo + i * bs]); }
            case REMAINDER -> { for (int i = 0; i < n; i++) o[oo + i] = BinaryOp.REMAINDER.applyD(a[ao + i * as], b[bo + i * bs]); }
            case FLOOR_DIVIDE -> { for (int i = 0; i < n; i++) o[oo + i] = BinaryOp.FLOOR_DIVIDE.applyD(a[ao + i * as], b[bo + i * bs]); }
            default -> { return false; }
        }
        return true;
    }

    /** {@code s op b} over the run as a plain loop (C2 vectorises it); false for an op without a loop. */
    private static boolean scalarFirst(BinaryOp op, int n, float[] o, int oo, float s, float[] b, int bo) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = s + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = s - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = s * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = s / b[bo + i]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(s, b[bo + i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.min(s, b[bo + i]); }
            default -> { return false; }
        }
        return true;
    }

    private static boolean scalarFirst(BinaryOp op, int n, double[] o, int oo, double s, double[] b, int bo) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = s + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = s - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = s * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = s / b[bo + i]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(s, b[bo + i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.min(s, b[bo + i]); }
            default -> { return false; }
        }
        return true;
    }
}
