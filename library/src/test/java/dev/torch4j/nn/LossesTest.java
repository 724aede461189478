package dev.torch4j.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every loss with every reduction, its value and gradients, against PyTorch (float64 cases of goldens/nn.json). */
class LossesTest {
    private static Tensor opt(JsonObject c, String key) { return NnGoldens.tensor(c, key); }

    private static double num(JsonObject c, String key, double dflt) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() ? dflt : e.getAsDouble();
    }

    private static Tensor compute(JsonObject c, Tensor x, Tensor t) {
        Reduction r = Reduction.of(c.get("reduction").getAsString());
        Tensor w = opt(c, "weight");
        long ignore = (long) num(c, "ignore_index", -100);
        double ls = num(c, "label_smoothing", 0);
        return switch (c.get("fn").getAsString()) {
            case "mse" -> Functional.mseLoss(x, t, r);
            case "l1" -> Functional.l1Loss(x, t, r);
            case "smooth_l1" -> Functional.smoothL1Loss(x, t, r, num(c, "beta", 1));
            case "huber" -> Functional.huberLoss(x, t, r, num(c, "delta", 1));
            case "bce", "bce_weight" -> Functional.binaryCrossEntropy(x, t, w, r);
            case "bce_logits", "bce_logits_w" -> Functional.binaryCrossEntropyWithLogits(x, t, w, opt(c, "pos_weight"), r);
            case "ce", "ce_weight", "ce_ignore", "ce_ignore2_ls", "ce_weight_ls", "ce_probs", "ce_probs_ls_w", "ce_3d", "ce_1d" ->
                    Functional.crossEntropy(x, t, CrossEntropyLoss.options().weight(w).ignoreIndex(ignore).reduction(r).labelSmoothing(ls));
            case "nll", "nll_weight_ignore", "nll_ignored_inf", "nll_all_ignored" -> Functional.nllLoss(x, t, NLLLoss.options().weight(w).ignoreIndex(ignore).reduction(r));
            case "kl_div", "kl_div_log" -> Functional.klDiv(x, t, r, c.has("log_target") && c.get("log_target").getAsBoolean());
            default -> throw new IllegalStateException("no Java form for " + c.get("fn"));
        };
    }

    @Test
    void smoothL1AndHuberGradientsPropagateNaN() {
        // PyTorch 1.13: x = [nan, 0.2, 3, -2] against zeros, reduction sum: smooth_l1 (beta 0.5), huber (delta 1)
        Tensor x = fromArray(new double[] {Double.NaN, 0.2, 3.0, -2.0}).requiresGrad_(true);
        Tensor zero = zeros(4).to(DType.FLOAT64);
        Tensor g1 = autograd().grad(Functional.smoothL1Loss(x, zero, Reduction.SUM, 0.5), x);
        assertArrayEquals(new double[] {Double.NaN, 0.4, 1.0, -1.0}, g1.toDoubleArray(), 1e-12);
        Tensor g2 = autograd().grad(Functional.huberLoss(x, zero, Reduction.SUM, 1.0), x);
        assertArrayEquals(new double[] {Double.NaN, 0.2, 1.0, -1.0}, g2.toDoubleArray(), 1e-12);
    }

    @Test
    void everyLossAndReductionMatchesPyTorch() {
        Set<String> fns = new HashSet<>();
        for (JsonObject c : NnGoldens.cases("loss")) {
            String name = c.get("name").getAsString();
            fns.add(c.get("fn").getAsString());
            Tensor x = opt(c, "x").requiresGrad_(true);
            Tensor t0 = opt(c, "t");
            boolean tgrad = c.get("tgrad") != null && !c.get("tgrad").isJsonNull();
            Tensor t = tgrad ? t0.requiresGrad_(true) : t0;
            Tensor out = compute(c, x, t);
            Golden.assertClose(opt(c, "out"), out.detach(), name + ": value");
            out.backward(opt(c, "gout"));
            assertNotNull(x.grad(), name + ": no input gradient");
            Golden.assertClose(opt(c, "xgrad"), x.grad(), name + ": input gradient");
            if (tgrad) Golden.assertClose(opt(c, "tgrad"), t.grad(), name + ": target gradient");
        }
        assertTrue(fns.size() >= 20, fns.toString());
    }

    @Test
    void fusedLossesRecordPyTorchsNodes() {
        Tensor x = rand(4, 3).requiresGrad_(true);
        Tensor y = rand(4, 3);
        assertEquals("MseLossBackward0", Functional.mseLoss(x, y).gradFn().name());
        assertEquals("SmoothL1LossBackward0", Functional.smoothL1Loss(x, y).gradFn().name());
        assertEquals("HuberLossBackward0", Functional.huberLoss(x, y).gradFn().name());
        assertEquals("BinaryCrossEntropyBackward0", Functional.binaryCrossEntropy(x.sigmoid(), y).gradFn().name());
        assertEquals("BinaryCrossEntropyWithLogitsBackward0", Functional.binaryCrossEntropyWithLogits(x, y).gradFn().name());
        assertEquals("NllLossBackward0", Functional.crossEntropy(x, tensor(new long[] {0, 2, 1, 1})).gradFn().name());
    }

    @Test
    void moduleFormsUseTheirOptionsAndWeightBuffers() {
        Tensor logits = randn(5, 4);
        Tensor labels = tensor(new long[] {0, 3, 1, -100, 2});
        Tensor w = tensor(new float[] {1, 2, 0.5f, 1.5f});
        var o = CrossEntropyLoss.options().weight(w).labelSmoothing(0.1);
        CrossEntropyLoss ce = new CrossEntropyLoss(o);
        assertEquals(Functional.crossEntropy(logits, labels, o).item(), ce.call(logits, labels).item());
        assertEquals(java.util.List.of("weight"), new java.util.ArrayList<>(ce.stateDict().keySet()));
        assertTrue(new CrossEntropyLoss().stateDict().isEmpty());
        assertEquals(Functional.mseLoss(logits, logits.mul(2), Reduction.SUM).item(), new MSELoss(Reduction.SUM).call(logits, logits.mul(2)).item());
        assertEquals(java.util.List.of("weight", "pos_weight"),
                new java.util.ArrayList<>(new BCEWithLogitsLoss(ones(4), Reduction.MEAN, ones(4)).stateDict().keySet()));
    }

    @Test
    void badInputsFailWithPyTorchsMessages() {
        Tensor logits = randn(3, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(logits, tensor(new long[] {0, 1})));
        assertEquals("Expected input batch_size (3) to match target batch_size (2).", e.getMessage());
        var ix = assertThrows(IndexOutOfBoundsException.class, () -> Functional.crossEntropy(logits, tensor(new long[] {0, 4, 1})));
        assertEquals("Target 4 is out of bounds.", ix.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(logits, tensor(new long[] {0, 1, 1}).to(DType.INT32)));
        assertEquals("nll_loss: expected scalar type Long but found Int (target of shape [3])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(logits, tensor(new long[] {0, 1, 1}),
                CrossEntropyLoss.options().labelSmoothing(1.5)));
        assertEquals("label_smoothing must be between 0.0 and 1.0. Got: 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.binaryCrossEntropy(rand(3), rand(3, 1)));
        assertEquals("Using a target size (torch.Size([3, 1])) that is different to the input size (torch.Size([3])) is deprecated. "
                + "Please ensure they have the same size.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.binaryCrossEntropy(tensor(new float[] {1.5f}), zeros(1)));
        assertEquals("binary_cross_entropy: all elements of input should be between 0 and 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.nllLoss(randn(2, 3),
                tensor(new long[] {0, 1}), NLLLoss.options().weight(ones(2))));
        assertEquals("weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.mseLoss(zeros(2), zeros(2), Reduction.BATCHMEAN));
        assertEquals("batchmean is not a valid value for reduction", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduction.of("avg"));
        assertEquals("avg is not a valid value for reduction", e.getMessage());
    }

    @Test
    void meanOverOnlyIgnoredTargetsIsNaNAsInPyTorch() {
        Tensor l = Functional.crossEntropy(randn(2, 3), tensor(new long[] {-100, -100}));
        assertTrue(Double.isNaN(l.item()));
    }
}
