package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.optim.Adagrad;
import dev.torch4j.optim.SGD;
import dev.torch4j.testing.Golden;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** nn.LazyLinear against PyTorch (scripts/goldens/lazy_goldens.py): reprs, materialized weights and outputs. */
class LazyModulesTest {
    @Test
    void firstForwardMaterializesPyTorchsWeights() {
        int n = 0;
        for (JsonObject c : Golden.cases("lazy")) {
            String name = c.get("name").getAsString();
            Supplier<Module> make = switch (name) {
                case "linear" -> () -> new LazyLinear(4);
                case "linear_nobias_3d" -> () -> new LazyLinear(2, false);
                case "linear_in_sequential" -> () -> new Sequential(new LazyLinear(6), new ReLU(), new LazyLinear(2));
                case "conv1d" -> () -> new LazyConv1d(3, new long[] {2}, ConvNd.options().padding(1));
                case "conv2d_groups" -> () -> new LazyConv2d(4, new long[] {3}, ConvNd.options().stride(2).groups(2));
                case "conv2d_unbatched_reflect" -> () -> new LazyConv2d(2, new long[] {2, 3},
                        ConvNd.options().padding(1).paddingMode("reflect").bias(false));
                case "conv3d" -> () -> new LazyConv3d(2, 2);
                case "batchnorm1d" -> LazyBatchNorm1d::new;
                case "instancenorm2d_default" -> LazyInstanceNorm2d::new;
                case "instancenorm1d_affine_tracked" -> () -> new LazyInstanceNorm1d(1e-5, 0.1, true, true, dev.torch4j.TensorOptions.DEFAULT);
                case "instancenorm3d_affine" -> LazyInstanceNorm3d::new;
                case "batchnorm1d_bare" -> () -> new LazyBatchNorm1d(1e-5, 0.1, false, false, dev.torch4j.TensorOptions.DEFAULT);
                case "conv_transpose1d" -> () -> new LazyConvTranspose1d(3, new long[] {2}, ConvTransposeNd.options().stride(2));
                case "conv_transpose2d_groups" -> () -> new LazyConvTranspose2d(4, new long[] {3},
                        ConvTransposeNd.options().stride(2).padding(1).outputPadding(1).groups(2));
                case "conv_transpose3d" -> () -> new LazyConvTranspose3d(2, new long[] {2}, ConvTransposeNd.options().bias(false));
                case "batchnorm2d_momentum" -> () -> new LazyBatchNorm2d(1e-3, 0.3, true, true, dev.torch4j.TensorOptions.DEFAULT);
                case "batchnorm3d_no_affine" -> () -> new LazyBatchNorm3d(1e-5, 0.1, false, true, dev.torch4j.TensorOptions.DEFAULT);
                default -> throw new AssertionError(name);
            };
            Torch.manualSeed(c.get("seed").getAsLong());
            Module m = make.get();
            assertEquals(c.get("repr_before").getAsString(), m.toString(), name);
            // as in the script, the input is drawn after the construction and before the first forward's initialisation
            Tensor want = Golden.tensor(c.getAsJsonObject("input")), x = Torch.randn(want.shapeArray());
            Golden.assertExact(want, x, name + " input");
            Tensor y = m.call(x);
            assertEquals(c.get("repr_after").getAsString(), m.toString(), name);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), y.detach(), 1e-6, 1e-6, name + " output");
            Map<String, Tensor> params = m.namedParameters();
            assertEquals(c.getAsJsonArray("params").size(), params.size(), name);
            for (JsonElement e : c.getAsJsonArray("params")) {
                String k = e.getAsJsonArray().get(0).getAsString();
                Golden.assertExact(Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject()), params.get(k).detach(), name + " " + k);
            }
            if (c.has("buffers")) {
                Map<String, Tensor> buffers = m.namedBuffers();
                for (JsonElement e : c.getAsJsonArray("buffers")) {
                    String k = e.getAsJsonArray().get(0).getAsString();
                    Golden.assertClose(Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject()), buffers.get(k), 1e-6, 1e-6, name + " " + k);
                }
                m.eval();
                Golden.assertClose(Golden.tensor(c.getAsJsonObject("out_eval")), m.call(Golden.tensor(c.getAsJsonObject("input_eval"))),
                        1e-5, 1e-6, name + " eval");
            }
            n++;
        }
        assertEquals(17, n);
    }

    @Test
    void anOptimizerMadeBeforeTheFirstCallTrainsTheMaterializedParameters() {
        LazyLinear m = new LazyLinear(2);
        assertTrue(m.hasUninitializedParams());
        Tensor w = m.weight;
        SGD opt = new SGD(m.parameters(), SGD.options(0.1)); // PyTorch's SGD and Adam accept placeholders
        var e = assertThrows(IllegalArgumentException.class, () -> new Adagrad(m.parameters(), Adagrad.options(0.1)));
        assertTrue(e.getMessage().startsWith("Attempted to use an uninitialized parameter in Adagrad"), e.getMessage());
        m.to(DType.FLOAT64); // the placeholders stay placeholders, and give the parameters their dtype
        assertTrue(m.hasUninitializedParams());
        assertSame(w, m.weight, "to() keeps the parameter object, as PyTorch's param.data = ... does");
        m.call(Torch.ones(1, 3).to(DType.FLOAT64));
        assertFalse(m.hasUninitializedParams());
        assertSame(w, m.weight, "materialized in place");
        assertEquals(DType.FLOAT64, m.weight.dtype());
        assertArrayEquals(new long[] {2, 3}, m.weight.shapeArray());
        Tensor before = m.weight.detach().clone();
        m.call(Torch.ones(1, 3).to(DType.FLOAT64)).sum().backward();
        opt.step();
        assertFalse(before.equal(m.weight.detach()), "the step reached the materialized weight");
    }

    @Test
    void loadingAStateDictTakesItsShapes() {
        Linear source = new Linear(5, 3);
        LazyLinear lazy = new LazyLinear(3);
        lazy.loadStateDict(source.stateDict());
        assertEquals(5, lazy.inFeatures);
        Golden.assertExact(source.weight.detach(), lazy.weight.detach(), "weight");
        Golden.assertExact(source.bias.detach(), lazy.bias.detach(), "bias");
        assertEquals("Linear(in_features=5, out_features=3, bias=True)", lazy.toString());
    }

    @Test
    void lazyConvsCheckTheirFirstInputAndLoadShapes() {
        assertEquals("Expected 3D (unbatched) or 4D (batched) input to LazyConv2d, but got input of size: torch.Size([3])",
                assertThrows(IllegalArgumentException.class, () -> new LazyConv2d(4, 3).call(Torch.ones(3))).getMessage());
        assertEquals("in_channels must be divisible by groups", assertThrows(IllegalArgumentException.class,
                () -> new LazyConv2d(4, new long[] {3}, ConvNd.options().groups(2)).call(Torch.ones(1, 3, 5, 5))).getMessage());
        Conv2d source = new Conv2d(6, 4, 3, ConvNd.options().groups(2));
        LazyConv2d lazy = new LazyConv2d(4, new long[] {3}, ConvNd.options().groups(2));
        lazy.loadStateDict(source.stateDict());
        assertEquals(6, lazy.inChannels);
        Golden.assertExact(source.weight.detach(), lazy.weight.detach(), "weight");
        assertEquals(source.toString(), lazy.toString());
    }

    @Test
    void lazyBatchNormLoadsAStateDictsSizes() {
        BatchNorm2d source = new BatchNorm2d(5);
        source.call(Torch.randn(2, 5, 3, 3)); // running statistics that are not the defaults
        LazyBatchNorm2d lazy = new LazyBatchNorm2d();
        Tensor weight = lazy.weight;
        lazy.loadStateDict(source.stateDict());
        assertEquals(5, lazy.numFeatures);
        assertSame(weight, lazy.weight);
        Golden.assertExact(source.weight.detach(), lazy.weight.detach(), "weight");
        Golden.assertExact(source.runningMean(), lazy.runningMean(), "running_mean");
        Golden.assertExact(source.numBatchesTracked(), lazy.numBatchesTracked(), "num_batches_tracked");
        assertEquals(source.toString(), lazy.toString());
    }
}
