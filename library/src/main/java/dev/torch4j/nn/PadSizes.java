package dev.torch4j.nn;

import java.util.Arrays;

/** The padding modules' sizes: one int for every side, or one value per side ({@code (left, right, top, ...)}). */
final class PadSizes {
    private PadSizes() {}

    static long[] expand(String module, long[] p, int sides) {
        if (p.length == 1) {
            long[] out = new long[sides];
            Arrays.fill(out, p[0]);
            return out;
        }
        if (p.length == sides) return p.clone();
        throw new IllegalArgumentException((module.equals("padding") ? "" : module + ": ") + "padding must be an int or a " + sides
                + "-tuple, got " + p.length + " values");
    }
}
