package dev.torch4j.vision.ops;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.GELU;
import dev.torch4j.nn.Hardsigmoid;
import dev.torch4j.nn.Hardswish;
import dev.torch4j.nn.LayerNorm;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sigmoid;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torchvision.ops' layers against torchvision 0.14: reprs, state-dict keys, seeded outputs (scripts/goldens/vision_ops_goldens.py). */
class LayersTest {
    private static FrozenBatchNorm2d frozen() {
        FrozenBatchNorm2d f = new FrozenBatchNorm2d(3, 1e-3);
        Map<String, Tensor> sd = new HashMap<>();
        sd.put("weight", Torch.tensor(new float[] {1.5f, -0.5f, 2.0f}));
        sd.put("bias", Torch.tensor(new float[] {0.1f, 0.2f, -0.3f}));
        sd.put("running_mean", Torch.tensor(new float[] {0.3f, -1.0f, 0.5f}));
        sd.put("running_var", Torch.tensor(new float[] {2.0f, 0.5f, 1.5f}));
        sd.put("num_batches_tracked", Torch.tensor(7L)); // a BatchNorm2d's, dropped on load
        f.loadStateDict(Map.copyOf(sd));
        return f;
    }

    private static final Map<String, Supplier<Module>> MODULES = Map.ofEntries(
            Map.entry("FrozenBatchNorm2d", LayersTest::frozen),
            Map.entry("MLP", () -> new MLP(5, new long[] {8, 6, 3}, null, ConvNormActivation::relu, true, true, 0.2)),
            Map.entry("MLP_norm", () -> new MLP(5, new long[] {8, 3}, LayerNorm::new, ip -> new GELU(), null, false, 0.0)),
            Map.entry("Conv2dNormActivation", () -> new Conv2dNormActivation(3, 4)),
            Map.entry("Conv2dNormActivation_s2", () -> new Conv2dNormActivation(3, 6, Conv2dNormActivation.options().kernelSize(3).stride(2)
                    .groups(3).dilation(2).activationLayer(Hardswish::new))),
            Map.entry("Conv2dNormActivation_plain", () -> new Conv2dNormActivation(2, 3, Conv2dNormActivation.options().kernelSize(1)
                    .normLayer(null).activationLayer(null))),
            Map.entry("Conv3dNormActivation", () -> new Conv3dNormActivation(2, 3)),
            Map.entry("SqueezeExcitation", () -> new SqueezeExcitation(6, 2)),
            Map.entry("SqueezeExcitation_hard", () -> new SqueezeExcitation(4, 3, ReLU::new, Hardsigmoid::new)),
            Map.entry("StochasticDepth", () -> new StochasticDepth(0.2, "row")),
            Map.entry("DropBlock2d", () -> new DropBlock2d(0.1, 3)),
            Map.entry("DropBlock3d", () -> new DropBlock3d(0.1, 3, true, 1e-6)),
            Map.entry("RoIAlign", () -> new RoIAlign(new long[] {3, 2}, 0.25, 2, true)),
            Map.entry("RoIAlign_int", () -> new RoIAlign(7, 1.0, -1, false)),
            Map.entry("RoIPool", () -> new RoIPool(new long[] {3, 2}, 0.5)),
            Map.entry("PSRoIAlign", () -> new PSRoIAlign(2, 0.125, 0)),
            Map.entry("PSRoIPool", () -> new PSRoIPool(3, 1.0)),
            Map.entry("DeformConv2d", () -> new DeformConv2d(4, 6, new long[] {3, 2}, new long[] {2, 1}, new long[] {1, 1}, new long[] {1, 1}, 2,
                    true)),
            Map.entry("DeformConv2d_plain", () -> new DeformConv2d(2, 3, new long[] {3, 3}, new long[] {1, 1}, new long[] {0, 0},
                    new long[] {1, 1}, 1, false)));

    @Test
    void modulesPrintTheirKeysAndOutputsAsTorchvisions() {
        int n = 0;
        for (JsonObject c : Golden.cases("vision_ops")) {
            if (!c.get("kind").getAsString().equals("module")) continue;
            String name = c.get("name").getAsString();
            Torch.manualSeed(0);
            Module m = MODULES.get(name).get().toDouble();
            assertEquals(c.get("repr").getAsString(), m.toString(), name + " repr");
            List<String> keys = new ArrayList<>();
            for (JsonElement k : c.getAsJsonArray("keys")) keys.add(k.getAsString());
            assertEquals(keys, new ArrayList<>(m.stateDict().keySet()), name + " state-dict keys");
            if (c.has("outputs")) {
                m.eval();
                Tensor x = Golden.tensor(c.getAsJsonArray("inputs").get(0).getAsJsonObject());
                Golden.assertClose(Golden.tensor(c.getAsJsonArray("outputs").get(0).getAsJsonObject()), m.call(x), name + " output");
            }
            n++;
        }
        assertEquals(MODULES.size(), n);
    }

    @Test
    void seededStochasticDepthAndDropBlockDrawAsTorchvision() {
        int n = 0;
        for (JsonObject c : Golden.cases("vision_ops")) {
            if (!c.get("kind").getAsString().equals("rng")) continue;
            JsonObject kw = c.getAsJsonObject("kw");
            Torch.manualSeed(c.get("seed").getAsLong());
            Tensor x = Torch.randn(Torch.shape(Golden.tensor(c.getAsJsonArray("inputs").get(0).getAsJsonObject()).shapeArray()),
                    Torch.dtype(DType.FLOAT64));
            Golden.assertExact(Golden.tensor(c.getAsJsonArray("inputs").get(0).getAsJsonObject()), x, "input draw");
            double p = kw.get("p").getAsDouble();
            Tensor y = switch (c.get("fn").getAsString()) {
                case "stochastic_depth" -> StochasticDepth.stochasticDepth(x, p, kw.get("mode").getAsString(), true);
                case "drop_block2d" -> DropBlock2d.dropBlock2d(x, p, kw.get("block_size").getAsLong(), false, 1e-6, true);
                default -> DropBlock2d.dropBlock3d(x, p, kw.get("block_size").getAsLong(), false, 1e-6, true);
            };
            Golden.assertClose(Golden.tensor(c.getAsJsonArray("outputs").get(0).getAsJsonObject()), y, c.get("fn").getAsString() + " " + kw);
            n++;
        }
        assertEquals(8, n);
    }

    @Test
    void evalModeIsTheIdentityAndGradientsFlow() {
        Tensor x = Torch.randn(4, 2, 5, 5).to(DType.FLOAT64).requiresGrad_(true);
        assertSame(x, new StochasticDepth(0.5, "row").eval().call(x));
        assertSame(x, new DropBlock2d(0.5, 3).eval().call(x));
        assertTrue(GradCheck.gradcheck(in -> new FrozenBatchNorm2d(2).toDouble().call(in[0]), x));
        assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(1.5, "row"));
        assertEquals("input should be 4 dimensional. Got 3 dimensions.",
                assertThrows(IllegalArgumentException.class, () -> DropBlock2d.dropBlock2d(Torch.zeros(2, 3, 3), 0.1, 3, false, 1e-6, true))
                        .getMessage());
        BatchNorm2d bn = new BatchNorm2d(2);
        assertTrue(new FrozenBatchNorm2d(2).loadStateDict(bn.stateDict()).unexpectedKeys().isEmpty());
        assertEquals(List.of("weight", "bias", "running_mean", "running_var"), new ArrayList<>(new FrozenBatchNorm2d(2).stateDict().keySet()));
        assertEquals(Sigmoid.class, new SqueezeExcitation(4, 2).scale_activation.getClass());
    }
}
