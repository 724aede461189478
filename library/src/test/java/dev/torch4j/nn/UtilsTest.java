package dev.torch4j.nn;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** torch.nn.utils: gradient clipping against PyTorch, and parameter/vector round trips. */
class UtilsTest {
    private static List<Tensor> params() {
        Tensor a = Parameter.of(zeros(3)), b = Parameter.of(zeros(2, 2));
        a.setGrad(tensor(new float[] {3, -4, 1}));
        b.setGrad(tensor(new float[][] {{0.5f, 2}, {-1, 0}}));
        return List.of(a, b);
    }

    @Test
    void clipGradNormMatchesPyTorch() {
        for (String name : List.of("l2", "inf")) {
            JsonObject c = NnGoldens.get("clip", name);
            List<Tensor> ps = params();
            Tensor total = name.equals("l2") ? Utils.clipGradNorm_(ps, 2.0) : Utils.clipGradNorm_(ps, 1.5, Double.POSITIVE_INFINITY, false);
            Golden.assertClose(NnGoldens.tensor(c, "total"), total, name + " total norm");
            List<Tensor> grads = NnGoldens.tensors(c.getAsJsonArray("grads"));
            for (int i = 0; i < ps.size(); i++) Golden.assertClose(grads.get(i), ps.get(i).grad(), name + " grad " + i);
        }
        List<Tensor> ps = params();
        ps.getFirst().grad().fill_(Double.NaN);
        var e = assertThrows(IllegalStateException.class, () -> Utils.clipGradNorm_(ps, 1.0, 2.0, true));
        assertTrue(e.getMessage().startsWith("The total norm of order 2.0 for gradients from `parameters` is non-finite"), e.getMessage());
        assertEquals(0.0, Utils.clipGradNorm_(List.of(Parameter.of(ones(2))), 1.0).item());
    }

    @Test
    void totalNormThenClipIsClipGradNorm() {
        for (String name : List.of("l2", "inf")) {
            JsonObject c = NnGoldens.get("clip", name);
            List<Tensor> ps = params();
            double p = name.equals("l2") ? 2.0 : Double.POSITIVE_INFINITY;
            Tensor total = Utils.getTotalNorm(ps.stream().map(Tensor::grad).toList(), p, false);
            Golden.assertClose(NnGoldens.tensor(c, "total"), total, name + " get_total_norm");
            Utils.clipGradsWithNorm_(ps, name.equals("l2") ? 2.0 : 1.5, total);
            List<Tensor> grads = NnGoldens.tensors(c.getAsJsonArray("grads"));
            for (int i = 0; i < ps.size(); i++) Golden.assertClose(grads.get(i), ps.get(i).grad(), name + " clip_grads_with_norm_ " + i);
        }
        assertEquals(0.0, Utils.getTotalNorm(List.of()).item());
    }

    @Test
    void clipValueAndVectorRoundTrip() {
        List<Tensor> ps = params();
        Utils.clipGradValue_(ps, 1.0);
        assertEquals(1.0, ps.get(0).grad().abs().max().item());
        Linear l = new Linear(3, 2);
        Tensor v = Utils.parametersToVector(l.parameters());
        assertEquals(8, v.numel());
        Utils.vectorToParameters(v.mul(0).add(1), l.parameters());
        assertEquals(8.0, Utils.parametersToVector(l.parameters()).sum().item());
    }
}
