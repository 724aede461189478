package dev.torch4j.backend.cpu;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One-pass RMSprop and Adagrad updates, in the element order and roundings of PyTorch 2.x's single-tensor CPU
 * kernels (fma where their vector loops use one: {@code add(param, alpha=wd)}, lerp, {@code add_(buf, alpha)};
 * left to right in addcmul/addcdiv). float32 runs Vector API loops; float64 plain loops.
 */
final class CpuOptimizers {
    private CpuOptimizers() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * RMSprop: {@code d = maximize ? -g : g; d = fma(p, wd, d); v = v*alpha + (1-alpha)*d*d;} centered:
     * {@code ga = lerp(ga, d, 1-alpha); avg = sqrt(v - ga*ga) + eps}, else {@code avg = sqrt(v) + eps}; momentum:
     * {@code buf = buf*momentum + d/avg; p = fma(buf, -lr, p)}, else {@code p += (-lr*d)/avg}.
     */
    static boolean rmsprop(Strided param, Strided grad, Strided squareAvg, Strided gradAvg, Strided buf, double lr,
                           double alpha, double eps, double wd, double momentum, boolean maximize) {
        if (!CpuFused.updatable(param, grad, squareAvg, gradAvg, buf)) return false;
        int po = CpuFused.offset(param), go = CpuFused.offset(grad), vo = CpuFused.offset(squareAvg);
        int ao = CpuFused.offset(gradAvg), bo = CpuFused.offset(buf);
        if (param.dtype() == DType.FLOAT32) {
            float[] p = (float[]) arr(param), g = (float[]) arr(grad), v = (float[]) arr(squareAvg);
            float[] ga = gradAvg == null ? null : (float[]) arr(gradAvg), b = buf == null ? null : (float[]) arr(buf);
            float fwd = (float) wd, fa = (float) alpha, c = (float) (1 - alpha), w = (float) (1 - alpha);
            float fe = (float) eps, fm = (float) momentum, nlr = (float) -lr;
            boolean fromStart = Math.abs(w) < 0.5f;
            float coeff = fromStart ? w : w - 1f;
            Parallel.parallelFor(0, param.numel(), Parallel.GRAIN_SIZE / 4, (lo, hi) -> rmspropF(p, po, g, go, v, vo,
                    ga, ao, b, bo, fwd, fa, c, fe, fm, nlr, coeff, fromStart, maximize, (int) lo, (int) hi));
        } else {
            double[] p = (double[]) arr(param), g = (double[]) arr(grad), v = (double[]) arr(squareAvg);
            double[] ga = gradAvg == null ? null : (double[]) arr(gradAvg), b = buf == null ? null : (double[]) arr(buf);
            double c = 1 - alpha, w = 1 - alpha, nlr = -lr;
            boolean fromStart = Math.abs(w) < 0.5;
            double coeff = fromStart ? w : w - 1;
            Parallel.parallelFor(0, param.numel(), Parallel.GRAIN_SIZE / 4, (lo, hi) -> {
                for (int i = (int) lo; i < hi; i++) {
                    double d = maximize ? -g[go + i] : g[go + i];
                    double pv = p[po + i];
                    if (wd != 0) d = Math.fma(pv, wd, d);
                    double vv = v[vo + i] * alpha + c * d * d;
                    v[vo + i] = vv;
                    double avg;
                    if (ga != null) {
                        double a = ga[ao + i];
                        a = Math.fma(coeff, d - a, fromStart ? a : d);
                        ga[ao + i] = a;
                        avg = Math.sqrt(vv + -1.0 * a * a) + eps;
                    } else {
                        avg = Math.sqrt(vv) + eps;
                    }
                    if (b != null) {
                        double bv = b[bo + i] * momentum + d / avg;
                        b[bo + i] = bv;
                        p[po + i] = Math.fma(bv, nlr, pv);
                    } else {
                        p[po + i] = pv + nlr * d / avg;
                    }
                }
            });
        }
        return true;
    }

    /** Adagrad: {@code d = maximize ? -g : g; d = fma(p, wd, d); s += d*d; p += (-clr*d)/(sqrt(s) + eps)}. */
    static boolean adagrad(Strided param, Strided grad, Strided sum, double clr, double eps, double wd, boolean maximize) {
        if (!CpuFused.updatable(param, grad, sum)) return false;
        int po = CpuFused.offset(param), go = CpuFused.offset(grad), so = CpuFused.offset(sum);
        if (param.dtype() == DType.FLOAT32) {
            float[] p = (float[]) arr(param), g = (float[]) arr(grad), s = (float[]) arr(sum);
            float fwd = (float) wd, fe = (float) eps, nlr = (float) -clr;
            Parallel.parallelFor(0, param.numel(), Parallel.GRAIN_SIZE / 4, (lo, hi) -> adagradF(p, po, g, go, s, so,
                    fwd, fe, nlr, maximize, (int) lo, (int) hi));
        } else {
            double[] p = (double[]) arr(param), g = (double[]) arr(grad), s = (double[]) arr(sum);
            double nlr = -clr;
            Parallel.parallelFor(0, param.numel(), Parallel.GRAIN_SIZE / 4, (lo, hi) -> {
                for (int i = (int) lo; i < hi; i++) {
                    double d = maximize ? -g[go + i] : g[go + i];
                    double pv = p[po + i];
                    if (wd != 0) d = Math.fma(pv, wd, d);
                    double sv = s[so + i] + d * d;
                    s[so + i] = sv;
                    p[po + i] = pv + nlr * d / (Math.sqrt(sv) + eps);
                }
            });
        }
        return true;
    }

