package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Embedding's and EmbeddingBag's max_norm, norm_type, scale_grad_by_freq and from_pretrained against PyTorch. */
class EmbeddingOptionsTest {
    private static final List<JsonObject> CASES = Golden.cases("embedding_options");

    private static List<JsonObject> named(String name) {
        return CASES.stream().filter(c -> c.get("name").getAsString().equals(name)).toList();
    }

    @Test
    void functionalRenormsLooksUpAndScalesGradientsAsPyTorch() {
        List<JsonObject> cases = named("functional");
        assertEquals(10, cases.size());
        for (JsonObject c : cases) {
            Tensor w = Golden.tensor(c.getAsJsonObject("weight")).clone().requiresGrad_(true);
            Tensor idx = Golden.tensor(c.getAsJsonObject("indices"));
            Double maxNorm = c.get("max_norm").isJsonNull() ? null : c.get("max_norm").getAsDouble();
            double p = c.get("norm_type").getAsString().equals("inf") ? Double.POSITIVE_INFINITY : c.get("norm_type").getAsDouble();
            Long pad = c.get("padding_idx").isJsonNull() ? null : c.get("padding_idx").getAsLong();
            Tensor out = Functional.embedding(idx, w, pad, maxNorm, p, c.get("scale_grad_by_freq").getAsBoolean(), false);
            out.mul(Golden.tensor(c.getAsJsonObject("coef"))).sum().backward();
            String what = "max_norm=" + maxNorm + " p=" + p + " pad=" + pad + " " + w.dtype();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out, what + " out");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("weight_after")), w, what + " weight renormed in place");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), w.grad(), what + " grad");
        }
    }

    @Test
    void modulesPrintAndLoadPretrainedTablesAsPyTorch() {
        Torch.manualSeed(5);
        Embedding m = new Embedding(10, 3, 0L, 2.0, 1.0, true, false);
        JsonObject mc = named("module").getFirst();
        assertEquals(mc.get("repr").getAsString(), m.toString());
        Golden.assertClose(Golden.tensor(mc.getAsJsonObject("weight")), m.weight, "same draws");
        assertEquals(named("module_sparse").getFirst().get("repr").getAsString(), new Embedding(5, 2, null, 1.5, 2.0, false, true).toString());

        for (JsonObject c : named("from_pretrained")) {
            boolean freeze = c.get("freeze").getAsBoolean();
            Tensor pre = Golden.tensor(c.getAsJsonObject("pretrained"));
            Embedding e = Embedding.fromPretrained(pre, freeze, 2L, 1.0, 2.0, false, false);
            assertEquals(c.get("repr").getAsString(), e.toString());
            assertEquals(c.get("requires_grad").getAsBoolean(), e.weight.requiresGrad());
            Tensor out = e.forward(Torch.tensor(new long[] {1, 2, 3, 3}));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out, "from_pretrained out");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("weight_after")), pre, "the table is shared, renormed in place");
        }

        JsonObject bc = named("bag_from_pretrained").getFirst();
        Tensor bagPre = Golden.tensor(bc.getAsJsonObject("pretrained"));
        EmbeddingBag b = EmbeddingBag.fromPretrained(bagPre, false, 1.0, 2.0, false, "sum", false, false, null);
        assertEquals(bc.get("repr").getAsString(), b.toString());
        Tensor out = b.forward(Torch.tensor(new long[][] {{1, 2, 3}, {3, 4, 7}}));
        out.sum().backward();
        Golden.assertClose(Golden.tensor(bc.getAsJsonObject("out")), out, "bag out");
        Golden.assertClose(Golden.tensor(bc.getAsJsonObject("weight_after")), b.weight, "bag renorm");
        Golden.assertClose(Golden.tensor(bc.getAsJsonObject("grad")), b.weight.grad(), "bag grad");

        JsonObject bm = named("bag_module").getFirst();
        Torch.manualSeed(1);
        EmbeddingBag bag = new EmbeddingBag(8, 2, 0.7, 1.0, true, "mean", false, false, null, dev.torch4j.TensorOptions.DEFAULT);
        assertEquals(bm.get("repr").getAsString(), bag.toString());
        Golden.assertClose(Golden.tensor(bm.getAsJsonObject("weight")), bag.weight, "bag draws");
        Tensor bo = bag.forward(Torch.tensor(new long[] {1, 2, 2, 5, 1}), Torch.tensor(new long[] {0, 2}));
        bo.mul(Torch.tensor(new float[][] {{1, 2}, {3, -1}})).sum().backward();
        Golden.assertClose(Golden.tensor(bm.getAsJsonObject("out")), bo, "bag module out");
        Golden.assertClose(Golden.tensor(bm.getAsJsonObject("weight_after")), bag.weight, "bag module renorm");
        Golden.assertClose(Golden.tensor(bm.getAsJsonObject("grad")), bag.weight.grad(), "bag module grad (frequency-scaled)");
    }

    @Test
    void fromPretrainedSharesTheTableAndChecksIt() {
        Tensor pre = Torch.arange(6.0).reshape(3, 2);
        Embedding e = Embedding.fromPretrained(pre);
        assertFalse(e.weight.requiresGrad());
        pre.add_(1);
        assertEquals(1.0, e.weight.get(0, 0).item(), "shared, not copied");
        assertNull(e.maxNorm);
        var err = assertThrows(IllegalArgumentException.class, () -> Embedding.fromPretrained(Torch.zeros(3)));
        assertEquals("Embeddings parameter is expected to be 2-dimensional", err.getMessage());
        Embedding t = Embedding.fromPretrained(Torch.ones(2, 2), false);
        assertTrue(t.weight.requiresGrad());
        assertSame(t.weight, t.parameters().getFirst());
    }
}
