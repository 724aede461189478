package dev.torch4j.distributions;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression tests for what the distributions fuzzer (FuzzDistributionsParityTest) found, one small case each; the
 * expected values and messages are PyTorch 1.13's (2.x's where the fuzzer follows 2.x), printed by torch.
 */
class FuzzFindingsTest {
    private static Tensor t(double... v) { return Torch.fromArray(v); }

    private static double[] d(Tensor x) { return x.detach().toDoubleArray(); }

    @AfterEach
    void validationBackOn() { Distribution.setDefaultValidateArgs(true); }

    // ------------------------------------------------------------------ validation, expand, enumerate_support

    @Test
    void validationIsPyTorchsDefaultReadAtEachCall() {
        Distribution.setDefaultValidateArgs(false);
        Normal n = new Normal(t(0), t(-1));                      // no check while off
        assertTrue(Double.isNaN(d(n.logProb(t(0.5)))[0]));       // log(-1)
        Distribution.setDefaultValidateArgs(true);
        assertThrows(IllegalArgumentException.class, () -> n.logProb(t(Double.NaN))); // on again: values are checked
        Distribution.setDefaultValidateArgs(false);
        Exponential e = new Exponential(t(-2));
        assertEquals(-0.5, d(e.stddev())[0]);                    // PyTorch's 1 / rate, not sqrt(variance)
        Geometric g = Geometric.ofProbs(t(0, 0.5));              // the extra "positive" check is skipped too
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 1}, d(g.mean()));
        HalfCauchy h = new HalfCauchy(t(-1));                    // its Cauchy is the real one, unchecked
        assertTrue(Double.isNaN(d(h.logProb(t(2)))[0]));
        // torch.bernoulli's and torch.normal's own checks remain
        assertEquals("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  "
                + "If so, please report an enhancement request to PyTorch.)", assertThrows(IllegalArgumentException.class,
                () -> Bernoulli.ofProbs(t(1.5)).sample()).getMessage());
        assertEquals("normal expects all elements of std >= 0.0", assertThrows(IllegalArgumentException.class,
                () -> new Normal(t(0), t(-1)).sample()).getMessage());
    }

    @Test
    void validateSampleChecksShapesFirst() {
        Normal n = new Normal(Torch.zeros(2).to(DType.FLOAT32), Torch.ones(2).to(DType.FLOAT32));
        assertEquals("Value is not broadcastable with batch_shape+event_shape: torch.Size([3]) vs torch.Size([2]).",
                assertThrows(IllegalArgumentException.class, () -> n.logProb(Torch.zeros(3))).getMessage());
        MultivariateNormal m = new MultivariateNormal(Torch.zeros(2), Torch.eye(2));
        assertEquals("The right-most size of value must match event_shape: torch.Size([3]) vs torch.Size([2]).",
                assertThrows(IllegalArgumentException.class, () -> m.logProb(Torch.zeros(3))).getMessage());
    }

    @Test
    void expandAndEnumerateSupport() {
        Normal n = new Normal(t(1, 2), t(3, 4)).expand(3, 2);
        assertArrayEquals(new long[] {3, 2}, n.batchShape().toArray());
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2}, d(n.mean()));
        Dirichlet dir = new Dirichlet(t(1, 2, 3)).expand(2);
        assertArrayEquals(new long[] {2, 3}, dir.concentration().shapeArray());
        assertThrows(RuntimeException.class, () -> new Normal(t(1, 2), t(3, 4)).expand(3));
        // the copy keeps the setting of the moment: made while validation is off, it stays off
        Distribution.setDefaultValidateArgs(false);
        Normal off = new Normal(t(0), t(1)).expand(2);
        Distribution.setDefaultValidateArgs(true);
        assertFalse(off.validateArgs());
        Bernoulli b = Bernoulli.ofProbs(t(0.3, 0.6));
        assertArrayEquals(new long[] {2, 2}, b.enumerateSupport().shapeArray());
        assertArrayEquals(new long[] {2, 1}, b.enumerateSupport(false).shapeArray());
        assertEquals("Inhomogeneous total count not supported by `enumerate_support`.", assertThrows(UnsupportedOperationException.class,
                () -> Binomial.ofProbs(t(2, 3), t(0.5, 0.5)).enumerateSupport()).getMessage());
        assertArrayEquals(new long[] {3, 2, 3}, OneHotCategorical.ofProbs(Torch.ones(2, 3)).enumerateSupport().shapeArray());
        assertEquals("Enumeration over cartesian product is not implemented", assertThrows(UnsupportedOperationException.class,
                () -> new Independent(b, 1).enumerateSupport()).getMessage());
        // PyTorch's copy keeps ContinuousBernoulli's clamped probs (not clamped again)
        ContinuousBernoulli cb = ContinuousBernoulli.ofProbs(t(0.3).requiresGrad_(true)).expand(2);
        assertTrue(cb.probs().toString().contains("ExpandBackward0"), cb.probs().toString());
    }

    // ------------------------------------------------------------------ messages and supports

    @Test
    void messagesAsPyTorchWordsThem() {
        assertEquals("Expected parameter total_count (Tensor of shape (1,)) of distribution NegativeBinomial(total_count: tensor([-1.]), "
                + "probs: tensor([0.5000])) to satisfy the constraint GreaterThanEq(lower_bound=0), but found invalid values:",
                assertThrows(IllegalArgumentException.class,
                        () -> NegativeBinomial.ofProbs(Torch.fromArray(new float[] {-1f}), Torch.fromArray(new float[] {0.5f}))).getMessage().split("\n")[0]);
        // LKJCholesky builds its Beta first: the Dirichlet's check speaks
        assertEquals("Expected parameter concentration (Tensor of shape (1, 3, 2)) of distribution Dirichlet(concentration: torch.Size([1, 3, 2])) "
                + "to satisfy the constraint IndependentConstraint(GreaterThan(lower_bound=0.0), 1), but found invalid values:",
                assertThrows(IllegalArgumentException.class, () -> new LKJCholesky(3, Torch.fromArray(new float[] {-1f}))).getMessage().split("\n")[0]);
        // Gumbel is a TransformedDistribution in PyTorch: its cdf checks the value mapped back into the base Uniform
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Gumbel(t(0), t(1)).cdf(t(-1e6))).getMessage()
                .startsWith("Expected value argument (Tensor of shape (1,)) to be within the support (Interval(lower_bound=tensor([2.2251e-308], "
                        + "dtype=torch.float64), upper_bound=tensor([1.0000], dtype=torch.float64))) of the distribution Uniform("));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new MixtureSameFamily(Categorical.ofProbs(Torch.ones(2)), new Normal(Torch.zeros(2), Torch.ones(2))).logProb(
                        Torch.tensor(Float.NaN))).getMessage().startsWith("Expected value argument (Tensor of shape ()) to be within the support (Real()) "
                + "of the distribution MixtureSameFamily("));
        assertEquals("<class 'torch.distributions.lkj_cholesky.LKJCholesky'> does not implement mode",
                assertThrows(UnsupportedOperationException.class, () -> new LKJCholesky(2, 1.0).mode()).getMessage());
        Normal base = new Normal(Torch.zeros(2, 3), Torch.ones(2, 3));
        assertEquals("Real()", new Independent(base, 0).support().repr());
        assertEquals("IndependentConstraint(Real(), 1)", new Independent(base, 1).support().repr());
        AffineTransform flat = new AffineTransform(1.0, 0.0);
        assertEquals(0L, flat.sign().item(), 0.0);
        assertEquals("math domain error", assertThrows(IllegalArgumentException.class, () -> flat.logAbsDetJacobian(Torch.zeros(2), Torch.zeros(2))).getMessage());
        assertArrayEquals(new long[0], new ReshapeTransform(new long[] {2, 3}, new long[] {3, 2}).logAbsDetJacobian(Torch.zeros(6), Torch.zeros(6)).shapeArray());
    }

    // ------------------------------------------------------------------ KL

    @Test
    void klFollowsKlPy() {
        // HalfNormal and HalfCauchy are TransformedDistributions there: same transforms, so KL of the bases
        assertEquals("No KL(p || q) is implemented for p type Normal and q type Cauchy", assertThrows(UnsupportedOperationException.class,
                () -> Kl.klDivergence(new HalfNormal(t(1)), new HalfCauchy(t(1)))).getMessage());
        // result[mask] = inf: the mask must match the result's leading dims
        String mask = "The shape of the mask [1] at index 0 does not match the shape of the indexed tensor [3] at index 0";
        assertEquals(mask, assertThrows(IndexOutOfBoundsException.class,
                () -> Kl.klDivergence(Bernoulli.ofProbs(t(0.3)), Bernoulli.ofProbs(t(0.2, 0.5, 0.7)))).getMessage());
        assertEquals(mask, assertThrows(IndexOutOfBoundsException.class,
                () -> Kl.klDivergence(new Uniform(t(-1), t(2)), new Exponential(t(1, 2, 3)))).getMessage());
        assertEquals("The shape of the mask [3, 1] at index 1 does not match the shape of the indexed tensor [3, 2] at index 1",
                assertThrows(IndexOutOfBoundsException.class, () -> Kl.klDivergence(new Beta(Torch.ones(3, 2), Torch.ones(3, 2)),
                        new Uniform(Torch.zeros(3, 1), Torch.ones(3, 1)))).getMessage());
        assertEquals("The shape of the mask [1, 2] at index 0 does not match the shape of the indexed tensor [2, 2] at index 0",
                assertThrows(IndexOutOfBoundsException.class, () -> Kl.klDivergence(new Pareto(Torch.ones(2), Torch.ones(1, 1).mul(3)),
                        new Gamma(Torch.ones(2, 2), Torch.ones(2, 2)))).getMessage());
        // OneHotCategorical's own categoricals: a zero probability of q stays zero (infinite divergence)
        assertEquals(Double.POSITIVE_INFINITY, d(Kl.klDivergence(OneHotCategorical.ofProbs(t(0.5, 0.5)), OneHotCategorical.ofProbs(t(0, 1))))[0]);
    }

    // ------------------------------------------------------------------ values and gradients

    @Test
    void gradientsAsPyTorchComputesThem() {
        // where's backward: no NaN from the branch not taken (StudentT's variance is NaN for df <= 1)
        Tensor df = t(0.5, 3.0).requiresGrad_(true);
        new StudentT(df).stddev().sum().backward();
        assertArrayEquals(new double[] {0.0, -0.57735026918962595}, d(df.grad()), 1e-15);
        // Uniform's stddev has a finite gradient where high equals low
        Distribution.setDefaultValidateArgs(false);
        Tensor lo = t(1).requiresGrad_(true), hi = t(1).requiresGrad_(true);
        new Uniform(lo, hi).stddev().sum().backward();
        assertArrayEquals(new double[] {-0.28867513459481292}, d(lo.grad()), 1e-15);
        Distribution.setDefaultValidateArgs(true);
        // Binomial's mode clamps at total_count: no gradient reaches it at the tie
        Tensor n = t(8).requiresGrad_(true), p = t(0.9747).requiresGrad_(true);
        Binomial.ofProbs(n, p).mode().sum().backward();
        assertEquals(0.0, d(n.grad())[0]);
        // div's backward as PyTorch orders it: -g * ((a / b) / b) overflows to -inf
        Tensor a = t(9e302).requiresGrad_(true), b = t(1e-3).requiresGrad_(true);
        a.div(b).sum().backward();
        assertEquals(Double.NEGATIVE_INFINITY, d(b.grad())[0]);
        // Wishart(covariance_matrix=) keeps the given matrix: the mean's gradient reaches each entry directly
        Tensor cov = Torch.fromArray(new double[] {2, 0.5, 0.5, 1}, 2, 2).requiresGrad_(true);
        Wishart.ofCovariance(t(3), cov).mean().sum().backward();
        assertArrayEquals(new double[] {3, 3, 3, 3}, d(cov.grad()), 1e-12);
    }

    @Test
    void valuesAsPyTorchComputesThem() {
        // Kumaraswamy's moments: 1 + n / a as Python divides ((1 / a) * n rounded differently); at a = 1e-8 the
        // moment subtracts lgamma values near 3.6e9, so one ulp of lgamma is about 1e-8 here
        assertArrayEquals(new double[] {0.02360523156348763, 0.07538626146580693},
                d(new Kumaraswamy(t(1e-8, 0.5), t(0.19, 1.2)).variance()), 5e-8);
        // MultivariateNormal(precision_matrix=)
        MultivariateNormal m = MultivariateNormal.ofPrecision(Torch.zeros(2).to(DType.FLOAT64), Torch.fromArray(new double[] {2, 0, 0, 4}, 2, 2));
        assertArrayEquals(new double[] {0.5, 0.25}, d(m.variance()), 1e-15);
        // log1p as PyTorch's CPU kernel: inf above 1e307 (float: 1e38)
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 706.78826303351422666}, d(t(2.85e307, 9e306).log1p()), 1e-12);
        assertEquals(Float.POSITIVE_INFINITY, Torch.fromArray(new float[] {2e38f}).log1p().toFloatArray()[0]);
        // float sigmoid underflows as PyTorch's: 1 / (1 + inf)
        assertEquals(0f, Torch.fromArray(new float[] {-100f}).sigmoid().toFloatArray()[0]);
        // diag_embed: zeros off the diagonal whatever the diagonal holds
        assertArrayEquals(new double[] {Double.NaN, 0, 0, 2}, d(t(Double.NaN, 2).diagEmbed()), 0);
        // Cholesky as OpenBLAS's potf2: a NaN pivot is not a failure
        var ex = Torch.linalg().choleskyEx(Torch.fromArray(new double[] {1, Double.NaN, Double.NaN, 1}, 2, 2), false);
        assertEquals(0L, (long) ex.info().item());
        assertEquals(1.0, d(ex.result())[0]);
        // an infinite Poisson rate draws INT64_MIN (x86's conversion), as PyTorch's sampler
        Torch.manualSeed(0);
        assertEquals(-9.223372036854776E18, d(NegativeBinomial.ofLogits(t(2.5), t(1000)).sample())[0]);
        // a NaN gamma draw (an invalid concentration, validation off) becomes the smallest normal number, as std::max
        Distribution.setDefaultValidateArgs(false);
        Torch.manualSeed(3);
        double s = d(new Beta(t(-1), t(0.5)).sample())[0];
        assertTrue(s > 0 && s < 1e-300, String.valueOf(s));
        // torch.lgamma is the C library's (bit for bit, where FFM may call it)
        assertEquals(3622765595.3783145, d(t(200000001.0).lgamma())[0], 5e-7);
        // _standard_gamma_grad's digamma_one is +inf at the negative integers: -inf there, not torch.digamma's NaN turned 0
        assertEquals(Double.NEGATIVE_INFINITY, dev.torch4j.ops.SpecialMath.standardGammaGrad(-1.0, 0.3));
        assertEquals(1.0098, dev.torch4j.ops.SpecialMath.standardGammaGrad(0.5, 0.3), 1e-4);
        // LowRankMultivariateNormal keeps a cov_factor that already has the broadcast shape (its repr: requires_grad)
        Distribution.setDefaultValidateArgs(true);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LowRankMultivariateNormal(t(1.2).requiresGrad_(true),
                Torch.fromArray(new double[] {-0.73}, 1, 1).requiresGrad_(true), t(0).requiresGrad_(true))).getMessage()
                .contains("cov_factor: tensor([[-0.7300]], dtype=torch.float64, requires_grad=True)"));
        Distribution.setDefaultValidateArgs(false);
        // mvlgamma refuses nothing (PyTorch 1.13 and 2.x): lgamma's pole
        assertEquals(Double.POSITIVE_INFINITY, d(t(1.0).mvlgamma(3))[0]);
    }
}
