package dev.torch4j.backend.cuda;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.distributions.Beta;
import dev.torch4j.distributions.Binomial;
import dev.torch4j.distributions.Categorical;
import dev.torch4j.distributions.ContinuousBernoulli;
import dev.torch4j.distributions.Dirichlet;
import dev.torch4j.distributions.Distribution;
import dev.torch4j.distributions.FisherSnedecor;
import dev.torch4j.distributions.Kl;
import dev.torch4j.distributions.Kumaraswamy;
import dev.torch4j.distributions.LKJCholesky;
import dev.torch4j.distributions.LowRankMultivariateNormal;
import dev.torch4j.distributions.MixtureSameFamily;
import dev.torch4j.distributions.Multinomial;
import dev.torch4j.distributions.NegativeBinomial;
import dev.torch4j.distributions.Normal;
import dev.torch4j.distributions.StudentT;
import dev.torch4j.distributions.VonMises;
import dev.torch4j.distributions.Wishart;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.LazyConv2d;
import dev.torch4j.nn.LazyLinear;
import dev.torch4j.nn.UninitializedParameter;
import dev.torch4j.optim.SGD;
import dev.torch4j.testing.Golden;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The distributions (log-densities, entropies, KL divergences and their gradients) and the lazy modules on CUDA
 * against the CPU, in float64: they are composed of ops with CUDA kernels, so this checks the composition there.
 */
class CudaDistributionsParityTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needsAGpu() { assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason()); }

    private static Tensor r(long... shape) { return randn(shape).to(DType.FLOAT64); }

    private static Tensor pos(long... shape) { return rand(shape).to(DType.FLOAT64).add(0.5); }

    private static Tensor unit(long... shape) { return rand(shape).to(DType.FLOAT64).mul(0.8).add(0.1); }

    @Test
    void logDensitiesAndEntropiesMatchTheCpu() {
        manualSeed(31);
        Tensor v3 = r(4, 3), p3 = unit(4, 3);
        CudaLayersParityTest.parity("FisherSnedecor.log_prob", t -> new FisherSnedecor(t[0], t[1]).logProb(p3.add(1).to(t[0].device())),
                pos(3), pos(3));
        CudaLayersParityTest.parity("VonMises.log_prob", t -> new VonMises(t[0], t[1]).logProb(v3.to(t[0].device())), r(3), pos(3));
        CudaLayersParityTest.parity("ContinuousBernoulli.log_prob + entropy + mean", t -> {
            ContinuousBernoulli d = ContinuousBernoulli.ofProbs(t[0].sigmoid());
            return d.logProb(p3.to(t[0].device())).add(d.entropy()).add(d.mean());
        }, r(3));
        CudaLayersParityTest.parity("Kumaraswamy.log_prob", t -> new Kumaraswamy(t[0], t[1]).logProb(p3.to(t[0].device())), pos(3), pos(3));
        CudaLayersParityTest.parity("StudentT.log_prob + entropy", t -> {
            StudentT d = new StudentT(t[0].add(2), t[1], t[2]);
            return d.logProb(v3.to(t[0].device())).add(d.entropy());
        }, pos(3), r(3), pos(3));
        CudaLayersParityTest.parity("Beta.log_prob + entropy", t -> {
            Beta d = new Beta(t[0], t[1]);
            return d.logProb(p3.to(t[0].device())).add(d.entropy());
        }, pos(3), pos(3));
        CudaLayersParityTest.parity("Dirichlet.log_prob", t -> new Dirichlet(t[0]).logProb(p3.div(p3.sum(-1, true)).to(t[0].device())), pos(3));
        CudaLayersParityTest.parity("LowRankMultivariateNormal.log_prob + entropy", t -> {
            LowRankMultivariateNormal d = new LowRankMultivariateNormal(t[0], t[1], t[2]);
            return d.logProb(v3.to(t[0].device())).add(d.entropy());
        }, r(3), r(3, 2), pos(3));
        Tensor spd = r(3, 3);
        Tensor value = spd.matmul(spd.mT()).add(Torch.eye(3, 3, dtype(DType.FLOAT64)));
        CudaLayersParityTest.parity("Wishart.log_prob + entropy", t -> {
            Tensor tril = t[0].tril(-1).add(Torch.eye(3, 3, dtype(DType.FLOAT64).device(t[0].device())).mul(1.5));
            Wishart d = Wishart.ofScaleTril(t[1].add(4), tril);
            return d.logProb(value.to(t[0].device())).add(d.entropy());
        }, r(3, 3), pos());
        Tensor corr = new LKJCholesky(3, Torch.tensor(1.5).to(DType.FLOAT64)).sample(4); // float64 draws, as the check is
        CudaLayersParityTest.parity("LKJCholesky.log_prob", t -> new LKJCholesky(3, t[0]).logProb(corr.to(t[0].device())), pos());
        CudaLayersParityTest.parity("MixtureSameFamily.log_prob", t -> new MixtureSameFamily(Categorical.ofLogits(t[0]),
                new Normal(t[1], t[2])).logProb(v3.select(1, 0).to(t[0].device())), r(3), r(3), pos(3));
        Tensor counts = Torch.tensor(new double[][] {{2, 0, 3}, {1, 1, 3}});
        CudaLayersParityTest.parity("Multinomial.log_prob", t -> Multinomial.ofLogits(5, t[0]).logProb(counts.to(t[0].device())), r(3));
        CudaLayersParityTest.parity("NegativeBinomial.log_prob", t -> NegativeBinomial.ofLogits(t[0].add(2), t[1])
                .logProb(counts.to(t[0].device())), pos(3), r(3));
        CudaLayersParityTest.parity("Binomial.log_prob", t -> Binomial.ofLogits(5, t[0]).logProb(counts.to(t[0].device())), r(3));
    }

    @Test
    void klDivergencesMatchTheCpu() {
        manualSeed(32);
        CudaLayersParityTest.parity("KL(Normal || Normal)", t -> Kl.klDivergence(new Normal(t[0], t[1]), new Normal(t[2], t[3])),
                r(3), pos(3), r(3), pos(3));
        CudaLayersParityTest.parity("KL(Beta || Beta)", t -> Kl.klDivergence(new Beta(t[0], t[1]), new Beta(t[2], t[3])),
                pos(3), pos(3), pos(3), pos(3));
        CudaLayersParityTest.parity("KL(Dirichlet || Dirichlet)", t -> Kl.klDivergence(new Dirichlet(t[0]), new Dirichlet(t[1])),
                pos(2, 3), pos(2, 3));
        CudaLayersParityTest.parity("KL(ContinuousBernoulli || ContinuousBernoulli)", t -> Kl.klDivergence(
                ContinuousBernoulli.ofLogits(t[0]), ContinuousBernoulli.ofLogits(t[1])), r(3), r(3));
        CudaLayersParityTest.parity("KL(LowRank || LowRank)", t -> Kl.klDivergence(new LowRankMultivariateNormal(t[0], t[1], t[2]),
                new LowRankMultivariateNormal(t[3], t[4], t[5])), r(3), r(3, 2), pos(3), r(3), r(3, 1), pos(3));
    }

    /** Draws made on the GPU stay there, with the distribution's shapes and support. */
    @Test
    void samplesAreDrawnOnTheGpu() {
        manualSeed(33);
        Distribution[] ds = {
            new FisherSnedecor(pos(3).to(GPU), pos(3).to(GPU)), new VonMises(r(3).to(GPU), pos(3).to(GPU)),
            ContinuousBernoulli.ofProbs(unit(3).to(GPU)), new LowRankMultivariateNormal(r(3).to(GPU), r(3, 2).to(GPU), pos(3).to(GPU)),
            new MixtureSameFamily(Categorical.ofLogits(r(3).to(GPU)), new Normal(r(3).to(GPU), pos(3).to(GPU))),
            Multinomial.ofLogits(5, r(3).to(GPU)), NegativeBinomial.ofLogits(pos(3).to(GPU), r(3).to(GPU)),
            Binomial.ofLogits(5, r(3).to(GPU))};
        for (Distribution d : ds) {
            Tensor s = d.sample(4);
            String what = d.getClass().getSimpleName();
            assertEquals(GPU, s.device(), what);
            long[] want = new long[1 + d.batchShape().toArray().length + d.eventShape().toArray().length];
            want[0] = 4;
            System.arraycopy(d.batchShape().toArray(), 0, want, 1, d.batchShape().toArray().length);
            System.arraycopy(d.eventShape().toArray(), 0, want, 1 + d.batchShape().toArray().length, d.eventShape().toArray().length);
            assertArrayEquals(want, s.shapeArray(), what);
            assertTrue(d.logProb(s).isfinite().all().itemBool(), what + ": the draws lie in the support");
        }
        Tensor l = new LKJCholesky(3, Torch.tensor(1.5).to(DType.FLOAT64).to(GPU)).sample(5);
        assertEquals(GPU, l.device());
        Golden.assertClose(Torch.ones(5, 3).to(DType.FLOAT64), l.square().sum(-1).cpu(), 1e-12, 1e-12, "unit rows");
        Tensor w = Wishart.ofScaleTril(Torch.tensor(5.0).to(DType.FLOAT64).to(GPU), Torch.eye(3, 3, dtype(DType.FLOAT64).device(GPU)))
                .rsample(2);
        assertEquals(GPU, w.device());
        Golden.assertClose(w.mT().cpu(), w.cpu(), 0, 1e-12, "symmetric draws");
    }

    @Test
    void lazyModulesMaterializeOnTheGpu() {
        manualSeed(34);
        LazyLinear lin = new LazyLinear(4);
        Tensor placeholder = lin.weight;
        SGD opt = new SGD(lin.parameters(), SGD.options(0.1));
        lin.to(GPU); // the placeholder moves, and stays the same object
        assertSame(placeholder, lin.weight);
        assertTrue(UninitializedParameter.isUninitialized(lin.weight));
        Tensor x = r(2, 5).to(DType.FLOAT32).to(GPU);
        Tensor y = lin.call(x);
        assertSame(placeholder, lin.weight);
        assertEquals(GPU, lin.weight.device());
        assertArrayEquals(new long[] {4, 5}, lin.weight.shapeArray());
        Golden.assertClose(Functional.linear(x.cpu(), lin.weight.detach().cpu(), lin.bias.detach().cpu()), y.detach().cpu(), 1e-6, 1e-6,
                "LazyLinear on the GPU");
        Tensor before = lin.weight.detach().cpu();
        y.sum().backward();
        opt.step();
        assertTrue(!before.equal(lin.weight.detach().cpu()), "the optimizer made before the dry run stepped the GPU weight");

        LazyConv2d conv = new LazyConv2d(2, 3);
        conv.to(GPU);
        Tensor img = r(1, 3, 6, 6).to(DType.FLOAT32).to(GPU);
        Tensor out = conv.call(img);
        assertEquals(GPU, conv.weight.device());
        Golden.assertClose(Functional.conv2d(img.cpu(), conv.weight.detach().cpu(), conv.bias.detach().cpu()), out.detach().cpu(), 1e-5, 1e-5,
                "LazyConv2d on the GPU");
        assertEquals(TensorOptions.DEFAULT.device(GPU).device(), out.device());
    }
}
