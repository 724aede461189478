package dev.torch4j.backend.cpu;

import dev.torch4j.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The block plumbing of the float32 kernels that compute in double ({@link VectorExpLog}, {@link VectorTrig}): a block
 * of floats widened into a double scratch array (plain loops, which C2 vectorises), the kernel run in place on its
 * vectors, the results rounded back to float. A block is padded to whole vectors with a harmless value, so there is no
 * scalar tail; lanes a kernel does not cover are recomputed by the scalar op ({@link #patch}).
 * <p>Note [vector helpers one level deep]: the vector helpers these loops call (a polynomial, {@link VectorExpD#exp})
 * run once per vector, so C2 compiles them on their own before the loop; a compiled callee larger than InlineSmallCode
 * is then not inlined ("already compiled into a big method"), nor one past the caller's node budget, and gets its
 * vectors boxed. In one of three runs exp2's kernel (VectorExpD.exp inside it) was refused so, and expm1, exp2, sinh
 * and cosh took 140-175 ms for 4M floats instead of 5-8. So helpers stay small and call no helpers; the loops call
 * each one directly.
 */
final class WidenedBlocks {
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int BLOCK = 2048;
    private static final double PAD = 0.5; // inside every kernel's domain

    private WidenedBlocks() {}

    static double[] scratch(int n) { return new double[Math.min(n, BLOCK) + D.length()]; }

    /** Widens up to BLOCK floats from a[ao..ao+left) into buf; returns the count rounded up to whole vectors. */
    static int widen(float[] a, int ao, int left, double[] buf) {
        int m = Math.min(BLOCK, left), up = (m + D.length() - 1) / D.length() * D.length();
        for (int k = 0; k < m; k++) buf[k] = a[ao + k];
        for (int k = m; k < up; k++) buf[k] = PAD;
        return up;
    }

    /** Rounds the block's results back into o; returns how many (the unpadded count). */
    static int narrow(double[] buf, int left, float[] o, int oo) {
        int m = Math.min(BLOCK, left);
        for (int k = 0; k < m; k++) o[oo + k] = (float) buf[k];
        return m;
    }

    /**
     * Lanes of the vector at buf[bi] that {@code ok} leaves out get the scalar {@code op.applyF} of their input
     * a[ai + lane]; {@code left} counts the real (unpadded) lanes from there.
     */
    static void patch(UnaryOp op, VectorMask<Double> ok, float[] a, int ai, double[] buf, int bi, int left) {
        int lanes = Math.min(D.length(), left);
        for (int j = 0; j < lanes; j++) if (!ok.laneIsSet(j)) buf[bi + j] = op.applyF(a[ai + j]);
    }
}
