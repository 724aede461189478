package dev.torch4j.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.optim.SGD;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ParameterList, ParameterDict and RMSNorm against PyTorch (scripts/goldens/modules_extra_goldens.py). */
class ModulesExtraTest {
    private static final List<JsonObject> CASES = Golden.cases("modules_extra");

    static final class M extends Module {
        final ParameterList ps = new ParameterList(zeros(3, 4), zeros(shape(5), dtype(DType.FLOAT64)));
        final ParameterDict pd = new ParameterDict();
        final Linear fc = new Linear(2, 2);

        M() {
            pd.put("a", zeros(2));
            pd.put("b", Parameter.of(zeros(shape(1, 2), dtype(DType.INT64)), false));
        }
    }

    @Test
    void containersPrintAndRegisterAsPyTorchs() {
        JsonObject g = CASES.getFirst();
        M m = new M();
        assertEquals(g.get("repr").getAsString(), m.toString());
        List<String> keys = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("keys")) keys.add(e.getAsString());
        assertEquals(keys, new ArrayList<>(m.stateDict().keySet()));
        assertEquals(g.get("one").getAsString(), new ParameterList(zeros(2)).toString());
        assertEquals(g.get("empty").getAsString(), new ParameterList().toString());
        // plain tensors became parameters, so the optimizer sees and steps them
        assertTrue(m.ps.get(0).isParameter() && m.ps.get(-1).dtype() == DType.FLOAT64);
        assertEquals(List.of("a", "b"), m.pd.keys());
        assertNull(m.pd.get("c"));
        Tensor x = m.ps.get(0);
        x.setGrad(ones(3, 4));
        new SGD(m.parameters().stream().filter(Tensor::isFloatingPoint).toList(), SGD.options(0.5)).step();
        Golden.assertExact(full(new long[] {3, 4}, -0.5), m.ps.get(0).detach(), "stepped through the ParameterList");
        Tensor replacement = ones(3);
        m.ps.set(1, replacement);
        assertEquals(3, m.ps.get(1).numel());
        assertThrows(IndexOutOfBoundsException.class, () -> m.ps.get(2));
    }

    /** Two training steps (running statistics updated) and an evaluation step, loaded with PyTorch's affine values. */
    @Test
    void threeDimensionalAndOneDimensionalNormsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("norm3")) continue;
            String name = c.get("name").getAsString();
            Module m = switch (name) {
                case "BatchNorm3d" -> new BatchNorm3d(3);
                case "InstanceNorm1d" -> new InstanceNorm1d(3, 1e-5, 0.1, true, true);
                case "InstanceNorm1d_unbatched" -> new InstanceNorm1d(3);
                case "InstanceNorm3d" -> new InstanceNorm3d(3, 1e-5, 0.1, true, true);
                default -> throw new AssertionError(name);
            };
            assertEquals(c.get("repr").getAsString(), m.toString(), name);
            JsonObject state = c.getAsJsonObject("state");
            for (String k : List.of("weight", "bias")) {
                if (state.has(k)) m.namedParameters().get(k).detach().copy_(Golden.tensor(c.getAsJsonObject("state").getAsJsonObject(k)));
            }
            List<JsonElement> ins = c.getAsJsonArray("inputs").asList(), outs = c.getAsJsonArray("outs").asList();
            for (int i = 0; i < 3; i++) {
                if (i == 2) m.eval();
                Tensor y = m.call(Golden.tensor(ins.get(i).getAsJsonObject()));
                Golden.assertClose(Golden.tensor(outs.get(i).getAsJsonObject()), y.detach(), 1e-5, 1e-6, name + " step " + i);
            }
            for (Map.Entry<String, JsonElement> e : state.entrySet()) {
                if (e.getKey().equals("weight") || e.getKey().equals("bias")) continue;
                Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), m.stateDict().get(e.getKey()), 1e-5, 1e-6, name + " " + e.getKey());
            }
            n++;
        }
        assertEquals(4, n);
        String msg = assertThrows(IllegalArgumentException.class, () -> new BatchNorm3d(3).call(randn(2, 3, 4, 4))).getMessage();
        assertEquals("expected 5D input (got 4D input)", msg);
        msg = assertThrows(IllegalArgumentException.class, () -> new InstanceNorm3d(3).call(randn(2, 3, 4))).getMessage();
        assertEquals("expected 4D or 5D input (got 3D input)", msg);
    }

    private static long[] sizes(JsonObject kw, String k) {
        if (!kw.has(k)) return null;
        JsonElement e = kw.get(k);
        if (!e.isJsonArray()) return new long[] {e.getAsLong()};
        long[] out = new long[e.getAsJsonArray().size()];
        for (int i = 0; i < out.length; i++) out[i] = e.getAsJsonArray().get(i).getAsLong();
        return out;
    }

    /** 3-d pooling composed from the 2-d kernels: values and gradients as PyTorch's 3-d kernels give them. */
    @Test
    void threeDimensionalPoolingMatchesPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("pool3d")) continue;
            JsonObject kw = c.getAsJsonObject("kwargs");
            String name = c.get("name").getAsString();
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
            long[] k = sizes(kw, "kernel_size"), s = sizes(kw, "stride"), p = sizes(kw, "padding"), d = sizes(kw, "dilation");
            boolean ceil = kw.has("ceil_mode") && kw.get("ceil_mode").getAsBoolean();
            boolean cip = !kw.has("count_include_pad") || kw.get("count_include_pad").getAsBoolean();
            Tensor out = switch (name) {
                case "max_pool3d" -> Functional.maxPool3d(x, k, s, p, d, ceil);
                case "avg_pool3d" -> Functional.avgPool3d(x, k, s, p, ceil, cip);
                case "adaptive_avg_pool3d" -> Functional.adaptiveAvgPool3d(x, sizes(kw, "output_size"));
                case "adaptive_max_pool3d" -> Functional.adaptiveMaxPool3d(x, sizes(kw, "output_size"));
                default -> throw new AssertionError(name);
            };
            String what = name + " " + kw;
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out.detach(), 1e-6, 1e-6, what);
            out.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), 1e-5, 1e-6, what + " gradient");
            n++;
        }
        assertEquals(8, n);
        Map<String, String> want = new LinkedHashMap<>();
        for (JsonObject c : CASES) {
            if (c.get("kind").getAsString().equals("pool3d_repr")) c.getAsJsonObject("reprs").entrySet().forEach(e -> want.put(e.getKey(), e.getValue().getAsString()));
        }
        assertEquals(want.get("MaxPool3d(3,2)"), new MaxPool3d(3, 2).toString());
        assertEquals(want.get("AvgPool3d(3)"), new AvgPool3d(3).toString());
        assertEquals(want.get("AdaptiveAvgPool3d(2,3,4)"), new AdaptiveAvgPool3d(2, 3, 4).toString());
        assertEquals(want.get("AdaptiveMaxPool3d(2)"), new AdaptiveMaxPool3d(2).toString());
        Tensor unbatched = randn(3, 4, 4, 4);
        Golden.assertExact(new MaxPool3d(2).forward(unbatched.unsqueeze(0)).squeeze(0), new MaxPool3d(2).forward(unbatched), "unbatched");
        assertThrows(IllegalArgumentException.class, () -> new MaxPool3d(2).forward(randn(4, 4, 4)));
    }

    @Test
    void embeddingBagMatchesPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("embedding_bag")) continue;
            Tensor w = Golden.tensor(c.getAsJsonObject("weight")).requiresGrad_(true);
            Tensor offsets = c.get("offsets").isJsonNull() ? null : Golden.tensor(c.getAsJsonObject("offsets"));
            Tensor psw = c.has("per_sample_weights") ? Golden.tensor(c.getAsJsonObject("per_sample_weights")).requiresGrad_(true) : null;
            Long pad = c.get("padding_idx").isJsonNull() ? null : c.get("padding_idx").getAsLong();
            Tensor out = Functional.embeddingBag(Golden.tensor(c.getAsJsonObject("input")), w, offsets, c.get("mode").getAsString(), psw,
                    c.get("include_last_offset").getAsBoolean(), pad);
            String what = "embedding_bag " + c.get("mode").getAsString() + " offsets " + c.get("offsets");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out.detach(), 1e-6, 1e-6, what);
            out.backward(Golden.tensor(c.getAsJsonObject("g")));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("weight_grad")), w.grad(), 1e-6, 1e-6, what + " weight grad");
            if (psw != null) Golden.assertClose(Golden.tensor(c.getAsJsonObject("psw_grad")), psw.grad(), 1e-6, 1e-6, what + " per-sample grad");
            n++;
        }
        assertEquals(8, n);
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("embedding_bag_repr")) continue;
            assertEquals(c.getAsJsonArray("reprs").get(0).getAsString(), new EmbeddingBag(10, 3).toString());
            assertEquals(c.getAsJsonArray("reprs").get(1).getAsString(),
                    new EmbeddingBag(10, 3, "sum", false, 2L, dev.torch4j.TensorOptions.DEFAULT).toString());
        }
        EmbeddingBag bag = new EmbeddingBag(10, 3, "sum", false, 2L, dev.torch4j.TensorOptions.DEFAULT);
        Golden.assertExact(zeros(3), bag.weight.get(2).detach(), "the padding row is zero");
        Tensor x = tensor(new long[] {1, 2, 3});
        Golden.assertExact(bag.weight.get(1).add(bag.weight.get(3)).unsqueeze(0).detach(), bag.call(x, tensor(new long[] {0})).detach(), "module");
        String m = assertThrows(IllegalArgumentException.class, () -> Functional.embeddingBag(x, bag.weight, tensor(new long[] {1}), "sum", null, false, null))
                .getMessage();
        assertTrue(m.contains("offsets[0] has to be 0"), m);
    }

    @Test
    void channelDropoutPixelUnshuffleAndSoftmax2dMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            switch (c.get("kind").getAsString()) {
                case "dropout" -> {
                    Tensor x = Golden.tensor(c.getAsJsonObject("input"));
                    manualSeed(11);
                    String name = c.get("name").getAsString();
                    Tensor y = name.equals("dropout1d") ? Functional.dropout1d(x, 0.4, true, false) : Functional.dropout3d(x, 0.4, true, false);
                    Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), y, 1e-6, 1e-7, name + " " + c.getAsJsonObject("input").get("shape"));
                }
                case "pixel_unshuffle" -> {
                    Tensor x = Golden.tensor(c.getAsJsonObject("input"));
                    Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), new PixelUnshuffle(2).forward(x), "pixel_unshuffle");
                    Golden.assertExact(x, Functional.pixelShuffle(Functional.pixelUnshuffle(x, 2), 2), "shuffle undoes unshuffle");
                    assertEquals(c.get("repr").getAsString(), new PixelUnshuffle(2).toString());
                }
                case "softmax2d" -> {
                    Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), new Softmax2d().forward(Golden.tensor(c.getAsJsonObject("input"))),
                            1e-6, 1e-7, "Softmax2d");
                    assertEquals(c.get("repr").getAsString(), new Softmax2d().toString());
                    assertEquals(c.getAsJsonArray("reprs").get(0).getAsString(), new Dropout1d(0.3, false).toString());
                    assertEquals(c.getAsJsonArray("reprs").get(1).getAsString(), new Dropout3d().toString());
                }
                default -> { continue; }
            }
            n++;
        }
        assertEquals(6, n);
        assertThrows(IllegalArgumentException.class, () -> Functional.dropout1d(randn(2, 3, 4, 5), 0.5, true, false));
    }

    @Test
    void paddingModulesInOneAndThreeDimsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("pad_module")) continue;
            long[] pad = new long[c.getAsJsonArray("pad").size()];
            for (int i = 0; i < pad.length; i++) pad[i] = c.getAsJsonArray("pad").get(i).getAsLong();
            double v = c.get("value").getAsDouble();
            Module m = switch (c.get("cls").getAsString()) {
                case "ConstantPad1d" -> new ConstantPad1d(pad, v);
                case "ZeroPad1d" -> new ZeroPad1d(pad);
                case "ReflectionPad1d" -> new ReflectionPad1d(pad);
                case "ReplicationPad1d" -> new ReplicationPad1d(pad);
                case "CircularPad1d" -> new CircularPad1d(pad);
                case "CircularPad2d" -> new CircularPad2d(pad);
                case "ConstantPad3d" -> new ConstantPad3d(pad, v);
                case "ZeroPad3d" -> new ZeroPad3d(pad);
                case "ReflectionPad3d" -> new ReflectionPad3d(pad);
                case "ReplicationPad3d" -> new ReplicationPad3d(pad);
                case "CircularPad3d" -> new CircularPad3d(pad);
                default -> throw new AssertionError(c.get("cls"));
            };
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), m.call(Golden.tensor(c.getAsJsonObject("input"))), c.get("cls").getAsString());
            assertEquals(c.get("repr").getAsString(), m.toString());
            n++;
        }
        assertEquals(11, n);
        assertEquals("ConstantPad1d(padding=(2, 2), value=3.5)", new ConstantPad1d(2, 3.5).toString());
        assertThrows(IllegalArgumentException.class, () -> new ReflectionPad3d(1, 2));
    }

    /** trunc_normal_ (the same draws, then the inverse error function), dirac_, orthogonal_ (QR up to rounding). */
    @Test
    void initFunctionsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("init")) continue;
            switch (c.get("name").getAsString()) {
                case "trunc_normal" -> {
                    manualSeed(3);
                    Tensor w = Init.truncNormal_(empty(5, 7));
                    Tensor w2 = Init.truncNormal_(empty(1000), 0.5, 2.0, -1.0, 3.0);
                    Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), w, 1e-6, 1e-6, "trunc_normal_");
                    Golden.assertClose(Golden.tensor(c.getAsJsonObject("out2")), w2, 1e-6, 1e-6, "trunc_normal_(0.5, 2, -1, 3)");
                    assertTrue(w2.min().item() >= -1 && w2.max().item() <= 3);
                }
                case "dirac" -> {
                    Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), Init.dirac_(empty(4, 2, 3, 3), 2), "dirac_ groups 2");
                    Golden.assertExact(Golden.tensor(c.getAsJsonObject("out2")), Init.dirac_(empty(3, 5, 4)), "dirac_ 3-d");
                }
                case "orthogonal" -> {
                    long[] shape = new long[c.getAsJsonArray("shape").size()];
                    for (int i = 0; i < shape.length; i++) shape[i] = c.getAsJsonArray("shape").get(i).getAsLong();
                    manualSeed(4);
                    Tensor o = Init.orthogonal_(empty(shape), c.get("gain").getAsDouble(), null);
                    Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), o, 1e-5, 1e-6, "orthogonal_ " + java.util.Arrays.toString(shape));
                }
                default -> throw new AssertionError(c.get("name"));
            }
            n++;
        }
        assertEquals(5, n);
        assertEquals(0.4769362762044699, Init.erfinv(0.5), 1e-15);
    }

    @Test
    void rmsNormMatchesPyTorch2() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("rms_norm")) continue;
            long[] shape = new long[c.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = c.getAsJsonArray("shape").get(i).getAsLong();
            Double eps = c.get("eps").isJsonNull() ? null : c.get("eps").getAsDouble();
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            Tensor w = c.get("weight").isJsonNull() ? null : Golden.tensor(c.getAsJsonObject("weight"));
            boolean grads = c.has("g");
            if (grads) {
                x.requiresGrad_(true);
                if (w != null) w.requiresGrad_(true);
            }
            Tensor out = Functional.rmsNorm(x, shape, w, eps);
            String what = "rms_norm " + c.getAsJsonObject("input").get("shape") + " " + x.dtype();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out.detach(), 1e-6, 1e-6, what);
            if (grads) {
                out.backward(Golden.tensor(c.getAsJsonObject("g")));
                Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), 1e-5, 1e-6, what + " grad");
                if (w != null) Golden.assertClose(Golden.tensor(c.getAsJsonObject("weight_grad")), w.grad(), 1e-5, 1e-6, what + " weight grad");
            }
            n++;
        }
        assertEquals(4, n);
        manualSeed(2);
        RMSNorm norm = new RMSNorm(4);
        assertEquals("RMSNorm((4,), eps=None, elementwise_affine=True)", norm.toString());
        assertEquals("RMSNorm((2, 4), eps=0.001, elementwise_affine=False)", new RMSNorm(new long[] {2, 4}, 1e-3, false).toString());
        Tensor x = randn(3, 4);
        Golden.assertExact(Functional.rmsNorm(x, new long[] {4}, norm.weight, null), norm.forward(x), "module");
        Map<String, Tensor> state = new LinkedHashMap<>(norm.stateDict());
        assertEquals(List.of("weight"), List.copyOf(state.keySet()));
        assertSame(norm.weight, norm.namedParameters().get("weight"));
        Tensor xd = randn(shape(2, 3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor wd = randn(shape(3), dtype(DType.FLOAT64)).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> Functional.rmsNorm(t[0], new long[] {3}, t[1], 1e-6), xd, wd));
        assertTrue(GradCheck.gradgradcheck(t -> Functional.rmsNorm(t[0], new long[] {3}, t[1], 1e-6), xd, wd));
        String m = assertThrows(IllegalArgumentException.class, () -> Functional.rmsNorm(randn(2, 5), new long[] {4}, null, null)).getMessage();
        assertTrue(m.contains("expected input with shape [*, 4]"), m);
    }
}
