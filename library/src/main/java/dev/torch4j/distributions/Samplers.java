package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialMath;
import dev.torch4j.ops.SpecialOps;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;
import dev.torch4j.backend.cpu.random.CpuRandom;
import dev.torch4j.backend.cpu.random.Mt19937;

import java.util.Arrays;

/**
 * PyTorch's CPU samplers for the gamma, Dirichlet, Poisson, binomial and Cauchy distributions, drawing from the
 * default generator in PyTorch's order (row-major over the output, one element at a time), so that after the same
 * {@code manualSeed} they give PyTorch's values: Marsaglia and Tsang's gamma sampler (with PyTorch's boost for
 * concentrations below 1), Hörmann's transformed rejection for Poisson rates from 10 (multiplying uniforms below),
 * BTRS or inversion for the binomial, and {@code tan(pi (u - 1/2))} for the Cauchy. Float32 parameters go through the
 * same float-precision steps as PyTorch's {@code scalar_t} arithmetic. The draws come from the CPU generator whatever
 * the parameters' device (the result is moved there).
 *
 * <p>Bit-exactness needs the platform's libm ({@link NativeMath}); without native access the draws are the same
 * in distribution and almost always equal.
 */
final class Samplers {
    private Samplers() {}

    private static final double FLT_MIN = Float.MIN_NORMAL;

    @FunctionalInterface
    private interface Draw {
        double draw(Mt19937 g, double[] params);
    }

    /** One draw per element of the broadcast parameters, row-major, as a tensor of the first parameter's dtype. */
    private static Tensor drawEach(Draw d, Tensor... params) { return drawEach(Generator.defaultGenerator(), d, params); }

    /** {@link #drawEach(Draw, Tensor...)} from the given generator's engine. */
    private static Tensor drawEach(Generator gen, Draw d, Tensor... params) {
        long[] shape = Distribution.broadcastShape("sample", params);
        DType dtype = params[0].dtype();
        Device device = params[0].device();
        double[][] cols = new double[params.length][];
        for (int k = 0; k < params.length; k++) cols[k] = params[k].detach().expand(shape).cpu().toDoubleArray();
        double[] out = new double[cols[0].length];
        gen.withEngine(g -> {
            double[] args = new double[params.length];
            for (int i = 0; i < out.length; i++) {
                for (int k = 0; k < args.length; k++) args[k] = cols[k][i];
                out[i] = d.draw(g, args);
            }
        });
        return Torch.fromArray(out).reshape(shape).to(device, dtype);
    }

    private static double uniform(Mt19937 g) { return CpuRandom.uniformDouble(g, 0.0, 1.0); }

    /** C++'s {@code (int64_t) d} on x86-64: a NaN or out-of-range d gives INT64_MIN (an infinite rate's draw). */
    static long int64(double d) { return Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63 ? Long.MIN_VALUE : (long) d; }

    /** C++'s {@code std::max(a, b)}: {@code a} unless {@code a < b}, so a NaN b (an invalid concentration's draw) gives a. */
    static double stdMax(double a, double b) { return a < b ? b : a; }

    /** C++'s {@code std::min(a, b)}: {@code a} unless {@code b < a}. */
    static double stdMin(double a, double b) { return b < a ? b : a; }

    /** Rounds to float when PyTorch computes the step in {@code float}. */
    private static double round(boolean f32, double v) { return f32 ? (float) v : v; }

    // ------------------------------------------------------------------ gamma

    /** {@code torch._standard_gamma(alpha)}: Gamma(alpha, 1) samples, at least the dtype's smallest normal number. */
    static Tensor standardGamma(Tensor alpha) {
        boolean f32 = alpha.dtype() != DType.FLOAT64;
        return drawEach((g, a) -> {
            double s = sampleGamma(g, a[0], f32);
            return f32 ? stdMax(FLT_MIN, (float) s) : stdMax(Double.MIN_NORMAL, s);
        }, alpha);
    }

