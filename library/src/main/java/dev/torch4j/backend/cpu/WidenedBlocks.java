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
