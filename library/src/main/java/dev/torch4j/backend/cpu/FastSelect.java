package dev.torch4j.backend.cpu;

import dev.torch4j.backend.BinaryOp;

/**
 * {@code where(cond, a, b)} and the float comparisons over unit-stride runs, as plain loops that C2 vectorises by
 * itself. The generic loops were slow for two reasons: where's {@code m != 0 ? a : b} branched on each mask byte
 * (mispredicted on mixed masks, ~8 ns an element), and the comparisons read through a dtype switch and called
 * {@code op.applyD} megamorphically. Here where selects with bit masks (all ones for a nonzero byte), and each
 * comparison has its own loop. Plain loops rather than the Vector API: they reach full speed after a few calls,
 * where Vector API code ran ~10x slower than the old loop for the first ~30 calls of a 100K-element op (C1 code
 * allocates each vector). Each operand's inner stride is 1, or 0 for one element broadcast.
 */
final class FastSelect {
    private FastSelect() {}

    /** The whole float run; returns n (0 when the strides do not fit). */
    static int where(int n, float[] y, int yo, byte[] m, int mo, float[] p, int po, int sa, float[] q, int qo, int sb) {
        if ((sa | 1) != 1 || (sb | 1) != 1) return 0;
        if (sa == 1 && sb == 1) {
            for (int i = 0; i < n; i++) y[yo + i] = select(m[mo + i], p[po + i], q[qo + i]);
        } else if (sa == 1) {
            float b = q[qo];
            for (int i = 0; i < n; i++) y[yo + i] = select(m[mo + i], p[po + i], b);
        } else if (sb == 1) {
            float a = p[po];
            for (int i = 0; i < n; i++) y[yo + i] = select(m[mo + i], a, q[qo + i]);
        } else {
            float a = p[po], b = q[qo];
            for (int i = 0; i < n; i++) y[yo + i] = select(m[mo + i], a, b);
        }
        return n;
    }

    /** The whole double run; returns n (0 when the strides do not fit). */
    static int where(int n, double[] y, int yo, byte[] m, int mo, double[] p, int po, int sa, double[] q, int qo, int sb) {
        if ((sa | 1) != 1 || (sb | 1) != 1) return 0;
        if (sa == 1 && sb == 1) {
            for (int i = 0; i < n; i++) y[yo + i] = select(m[mo + i], p[po + i], q[qo + i]);
        } else if (sa == 1) {
            double b = q[qo];
            for (int i = 0; i < n; i++) y[yo + i] = select(m[mo + i], p[po + i], b);
        } else if (sb == 1) {
            double a = p[po];
            for (int i = 0; i < n; i++) y[yo + i] = select(m[mo + i], a, q[qo + i]);
        } else {
            double a = p[po], b = q[qo];
            for (int i = 0; i < n; i++) y[yo + i] = select(m[mo + i], a, b);
        }
        return n;
    }

    /** {@code m != 0 ? a : b} without a branch: k is all ones for any nonzero byte. */
    private static float select(byte m, float a, float b) {
        int k = -((m | -m) >>> 31);
        return Float.intBitsToFloat(Float.floatToRawIntBits(b) ^ ((Float.floatToRawIntBits(a) ^ Float.floatToRawIntBits(b)) & k));
    }

    private static double select(byte m, double a, double b) {
        long k = -((m | -m) >>> 31);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(b) ^ ((Double.doubleToRawLongBits(a) ^ Double.doubleToRawLongBits(b)) & k));
    }

    /**
     * A float comparison into bool bytes over a unit-stride run of {@code p} against {@code q} (stride 1, or 0 for a
     * scalar); returns n, or 0 when not handled (a logical op). NaN compares as Java's operators do.
     */
    static int compare(BinaryOp op, int n, byte[] y, int yo, float[] p, int po, float[] q, int qo, int sb) {
        if (sb == 0) {
            float s = q[qo];
            switch (op) {
                case EQ -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] == s ? 1 : 0); }
                case NE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] != s ? 1 : 0); }
                case LT -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] < s ? 1 : 0); }
                case LE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] <= s ? 1 : 0); }
                case GT -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] > s ? 1 : 0); }
                case GE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] >= s ? 1 : 0); }
                default -> { return 0; }
            }
            return n;
        }
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] == q[qo + i] ? 1 : 0); }
            case NE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] != q[qo + i] ? 1 : 0); }
            case LT -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] < q[qo + i] ? 1 : 0); }
            case LE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] <= q[qo + i] ? 1 : 0); }
            case GT -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] > q[qo + i] ? 1 : 0); }
            case GE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] >= q[qo + i] ? 1 : 0); }
            default -> { return 0; }
        }
        return n;
    }

    /** {@link #compare(BinaryOp, int, byte[], int, float[], int, float[], int, int)} over doubles. */
    static int compare(BinaryOp op, int n, byte[] y, int yo, double[] p, int po, double[] q, int qo, int sb) {
        if (sb == 0) {
            double s = q[qo];
            switch (op) {
                case EQ -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] == s ? 1 : 0); }
                case NE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] != s ? 1 : 0); }
                case LT -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] < s ? 1 : 0); }
                case LE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] <= s ? 1 : 0); }
                case GT -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] > s ? 1 : 0); }
                case GE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] >= s ? 1 : 0); }
                default -> { return 0; }
            }
            return n;
        }
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] == q[qo + i] ? 1 : 0); }
            case NE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] != q[qo + i] ? 1 : 0); }
            case LT -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] < q[qo + i] ? 1 : 0); }
            case LE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] <= q[qo + i] ? 1 : 0); }
            case GT -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] > q[qo + i] ? 1 : 0); }
            case GE -> { for (int i = 0; i < n; i++) y[yo + i] = (byte) (p[po + i] >= q[qo + i] ? 1 : 0); }
            default -> { return 0; }
        }
        return n;
    }
}
