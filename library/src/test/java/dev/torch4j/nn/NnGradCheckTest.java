package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The derivatives nn records itself (fused losses, leaky_relu/elu, embedding) and its composites checked against
 * central differences in float64, with PyTorch's gradcheck tolerances; double backward where the formula allows.
 */
class NnGradCheckTest {
    private static Tensor d(Tensor t) { return t.to(DType.FLOAT64).requiresGrad_(true); }

    @Test
    void fusedLossesForEveryReduction() {
        manualSeed(0);
        Tensor x = d(randn(3, 4)), t = d(randn(3, 4));
        Tensor p = d(rand(3, 4).mul(0.9).add(0.05)), pt = d(rand(3, 4));
        Tensor w = rand(4).to(DType.FLOAT64), pw = rand(4).add(0.5).to(DType.FLOAT64);
        for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            assertTrue(GradCheck.gradcheck(a -> Functional.mseLoss(a[0], a[1], r), x, t), "mse " + r);
            assertTrue(GradCheck.gradcheck(a -> Functional.smoothL1Loss(a[0], a[1], r, 0.7), x, t), "smooth_l1 " + r);
            assertTrue(GradCheck.gradcheck(a -> Functional.huberLoss(a[0], a[1], r, 0.6), x, t), "huber " + r);
            assertTrue(GradCheck.gradcheck(a -> Functional.binaryCrossEntropy(a[0], a[1], w, r), p, pt), "bce " + r);
            assertTrue(GradCheck.gradcheck(a -> Functional.binaryCrossEntropyWithLogits(a[0], a[1], w, pw, r), x, pt), "bce logits " + r);
            assertTrue(GradCheck.gradgradcheck(a -> Functional.mseLoss(a[0], a[1], r), x, t), "mse double backward " + r);
        }
    }

    @Test
    void classificationLosses() {
        manualSeed(1);
        Tensor logits = d(randn(5, 4));
        Tensor labels = tensor(new long[] {0, 3, -100, 1, 2});
        Tensor w = tensor(new double[] {1, 2, 0.5, 1.5}).to(DType.FLOAT64);   // the input's dtype, as PyTorch requires
        for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            var o = CrossEntropyLoss.options().weight(w).reduction(r).labelSmoothing(0.2);
            assertTrue(GradCheck.gradcheck(a -> Functional.crossEntropy(a[0], labels, o), logits), "cross_entropy " + r);
            assertTrue(GradCheck.gradcheck(a -> Functional.nllLoss(a[0], labels, NLLLoss.options().weight(w).reduction(r)), logits),
                    "nll_loss " + r);
        }
        Tensor logits3 = d(randn(2, 3, 4));
        Tensor labels3 = tensor(new long[][] {{0, 2, 1, 1}, {2, 2, 0, 1}});
        assertTrue(GradCheck.gradcheck(a -> Functional.crossEntropy(a[0], labels3), logits3), "cross_entropy (N, C, d)");
        Tensor probs = randn(5, 4).softmax(1).to(DType.FLOAT64);
        assertTrue(GradCheck.gradcheck(a -> Functional.crossEntropy(a[0], probs), logits), "cross_entropy with probabilities");
        Tensor lp = d(randn(3, 4).logSoftmax(1));
        assertTrue(GradCheck.gradcheck(a -> Functional.klDiv(a[0], probs.narrow(0, 0, 3), Reduction.BATCHMEAN, false), lp), "kl_div");
    }

    @Test
    void activationsEmbeddingAndNormalisation() {
        manualSeed(2);
        Tensor x = d(randn(4, 5));
        assertTrue(GradCheck.gradcheck(a -> Functional.leakyRelu(a[0], 0.3), x));
        assertTrue(GradCheck.gradcheck(a -> Functional.elu(a[0], 0.8), x));
        assertTrue(GradCheck.gradgradcheck(a -> Functional.leakyRelu(a[0], 0.3), x));
        assertTrue(GradCheck.gradgradcheck(a -> Functional.elu(a[0], 0.8), x));
        Tensor table = d(randn(6, 3));
        Tensor idx = tensor(new long[][] {{0, 5, 1}, {1, 1, 2}});
        assertTrue(GradCheck.gradcheck(a -> Functional.embedding(idx, a[0]), table)); // (padding_idx withholds a true gradient by design)
        Tensor wt = d(randn(5)), b = d(randn(5));
        assertTrue(GradCheck.gradcheck(a -> Functional.layerNorm(a[0], new long[] {5}, a[1], a[2], 1e-5), x, wt, b));
        Tensor rm = zeros(5).to(DType.FLOAT64), rv = ones(5).to(DType.FLOAT64);
        assertTrue(GradCheck.gradcheck(a -> Functional.batchNorm(a[0], null, null, a[1], a[2], true, 0.1, 1e-5), x, wt, b));
        assertTrue(GradCheck.gradcheck(a -> Functional.batchNorm(a[0], rm, rv, a[1], a[2], false, 0.1, 1e-5), x, wt, b));
        Tensor x1 = d(randn(3, 2)), x2 = d(randn(3, 4)), bw = d(randn(5, 2, 4)), bb = d(randn(5));
        assertTrue(GradCheck.gradcheck(a -> Functional.bilinear(a[0], a[1], a[2], a[3]), x1, x2, bw, bb));
    }
}
