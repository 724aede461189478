package dev.torch4j.nn;

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

/** Multi-class and multi-label hinge losses against PyTorch (scripts/goldens/margin_goldens.py), and gradcheck. */
class MarginLossesTest {
    private static Reduction reduction(JsonObject kw) {
        return switch (kw.has("reduction") ? kw.get("reduction").getAsString() : "mean") {
            case "sum" -> Reduction.SUM;
            case "none" -> Reduction.NONE;
            default -> Reduction.MEAN;
        };
    }

    @Test
    void lossesAndGradientsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("margin")) {
            String what = c.get("fn").getAsString() + " " + c.get("name").getAsString();
            JsonObject kw = c.getAsJsonObject("kw");
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true), t = Golden.tensor(c.getAsJsonObject("target"));
            Tensor loss = c.get("fn").getAsString().equals("multi")
                    ? Functional.multiMarginLoss(x, t, kw.has("p") ? kw.get("p").getAsInt() : 1, kw.has("margin") ? kw.get("margin").getAsDouble() : 1,
                            kw.has("weight") ? Golden.tensor(kw.getAsJsonObject("weight")) : null, reduction(kw))
                    : Functional.multilabelMarginLoss(x, t, reduction(kw));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("loss")), loss.detach(), 1e-12, 1e-12, what);
            loss.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), 1e-12, 1e-12, what + " grad");
            n++;
        }
        assertEquals(7, n);
    }

    @Test
    void modulesGradcheckAndErrors() {
        manualSeed(2);
        Tensor x = randn(shape(3, 4), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor y = tensor(new long[] {1, 0, 3});
        assertTrue(GradCheck.gradcheck(a -> new MultiMarginLoss(2, 0.5, null, Reduction.SUM).call(a[0], y), x));
        Tensor labels = tensor(new long[][] {{1, -1, 0, 0}, {0, 2, 3, -1}, {-1, 0, 0, 0}});
        assertTrue(GradCheck.gradcheck(a -> new MultiLabelMarginLoss().call(a[0], labels), x));
        assertEquals("MultiMarginLoss()", new MultiMarginLoss().toString());
        assertThrows(IllegalArgumentException.class, () -> new MultiMarginLoss(3, 1, null, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Functional.multiMarginLoss(x, tensor(new long[] {1, 2})));
    }
}
