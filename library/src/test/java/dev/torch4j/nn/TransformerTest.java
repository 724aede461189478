package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static dev.torch4j.nn.AttentionTest.assertParamGrads;
import static dev.torch4j.nn.AttentionTest.assertState;
import static dev.torch4j.nn.AttentionTest.cases;
import static dev.torch4j.nn.AttentionTest.t;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The Transformer layers against PyTorch (scripts/goldens/attention_goldens.py), in training mode with dropout 0:
 * encoder layers (post- and pre-norm, relu and gelu, both layouts, unbatched, masks), a 2-layer encoder with a
 * final norm, decoder layers with all four masks, a 2-layer decoder and nn.Transformer: init after manualSeed,
 * state-dict keys, outputs and the gradients of the inputs and every parameter; reprs (2.x's compressed
 * ModuleList); the stacks' deep copies; the square subsequent mask; bias=False; errors.
 */
class TransformerTest {
    private static final Transformer.Options SMALL = Transformer.options().dimFeedforward(6).dropout(0.0);

    private static Transformer.Options options(JsonObject kw) {
        Transformer.Options o = SMALL;
        for (var e : kw.entrySet()) {
            JsonElement v = e.getValue();
            o = switch (e.getKey()) {
                case "activation" -> o.activation(v.getAsString());
                case "norm_first" -> o.normFirst(v.getAsBoolean());
                case "batch_first" -> o.batchFirst(v.getAsBoolean());
                case "layer_norm_eps" -> o.layerNormEps(v.getAsDouble());
                default -> throw new IllegalArgumentException(e.getKey());
            };
        }
        return o;
    }

