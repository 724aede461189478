package dev.torch4j.backend.cpu;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One Adam/AdamW update of a parameter in a single pass, in the element order and roundings of PyTorch 2.x's
 * single-tensor CPU kernels: {@code d = maximize ? -g : g}; weight decay {@code d = fma(p, wd, d)} (Adam) or
 * {@code p *= 1 - lr*wd} (AdamW); {@code m = lerp(m, d, 1 - beta1)} as PyTorch's vectorised lerp (an fma from the
 * nearer end); {@code v = v*beta2 + (1 - beta2)*d*d}; with AMSGrad {@code vmax = max(vmax, v)};
 * {@code p += (-stepSize*m) / (sqrt(v')/bc2Sqrt + eps)}. Scalars are rounded to the dtype first, as PyTorch does.
 * The composed form (several tensor ops and temporaries per parameter) remains for other layouts and devices.
 */
final class CpuAdam {
    private CpuAdam() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The hyperparameters of one step; {@code stepSize = lr / bc1}, {@code bc2Sqrt = sqrt(1 - beta2^step)}. */
    record Hyper(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                 boolean maximize, double stepSize, double bc2Sqrt) {}

    /** False (nothing written) unless every operand is a contiguous float32/float64 array of the param's dtype. */
    static boolean step(Strided param, Strided grad, Strided expAvg, Strided expAvgSq, Strided maxExpAvgSq, Hyper h) {
        if (!CpuFused.updatable(param, grad, expAvg, expAvgSq, maxExpAvgSq)) return false;
        long n = param.numel();
        int po = CpuFused.offset(param), go = CpuFused.offset(grad), mo = CpuFused.offset(expAvg);
        int vo = CpuFused.offset(expAvgSq), xo = CpuFused.offset(maxExpAvgSq);
        if (param.dtype() == DType.FLOAT32) {
            float[] p = (float[]) arr(param), g = (float[]) arr(grad), m = (float[]) arr(expAvg), v = (float[]) arr(expAvgSq);
            float[] x = maxExpAvgSq == null ? null : (float[]) arr(maxExpAvgSq);
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE / 4, (lo, hi) ->
                    stepF(p, po, g, go, m, mo, v, vo, x, xo, h, (int) lo, (int) hi));
        } else {
            double[] p = (double[]) arr(param), g = (double[]) arr(grad), m = (double[]) arr(expAvg), v = (double[]) arr(expAvgSq);
            double[] x = maxExpAvgSq == null ? null : (double[]) arr(maxExpAvgSq);
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE / 4, (lo, hi) ->
                    stepD(p, po, g, go, m, mo, v, vo, x, xo, h, (int) lo, (int) hi));
        }
        return true;
    }

    private static void stepF(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, float[] x,
                              int xo, Hyper h, int lo, int hi) {
        boolean decay = h.weightDecay() != 0, coupled = decay && !h.decoupled(), neg = h.maximize(), ams = x != null;
        float wd = (float) h.weightDecay(), shrink = (float) (1 - h.lr() * h.weightDecay());
        float w1 = (float) (1 - h.beta1()), b2 = (float) h.beta2(), c2 = (float) (1 - h.beta2());
        float bc2 = (float) h.bc2Sqrt(), eps = (float) h.eps(), nss = (float) -h.stepSize();
        // lerp from the nearer end, as PyTorch: |w| < 0.5 ? start + w*(end-start) : end + (w-1)*(end-start)
        boolean fromStart = Math.abs(w1) < 0.5f;
        float coeff = fromStart ? w1 : w1 - 1f;
        FloatVector wdV = FloatVector.broadcast(F, wd), shrinkV = FloatVector.broadcast(F, shrink);
        FloatVector coeffV = FloatVector.broadcast(F, coeff), b2V = FloatVector.broadcast(F, b2);
        FloatVector c2V = FloatVector.broadcast(F, c2), bc2V = FloatVector.broadcast(F, bc2);
        FloatVector epsV = FloatVector.broadcast(F, eps), nssV = FloatVector.broadcast(F, nss);
        int i = lo, up = lo + F.loopBound(hi - lo);
        for (; i < up; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, g, go + i);
            if (neg) d = d.neg();
            FloatVector pv = FloatVector.fromArray(F, p, po + i);
            if (coupled) d = pv.fma(wdV, d);
            else if (decay) pv = pv.mul(shrinkV);
            FloatVector mv = FloatVector.fromArray(F, m, mo + i);
            mv = coeffV.fma(d.sub(mv), fromStart ? mv : d);
            mv.intoArray(m, mo + i);
            FloatVector vv = FloatVector.fromArray(F, v, vo + i).mul(b2V).add(c2V.mul(d).mul(d));
            vv.intoArray(v, vo + i);
            if (ams) {
                vv = FloatVector.fromArray(F, x, xo + i).max(vv);
                vv.intoArray(x, xo + i);
            }
            FloatVector denom = vv.lanewise(VectorOperators.SQRT).div(bc2V).add(epsV);
            pv.add(nssV.mul(mv).div(denom)).intoArray(p, po + i);
        }
        for (; i < hi; i++) {
            float d = neg ? -g[go + i] : g[go + i];
            float pv = p[po + i];
            if (coupled) d = Math.fma(pv, wd, d);
            else if (decay) pv = pv * shrink;
            float mv = m[mo + i];
            mv = Math.fma(coeff, d - mv, fromStart ? mv : d);
            m[mo + i] = mv;
            float vv = v[vo + i] * b2 + c2 * d * d;
            v[vo + i] = vv;
            if (ams) {
                vv = Math.max(x[xo + i], vv);
                x[xo + i] = vv;
            }
            float denom = (float) Math.sqrt(vv) / bc2 + eps;
            p[po + i] = pv + nss * mv / denom;
        }
    }

    private static void stepD(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo,
                              double[] x, int xo, Hyper h, int lo, int hi) {
        boolean decay = h.weightDecay() != 0, coupled = decay && !h.decoupled(), neg = h.maximize(), ams = x != null;
        double wd = h.weightDecay(), shrink = 1 - h.lr() * h.weightDecay();
        double w1 = 1 - h.beta1(), b2 = h.beta2(), c2 = 1 - h.beta2();
        double bc2 = h.bc2Sqrt(), eps = h.eps(), nss = -h.stepSize();
        boolean fromStart = Math.abs(w1) < 0.5;
        double coeff = fromStart ? w1 : w1 - 1;
        DoubleVector wdV = DoubleVector.broadcast(D, wd), shrinkV = DoubleVector.broadcast(D, shrink);
        DoubleVector coeffV = DoubleVector.broadcast(D, coeff), b2V = DoubleVector.broadcast(D, b2);
        DoubleVector c2V = DoubleVector.broadcast(D, c2), bc2V = DoubleVector.broadcast(D, bc2);
        DoubleVector epsV = DoubleVector.broadcast(D, eps), nssV = DoubleVector.broadcast(D, nss);
        int i = lo, up = lo + D.loopBound(hi - lo);
        for (; i < up; i += D.length()) {
            DoubleVector d = DoubleVector.fromArray(D, g, go + i);
            if (neg) d = d.neg();
            DoubleVector pv = DoubleVector.fromArray(D, p, po + i);
            if (coupled) d = pv.fma(wdV, d);
            else if (decay) pv = pv.mul(shrinkV);
            DoubleVector mv = DoubleVector.fromArray(D, m, mo + i);
            mv = coeffV.fma(d.sub(mv), fromStart ? mv : d);
            mv.intoArray(m, mo + i);
            DoubleVector vv = DoubleVector.fromArray(D, v, vo + i).mul(b2V).add(c2V.mul(d).mul(d));
            vv.intoArray(v, vo + i);
            if (ams) {
                vv = DoubleVector.fromArray(D, x, xo + i).max(vv);
                vv.intoArray(x, xo + i);
            }
            DoubleVector denom = vv.lanewise(VectorOperators.SQRT).div(bc2V).add(epsV);
            pv.add(nssV.mul(mv).div(denom)).intoArray(p, po + i);
        }
        for (; i < hi; i++) {
            double d = neg ? -g[go + i] : g[go + i];
            double pv = p[po + i];
            if (coupled) d = Math.fma(pv, wd, d);
            else if (decay) pv = pv * shrink;
            double mv = m[mo + i];
            mv = Math.fma(coeff, d - mv, fromStart ? mv : d);
            m[mo + i] = mv;
            double vv = v[vo + i] * b2 + c2 * d * d;
            v[vo + i] = vv;
            if (ams) {
                vv = Math.max(x[xo + i], vv);
                x[xo + i] = vv;
            }
            double denom = Math.sqrt(vv) / bc2 + eps;
            p[po + i] = pv + nss * mv / denom;
        }
    }
}
