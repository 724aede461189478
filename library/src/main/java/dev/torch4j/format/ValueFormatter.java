package dev.torch4j.format;

import dev.torch4j.DType;

/**
 * {@code _Formatter} and its complex pairing: the printed elements' strings, each padded to one column width.
 * A complex tensor gets two real formatters, one over the real parts and one over the imaginary parts, as
 * {@code _tensor_str} builds them; an element is then {@code re + imag + "j"} with a {@code +} unless the imaginary
 * part printed its own sign ({@code _vector_str}'s {@code _val_formatter}).
 */
sealed interface ValueFormatter {
    /** The column width ({@code _vector_str}'s {@code element_length} less the 2 of {@code ", "}). */
    int width();

    /** Element {@code i} of the printed elements (row-major), padded to {@link #width()}. */
    String format(int i);

    /** Reads the elements at the kept indices (row-major over {@code kept}) and sizes the column(s). */
    static ValueFormatter read(ElementSource src, long[][] kept, int count, PrintOptions options) {
        DType dtype = src.dtype();
        boolean complex = dtype.isComplex();
        boolean floating = complex || dtype.isFloatingPoint();
        int nd = kept.length;
        double[] dvals = floating ? new double[count] : null;
        double[] ivals = complex ? new double[count] : null;
        long[] lvals = floating ? null : new long[count];
        long[] idx = new long[nd];
        int[] pos = new int[nd];
        for (int d = 0; d < nd; d++) idx[d] = kept[d][0];
        for (int i = 0; i < count; i++) {
            if (floating) dvals[i] = src.getDouble(idx);
            else lvals[i] = src.getLong(idx);
            if (complex) ivals[i] = src.getImag(idx);
            for (int d = nd - 1; d >= 0; d--) {
                if (++pos[d] < kept[d].length) {
                    idx[d] = kept[d][pos[d]];
                    break;
                }
                pos[d] = 0;
                idx[d] = kept[d][0];
            }
        }
        DType part = dtype.toReal();
        Real re = new Real(part, options.precision(), dvals, lvals, options.sciMode());
        return complex ? new Complex(re, new Real(part, options.precision(), ivals, null, options.sciMode())) : re;
    }

    /** A complex column: the real and imaginary parts each sized by their own formatter. */
    record Complex(Real re, Real im) implements ValueFormatter {
        @Override public int width() { return re.width() + im.width() + 1; } // + 1 for the 'j'

        @Override public String format(int i) {
            String imag = (im.format(i) + "j").stripLeading();
            char c = imag.charAt(0);
            return c == '+' || c == '-' ? re.format(i) + imag : re.format(i) + "+" + imag;
        }
    }

    /** {@code _Formatter}: decides int / fixed / scientific mode and the column width from the printed values. */
    final class Real implements ValueFormatter {
        private final boolean floating;
        private final boolean bool;
        private final int precision;
        private final double[] dvals;
        private final long[] lvals;
        private boolean intMode = true;
        private boolean sciMode = false;
        private int maxWidth = 1;

        Real(DType dtype, int precision, double[] dvals, long[] lvals, Boolean forcedSci) {
            this.floating = dtype.isFloatingPoint();
            this.bool = dtype == DType.BOOL;
            this.precision = precision;
            this.dvals = dvals;
            this.lvals = lvals;
            init(forcedSci);
        }

        private void init(Boolean forcedSci) {
            if (!floating) {
                for (long v : lvals) maxWidth = Math.max(maxWidth, intStr(v).length());
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            boolean any = false;
            for (double v : dvals) {
                if (!isNonzeroFinite(v)) continue;
                any = true;
                double a = Math.abs(v);
                min = Math.min(min, a);
                max = Math.max(max, a);
                if (intMode && v != Math.ceil(v)) intMode = false;
            }
            if (!any) return; // no valid number: int mode, width 1, never scientific
            sciMode = forcedSci != null ? forcedSci : (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4);
            for (double v : dvals) {
                if (!isNonzeroFinite(v)) continue;
                int len;
                if (sciMode) len = PyFormat.sci(v, precision).length();
                else if (intMode) len = PyFormat.fixed(v, 0).length() + 1;
                else len = PyFormat.fixed(v, precision).length();
                maxWidth = Math.max(maxWidth, len);
            }
        }

        private static boolean isNonzeroFinite(double v) {
            return Double.isFinite(v) && v != 0.0;
        }

        private String intStr(long v) {
            return bool ? (v != 0 ? "True" : "False") : Long.toString(v);
        }

        @Override public int width() { return maxWidth; }

        @Override public String format(int i) {
            String ret;
            if (floating) {
                double v = dvals[i];
                if (sciMode) ret = PyFormat.sci(v, precision);
                else if (intMode) ret = Double.isFinite(v) ? PyFormat.fixed(v, 0) + "." : PyFormat.fixed(v, 0);
                else ret = PyFormat.fixed(v, precision);
            } else {
                ret = intStr(lvals[i]);
            }
            return PyFormat.padLeft(ret, maxWidth);
        }
    }
}
