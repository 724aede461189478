package dev.torch4j;

import dev.torch4j.nn.Py;

/**
 * A complex number read out of a complex tensor ({@link Tensor#itemComplex()}, {@link Tensor#tolist()}), where Python
 * gives a {@code complex}; {@link #toString()} spells it as Python's {@code repr} does ({@code (1+2j)}, {@code 2j}).
 *
 * @param real the real part
 * @param imag the imaginary part
 */
public record Complex(double real, double imag) {
    /** {@code abs(z)}. */
    public double abs() { return Math.hypot(real, imag); }

    @Override
    public String toString() {
        String im = part(imag) + "j";
        if (real == 0 && 1 / real > 0) return im; // +0 real part: Python writes the imaginary part alone
        return "(" + part(real) + (im.startsWith("-") ? "" : "+") + im + ")";
    }

    /** Python's repr of a complex number's part: a float's repr without the {@code .0} of an integral value. */
    private static String part(double v) {
        String r = Py.repr(v);
        return r.endsWith(".0") ? r.substring(0, r.length() - 2) : r;
    }
}
