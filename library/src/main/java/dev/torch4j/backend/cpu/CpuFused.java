package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.FusedOperands;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * Fused kernels of the training step (see {@link dev.torch4j.backend.Backend#thresholdBackward} and
 * {@link dev.torch4j.backend.Backend#sgdStep}): one pass over contiguous float32/float64 arrays where the composed
 * form makes several passes and temporaries. Each lane does the arithmetic of PyTorch's vectorised CPU kernels
 * ({@code add_(x, alpha)} is one fused multiply-add, as ATen's {@code vec::fmadd}), and the scalar tail does the
 * same with {@link Math#fma}, so results do not depend on where a vector ends.
 */
final class CpuFused {
    private CpuFused() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Contiguous operands of one float dtype, handled here; anything else goes to the composed form. */
    private static boolean supported(DType t, Strided... ss) {
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        for (Strided s : ss) {
            if (s.dtype() != t || !s.isContiguous() || !(s.storage() instanceof CpuStorage)) return false;
        }
        return true;
    }

    /**
     * Operands a fused kernel may update ({@link FusedOperands#updatable}) that are also CPU arrays. One array is one
     * storage (CpuStorage.wrap), so no two share an array either.
     */
    static boolean updatable(Strided... ss) {
        if (!FusedOperands.updatable(ss)) return false;
        for (Strided s : ss) if (s != null && !(s.storage() instanceof CpuStorage)) return false;
        return true;
    }

    /** The first element's index in an operand's array (0 for an absent operand). */
    static int offset(Strided s) { return s == null ? 0 : (int) s.offset(); }

    // ------------------------------------------------------------------------------------------- relu backward

    /** {@code self <= threshold ? 0 : grad} into a new storage; null when the operands are not contiguous float arrays. */
    static Storage thresholdBackward(Strided grad, Strided self, double threshold) {
        DType t = grad.dtype();
        if (!supported(t, grad, self)) return null;
        long n = grad.numel();
        CpuStorage storage = CpuStorage.allocate(t, (int) n);
        int go = (int) grad.offset(), so = (int) self.offset();
        if (t == DType.FLOAT32) {
            float[] o = (float[]) storage.array(), g = (float[]) arr(grad), s = (float[]) arr(self);
            float th = (float) threshold;
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE, (lo, hi) -> thresholdF(o, 0, g, go, s, so, th, (int) lo, (int) hi));
        } else {
            double[] o = (double[]) storage.array(), g = (double[]) arr(grad), s = (double[]) arr(self);
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE, (lo, hi) -> thresholdD(o, 0, g, go, s, so, threshold, (int) lo, (int) hi));
        }
        return storage;
    }

    private static void thresholdF(float[] o, int oo, float[] g, int go, float[] s, int so, float th, int lo, int hi) {
        int i = lo, up = lo + F.loopBound(hi - lo);
        FloatVector zero = FloatVector.zero(F);
        for (; i < up; i += F.length()) {
            // NaN in self compares false, so its gradient passes, as in ATen's threshold_backward
            VectorMask<Float> off = FloatVector.fromArray(F, s, so + i).compare(VectorOperators.LE, th);
            FloatVector.fromArray(F, g, go + i).blend(zero, off).intoArray(o, oo + i);
        }
        for (; i < hi; i++) o[oo + i] = s[so + i] <= th ? 0f : g[go + i];
    }

    private static void thresholdD(double[] o, int oo, double[] g, int go, double[] s, int so, double th, int lo, int hi) {
        int i = lo, up = lo + D.loopBound(hi - lo);
        DoubleVector zero = DoubleVector.zero(D);
        for (; i < up; i += D.length()) {
            VectorMask<Double> off = DoubleVector.fromArray(D, s, so + i).compare(VectorOperators.LE, th);
            DoubleVector.fromArray(D, g, go + i).blend(zero, off).intoArray(o, oo + i);
        }
        for (; i < hi; i++) o[oo + i] = s[so + i] <= th ? 0.0 : g[go + i];
    }

    /** float32/float64 contiguous: one plain loop of the two passes' Math.max and Math.min (C2 vectorises it). */
    static Storage clamp(Strided x, double lo, double hi) {
        DType t = x.dtype();
        if (!supported(t, x)) return null;
        int n = (int) x.numel(), xo = (int) x.offset();
        CpuStorage storage = CpuStorage.allocate(t, n);
        if (t == DType.FLOAT32) {
            float[] o = (float[]) storage.array(), a = (float[]) arr(x);
            float l = (float) lo, h = (float) hi;
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE, (b, e) -> { for (int i = (int) b; i < e; i++) o[i] = Math.min(Math.max(a[xo + i], l), h); });
        } else {
            double[] o = (double[]) storage.array(), a = (double[]) arr(x);
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE, (b, e) -> { for (int i = (int) b; i < e; i++) o[i] = Math.min(Math.max(a[xo + i], lo), hi); });
        }
        return storage;
    }

    /** float32 only: float64 keeps the composed formula, exact to double precision (gradcheck's dtype). */
    static Storage unaryBackward(UnaryOp op, Strided grad, Strided self) {
        if (op == UnaryOp.TANH || op == UnaryOp.SIGMOID) return CpuActivations.fromResult(op == UnaryOp.SIGMOID, grad, self);
        if (op != UnaryOp.GELU && op != UnaryOp.GELU_TANH && op != UnaryOp.SILU) return null;
        if (grad.dtype() != DType.FLOAT32 || !supported(DType.FLOAT32, grad, self)) return null;
        long n = grad.numel();
        CpuStorage storage = CpuStorage.allocate(DType.FLOAT32, (int) n);
        int go = (int) grad.offset(), so = (int) self.offset();
        float[] o = (float[]) storage.array(), g = (float[]) arr(grad), s = (float[]) arr(self);
        Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE / 16, (lo, hi) -> VectorGelu.backward(op, o, 0, g, go, s, so, (int) lo, (int) hi));
        return storage;
    }

    // ------------------------------------------------------------------------------------------- SGD

    /**
     * One SGD update of a parameter, in place; {@code buf} is null without momentum. The order of PyTorch's
     * single-tensor SGD: {@code d = maximize ? -g : g; d += wd * p; buf = first ? d : momentum * buf +
     * (1 - dampening) * d; d = nesterov ? d + momentum * buf : buf; p += -lr * d}.
     */
    static boolean sgdStep(Strided param, Strided grad, Strided buf, double lr, double momentum, double dampening,
                           double weightDecay, boolean nesterov, boolean maximize, boolean first) {
        DType t = param.dtype();
        if (!updatable(param, grad, buf)) return false;
        long n = param.numel();
        int po = offset(param), go = offset(grad), bo = offset(buf);
        if (t == DType.FLOAT32) {
            float[] p = (float[]) arr(param), g = (float[]) arr(grad), b = buf == null ? null : (float[]) arr(buf);
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE, (lo, hi) -> sgdF(p, po, g, go, b, bo, (float) -lr,
                    (float) momentum, (float) (1 - dampening), (float) weightDecay, nesterov, maximize, first, (int) lo, (int) hi));
        } else {
            double[] p = (double[]) arr(param), g = (double[]) arr(grad), b = buf == null ? null : (double[]) arr(buf);
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE, (lo, hi) -> sgdD(p, po, g, go, b, bo, -lr,
                    momentum, 1 - dampening, weightDecay, nesterov, maximize, first, (int) lo, (int) hi));
        }
        return true;
    }

    private static void sgdF(float[] p, int po, float[] g, int go, float[] b, int bo, float nlr, float m, float damp,
                             float wd, boolean nesterov, boolean maximize, boolean first, int lo, int hi) {
        boolean mom = b != null, decay = wd != 0f;
        int i = lo, up = lo + F.loopBound(hi - lo);
        FloatVector wdV = FloatVector.broadcast(F, wd), mV = FloatVector.broadcast(F, m), dampV = FloatVector.broadcast(F, damp);
        FloatVector nlrV = FloatVector.broadcast(F, nlr);
        for (; i < up; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, g, go + i);
            if (maximize) d = d.neg();
            FloatVector pv = FloatVector.fromArray(F, p, po + i);
            if (decay) d = pv.fma(wdV, d);
            if (mom) {
                FloatVector bv = first ? d : d.fma(dampV, FloatVector.fromArray(F, b, bo + i).mul(mV));
                bv.intoArray(b, bo + i);
                d = nesterov ? bv.fma(mV, d) : bv;
            }
            d.fma(nlrV, pv).intoArray(p, po + i);
        }
        for (; i < hi; i++) {
            float d = maximize ? -g[go + i] : g[go + i];
            float pv = p[po + i];
            if (decay) d = Math.fma(pv, wd, d);
            if (mom) {
                float bv = first ? d : Math.fma(d, damp, b[bo + i] * m);
                b[bo + i] = bv;
                d = nesterov ? Math.fma(bv, m, d) : bv;
            }
            p[po + i] = Math.fma(d, nlr, pv);
        }
    }

    private static void sgdD(double[] p, int po, double[] g, int go, double[] b, int bo, double nlr, double m,
                             double damp, double wd, boolean nesterov, boolean maximize, boolean first, int lo, int hi) {
        boolean mom = b != null, decay = wd != 0;
        int i = lo, up = lo + D.loopBound(hi - lo);
        DoubleVector wdV = DoubleVector.broadcast(D, wd), mV = DoubleVector.broadcast(D, m), dampV = DoubleVector.broadcast(D, damp);
        DoubleVector nlrV = DoubleVector.broadcast(D, nlr);
        for (; i < up; i += D.length()) {
            DoubleVector d = DoubleVector.fromArray(D, g, go + i);
            if (maximize) d = d.neg();
            DoubleVector pv = DoubleVector.fromArray(D, p, po + i);
            if (decay) d = pv.fma(wdV, d);
            if (mom) {
                DoubleVector bv = first ? d : d.fma(dampV, DoubleVector.fromArray(D, b, bo + i).mul(mV));
                bv.intoArray(b, bo + i);
                d = nesterov ? bv.fma(mV, d) : bv;
            }
            d.fma(nlrV, pv).intoArray(p, po + i);
        }
        for (; i < hi; i++) {
            double d = maximize ? -g[go + i] : g[go + i];
            double pv = p[po + i];
            if (decay) d = Math.fma(pv, wd, d);
            if (mom) {
                double bv = first ? d : Math.fma(d, damp, b[bo + i] * m);
                b[bo + i] = bv;
                d = nesterov ? Math.fma(bv, m, d) : bv;
            }
            p[po + i] = Math.fma(d, nlr, pv);
        }
    }
}
