package dev.torch4j.ops;

import static dev.torch4j.ops.ComplexOps.conj;
import static dev.torch4j.ops.ComplexOps.imag;
import static dev.torch4j.ops.ComplexOps.mul;
import static dev.torch4j.ops.ComplexOps.ofParts;
import static dev.torch4j.ops.ComplexOps.real;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.UnaryOp;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The complex square root, inverse trigonometric and hyperbolic functions, base-2/10 logarithms, log1p and expm1,
 * composed of real ops on the parts. Values follow the principal branches of C99's {@code casin}, {@code cacos}, {@code catanh},
 * {@code cacosh} (the cuts take the side of a signed zero's sign), written in Kahan's forms ("Branch cuts for complex
 * elementary functions", 1987) so that no intermediate squares the argument. Each is recorded as one node whose
 * gradient is PyTorch's {@code g * conj(f'(z))}, f' in PyTorch's forms (rsqrt(1 - z^2) for asin, ...), so the
 * gradient does not go through the kinks of |x| or atan2 that the value's formula has.
 */
final class ComplexElementary {
    private ComplexElementary() {}

    private static final double LN2 = Math.log(2), LN10 = Math.log(10);

    /** {@code op(z)} for the ops this class holds, or null for another op. */
    static Tensor unary(UnaryOp op, Tensor z) {
        return switch (op) {
            case SQRT -> holomorphic("SqrtBackward0", z, () -> sqrt(z), v -> ComplexOps.unary(UnaryOp.RECIPROCAL, scale(ComplexOps.unary(UnaryOp.SQRT, v), 2)));
            case ASIN -> holomorphic("AsinBackward0", z, () -> asin(z), v -> ComplexOps.unary(UnaryOp.RSQRT, oneMinusSquare(v, 1)));
            case ACOS -> holomorphic("AcosBackward0", z, () -> acos(z), v -> scale(ComplexOps.unary(UnaryOp.RSQRT, oneMinusSquare(v, 1)), -1));
            case ATAN -> holomorphic("AtanBackward0", z, () -> atan(z), v -> ComplexOps.unary(UnaryOp.RECIPROCAL, oneMinusSquare(v, -1)));
            case ASINH -> holomorphic("AsinhBackward0", z, () -> asinh(z), v -> ComplexOps.unary(UnaryOp.RSQRT, oneMinusSquare(v, -1)));
            // 1 / (sqrt(z - 1) sqrt(z + 1)): rsqrt(z^2 - 1) would take the other sign where Re z < 0
            case ACOSH -> holomorphic("AcoshBackward0", z, () -> acosh(z),
                    v -> ComplexOps.unary(UnaryOp.RECIPROCAL, mul(ComplexOps.unary(UnaryOp.SQRT, shifted(-1, v)), ComplexOps.unary(UnaryOp.SQRT, shifted(1, v)))));
            case ATANH -> holomorphic("AtanhBackward0", z, () -> atanh(real(z), imag(z)), v -> ComplexOps.unary(UnaryOp.RECIPROCAL, oneMinusSquare(v, 1)));
            case LOG2 -> holomorphic("Log2Backward0", z, () -> scale(ComplexOps.unary(UnaryOp.LOG, z), 1 / LN2),
                    v -> ComplexOps.unary(UnaryOp.RECIPROCAL, scale(v, LN2)));
            case LOG10 -> holomorphic("Log10Backward0", z, () -> scale(ComplexOps.unary(UnaryOp.LOG, z), 1 / LN10),
                    v -> ComplexOps.unary(UnaryOp.RECIPROCAL, scale(v, LN10)));
            // PyTorch 2.x's forms (1.13 refuses complex input): accurate near 0, where log(1 + z) and exp(z) - 1 cancel
            case LOG1P -> holomorphic("Log1PBackward0", z, () -> log1p(real(z), imag(z)), v -> ComplexOps.unary(UnaryOp.RECIPROCAL, shifted(1, v)));
            case EXPM1 -> holomorphic("Expm1Backward0", z, () -> expm1(real(z), imag(z)), v -> ComplexOps.unary(UnaryOp.EXP, v));
            default -> null;
        };
    }

