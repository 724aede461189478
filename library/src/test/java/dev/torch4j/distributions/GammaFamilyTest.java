package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialMath;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static dev.torch4j.distributions.FamilyGoldens.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gamma-based families (Gamma, Chi2, Beta, Dirichlet, StudentT) against PyTorch: every family golden, the raw
 * gamma and Dirichlet samplers bit for bit over all their branches, the reparameterisation gradients
 * ({@code _standard_gamma_grad}, {@code _dirichlet_grad}) at fixed points, and the sampler's moments.
 */
class GammaFamilyTest {
    @Test
    void familiesMatchPyTorch() {
        int cases = 0, compared = 0;
        for (JsonObject c : FamilyGoldens.families("gamma", "chi2", "beta", "dirichlet", "studentt")) {
            compared += FamilyGoldens.checkFamily(c);
            cases++;
        }
        assertEquals(27, cases);
        assertEquals(269, compared, "tensors compared");
    }

    @Test
    void samplersDrawPyTorchsValues() {
        int n = 0;
        for (JsonObject c : FamilyGoldens.cases("draw")) {
            String op = c.get("op").getAsString();
            if (!op.equals("standard_gamma") && !op.equals("dirichlet")) continue;
            Tensor alpha = Golden.tensor(c.getAsJsonArray("params").get(0).getAsJsonObject());
            manualSeed(c.get("seed").getAsLong());
            Tensor out = op.equals("dirichlet") ? Samplers.dirichlet(alpha) : Samplers.standardGamma(alpha);
            Golden.assertExact(tensor(c, "out"), out, op + " " + alpha.dtype());
            n++;
        }
        assertEquals(4, n);
    }

    @Test
    void reparameterisationGradientsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : FamilyGoldens.cases("gamma_grad")) {
            FamilyGoldens.close(c.get("out"), Samplers.standardGammaGrad(tensor(c, "alpha"), tensor(c, "x")), "_standard_gamma_grad");
            n++;
        }
        for (JsonObject c : FamilyGoldens.cases("dirichlet_grad")) {
            Tensor g = Samplers.dirichletGrad(tensor(c, "x"), tensor(c, "alpha"), tensor(c, "total"));
            // float32: PyTorch evaluates the near-0/near-1 series in float, here in double
            if (g.dtype() == DType.FLOAT32) Golden.assertClose(tensor(c, "out"), g, 2e-5, 2e-6, "_dirichlet_grad float32");
            else FamilyGoldens.close(c.get("out"), g, "_dirichlet_grad");
            n++;
        }
        assertEquals(4, n);
    }

    /**
     * The standard gamma gradient is d x / d alpha at fixed cdf: check it against a central difference of the gamma
     * cdf solved for x (P(alpha, x) = u), i.e. -dP/dalpha / dP/dx, with dP/dx the gamma density.
     */
    @Test
    void standardGammaGradIsTheImplicitDerivative() {
        double[][] points = {{0.5, 0.3}, {2.0, 1.5}, {3.0, 6.0}, {20.0, 18.0}, {20.0, 30.0}};
        for (double[] pt : points) {
            double alpha = pt[0], x = pt[1], h = 1e-5;
            double dPdAlpha = (SpecialMath.gammainc(alpha + h, x) - SpecialMath.gammainc(alpha - h, x)) / (2 * h);
            double density = Math.exp((alpha - 1) * Math.log(x) - x - SpecialMath.lgamma(alpha));
            double expected = -dPdAlpha / density;
            // PyTorch's approximation (rational fit / saddle point) is good to about 1e-3 relative, not to rounding
            assertEquals(expected, SpecialMath.standardGammaGrad(alpha, x), 2e-3 * Math.abs(expected), "alpha " + alpha + " x " + x);
        }
    }

    /** 100k draws per concentration: the sample mean and variance within 4 standard errors of alpha and alpha. */
    @Test
    void gammaSamplerHasTheRightMoments() {
        manualSeed(7);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (double alpha : new double[] {0.2, 1.0, 3.5, 40.0}) {
                int n = 100_000;
                double[] x = Samplers.standardGamma(full(new long[] {n}, alpha, dtype(dt))).toDoubleArray();
                double mean = 0, m2 = 0;
                for (double v : x) mean += v;
                mean /= n;
                for (double v : x) m2 += (v - mean) * (v - mean);
                double var = m2 / (n - 1);
                // Var(sample mean) = alpha / n; Var(sample variance) ~ (mu4 - sigma^4) / n, mu4 = 3 alpha^2 + 6 alpha
                assertEquals(alpha, mean, 4 * Math.sqrt(alpha / n), dt + " mean, alpha " + alpha);
                double mu4 = 3 * alpha * alpha + 6 * alpha;
                assertEquals(alpha, var, 4 * Math.sqrt((mu4 - alpha * alpha) / n), dt + " variance, alpha " + alpha);
            }
        }
    }

    /** rsample's gradient is the implicit one: for Gamma(c, r), d sample / d rate = -sample / rate exactly. */
    @Test
    void gammaRsampleGradientWithRespectToRate() {
        Tensor c = fromArray(new double[] {0.7, 2.0, 9.0}).requiresGrad_(true);
        Tensor r = fromArray(new double[] {1.5, 0.5, 3.0}).requiresGrad_(true);
        manualSeed(3);
        Tensor x = new Gamma(c, r).rsample(4);
        x.sum().backward();
        Tensor expected = x.detach().div(r.detach()).neg().sum(0);
        Golden.assertClose(expected, r.grad(), 1e-14, 1e-14, "d sample / d rate");
        // and d sample / d concentration is _standard_gamma_grad at the standard sample, divided by the rate
        Tensor standard = x.detach().mul(r.detach());
        Tensor dc = Samplers.standardGammaGrad(c.detach().expand(4, 3), standard).div(r.detach()).sum(0);
        Golden.assertClose(dc, c.grad(), 1e-14, 1e-14, "d sample / d concentration");
    }

    /** Dirichlet samples lie on the simplex, and rsample's gradient of a sum over the simplex is zero. */
    @Test
    void dirichletRsampleStaysOnTheSimplex() {
        Tensor alpha = fromArray(new double[] {0.3, 1.0, 4.0, 2.0, 2.0, 2.0}, 2, 3).requiresGrad_(true);
        manualSeed(11);
        Tensor x = new Dirichlet(alpha).rsample(5);
        assertArrayEquals(new long[] {5, 2, 3}, x.shapeArray());
        Golden.assertClose(ones(5, 2).to(DType.FLOAT64), x.detach().sum(-1, false), 1e-15, 1e-15, "sums to one");
        x.sum().backward(); // the sum is identically 1: the implicit gradient must cancel
        Golden.assertClose(zeros(2, 3).to(DType.FLOAT64), alpha.grad(), 0, 1e-12, "gradient of the constant sum");
    }
}
