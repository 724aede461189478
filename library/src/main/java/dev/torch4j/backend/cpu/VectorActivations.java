package dev.torch4j.backend.cpu;

import dev.torch4j.backend.ActivationOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The piecewise-linear activations (leaky_relu, hardtanh, hardswish, hardsigmoid) and the tanh/sigmoid backward
 * from the result on float32 vectors, one pass each. Every lane does the float operations, in the order, of the
 * composed form they replace (parameters rounded to float as a Python number is against a float tensor), and the
 * scalar tail does the same in Java floats, so the results are those of the composed form bit for bit.
 */
final class VectorActivations {
    private VectorActivations() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Forward of a piecewise-linear {@code op} over {@code [lo, hi)}; p0, p1 as {@link ActivationOp}'s. */
    static void forward(ActivationOp op, float[] o, float[] a, int ao, float p0, float p1, int lo, int hi) {
        int i = lo, up = lo + F.loopBound(hi - lo);
        switch (op) {
            case LEAKY_RELU -> {
                for (; i < up; i += F.length()) {
                    FloatVector x = FloatVector.fromArray(F, a, ao + i);
                    x.mul(p0).blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(o, i);
                }
                for (; i < hi; i++) { float x = a[ao + i]; o[i] = x > 0f ? x : x * p0; }
            }
            case HARDTANH -> {
                for (; i < up; i += F.length()) FloatVector.fromArray(F, a, ao + i).max(p0).min(p1).intoArray(o, i);
                for (; i < hi; i++) o[i] = Math.min(Math.max(a[ao + i], p0), p1);
            }
            case HARDSWISH -> {   // x * clamp(x + 3, 0, 6) / 6
                for (; i < up; i += F.length()) {
                    FloatVector x = FloatVector.fromArray(F, a, ao + i);
                    x.mul(x.add(3f).max(0f).min(6f)).div(6f).intoArray(o, i);
                }
                for (; i < hi; i++) { float x = a[ao + i]; o[i] = x * Math.min(Math.max(x + 3f, 0f), 6f) / 6f; }
            }
            case HARDSIGMOID -> {
                for (; i < up; i += F.length()) FloatVector.fromArray(F, a, ao + i).add(3f).max(0f).min(6f).div(6f).intoArray(o, i);
                for (; i < hi; i++) o[i] = Math.min(Math.max(a[ao + i] + 3f, 0f), 6f) / 6f;
            }
            default -> throw new IllegalArgumentException(op.toString());
        }
    }

    /** {@code grad * op'(x)} of a piecewise-linear {@code op} over {@code [lo, hi)}; zeros are +0 as zeros_like's. */
    static void backward(ActivationOp op, float[] o, float[] g, int go, float[] a, int ao, float p0, float p1, int lo, int hi) {
        int i = lo, up = lo + F.loopBound(hi - lo);
        FloatVector zero = FloatVector.zero(F);
        switch (op) {
            case LEAKY_RELU -> {
                for (; i < up; i += F.length()) {
                    FloatVector gv = FloatVector.fromArray(F, g, go + i);
                    VectorMask<Float> pos = FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.GT, 0f);
                    gv.mul(p0).blend(gv, pos).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[ao + i] > 0f ? g[go + i] : g[go + i] * p0;
            }
            case HARDTANH -> {   // NaN compares false both ways, so its gradient passes
                for (; i < up; i += F.length()) {
                    FloatVector x = FloatVector.fromArray(F, a, ao + i);
                    VectorMask<Float> out = x.compare(VectorOperators.LE, p0).or(x.compare(VectorOperators.GE, p1));
                    FloatVector.fromArray(F, g, go + i).blend(zero, out).intoArray(o, i);
                }
                for (; i < hi; i++) { float x = a[ao + i]; o[i] = x <= p0 || x >= p1 ? 0f : g[go + i]; }
            }
            case HARDSWISH -> {   // 0 up to -3, g (x / 3 + 0.5) strictly inside, g from 3 on (and for NaN)
                for (; i < up; i += F.length()) {
                    FloatVector x = FloatVector.fromArray(F, a, ao + i), gv = FloatVector.fromArray(F, g, go + i);
                    FloatVector mid = gv.mul(x.div(3f).add(0.5f));
                    gv.blend(mid, x.compare(VectorOperators.LT, 3f)).blend(zero, x.compare(VectorOperators.LE, -3f)).intoArray(o, i);
                }
                for (; i < hi; i++) {
                    float x = a[ao + i];
                    o[i] = x <= -3f ? 0f : x < 3f ? g[go + i] * (x / 3f + 0.5f) : g[go + i];
                }
            }
            case HARDSIGMOID -> {   // g / 6 strictly inside (-3, 3), else 0 (also for NaN)
                for (; i < up; i += F.length()) {
                    FloatVector x = FloatVector.fromArray(F, a, ao + i);
                    VectorMask<Float> in = x.compare(VectorOperators.GT, -3f).and(x.compare(VectorOperators.LT, 3f));
                    zero.blend(FloatVector.fromArray(F, g, go + i).div(6f), in).intoArray(o, i);
                }
                for (; i < hi; i++) { float x = a[ao + i]; o[i] = x > -3f && x < 3f ? g[go + i] / 6f : 0f; }
            }
            default -> throw new IllegalArgumentException(op.toString());
        }
    }

    /** {@code g (1 - y y)} (tanh, {@code sigmoid} false) or {@code g (y (1 - y))} from the result y, over {@code [lo, hi)}. */
    static void fromResult(boolean sigmoid, float[] o, float[] g, int go, float[] y, int yo, int lo, int hi) {
        int i = lo, up = lo + F.loopBound(hi - lo);
        FloatVector one = FloatVector.broadcast(F, 1f);
        if (sigmoid) {
            for (; i < up; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, y, yo + i);
                FloatVector.fromArray(F, g, go + i).mul(v.mul(one.sub(v))).intoArray(o, i);
            }
            for (; i < hi; i++) { float v = y[yo + i]; o[i] = g[go + i] * (v * (1f - v)); }
        } else {
            for (; i < up; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, y, yo + i);
                FloatVector.fromArray(F, g, go + i).mul(one.sub(v.mul(v))).intoArray(o, i);
            }
            for (; i < hi; i++) { float v = y[yo + i]; o[i] = g[go + i] * (1f - v * v); }
        }
    }
}