    /**
     * The value of a holomorphic f at z (computed without recording), recorded as one node whose gradient is
     * {@code g * conj(f'(z))}: PyTorch's convention for a real loss (dL/dRe + i dL/dIm).
     */
    private static Tensor holomorphic(String name, Tensor z, Supplier<Tensor> value, UnaryOperator<Tensor> derivative) {
        Tensor r = ReductionsGrad.untracked(value);
        if (!Graph.isRecording(z)) return r;
        FnNode n = Graph.node(name, z);
        SavedTensor sz = n.save(z);
        return n.backward(g -> new Tensor[] {mul(g[0], conj(derivative.apply(sz.get())))}).output(r);
    }

    private static Tensor scale(Tensor z, double s) { return ofParts(real(z).mul(s), imag(z).mul(s)); }

    /** {@code 1 - s z^2}: for s = 1, 1 - z^2; for s = -1, 1 + z^2 (its imaginary part as {@link #shifted} leaves it). */
    private static Tensor oneMinusSquare(Tensor z, double s) {
        Tensor sq = mul(z, z);
        return ofParts(real(sq).mul(-s).add(1), imag(sq).mul(-s).add(0.0));
    }

    /**
     * {@code z + c} in a derivative, as PyTorch's adds a number: c enters as {@code alpha * (c + 0i)}, whose
     * imaginary part +0 turns a -0 into +0. On a branch cut the derivative's side follows that zero's sign, so the
     * gradient there comes out as PyTorch's.
     */
    private static Tensor shifted(double c, Tensor z) { return ofParts(real(z).add(c), imag(z).add(0.0)); }

    /** {@code c + z} for a real number c: the imaginary part is z's own (its signed zero kept). */
    private static Tensor plus(double c, Tensor z) { return ofParts(real(z).add(c), imag(z)); }

    /** {@code c - z} for a real number c (a zero imaginary part changes sign, which picks the side of a cut). */
    private static Tensor minus(double c, Tensor z) { return ofParts(real(z).neg().add(c), imag(z).neg()); }

    /**
     * The principal square root as glibc's {@code csqrt} computes it: {@code t = sqrt((|z| + |x|) / 2)}, then
     * {@code (t, y / 2t)} for x >= 0 and {@code (|y| / 2t, copysign(t, y))} for x < 0, so the branch cut along the
     * negative real axis follows the sign of a zero imaginary part; {@code sqrt(±0 + yi)} at y = ±0 is {@code (0, y)}.
     */
    private static Tensor sqrt(Tensor z) {
        Tensor x = real(z), y = imag(z);
        Tensor zero = x.eq(0).logicalAnd(y.eq(0)), pos = x.ge(0);
        Tensor t = x.hypot(y).add(x.abs()).mul(0.5).sqrt();
        Tensor q = y.div(t.where(zero.logicalNot(), 1.0)).mul(0.5);
        Tensor re = Torch.where(pos, t, q.abs()), im = Torch.where(pos, q, t.copysign(y));
        return ofParts(re.where(zero.logicalNot(), 0.0), Torch.where(zero, y, im));
    }

    /** Kahan: with {@code s = sqrt(1 - z)}, {@code t = sqrt(1 + z)}: {@code asin z = atan2(x, Re(s t)) + i asinh(Im(conj(s) t))}. */
    private static Tensor asin(Tensor z) {
        Tensor s = sqrt(minus(1, z)), t = sqrt(plus(1, z));
        Tensor a = real(s), b = imag(s), c = real(t), d = imag(t);
        return ofParts(real(z).atan2(a.mul(c).sub(b.mul(d))), a.mul(d).sub(b.mul(c)).asinh());
    }

    /** Kahan: {@code acos z = 2 atan2(Re s, Re t) + i asinh(Im(conj(t) s))}, s and t as for asin. */
    private static Tensor acos(Tensor z) {
        Tensor s = sqrt(minus(1, z)), t = sqrt(plus(1, z));
        Tensor a = real(s), b = imag(s), c = real(t), d = imag(t);
        return ofParts(a.atan2(c).mul(2), c.mul(b).sub(d.mul(a)).asinh());
    }

    /** Kahan: with {@code s = sqrt(z - 1)}, {@code t = sqrt(z + 1)}: {@code acosh z = asinh(Re(conj(s) t)) + 2i atan2(Im s, Re t)}. */
    private static Tensor acosh(Tensor z) {
        Tensor s = sqrt(plus(-1, z)), t = sqrt(plus(1, z));
        Tensor a = real(s), b = imag(s), c = real(t), d = imag(t);
        return ofParts(a.mul(c).add(b.mul(d)).asinh(), b.atan2(c).mul(2));
    }

