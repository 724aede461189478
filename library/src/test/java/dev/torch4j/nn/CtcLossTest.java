package dev.torch4j.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** F.ctc_loss against PyTorch (scripts/goldens/ctc_goldens.py): losses and both gradients, and gradcheck. */
class CtcLossTest {
    private static long[] longs(JsonObject c, String key) {
        var a = c.getAsJsonArray(key);
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
        return out;
    }

    private static Tensor loss(JsonObject c, Tensor logProbs) {
        JsonObject kw = c.getAsJsonObject("kw");
        Reduction r = switch (kw.has("reduction") ? kw.get("reduction").getAsString() : "mean") {
            case "sum" -> Reduction.SUM;
            case "none" -> Reduction.NONE;
            default -> Reduction.MEAN;
        };
        int blank = kw.has("blank") ? kw.get("blank").getAsInt() : 0;
        boolean zeroInf = kw.has("zero_infinity") && kw.get("zero_infinity").getAsBoolean();
        return Functional.ctcLoss(logProbs, Golden.tensor(c.getAsJsonObject("targets")), longs(c, "input_lengths"),
                longs(c, "target_lengths"), blank, r, zeroInf);
    }

    @Test
    void lossesAndGradientsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("ctc")) {
            String name = c.get("name").getAsString();
            Tensor logits = Golden.tensor(c.getAsJsonObject("logits")).requiresGrad_(true);
            boolean f32 = logits.dtype() == DType.FLOAT32;
            double tol = f32 ? 1e-5 : 1e-10;
            Tensor l = loss(c, logits.logSoftmax(-1));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("loss")), l.detach(), tol, tol, name + " loss");
            Tensor w = Golden.tensor(c.getAsJsonObject("w"));
            l.mul(w).sum().backward();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_logits")), logits.grad(), tol * 10, tol * 10, name + " logits grad");
            Tensor leaf = logits.detach().logSoftmax(-1).requiresGrad_(true);
            loss(c, leaf).mul(w).sum().backward();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_log_probs")), leaf.grad(), tol * 10, tol * 10, name + " log_probs grad");
            n++;
        }
        assertEquals(7, n);
    }

    @Test
    void gradcheckThroughLogSoftmaxAndModule() {
        manualSeed(5);
        Tensor logits = randn(shape(7, 2, 4), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor targets = tensor(new long[][] {{1, 2, 2}, {3, 1, 0}});
        assertTrue(GradCheck.gradcheck(x -> Functional.ctcLoss(x[0].logSoftmax(-1), targets, new long[] {7, 6}, new long[] {3, 2}), logits));
        CTCLoss module = new CTCLoss();
        assertEquals("CTCLoss()", module.toString());
        Tensor viaModule = module.call(logits.logSoftmax(-1), targets, tensor(new long[] {7, 6}), tensor(new long[] {3, 2}));
        Golden.assertClose(Functional.ctcLoss(logits.logSoftmax(-1), targets, new long[] {7, 6}, new long[] {3, 2}).detach(),
                viaModule.detach(), 0, 0, "module");
        Tensor l = Functional.ctcLoss(logits.logSoftmax(-1), targets, new long[] {7, 6}, new long[] {3, 2});
        Tensor g = autograd().grad(new Tensor[] {l}, new Tensor[] {logits}, null, true, true, false)[0];
        assertThrows(IllegalStateException.class, () -> g.sum().backward(), "no second derivative, as in PyTorch");
        assertThrows(IllegalArgumentException.class,
                () -> Functional.ctcLoss(logits.logSoftmax(-1), targets, new long[] {8, 6}, new long[] {3, 2}));
    }
}