    // float32 loops: the Vector API for whole vectors (the JIT does not vectorise sqrt through double), the same
    // arithmetic per element in the scalar tail

    private static void rmspropF(float[] p, int po, float[] g, int go, float[] v, int vo, float[] ga, int ao,
                                 float[] b, int bo, float wd, float alpha, float c, float eps, float mom, float nlr,
                                 float coeff, boolean fromStart, boolean maximize, int lo, int hi) {
        FloatVector wdV = FloatVector.broadcast(F, wd), alphaV = FloatVector.broadcast(F, alpha);
        FloatVector cV = FloatVector.broadcast(F, c), epsV = FloatVector.broadcast(F, eps);
        FloatVector momV = FloatVector.broadcast(F, mom), nlrV = FloatVector.broadcast(F, nlr);
        FloatVector coeffV = FloatVector.broadcast(F, coeff), minusOne = FloatVector.broadcast(F, -1f);
        boolean decay = wd != 0f;
        int i = lo, up = lo + F.loopBound(hi - lo);
        for (; i < up; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, g, go + i);
            if (maximize) d = d.neg();
            FloatVector pv = FloatVector.fromArray(F, p, po + i);
            if (decay) d = pv.fma(wdV, d);
            FloatVector vv = FloatVector.fromArray(F, v, vo + i).mul(alphaV).add(cV.mul(d).mul(d));
            vv.intoArray(v, vo + i);
            FloatVector avg;
            if (ga != null) {
                FloatVector a = FloatVector.fromArray(F, ga, ao + i);
                a = coeffV.fma(d.sub(a), fromStart ? a : d);
                a.intoArray(ga, ao + i);
                avg = vv.add(minusOne.mul(a).mul(a)).lanewise(VectorOperators.SQRT).add(epsV);
            } else {
                avg = vv.lanewise(VectorOperators.SQRT).add(epsV);
            }
            if (b != null) {
                FloatVector bv = FloatVector.fromArray(F, b, bo + i).mul(momV).add(d.div(avg));
                bv.intoArray(b, bo + i);
                bv.fma(nlrV, pv).intoArray(p, po + i);
            } else {
                pv.add(nlrV.mul(d).div(avg)).intoArray(p, po + i);
            }
        }
        for (; i < hi; i++) {
            float d = maximize ? -g[go + i] : g[go + i];
            float pv = p[po + i];
            if (decay) d = Math.fma(pv, wd, d);
            float vv = v[vo + i] * alpha + c * d * d;
            v[vo + i] = vv;
            float avg;
            if (ga != null) {
                float a = ga[ao + i];
                a = Math.fma(coeff, d - a, fromStart ? a : d);
                ga[ao + i] = a;
                avg = (float) Math.sqrt(vv + -1f * a * a) + eps;
            } else {
                avg = (float) Math.sqrt(vv) + eps;
            }
            if (b != null) {
                float bv = b[bo + i] * mom + d / avg;
                b[bo + i] = bv;
                p[po + i] = Math.fma(bv, nlr, pv);
            } else {
                p[po + i] = pv + nlr * d / avg;
            }
        }
    }

    private static void adagradF(float[] p, int po, float[] g, int go, float[] s, int so, float wd, float eps,
                                 float nlr, boolean maximize, int lo, int hi) {
        FloatVector wdV = FloatVector.broadcast(F, wd), epsV = FloatVector.broadcast(F, eps);
        FloatVector nlrV = FloatVector.broadcast(F, nlr);
        boolean decay = wd != 0f;
        int i = lo, up = lo + F.loopBound(hi - lo);
        for (; i < up; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, g, go + i);
            if (maximize) d = d.neg();
            FloatVector pv = FloatVector.fromArray(F, p, po + i);
            if (decay) d = pv.fma(wdV, d);
            FloatVector sv = FloatVector.fromArray(F, s, so + i).add(d.mul(d));
            sv.intoArray(s, so + i);
            pv.add(nlrV.mul(d).div(sv.lanewise(VectorOperators.SQRT).add(epsV))).intoArray(p, po + i);
        }
        for (; i < hi; i++) {
            float d = maximize ? -g[go + i] : g[go + i];
            float pv = p[po + i];
            if (decay) d = Math.fma(pv, wd, d);
            float sv = s[so + i] + d * d;
            s[so + i] = sv;
            p[po + i] = pv + nlr * d / ((float) Math.sqrt(sv) + eps);
        }
    }
}