    /** {@code asinh z = -i asin(iz)}. */
    private static Tensor asinh(Tensor z) {
        Tensor w = asin(ofParts(imag(z).neg(), real(z)));
        return ofParts(imag(w), real(w).neg());
    }

    /**
     * {@code atanh(x + iy)}: real part {@code sign(x) log1p(4|x| / ((1 - |x|)^2 + y^2)) / 4} (odd in x; with x itself
     * the log1p argument is near -1 for x near -1, which cancels), imaginary part
     * {@code atan2(2y, (1 - x)(1 + x) - y^2) / 2} (glibc's forms; on the cut |x| > 1, y = ±0 the sign of y decides).
     */
    private static Tensor atanh(Tensor x, Tensor y) {
        Tensor ax = x.abs();
        Tensor den = ax.neg().add(1).square().add(y.square());
        Tensor re = Arithmetic.copysign(ax.mul(4).div(den).log1p().mul(0.25), x);
        Tensor im = y.mul(2).atan2(x.neg().add(1).mul(x.add(1)).sub(y.square())).mul(0.5);
        return ofParts(re, im);
    }

    /** {@code atan z = -i atanh(iz)}. */
    private static Tensor atan(Tensor z) {
        Tensor w = atanh(imag(z).neg(), real(z));
        return ofParts(imag(w), real(w).neg());
    }

    /**
     * {@code log1p(x + iy)}: imaginary part {@code atan2(y, 1 + x)}; real part {@code log1p(x (2 + x) + y^2) / 2} for
     * |z| < 0.5 (x itself when that sum is 0), else {@code log(hypot(1 + x, y))} (PyTorch 2.x's split).
     */
    private static Tensor log1p(Tensor x, Tensor y) {
        Tensor r = x.mul(x.add(2)).add(y.square());
        Tensor near = r.log1p().mul(0.5).where(r.ne(0), x);
        Tensor far = x.add(1).hypot(y).log();
        return ofParts(Torch.where(x.hypot(y).lt(0.5), near, far), y.atan2(x.add(1)));
    }

    /** {@code expm1(x + iy) = expm1(x) cos y - 2 sin^2(y / 2) + i e^x sin y} (PyTorch 2.x's form). */
    private static Tensor expm1(Tensor x, Tensor y) {
        return ofParts(x.expm1().mul(y.cos()).sub(y.mul(0.5).sin().square().mul(2)), x.exp().mul(y.sin()));
    }

    /**
     * PyTorch 2.x's {@code _log_add_exp_helper} for complex a and b (same shape): with the one of larger real part
     * as max (a on a tie) and the other as min, {@code max + log1p(exp(min - max))}; NaN + NaN i where either has a
     * NaN part; where both real parts are the same infinity, min for -inf and {@code log(exp(min) + exp(max))} for
     * +inf. The imaginary part stays near max's (within pi/2), not wrapped into (-pi, pi].
     */
    static Tensor logAddExp(Tensor a, Tensor b) {
        Tensor ar = real(a), ai = imag(a), br = real(b), bi = imag(b);
        Tensor nanA = ar.isnan().logicalOr(ai.isnan()), nanB = br.isnan().logicalOr(bi.isnan());
        Tensor aMax = ar.ge(br);
        Tensor mx = ComplexSelection.where(aMax, a, b), mn = ComplexSelection.where(aMax, b, a);
        Tensor d = ComplexOps.binary(dev.torch4j.backend.BinaryOp.SUB, mn, mx, null);
        Tensor e = ComplexOps.unary(UnaryOp.EXP, d);
        Tensor normal = ComplexOps.binary(dev.torch4j.backend.BinaryOp.ADD, log1p(real(e), imag(e)), mx, null);
        Tensor mnr = real(mn), sameInf = mnr.isinf().logicalAnd(mnr.eq(real(mx)));
        Tensor posInf = ComplexOps.unary(UnaryOp.LOG, ComplexOps.binary(dev.torch4j.backend.BinaryOp.ADD,
                ComplexOps.unary(UnaryOp.EXP, mn), ComplexOps.unary(UnaryOp.EXP, mx), null));
        Tensor r = ComplexSelection.where(sameInf, ComplexSelection.where(mnr.lt(0), mn, posInf), normal);
        Tensor nan = nanA.logicalOr(nanB);
        return ComplexSelection.where(nan, ofParts(Torch.fullLike(ar, Double.NaN), Torch.fullLike(ar, Double.NaN)), r);
    }
}
