package dev.torch4j.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's float formatting, reproduced exactly: {@code '{:.Nf}'.format(x)} and {@code '{:.Ne}'.format(x)}
 * format the exact binary value of {@code x}, rounding half-even on its exact decimal expansion, keep the sign of
 * negative zero and of negatives that round to zero, print {@code nan}/{@code inf}/{@code -inf}, and write the
 * exponent with a sign and at least two digits. ({@code String.format} differs: it rounds half-up on the shortest
 * repr.)
 */
public final class PyFormat {
    private PyFormat() {}

    /**
     * {@code '{:g}'.format(v)}, Python's general format with 6 significant digits: fixed notation for decimal
     * exponents in [-4, 6), scientific otherwise, trailing zeros (and a bare point) removed. Internal: reprs use it.
     */
    public static String general(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        int p = 6, exp;
        if (v == 0) {
            exp = 0;
        } else {
            BigDecimal r = new BigDecimal(Math.abs(v)).round(new MathContext(p, RoundingMode.HALF_EVEN));
            exp = r.precision() - 1 - r.scale();
        }
        String s = exp >= -4 && exp < p ? fixed(v, p - 1 - exp) : sci(v, p - 1);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e), rest = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) mantissa = mantissa.substring(0, mantissa.length() - 1);
        }
        return mantissa + rest;
    }

    /**
     * {@code repr(float)}: the shortest digits that round-trip (as Java's {@code Double.toString} since JDK 19),
     * in positional notation when the exponent is in [-4, 16), else as {@code 1e-05} / {@code 1e+16}.
     */
    public static String repr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int decpt = digits.length() - d.scale(); // value = 0.digits * 10^decpt
        String sign = v < 0 ? "-" : "";
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) return sign + "0." + "0".repeat(-decpt) + digits;
            if (decpt >= digits.length()) return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
            return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
        }
        int exp = decpt - 1;
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** {@code '{:.<precision>f}'.format(v)}. */
    public static String fixed(double v, int precision) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String body = new BigDecimal(Math.abs(v)).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return isNegative(v) ? "-" + body : body;
    }

    /** {@code '{:.<precision>e}'.format(v)}. */
    static String sci(double v, int precision) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        StringBuilder sb = new StringBuilder(precision + 8);
        if (isNegative(v)) sb.append('-');
        double a = Math.abs(v);
        String digits;
        int exp;
        if (a == 0.0) {
            digits = "0";
            exp = 0;
        } else {
            BigDecimal r = new BigDecimal(a).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            digits = r.unscaledValue().toString();
            exp = digits.length() - 1 - r.scale();
        }
        sb.append(digits.charAt(0));
        if (precision > 0) {
            sb.append('.');
            sb.append(digits, 1, Math.min(digits.length(), precision + 1));
            for (int i = digits.length(); i < precision + 1; i++) sb.append('0');
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int ae = Math.abs(exp);
        if (ae < 10) sb.append('0');
        sb.append(ae);
        return sb.toString();
    }

    /** Right-aligns {@code s} in a field of {@code width} characters (no truncation). */
    static String padLeft(String s, int width) {
        int n = width - s.length();
        return n <= 0 ? s : " ".repeat(n) + s;
    }

    private static boolean isNegative(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }
}
