package dev.torch4j.backend.cpu;

import static dev.torch4j.backend.cpu.WidenedBlocks.D;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * float32 {@code erfinv} on vectors of doubles, for {@code torch.erfinv}'s float32 CPU path (the op layer computes it
 * outside the UnaryOp table). Giles's single-precision approximation (in w = -log(1 - y^2), as {@code nn.Init}'s
 * erfinv, ~1e-7 relative), then one Halley step (cubic: ~1e-20) on erf(x) - |y| (on (1 - |y|) - erfc(x) from
 * x = 2.5 on, where erf has no digits left), as the scalar {@code SpecialMath.erfinv} iterates: within one float ulp
 * of it (equal on every 37th float in [-1, 1]). Only exactly rounded
 * vector operations (Note [no SVML transcendentals] in {@link FastLoops}). The scalar loop took ~190 ns an element.
 */
final class VectorErfinv {
    private VectorErfinv() {}

    /** {@code out[i] = (float) erfinv(in[inOff + i])} for i below n: NaN outside [-1, 1], infinities at +-1, zeros kept. */
    static void erfinv(float[] in, int inOff, float[] out, int n) {
        Parallel.parallelFor(0, n, 1 << 14, (from, to) -> erfinv(in, inOff + (int) from, out, (int) from, (int) (to - from)));
    }

    /**
     * Elements [ao, ao + n) of a into [oo, oo + n) of o, in passes over a block (the first guess, the Halley step,
     * the special values), each pass its own method: inlined into one, they outgrew C2's inlining budget and the
     * Halley step was called with its vectors boxed (~8x slower).
     */
    private static void erfinv(float[] a, int ao, float[] o, int oo, int n) {
        double[] yb = WidenedBlocks.scratch(n), xb = new double[yb.length];
        for (int b = 0; b < n; ) {
            int up = WidenedBlocks.widen(a, ao + b, n - b, yb);
            guessPass(yb, xb, up);
            halleyPass(yb, xb, up);
            finishPass(yb, xb, up);
            b += WidenedBlocks.narrow(yb, n - b, o, oo + b);
        }
    }

    private static void guessPass(double[] yb, double[] xb, int up) {
        for (int i = 0; i < up; i += D.length()) {
            // Giles's approximation of erfinv(|y|), ~1e-7 relative, in w = -log(1 - y^2)
            DoubleVector v = inside(DoubleVector.fromArray(D, yb, i)), one = DoubleVector.broadcast(D, 1.0);
            DoubleVector u = one.sub(v).mul(one.add(v));
            DoubleVector w = VectorExpLog.exponent(u).fma(DoubleVector.broadcast(D, -VectorExpLog.LN2), VectorExpLog.logOfMantissa(u).neg());
            DoubleVector pc = poly(CENTRAL, w.sub(2.5)), pt = poly(TAIL, w.lanewise(VectorOperators.SQRT).sub(3.0));
            pc.blend(pt, w.compare(VectorOperators.GE, 5.0)).mul(v).intoArray(xb, i);
        }
    }

    private static void halleyPass(double[] yb, double[] xb, int up) {
        for (int i = 0; i < up; i += D.length()) {
            // Halley on f = erf(x) - |y|: f' = 2/sqrt(pi) exp(-x^2), f'' = -2 x f', so x -= f / (f' + x f)
            DoubleVector x = DoubleVector.fromArray(D, xb, i), v = inside(DoubleVector.fromArray(D, yb, i));
            // exp(-x^2) once for erf and f' (gauss caps x^2 at 16, but x stays below 3.9 for every float below 1)
            DoubleVector e = VectorErf.gauss(x), f = VectorErf.erf(x, e).sub(v);
            VectorMask<Double> far = x.compare(VectorOperators.GE, 2.5);
            if (far.anyTrue()) {
                DoubleVector t = x.max(2.5).min(12.0), erfc = VectorExpD.exp(t.mul(t).neg()).mul(VectorErf.erfcFraction(t));
                f = f.blend(DoubleVector.broadcast(D, 1.0).sub(v).sub(erfc), far);
            }
            DoubleVector fp = e.mul(TWO_OVER_SQRT_PI);
            x.sub(f.div(x.fma(f, fp))).intoArray(xb, i);
        }
    }

    /** The results into yb. */
    private static void finishPass(double[] yb, double[] xb, int up) {
        for (int i = 0; i < up; i += D.length()) finish(DoubleVector.fromArray(D, xb, i), DoubleVector.fromArray(D, yb, i)).intoArray(yb, i);
    }

    private static final double[] CENTRAL = {2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
        -0.00125372503, -0.00417768164, 0.246640727, 1.50140941};
    private static final double[] TAIL = {-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
        -0.0076224613, 0.00943887047, 1.00167406, 2.83297682};
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    /** |y| where it is below 1, else a harmless 0.5 (those lanes' results come from {@link #finish}). */
    private static DoubleVector inside(DoubleVector y) {
        DoubleVector ay = y.abs();
        return ay.blend(0.5, ay.compare(VectorOperators.LT, 1.0).not());
    }

    /** y's sign on x; zeros, +-1 (infinities), |y| > 1 and NaN (NaN) from y. */
    private static DoubleVector finish(DoubleVector x, DoubleVector y) {
        LongVector sign = ((LongVector) y.reinterpretAsLongs()).and(Long.MIN_VALUE);
        DoubleVector ay = y.abs(), r = ((LongVector) x.reinterpretAsLongs()).or(sign).reinterpretAsDoubles();
        r = r.blend(y, y.compare(VectorOperators.EQ, 0.0));
        r = r.blend(y.blend(Double.POSITIVE_INFINITY, y.compare(VectorOperators.GT, 0.0)).blend(Double.NEGATIVE_INFINITY,
                y.compare(VectorOperators.LT, 0.0)), ay.compare(VectorOperators.EQ, 1.0));
        return r.blend(Double.NaN, ay.compare(VectorOperators.GT, 1.0).or(y.compare(VectorOperators.NE, y)));
    }

    private static DoubleVector poly(double[] c, DoubleVector w) {
        DoubleVector p = DoubleVector.broadcast(D, c[0]);
        for (int j = 1; j < c.length; j++) p = p.fma(w, DoubleVector.broadcast(D, c[j]));
        return p;
    }
}