    private static Tensor[] inputs(JsonObject c) {
        JsonArray a = c.getAsJsonArray("inputs");
        Tensor[] r = new Tensor[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = Golden.tensor(a.get(i).getAsJsonObject()).requiresGrad_(true);
        return r;
    }

    /** Seeds, builds, checks init and repr, loads the stored state (when the script changed it), runs, checks all. */
    private static void check(JsonObject c, java.util.function.Supplier<Module> ctor,
                              java.util.function.BiFunction<Module, Tensor[], Tensor> run, boolean checkRepr) {
        String what = c.get("kind").getAsString() + " " + (c.has("name") ? c.get("name").getAsString() : "");
        manualSeed(c.get("seed").getAsLong());
        Module m = ctor.get();
        assertState(c.getAsJsonObject("init"), m, what + " init");
        if (checkRepr) assertEquals(c.get("repr").getAsString(), m.toString(), what + " repr");
        m.toDouble();
        if (c.has("state")) {
            Map<String, Tensor> sd = new java.util.LinkedHashMap<>();
            for (var e : c.getAsJsonObject("state").entrySet()) sd.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
            m.loadStateDict(sd);
        }
        Tensor[] x = inputs(c);
        Tensor y = run.apply(m, x);
        Golden.assertClose(t(c, "out"), y.detach(), what + " out");
        y.backward(t(c, "grad"));
        JsonArray gi = c.getAsJsonArray("gradInputs");
        for (int i = 0; i < x.length; i++) Golden.assertClose(Golden.tensor(gi.get(i).getAsJsonObject()), x[i].grad(), what + " grad input " + i);
        assertParamGrads(c.getAsJsonObject("paramGrads"), m, what);
    }

    @Test
    void encoderLayersMatchPyTorch() {
        for (JsonObject c : cases("enc_layer")) {
            check(c, () -> new TransformerEncoderLayer(4, 2, options(c.getAsJsonObject("kw"))),
                    (m, x) -> ((TransformerEncoderLayer) m).forward(x[0], t(c, "src_mask"), t(c, "src_key_padding_mask"), false), true);
        }
    }

    @Test
    void encoderStackMatchesPyTorch() {
        JsonObject c = cases("encoder").getFirst();
        check(c, () -> new TransformerEncoder(new TransformerEncoderLayer(4, 2, SMALL), 2, new LayerNorm(4)),
                (m, x) -> ((TransformerEncoder) m).forward(x[0], null, t(c, "src_key_padding_mask"), null), false);
        String layer = cases("enc_layer").getFirst().get("repr").getAsString();
        // PyTorch 2.x prints repeated modules of a ModuleList once (1.13, which made the goldens, lists both)
        assertEquals("TransformerEncoder(\n  (layers): ModuleList(\n    (0-1): 2 x " + Py.addIndent(layer, 4) + "\n  )\n"
                + "  (norm): LayerNorm((4,), eps=1e-05, elementwise_affine=True)\n)",
                new TransformerEncoder(new TransformerEncoderLayer(4, 2, SMALL), 2, new LayerNorm(4)).toString());
    }

    @Test
    void decoderLayersMatchPyTorch() {
        for (JsonObject c : cases("dec_layer")) {
            check(c, () -> new TransformerDecoderLayer(4, 2, options(c.getAsJsonObject("kw"))),
                    (m, x) -> ((TransformerDecoderLayer) m).forward(x[0], x[1], t(c, "tgt_mask"), t(c, "memory_mask"),
                            t(c, "tgt_key_padding_mask"), t(c, "memory_key_padding_mask"), false, false), true);
        }
    }

    @Test
    void decoderStackMatchesPyTorch() {
        JsonObject c = cases("decoder").getFirst();
        check(c, () -> new TransformerDecoder(new TransformerDecoderLayer(4, 2, SMALL), 2, new LayerNorm(4)),
                (m, x) -> ((TransformerDecoder) m).forward(x[0], x[1], t(c, "tgt_mask"), null, null, t(c, "memory_key_padding_mask"),
                        true, false), false);
    }

    @Test
    void transformerMatchesPyTorch() {
        JsonObject c = cases("transformer").getFirst();
        check(c, () -> new Transformer(4, 2, 2, 1, SMALL),
                (m, x) -> ((Transformer) m).forward(x[0], x[1], null, t(c, "tgt_mask"), null, t(c, "src_key_padding_mask"), null,
                        null, null, null, false), false);
    }

    @Test
    void stacksHoldIndependentCopiesAndDrawNothing() {
        manualSeed(5);
        var layer = new TransformerEncoderLayer(4, 2, SMALL);
        Tensor after = randn(3);
        manualSeed(5);
        var layer2 = new TransformerEncoderLayer(4, 2, SMALL);
        var encoder = new TransformerEncoder(layer2, 3);
        Golden.assertExact(after, randn(3), "the copies drew nothing");
        assertEquals(3, encoder.layers.size());
        assertNotSame(encoder.layer(0), layer2);
        assertNotSame(encoder.layer(0).selfAttn(), encoder.layer(1).selfAttn());
        for (int i = 0; i < 3; i++) {
            for (var e : layer.stateDict().entrySet()) {
                Golden.assertExact(e.getValue(), encoder.layer(i).stateDict().get(e.getKey()), "layer " + i + " " + e.getKey());
            }
        }
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            encoder.layer(0).selfAttn().inProjWeight().add_(1.0);
        }
        assertNotEquals(encoder.layer(0).selfAttn().inProjWeight().sum().item(), encoder.layer(1).selfAttn().inProjWeight().sum().item());
        List<String> keys = new ArrayList<>(encoder.stateDict().keySet());
        assertEquals("layers.0.self_attn.in_proj_weight", keys.getFirst());
        assertEquals("layers.2.norm2.bias", keys.getLast());
        var dec = new TransformerDecoder(new TransformerDecoderLayer(4, 2, SMALL), 2);
        assertEquals("layers.0.self_attn.in_proj_weight", dec.stateDict().keySet().iterator().next());
        assertTrue(dec.stateDict().containsKey("layers.1.multihead_attn.out_proj.bias"));
    }

    @Test
    void squareSubsequentMaskAndCausalHint() {
        JsonObject c = cases("square_mask").getFirst();
        Golden.assertExact(t(c, "mask"), Transformer.generateSquareSubsequentMask(4), "mask");
        assertEquals(DType.FLOAT64, Transformer.generateSquareSubsequentMask(2, dtype(DType.FLOAT64)).dtype());
        manualSeed(12);
        var enc = new TransformerEncoder(new TransformerEncoderLayer(4, 2, SMALL), 2);
        Tensor x = randn(5, 2, 4), mask = Transformer.generateSquareSubsequentMask(5);
        Golden.assertClose(enc.forward(x, mask, null, null), enc.forward(x, mask, null, true), "is_causal hint");
        var layer = enc.layer(0);
        Golden.assertClose(layer.forward(x, mask, null, false), layer.forward(x, mask.isinf(), null, true), "bool causal mask");
    }

