package dev.torch4j.backend.cpu;

import dev.torch4j.backend.BinaryOp;

/**
 * Unit-stride loops for the hottest elementwise ops, written out so the JIT vectorises them; everything else goes
 * through the generic strided loops. Returns false when no fast loop applies.
 */
final class FastLoops {
    private FastLoops() {}

    static boolean binary(BinaryOp op, int n, float[] o, int oo, float[] a, int ao, int as, float[] b, int bo, int bs) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; }
                default -> { return false; }
            }
            return true;
        }
        if (as == 1 && bs == 0) {
            float s = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / s; }
                default -> { return false; }
            }
            return true;
        }
        return false;
    }

    static boolean binary(BinaryOp op, int n, double[] o, int oo, double[] a, int ao, int as, double[] b, int bo, int bs) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; }
                default -> { return false; }
            }
            return true;
        }
        if (as == 1 && bs == 0) {
            double s = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / s; }
                default -> { return false; }
            }
            return true;
        }
        return false;
    }
}