    /**
     * One Marsaglia-Tsang draw. Concentrations below 1 are boosted by one and the sample scaled by
     * {@code U^(1/alpha)}; PyTorch's float literals (1/3, 0.0331) stay float, and float32 parameters keep the
     * concentration's arithmetic in float.
     */
    static double sampleGamma(Mt19937 g, double alpha, boolean f32) {
        double scale = 1;
        if (alpha < 1) {
            if (alpha == 0) return 0;
            double exponent = f32 ? (double) (1.0f / (float) alpha) : 1.0 / alpha;
            scale *= NativeMath.pow(1 - uniform(g), exponent);
            alpha = f32 ? (double) ((float) alpha + 1.0f) : alpha + 1.0;
        }
        double d = f32 ? (double) ((float) alpha - 1.0f / 3.0f) : alpha - (double) (1.0f / 3.0f);
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x, y;
            do {
                x = CpuRandom.normalDouble(g, 0.0, 1.0);
                y = 1.0 + c * x;
            } while (y <= 0);
            double v = y * y * y;
            double u = 1 - uniform(g);
            double xx = x * x;
            if (u < 1.0 - (double) 0.0331f * xx * xx) return scale * d * v;
            if (NativeMath.log(u) < 0.5 * xx + d * (1.0 - v + NativeMath.log(v))) return scale * d * v;
        }
    }

    /** {@code torch._standard_gamma_grad(alpha, x)}: d sample / d alpha at the sample x. */
    static Tensor standardGammaGrad(Tensor alpha, Tensor x) {
        return SpecialOps.pointwise(v -> SpecialMath.standardGammaGrad(v[0], v[1]), alpha, x);
    }

    /** {@code torch._dirichlet_grad(x, alpha, total)}. */
    static Tensor dirichletGrad(Tensor x, Tensor alpha, Tensor total) {
        return SpecialOps.pointwise(v -> SpecialMath.dirichletGrad(v[0], v[1], v[2]), x, alpha, total);
    }

    /**
     * {@code torch._standard_gamma} as an autograd function: the gradient is the implicit reparameterisation
     * gradient {@code grad * _standard_gamma_grad(alpha, sample)} (not itself differentiable, as in PyTorch).
     */
    static final class StandardGamma extends Function.Unary {
        @Override
        protected String backwardName() { return "StandardGammaBackward0"; }

        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor alpha) {
            Tensor x = standardGamma(alpha);
            ctx.saveForBackward(alpha, x);
            return x;
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) {
            Tensor[] s = ctx.savedTensors();
            return grad.mul(standardGammaGrad(s[0], s[1]));
        }
    }

    // ------------------------------------------------------------------ Dirichlet

    /**
     * {@code torch._sample_dirichlet(alpha)}: double-precision gamma draws for every element, normalised along the
     * last dim and kept within [smallest normal, largest value below 1] of the dtype.
     */
    static Tensor dirichlet(Tensor alpha) {
        boolean f32 = alpha.dtype() != DType.FLOAT64;
        long[] shape = alpha.shapeArray();
        int k = (int) shape[shape.length - 1];
        double[] a = alpha.detach().cpu().toDoubleArray(), out = new double[a.length];
        Generator.defaultGenerator().withEngine(g -> {
            for (int i = 0; i < a.length; i++) out[i] = stdMax(Double.MIN_NORMAL, sampleGamma(g, a[i], false));
        });
        double lo = f32 ? FLT_MIN : Double.MIN_NORMAL, hi = f32 ? Math.nextDown(1.0f) : Math.nextDown(1.0);
        for (int row = 0; row < a.length; row += k) {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += out[row + j];
            for (int j = 0; j < k; j++) out[row + j] = stdMin(hi, stdMax(lo, round(f32, out[row + j] / sum)));
        }
        return Torch.fromArray(out).reshape(shape).to(alpha.device(), alpha.dtype());
    }

    /** {@code Dirichlet.rsample}'s autograd function, with PyTorch's implicit gradient through {@code _dirichlet_grad}. */
    static final class DirichletSample extends Function.Unary {
        @Override
        protected String backwardName() { return "_DirichletBackward"; }

        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor concentration) {
            Tensor x = dirichlet(concentration);
            ctx.saveForBackward(x, concentration);
            return x;
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) {
            Tensor x = ctx.savedTensors()[0], concentration = ctx.savedTensors()[1];
            Tensor total = concentration.sum(-1, true).expand(concentration.shapeArray());
            Tensor g = dirichletGrad(x, concentration, total);
            return g.mul(grad.sub(x.mul(grad).sum(-1, true)));
        }
    }

    // ------------------------------------------------------------------ Poisson

    /** {@code torch.poisson(rate)}: the rates are read as doubles. */
    static Tensor poisson(Tensor rate) { return poisson(rate, Generator.defaultGenerator()); }

    /** {@code torch.poisson(rate, generator)}. */
    static Tensor poisson(Tensor rate, Generator gen) { return drawEach(gen, (g, r) -> samplePoisson(g, r[0]), rate); }

    static double samplePoisson(Mt19937 g, double lambda) {
        if (!(lambda >= 0)) throw new IllegalArgumentException("invalid Poisson rate, expected rate to be non-negative");
        if (lambda >= 10) {
            // transformed rejection with squeeze (Hörmann 1993)
            double slam = Math.sqrt(lambda), loglam = NativeMath.log(lambda);
            double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
            double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
            while (true) {
                double u = uniform(g) - 0.5, v = uniform(g);
                double us = 0.5 - Math.abs(u);
                long k = int64(Math.floor((2 * a / us + b) * u + lambda + 0.43));
                if (us >= 0.07 && v <= vr) return k;
                if (k < 0 || (us < 0.013 && v > us)) continue;
                if (NativeMath.log(v) + NativeMath.log(invalpha) - NativeMath.log(a / (us * us) + b)
                        <= -lambda + k * loglam - NativeMath.lgamma((double) k + 1)) {
                    return k;
                }
            }
        }
        if (lambda == 0) return 0;
        // multiply uniforms until the product drops below e^-lambda
        double enlam = NativeMath.exp(-lambda), prod = 1;
        long x = 0;
        while (true) {
            prod *= uniform(g);
            if (prod > enlam) x++;
            else return x;
        }
    }

    // ------------------------------------------------------------------ binomial

    /** {@code torch.binomial(count, prob)}: count and prob in one floating dtype. */
    static Tensor binomial(Tensor count, Tensor prob) { return binomial(count, prob, Generator.defaultGenerator()); }

    /** {@code torch.binomial(count, prob, generator)}. */
    static Tensor binomial(Tensor count, Tensor prob, Generator gen) {
        boolean f32 = count.dtype() != DType.FLOAT64;
        return drawEach(gen, (g, p) -> sampleBinomial(g, p[0], p[1], f32), count, prob);
    }

    static double sampleBinomial(Mt19937 g, double count, double prob, boolean f32) {
        if (count <= 0.0 || prob <= 0.0) return 0;
        if (prob >= 1.0) return count;
        if (prob <= 0.5) return round(f32, count * prob) >= 10.0 ? btrs(g, count, prob, f32) : inversion(g, count, prob, f32);
        if (prob > 0.5) {
            double q = round(f32, 1.0 - prob);
            return count - (round(f32, count * q) >= 10.0 ? btrs(g, count, q, f32) : inversion(g, count, q, f32));
        }
        return Double.NaN;
    }

    /** Counts geometric waiting times until they pass count. */
    private static double inversion(Mt19937 g, double count, double prob, boolean f32) {
        double logprob = f32 ? NativeMath.log1pf((float) -prob) : NativeMath.log1p(-prob);
        double geomSum = 0, numGeom = 0;
        while (true) {
            geomSum += Math.ceil(NativeMath.log(uniform(g)) / logprob);
            if (geomSum > count) return numGeom;
            numGeom += 1;
        }
    }

    /** Hörmann's BTRS (transformed rejection with squeeze), as PyTorch adapts it from TensorFlow. */
    private static double btrs(Mt19937 g, double count, double prob, boolean f32) {
        double stddev = f32 ? (float) Math.sqrt((float) ((float) (count * prob) * (float) (1 - prob))) : Math.sqrt(count * prob * (1 - prob));
        double b = 1.15 + 2.53 * stddev;
        double a = -0.0873 + 0.0248 * b + 0.01 * prob;
        double c = round(f32, count * prob) + 0.5;
        double vr = 0.92 - 4.2 / b;
        double r = round(f32, prob / round(f32, 1 - prob));
        double alpha = (2.83 + 5.1 / b) * stddev;
        double m = Math.floor(round(f32, round(f32, count + 1) * prob));
        while (true) {
            double u = uniform(g) - 0.5, v = uniform(g);
            double us = 0.5 - Math.abs(u);
            double k = round(f32, Math.floor((2 * a / us + b) * u + c));
            if (k < 0 || k > count) continue;
            if (us >= 0.07 && v <= vr) return k;
            v = NativeMath.log(v * alpha / (a / (us * us) + b));
            double upper = (m + 0.5) * NativeMath.log((m + 1) / (r * (count - m + 1)))
                    + (count + 1) * NativeMath.log((count - m + 1) / (count - k + 1))
                    + (k + 0.5) * NativeMath.log(r * (count - k + 1) / (k + 1))
                    + stirlingTail(m) + stirlingTail(count - m) - stirlingTail(k) - stirlingTail(count - k);
            if (v <= upper) return k;
        }
    }

    // log(k!) - Stirling's approximation of it, tabulated for k <= 9
    private static final double[] STIRLING_TAIL = {0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
        0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720, 0.00925546218271273, 0.00833056343336287};

    private static double stirlingTail(double k) {
        if (k <= 9) return STIRLING_TAIL[(int) k];
        double kp1sq = (k + 1) * (k + 1);
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1);
    }

    // ------------------------------------------------------------------ Cauchy

    /** {@code torch.empty(shape).cauchy_()}: {@code tan(pi (u - 1/2))}, u kept within [eps, 1 - eps] as PyTorch 2.x keeps it. */
    static Tensor cauchy(long[] shape, DType dtype, Device device) {
        Tensor zeros = Torch.zeros(Arrays.copyOf(shape, shape.length)).to(DType.FLOAT64);
        double eps = Math.ulp(1.0);
        return drawEach((g, p) -> {
            double u = Math.max(eps, Math.min(1 - eps, uniform(g)));
            return NativeMath.tan(Math.PI * (u - 0.5));
        }, zeros).to(device, dtype);
    }
}
