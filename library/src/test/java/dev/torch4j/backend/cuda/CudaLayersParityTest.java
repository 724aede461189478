package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Reduction;
import dev.torch4j.nn.GRU;
import dev.torch4j.nn.LSTM;
import dev.torch4j.nn.RNNBase;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The composed layers of the convolution/sequence issue on CUDA against the CPU, in float64: conv3d,
 * convTranspose2d/3d, interpolate, LSTM and GRU: outputs and the gradients of the input (and of every parameter for the
 * recurrent modules) must agree. They are built from ops with CUDA kernels, so this checks the composition there.
 */
class CudaLayersParityTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needsAGpu() { assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason()); }

    /** Runs {@code f} on the CPU and the GPU over copies of {@code inputs}; outputs and input gradients must agree. */
    static void parity(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] cpu = new Tensor[inputs.length], gpu = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            cpu[i] = inputs[i].detach().clone().requiresGrad_(true);
            gpu[i] = inputs[i].detach().to(GPU).requiresGrad_(true);
        }
        Tensor yc = f.apply(cpu), yg = f.apply(gpu);
        Golden.assertClose(yc.detach(), yg.detach().cpu(), 1e-9, 1e-9, what + " output");
        Tensor g = randn(yc.shapeArray()).to(DType.FLOAT64);
        yc.backward(g);
        yg.backward(g.to(GPU));
        for (int i = 0; i < inputs.length; i++) {
            Golden.assertClose(cpu[i].grad(), gpu[i].grad().cpu(), 1e-9, 1e-9, what + " grad of input " + i);
        }
    }

    @Test
    void convolutionsAndInterpolationMatchTheCpu() {
        manualSeed(21);
        long[] one = {1}, two = {2};
        parity("conv3d", a -> Functional.conv3d(a[0], a[1], a[2], two, one, one, 1),
                randn(2, 4, 5, 6, 7).to(DType.FLOAT64), randn(3, 4, 3, 3, 3).to(DType.FLOAT64), randn(3).to(DType.FLOAT64));
        parity("convTranspose2d", a -> Functional.convTranspose2d(a[0], a[1], a[2], two, one, one, 2, one),
                randn(2, 4, 5, 6).to(DType.FLOAT64), randn(4, 3, 3, 3).to(DType.FLOAT64), randn(6).to(DType.FLOAT64));
        parity("convTranspose3d", a -> Functional.convTranspose3d(a[0], a[1], a[2], two, one, one, 2, one),
                randn(1, 4, 3, 4, 3).to(DType.FLOAT64), randn(4, 2, 3, 2, 3).to(DType.FLOAT64), randn(4).to(DType.FLOAT64));
        for (String mode : new String[] {"nearest", "bilinear", "bicubic"}) {
            parity("interpolate " + mode, a -> Functional.interpolate(a[0], new long[] {9, 11}, mode),
                    randn(2, 3, 5, 6).to(DType.FLOAT64));
        }
        for (String mode : new String[] {"bilinear", "bicubic"}) {
            parity("interpolate " + mode + " antialias", a -> Functional.interpolate(a[0], new long[] {4, 9}, null, mode, null, null, true),
                    randn(2, 3, 11, 6).to(DType.FLOAT64));
        }
    }

    @Test
    void activationsMatchTheCpu() {
        manualSeed(23);
        Tensor x = randn(4, 6).mul(4).to(DType.FLOAT64);
        parity("relu6", a -> Functional.relu6(a[0]), x);
        parity("hardtanh", a -> Functional.hardtanh(a[0], -2, 0.5), x);
        parity("softplus", a -> Functional.softplus(a[0], 2, 3), x);
        parity("selu", a -> Functional.selu(a[0]), x);
        parity("celu", a -> Functional.celu(a[0], 0.5), x);
        parity("mish", a -> Functional.mish(a[0]), x);
        parity("hardswish", a -> Functional.hardswish(a[0]), x);
        parity("hardsigmoid", a -> Functional.hardsigmoid(a[0]), x);
        parity("logsigmoid", a -> Functional.logsigmoid(a[0]), x);
        parity("threshold", a -> Functional.threshold(a[0], 0.5, -1), x);
        parity("softshrink", a -> Functional.softshrink(a[0], 1), x);
        parity("hardshrink", a -> Functional.hardshrink(a[0], 1), x);
        parity("glu", a -> Functional.glu(a[0], 1), x);
        parity("prelu", a -> Functional.prelu(a[0], a[1]), randn(2, 3, 4).to(DType.FLOAT64), randn(3).to(DType.FLOAT64));
    }

    /** The functions this library composes from other ops (no kernels of their own) give the CPU's values on the GPU. */
    @Test
    void composedFunctionsMatchTheCpu() {
        manualSeed(24);
        Tensor a = randn(5, 4).to(DType.FLOAT64), b = randn(5, 4).to(DType.FLOAT64), c = randn(5, 4).to(DType.FLOAT64);
        Tensor y = Torch.tensor(new double[] {1, -1, 1, -1, 1});
        parity("normalize", t -> Functional.normalize(t[0]), a);
        parity("cosine_similarity", t -> Functional.cosineSimilarity(t[0], t[1]), a, b);
        parity("triplet_margin_loss", t -> Functional.tripletMarginLoss(t[0], t[1], t[2]), a, b, c);
        parity("cosine_embedding_loss", t -> Functional.cosineEmbeddingLoss(t[0], t[1], y.to(t[0].device()), 0.1, Reduction.SUM), a, b);
        parity("gaussian_nll_loss", t -> Functional.gaussianNllLoss(t[0], t[1], t[2].abs().add(0.5), true, 1e-6, Reduction.MEAN), a, b, c);
        Tensor labels = b.gt(0).to(DType.FLOAT64);
        parity("multilabel_soft_margin_loss", t -> Functional.multilabelSoftMarginLoss(t[0], labels.to(t[0].device()), null, Reduction.NONE), a);
        parity("rms_norm", t -> Functional.rmsNorm(t[0], new long[] {4}, t[1].select(0, 0), 1e-6), a, b);
        Tensor sampleGrid = rand(2, 3, 4, 2).to(DType.FLOAT64).mul(2.6).sub(1.3);
        for (String padding : new String[] {"zeros", "border", "reflection"}) {
            parity("grid_sample " + padding, t -> Functional.gridSample(t[0], t[1], "bilinear", padding, false),
                    randn(2, 3, 5, 4).to(DType.FLOAT64), sampleGrid);
        }
        parity("grid_sample bicubic", t -> Functional.gridSample(t[0], t[1], "bicubic", "reflection", true),
                randn(2, 3, 5, 4).to(DType.FLOAT64), sampleGrid);
        parity("grid_sample 3-d", t -> Functional.gridSample(t[0], t[1], "bilinear", "zeros", false),
                randn(2, 2, 3, 4, 3).to(DType.FLOAT64), rand(2, 2, 3, 2, 3).to(DType.FLOAT64).mul(2.6).sub(1.3));
        parity("affine_grid", t -> Functional.affineGrid(t[0], new long[] {2, 1, 3, 4}, true), randn(2, 2, 3).to(DType.FLOAT64));
        parity("affine_grid 3-d", t -> Functional.affineGrid(t[0], new long[] {2, 1, 2, 3, 4}, false), randn(2, 3, 4).to(DType.FLOAT64));
        Tensor values = randn(4, 3).to(DType.FLOAT64);
        parity("Normal.log_prob + entropy", t -> new dev.torch4j.distributions.Normal(t[0], t[1].abs().add(0.5)).logProb(values.to(t[0].device()))
                .add(new dev.torch4j.distributions.Normal(t[0], t[1].abs().add(0.5)).entropy()), randn(3).to(DType.FLOAT64), randn(3).to(DType.FLOAT64));
        parity("MultivariateNormal.log_prob", t -> dev.torch4j.distributions.MultivariateNormal.ofScaleTril(t[0],
                t[1].tril(-1).add(Torch.eye(3, 3, dtype(DType.FLOAT64).device(t[0].device())).mul(2))).logProb(values.to(t[0].device())),
                randn(3).to(DType.FLOAT64), randn(3, 3).to(DType.FLOAT64));
        Tensor ctcTargets = Torch.tensor(new long[][] {{1, 2, 2}, {3, 1, 0}});
        parity("ctc_loss", t -> Functional.ctcLoss(t[0].logSoftmax(-1), ctcTargets, new long[] {7, 6}, new long[] {3, 2}),
                randn(7, 2, 4).to(DType.FLOAT64));
        Tensor v = randn(2, 3, 5, 6, 7).to(DType.FLOAT64);
        parity("max_pool3d", t -> Functional.maxPool3d(t[0], new long[] {2, 3, 2}, new long[] {2, 1, 2}, new long[] {1, 1, 0},
                new long[] {1}, true), v);
        parity("avg_pool3d", t -> Functional.avgPool3d(t[0], new long[] {3}, new long[] {2}, new long[] {1}, true, false), v);
        parity("adaptive_avg_pool3d", t -> Functional.adaptiveAvgPool3d(t[0], 2, 3, 4), v);
        parity("instance_norm3d", t -> new dev.torch4j.nn.InstanceNorm3d(3).forward(t[0]), v);
        parity("pad3d", t -> new dev.torch4j.nn.ReflectionPad3d(1, 2, 1, 2, 1, 2).forward(t[0]), v);
        parity("einsum", t -> Torch.einsum("bij,jk->bik", t[0].reshape(5, 2, 2), t[1].reshape(2, 10)), a, b);
        Tensor table = randn(10, 3).to(DType.FLOAT64);
        Tensor idx = Torch.tensor(new long[] {1, 2, 4, 5, 4, 3, 2, 9}), offsets = Torch.tensor(new long[] {0, 3, 3});
        for (String mode : new String[] {"sum", "mean", "max"}) {
            parity("embedding_bag " + mode, t -> Functional.embeddingBag(idx.to(t[0].device()), t[0], offsets.to(t[0].device()), mode, null,
                    false, null), table);
        }
    }

    /** The integer-valued functions (sorted on the device, counted on the host) give the CPU's results, on the GPU. */
    @Test
    void countingFunctionsMatchTheCpu() {
        Tensor u = Torch.tensor(new long[] {5, 1, 5, 3, 1, 9, 0});
        Tensor[] cpu = Torch.unique(u, true, true), gpu = Torch.unique(u.to(GPU), true, true);
        for (int i = 0; i < 3; i++) {
            assertEquals(GPU, gpu[i].device(), "unique output " + i + " stays on the GPU");
            Golden.assertExact(cpu[i], gpu[i].cpu(), "unique output " + i);
        }
        Tensor seq = Torch.tensor(new double[] {1, 3, 5, 7}), v = Torch.tensor(new double[] {0, 3, 6, 8});
        Golden.assertExact(Torch.searchsorted(seq, v, true), Torch.searchsorted(seq.to(GPU), v.to(GPU), true).cpu(), "searchsorted");
        Golden.assertExact(Torch.bincount(u), Torch.bincount(u.to(GPU)).cpu(), "bincount");
    }

    @Test
    void recurrentModulesMatchTheCpu() {
        for (boolean lstm : new boolean[] {true, false}) {
            manualSeed(22);
            RNNBase cpuNet = lstm ? new LSTM(5, 7, LSTM.options().numLayers(2).bidirectional(true).batchFirst(true))
                    : new GRU(5, 7, GRU.options().numLayers(2).bidirectional(true).batchFirst(true));
            cpuNet = cpuNet.to(DType.FLOAT64);
            manualSeed(22);
            RNNBase gpuNet = lstm ? new LSTM(5, 7, LSTM.options().numLayers(2).bidirectional(true).batchFirst(true))
                    : new GRU(5, 7, GRU.options().numLayers(2).bidirectional(true).batchFirst(true));
            gpuNet = gpuNet.to(GPU, DType.FLOAT64);
            RNNBase c = cpuNet, g = gpuNet;
            String what = lstm ? "LSTM" : "GRU";
            parity(what, a -> (a[0].device().isCpu() ? c : g).forward(a[0]), randn(3, 6, 5).to(DType.FLOAT64));
            var gp = g.namedParameters();
            c.namedParameters().forEach((name, p) ->
                    Golden.assertClose(p.grad(), gp.get(name).grad().cpu(), 1e-9, 1e-9, what + " grad of " + name));
        }
    }
}
