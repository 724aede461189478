package dev.torch4j.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * nn.utils fusion (fuse_conv_bn_eval, fuse_linear_bn_eval and their weight forms), nn.init.sparse_ and
 * nn.utils.skip_init against PyTorch (scripts/goldens/nn_utils_goldens.py).
 */
class FusionInitTest {
    private static Map<String, JsonObject> cases() {
        Map<String, JsonObject> m = new HashMap<>();
        for (JsonObject c : Golden.cases("nn_utils")) m.put(c.get("name").getAsString(), c);
        return m;
    }

    private static Tensor t(JsonObject c, String key) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() ? null : Golden.tensor(e.getAsJsonObject());
    }

    private static void set(Tensor target, Tensor value) {
        try (var g = GradMode.noGrad()) {
            target.copy_(value);
        }
    }

    /** The golden's conv/linear and BatchNorm, with PyTorch's parameters and running statistics, both in eval mode. */
    private static Module[] modules(String name, JsonObject c) {
        Module conv = switch (name) {
            case "conv2d" -> new Conv2d(2, 3, 3, Conv2d.options().padding(1));
            case "conv2d_no_bias" -> new Conv2d(2, 4, 2, Conv2d.options().bias(false));
            case "conv1d_no_affine" -> new Conv1d(3, 2, 3, Conv1d.options().stride(2));
            case "conv_transpose2d" -> new ConvTranspose2d(3, 2, 2, ConvTranspose2d.options().stride(2));
            case "linear" -> new Linear(4, 3);
            case "linear_no_bias" -> new Linear(4, 3, false);
            default -> throw new AssertionError(name);
        };
        BatchNorm1d bn = switch (name) {
            case "conv2d", "conv_transpose2d" -> new BatchNorm2d(c.getAsJsonObject("running_mean").getAsJsonArray("shape").get(0).getAsLong());
            case "conv2d_no_bias" -> new BatchNorm2d(4, 1e-3, 0.1, true, true);
            case "conv1d_no_affine" -> new BatchNorm1d(2, 1e-5, 0.1, false, true);
            default -> new BatchNorm1d(3);
        };
        Map<String, Tensor> sd = conv.stateDict();
        set(sd.get("weight"), t(c, "conv_weight"));
        if (sd.containsKey("bias")) set(sd.get("bias"), t(c, "conv_bias"));
        if (bn.weight != null) {
            set(bn.weight, t(c, "bn_weight"));
            set(bn.bias, t(c, "bn_bias"));
        }
        set(bn.runningMean(), t(c, "running_mean"));
        set(bn.runningVar(), t(c, "running_var"));
        assertEquals(c.get("eps").getAsDouble(), bn.eps);
        return new Module[] {conv.eval(), bn.eval()};
    }

    @Test
    void fusionMatchesPyTorch() {
        Map<String, JsonObject> all = cases();
        for (String name : new String[] {"conv2d", "conv2d_no_bias", "conv1d_no_affine", "conv_transpose2d", "linear", "linear_no_bias"}) {
            JsonObject c = all.get(name);
            Module[] m = modules(name, c);
            BatchNorm1d bn = (BatchNorm1d) m[1];
            Module fused = m[0] instanceof Linear lin ? Utils.fuseLinearBnEval(lin, bn) : Utils.fuseConvBnEval(m[0], bn, name.contains("transpose"));
            assertNotSame(m[0], fused);
            assertSame(m[0].getClass(), fused.getClass());
            assertFalse(fused.isTraining());
            Tensor w = fused.getParameter("weight"), b = fused.getParameter("bias");
            Golden.assertClose(t(c, "fused_weight"), w, 1e-6, 1e-7, name + " weight");
            Golden.assertClose(t(c, "fused_bias"), b, 1e-6, 1e-7, name + " bias");
            // 2.x: each fused parameter requires grad as its source did; a bias made from no bias does not
            assertTrue(w.isParameter() && w.requiresGrad(), name);
            assertEquals(!name.contains("no_bias"), b.requiresGrad(), name + " bias requires_grad");
            Tensor x = t(c, "input");
            Golden.assertClose(t(c, "output"), fused.call(x).detach(), 1e-5, 1e-6, name + " fused output");
            Golden.assertClose(t(c, "expected"), fused.call(x).detach(), 1e-5, 1e-5, name + " fused output vs bn(conv(x))");
            // the source module is untouched (fusion works on a copy)
            Golden.assertExact(t(c, "conv_weight"), m[0].getParameter("weight").detach(), name + " source weight");
        }
    }

    @Test
    void fusionWeightFormsAndErrors() {
        // float64 bias with a float32 weight: each fused tensor keeps its source's dtype (2.x's casts)
        Tensor[] wb = Utils.fuseConvBnWeights(randn(3, 2, 1, 1), randn(3).to(dev.torch4j.DType.FLOAT64), zeros(3), ones(3), 1e-5,
                null, null, false);
        assertEquals(dev.torch4j.DType.FLOAT32, wb[0].dtype());
        assertEquals(dev.torch4j.DType.FLOAT64, wb[1].dtype());
        // transpose scales dim 1: ConvTranspose weights are [in, out, k...]
        Tensor w = ones(2, 3, 1, 1);
        Tensor rv = tensor(new float[] {3, 8, 15});
        Tensor[] t = Utils.fuseConvBnWeights(w, null, zeros(3), rv, 1.0, null, null, true);
        Golden.assertClose(tensor(new float[] {0.5f, 1f / 3, 0.25f}).view(1, 3, 1, 1).expand(2, 3, 1, 1), t[0], "transpose scale");
        Tensor[] l = Utils.fuseLinearBnWeights(ones(3, 2), null, ones(3), rv, 1.0, full(new long[] {3}, 2.0), ones(3));
        Golden.assertClose(tensor(new float[] {1, 2f / 3, 0.5f}).view(3, 1).expand(3, 2), l[0], "linear weight");
        Golden.assertClose(tensor(new float[] {0, 1f / 3, 0.5f}), l[1], "linear bias: (0 - 1) * scale + 1");

        Conv2d conv = new Conv2d(2, 3, 1);
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals("Fusion only for eval!", assertThrows(IllegalStateException.class, () -> Utils.fuseConvBnEval(conv, bn.eval())).getMessage());
        conv.eval();
        bn.train();
        assertEquals("Fusion only for eval!", assertThrows(IllegalStateException.class, () -> Utils.fuseConvBnEval(conv, bn)).getMessage());
        assertEquals("To fuse, linear.out_features == bn.num_features or bn.num_features == 1",
                assertThrows(IllegalArgumentException.class, () -> Utils.fuseLinearBnEval(new Linear(2, 3).eval(), new BatchNorm1d(4).eval()))
                        .getMessage());
        // a one-feature BatchNorm broadcasts over every output feature
        Linear fused = Utils.fuseLinearBnEval(new Linear(2, 3).eval(), new BatchNorm1d(1).eval());
        assertArrayEquals(new long[] {3, 2}, fused.weight.shapeArray());
    }

    @Test
    void sparseMatchesPyTorch() {
        Map<String, JsonObject> all = cases();
        for (String name : new String[] {"sparse_3x5", "sparse_6x4", "sparse_10x3_float64"}) {
            JsonObject c = all.get(name);
            Tensor expected = t(c, "tensor");
            manualSeed(c.get("seed").getAsLong());
            Tensor w = empty(shape(expected.shapeArray()), dtype(expected.dtype()));
            assertSame(w, Init.sparse_(w, c.get("sparsity").getAsDouble(), c.get("std").getAsDouble()));
            Golden.assertClose(expected, w, 1e-6, 0, name);
            Golden.assertExact(t(c, "after"), randn(3), name + ": the stream after sparse_");
            long zerosPerColumn = (long) Math.ceil(c.get("sparsity").getAsDouble() * w.size(0));
            assertEquals(zerosPerColumn * w.size(1), w.eq(0).sum().itemLong(), name + " zeros");
        }
        assertEquals("Only tensors with 2 dimensions are supported",
                assertThrows(IllegalArgumentException.class, () -> Init.sparse_(empty(3), 0.5)).getMessage());
        Tensor full = Init.sparse_(empty(4, 2), 1.5); // every row of every column, as Python's slice clamps
        assertEquals(0, full.ne(0).sum().itemLong());
    }

    @Test
    void skipInitDrawsNothing() {
        JsonObject c = cases().get("skip_init");
        manualSeed(c.get("seed").getAsLong());
        Linear m = Utils.skipInit(() -> new Linear(5, 3));
        assertArrayEquals(new long[] {3, 5}, m.weight.shapeArray());
        assertTrue(m.weight.isParameter() && m.weight.requiresGrad());
        Golden.assertExact(t(c, "after"), randn(4), "the stream after skip_init is the seed's");
        // a module that draws outside Init (spectral norm's normal_ vectors) still leaves the stream where it was
        manualSeed(5);
        Tensor expected = randn(4);
        manualSeed(5);
        Utils.skipInit(() -> Utils.spectralNorm(new Linear(4, 4)));
        Golden.assertExact(expected, randn(4), "skip_init puts the generator back");
        // the skip ends with the factory, even when it throws
        assertThrows(IllegalStateException.class, () -> Utils.skipInit(() -> { throw new IllegalStateException("boom"); }));
        manualSeed(5);
        Linear drawn = new Linear(2, 2);
        assertNotEquals(0.0, drawn.weight.abs().sum().item());
    }
}
