package dev.torch4j.nn;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** PyTorch's default initialisation, drawn from the default generator: the same seed gives the same weights. */
class InitTest {
    @Test
    void linearAfterManualSeedHoldsPyTorchsExactWeights() {
        JsonObject c = NnGoldens.get("init", "linear_2_3");
        manualSeed(0);
        Linear l = new Linear(2, 3);
        Golden.assertExact(NnGoldens.tensor(c, "weight"), l.weight.detach(), "weight");
        Golden.assertExact(NnGoldens.tensor(c, "bias"), l.bias.detach(), "bias");
    }

    @Test
    void consecutiveLayersDrawInPyTorchsOrder() {
        List<Tensor> expected = NnGoldens.tensors(NnGoldens.get("init", "three_linears").getAsJsonArray("tensors"));
        manualSeed(0);
        List<Tensor> ps = new java.util.ArrayList<>();
        for (Linear l : List.of(new Linear(2, 16), new Linear(16, 16), new Linear(16, 2))) ps.addAll(l.parameters());
        for (int i = 0; i < ps.size(); i++) Golden.assertExact(expected.get(i), ps.get(i).detach(), "tensor " + i);
    }

    @Test
    void bilinearAndEmbeddingDefaults() {
        JsonObject b = NnGoldens.get("init", "bilinear_2_3_4");
        manualSeed(3);
        Bilinear bil = new Bilinear(2, 3, 4);
        Golden.assertExact(NnGoldens.tensor(b, "weight"), bil.weight.detach(), "bilinear weight");
        Golden.assertExact(NnGoldens.tensor(b, "bias"), bil.bias.detach(), "bilinear bias");
        manualSeed(5);
        Embedding e = new Embedding(5, 3, 1L);
        Golden.assertExact(NnGoldens.tensor(NnGoldens.get("init", "embedding_5_3_pad1"), "weight"), e.weight.detach(), "embedding");
    }

    @Test
    void initFunctions() {
        JsonObject c = NnGoldens.get("init", "init_functions");
        manualSeed(7);
        Tensor w = Init.xavierUniform_(empty(4, 6));
        Tensor w2 = Init.kaimingNormal_(empty(4, 6), 0, "fan_out", "relu", null);
        Tensor w3 = Init.xavierNormal_(empty(3, 5), Init.calculateGain("tanh"), null);
        Golden.assertExact(NnGoldens.tensor(c, "xavier_uniform"), w, "xavier_uniform_");
        Golden.assertClose(NnGoldens.tensor(c, "kaiming_normal"), w2, "kaiming_normal_");
        Golden.assertClose(NnGoldens.tensor(c, "xavier_normal"), w3, "xavier_normal_");
    }

    @Test
    void gainsAndFanErrors() {
        JsonObject g = NnGoldens.get("gain", "gains");
        for (var e : g.getAsJsonObject("values").entrySet()) {
            assertEquals(e.getValue().getAsDouble(), Init.calculateGain(e.getKey()), e.getKey());
        }
        assertEquals(g.get("leaky_02").getAsDouble(), Init.calculateGain("leaky_relu", 0.2));
        var e = assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish"));
        assertEquals("Unsupported nonlinearity swish", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(empty(3)));
        assertEquals("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions", e.getMessage());
        assertSame(empty(0, 3).getClass(), Init.kaimingUniform_(empty(0, 3), Math.sqrt(5)).getClass());
    }

    @Test
    void initRecordsNoGraphOnParameters() {
        Tensor p = Parameter.of(empty(2, 2));
        Init.uniform_(p, -1, 1);
        Init.constant_(p, 0.5);
        assertTrue(p.isLeaf());
        assertEquals(2.0, p.sum().item());
        Init.eye_(p);
        assertEquals(2.0, p.sum().item());
    }
}