    @Test
    void optionsBiasDropoutAndModes() {
        manualSeed(13);
        var noBias = new TransformerEncoderLayer(4, 2, SMALL.bias(false));
        assertEquals(List.of("self_attn.in_proj_weight", "self_attn.out_proj.weight", "linear1.weight", "linear2.weight", "norm1.weight",
                "norm2.weight"), new ArrayList<>(noBias.stateDict().keySet()));
        assertArrayEquals(new long[] {3, 2, 4}, noBias.forward(randn(3, 2, 4)).shapeArray());
        var layer = new TransformerEncoderLayer(4, 2, Transformer.options().dimFeedforward(8).activation(x -> x.tanh()));
        Tensor x = randn(3, 2, 4);
        layer.eval();
        Golden.assertExact(layer.forward(x), layer.forward(x), "eval: no dropout");
        layer.train();
        assertNotEquals(layer.forward(x).sum().item(), layer.forward(x).sum().item(), "training: dropout 0.1");
        assertEquals(0.1, layer.selfAttn().dropout);
        assertEquals(2048, new TransformerDecoderLayer(8, 2).linear1.outFeatures);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transformer.options().activation("tanh"));
        assertEquals("activation should be relu/gelu, not tanh", e.getMessage());
        var t = new Transformer(4, 2, 1, 1, SMALL.batchFirst(true));
        e = assertThrows(IllegalArgumentException.class, () -> t.forward(randn(2, 3, 4), randn(3, 3, 4)));
        assertEquals("the batch number of src and tgt must be equal", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.forward(randn(2, 3, 4), randn(2, 3, 5)));
        assertEquals("the feature number of src and tgt must be equal to d_model", e.getMessage());
        assertArrayEquals(new long[] {2, 5, 4}, t.call(randn(2, 3, 4), randn(2, 5, 4)).shapeArray());
    }

    @Test
    void runsOnCudaAsOnCpu() {
        org.junit.jupiter.api.Assumptions.assumeTrue(cuda().isAvailable(), "no CUDA device");
        manualSeed(14);
        var cpu = new TransformerDecoderLayer(8, 2, SMALL.batchFirst(true));
        var gpu = new TransformerDecoderLayer(8, 2, SMALL.batchFirst(true));
        gpu.loadStateDict(cpu.stateDict());
        gpu.cuda();
        Tensor tgt = randn(2, 5, 8), memory = randn(2, 6, 8), mask = Transformer.generateSquareSubsequentMask(5);
        Tensor kpm = tensor(new boolean[] {false, false, false, false, false, true, false, false, false, false, true, true}).view(2, 6);
        Tensor[] x = {tgt.clone().requiresGrad_(true), tgt.cuda().requiresGrad_(true)};
        Tensor yc = cpu.forward(x[0], memory, mask, null, null, kpm, true, false);
        Tensor yg = gpu.forward(x[1], memory.cuda(), mask.cuda(), null, null, kpm.cuda(), true, false);
        Golden.assertClose(yc, yg.cpu().detach(), 1e-4, 1e-5, "decoder layer on CUDA");
        yc.square().sum().backward();
        yg.square().sum().backward();
        Golden.assertClose(x[0].grad(), x[1].grad().cpu(), 1e-4, 1e-4, "input grad on CUDA");
        Golden.assertClose(cpu.selfAttn().inProjWeight().grad(), gpu.selfAttn().inProjWeight().grad().cpu(), 1e-4, 1e-4, "in_proj grad");
        Tensor q = randn(2, 2, 3, 4), k = randn(2, 2, 5, 4), v = randn(2, 2, 5, 4);
        Golden.assertClose(Functional.scaledDotProductAttention(q, k, v, null, 0, true, null),
                Functional.scaledDotProductAttention(q.cuda(), k.cuda(), v.cuda(), null, 0, true, null).cpu(), 1e-5, 1e-5, "sdpa");
    }
}
