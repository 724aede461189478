package dev.torch4j.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * F.scaled_dot_product_attention and nn.MultiheadAttention against PyTorch (scripts/goldens/attention_goldens.py):
 * SDPA outputs and gradients for bool, float and causal masks, a custom scale, L != S and extra batch dims (from
 * 2.x's documented formula, with zeros for a fully masked row); MHA outputs, weights and the gradients of inputs
 * and every parameter over both layouts, kdim/vdim, both mask kinds, bias_k/bias_v, zero attention and unbatched
 * input; init after manualSeed, parameter names and repr; gradcheck and gradgradcheck in float64; the error texts.
 */
class AttentionTest {
    static List<JsonObject> cases(String kind) {
        List<JsonObject> r = Golden.cases("attention").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
        assertFalse(r.isEmpty(), "no golden cases of kind " + kind);
        return r;
    }

    static Tensor t(JsonObject c, String key) { return c.has(key) ? Golden.tensor(c.getAsJsonObject(key)) : null; }

    static Tensor leaf(JsonObject c, String key) { return t(c, key).requiresGrad_(true); }

    // ---------------------------------------------------------------- scaled_dot_product_attention

    @Test
    void sdpaMatchesPyTorchFormulaWithGradients() {
        for (JsonObject c : cases("sdpa")) {
            String what = "sdpa " + c.get("name").getAsString();
            Tensor q = leaf(c, "q"), k = leaf(c, "k"), v = leaf(c, "v");
            Double scale = c.has("scale") ? c.get("scale").getAsDouble() : null;
            Tensor y = Functional.scaledDotProductAttention(q, k, v, t(c, "mask"), 0.0, c.get("isCausal").getAsBoolean(), scale);
            Golden.assertClose(t(c, "out"), y.detach(), what + " out");
            y.backward(t(c, "grad"));
            Golden.assertClose(t(c, "gradQ"), q.grad(), what + " grad q");
            Golden.assertClose(t(c, "gradK"), k.grad(), what + " grad k");
            Golden.assertClose(t(c, "gradV"), v.grad(), what + " grad v");
        }
    }

    @Test
    void sdpaFullyMaskedRowGivesZerosAndZeroGradient() {
        JsonObject c = cases("sdpa").stream().filter(x -> x.get("name").getAsString().equals("bool_mask_dead_row")).findFirst().orElseThrow();
        Tensor q = leaf(c, "q"), k = leaf(c, "k"), v = leaf(c, "v");
        Tensor y = Functional.scaledDotProductAttention(q, k, v, t(c, "mask"));
        assertArrayEquals(new double[6], y.select(1, 1).detach().contiguous().toDoubleArray(), 0.0);   // row 1 keeps no key
        y.sum().backward();
        assertArrayEquals(new double[8], q.grad().select(1, 1).contiguous().toDoubleArray(), 0.0);
        assertFalse(k.grad().isnan().any().itemBool());
    }

    @Test
    void sdpaGradcheckAndGradgradcheck() {
        manualSeed(3);
        Tensor q = randn(2, 3, 4).to(DType.FLOAT64).requiresGrad_(true);
        Tensor k = randn(2, 5, 4).to(DType.FLOAT64).requiresGrad_(true);
        Tensor v = randn(2, 5, 3).to(DType.FLOAT64).requiresGrad_(true);
        Tensor fmask = randn(3, 5).to(DType.FLOAT64).requiresGrad_(true);
        Tensor bmask = rand(3, 5).gt(0.3).logicalOr(arange(5).eq(0));
        assertTrue(GradCheck.gradcheck(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2]), q, k, v));
        assertTrue(GradCheck.gradcheck(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], a[3]), q, k, v, fmask));
        assertTrue(GradCheck.gradcheck(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], bmask, 0, false, 0.3), q, k, v));
        assertTrue(GradCheck.gradcheck(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], null, 0, true, null), q, k, v));
        assertTrue(GradCheck.gradgradcheck(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], a[3]), q, k, v, fmask));
        assertTrue(GradCheck.gradgradcheck(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], null, 0, true, null), q, k, v));
    }

    @Test
    void sdpaDropoutAppliesToTheWeightsAndFloat32AndViewsAgree() {
        manualSeed(4);
        Tensor q = randn(2, 2, 3, 4), k = randn(2, 2, 5, 4), v = randn(2, 2, 5, 3);
        manualSeed(9);
        Tensor y = Functional.scaledDotProductAttention(q, k, v, null, 0.4, false, null);
        Tensor w = q.matmul(k.mT()).mul(0.5).softmax(-1);    // 1/sqrt(4)
        manualSeed(9);
        Tensor expected = Functional.dropout(w, 0.4, true).matmul(v);
        Golden.assertClose(expected, y, 1e-6, 1e-6, "dropout on the weights");
        // float32 against float64, and non-contiguous inputs against contiguous ones
        Tensor y64 = Functional.scaledDotProductAttention(q.to(DType.FLOAT64), k.to(DType.FLOAT64), v.to(DType.FLOAT64));
        Golden.assertClose(y64.to(DType.FLOAT32), Functional.scaledDotProductAttention(q, k, v), "float32");
        Tensor kt = k.transpose(0, 1).contiguous().transpose(0, 1);
        assertFalse(kt.isContiguous());
        Golden.assertClose(Functional.scaledDotProductAttention(q, k, v), Functional.scaledDotProductAttention(q, kt, v), "strided key");
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void sdpaErrors() {
        Tensor q = randn(2, 3, 4), k = randn(2, 5, 4), v = randn(2, 5, 3);
        assertMessage("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True",
                () -> Functional.scaledDotProductAttention(q, k, v, ones(3, 5), 0, true, null));
        assertMessage("scaled_dot_product_attention: Expected query, key, and value to all be at least 2 dimensional, but got "
                + "query.dim: 1 key.dim: 3 and value.dim: 3 instead.", () -> Functional.scaledDotProductAttention(randn(4), k, v));
        assertMessage("scaled_dot_product_attention: expected query [..., L, E], key [..., S, E] and value [..., S, Ev], got "
                + "query [2, 3, 4], key [2, 5, 3] and value [2, 5, 3]", () -> Functional.scaledDotProductAttention(q, randn(2, 5, 3), v));
        assertMessage("scaled_dot_product_attention: Expected query, key, and value to have the same dtype, but got query.dtype: "
                + "float key.dtype: double and value.dtype: float instead.",
                () -> Functional.scaledDotProductAttention(q, k.to(DType.FLOAT64), v));
        assertMessage("scaled_dot_product_attention: Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                + "attn_mask.dtype: int64_t and query.dtype: float instead.",
                () -> Functional.scaledDotProductAttention(q, k, v, zeros(3, 5).to(DType.INT64)));
    }

    // ---------------------------------------------------------------- nn.MultiheadAttention

    static MultiheadAttention.Options mhaOptions(JsonObject kw) {
        MultiheadAttention.Options o = MultiheadAttention.options();
        for (var e : kw.entrySet()) {
            JsonElement v = e.getValue();
            o = switch (e.getKey()) {
                case "batch_first" -> o.batchFirst(v.getAsBoolean());
                case "bias" -> o.bias(v.getAsBoolean());
                case "add_bias_kv" -> o.addBiasKv(v.getAsBoolean());
                case "add_zero_attn" -> o.addZeroAttn(v.getAsBoolean());
                case "kdim" -> o.kdim(v.getAsLong());
                case "vdim" -> o.vdim(v.getAsLong());
                default -> throw new IllegalArgumentException(e.getKey());
            };
        }
        return o;
    }

    /** Each tensor of a state dict stored by the script equals the module's entry of that name, exactly, in order. */
    static void assertState(JsonObject expected, Module m, String what) {
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(sd.keySet()), what + " state dict keys");
        for (var e : expected.entrySet()) Golden.assertExact(Golden.tensor(e.getValue().getAsJsonObject()), sd.get(e.getKey()), what + " " + e.getKey());
    }

    /** Each parameter's gradient equals the stored one. */
    static void assertParamGrads(JsonObject expected, Module m, String what) {
        Map<String, Tensor> params = m.namedParameters();
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(params.keySet()), what + " parameter names");
        for (var e : expected.entrySet()) {
            Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), params.get(e.getKey()).grad(), what + " grad " + e.getKey());
        }
    }

    @Test
    void multiheadAttentionMatchesPyTorch() {
        for (JsonObject c : cases("mha")) {
            String what = "mha " + c.get("name").getAsString();
            manualSeed(c.get("seed").getAsLong());
            var m = new MultiheadAttention(c.get("embed").getAsLong(), c.get("heads").getAsLong(), mhaOptions(c.getAsJsonObject("kw")));
            assertState(c.getAsJsonObject("init"), m, what + " init");
            assertEquals(c.get("repr").getAsString(), m.toString(), what);
            m.toDouble();
            Tensor q = leaf(c, "q"), k = q, v = q;
            switch (c.get("kv").getAsString()) {
                case "kv" -> k = v = leaf(c, "k");
                case "qkv" -> {
                    k = leaf(c, "k");
                    v = leaf(c, "v");
                }
                default -> { }
            }
            boolean needWeights = c.get("needWeights").getAsBoolean();
            var r = m.forward(q, k, v, t(c, "kpm"), needWeights, t(c, "attnMask"), c.get("average").getAsBoolean(), false);
            Golden.assertClose(t(c, "out"), r.output().detach(), what + " out");
            Tensor loss = r.output().mul(t(c, "grad")).sum();
            if (needWeights) {
                Golden.assertClose(t(c, "weights"), r.weights().detach(), what + " weights");
                loss = loss.add(r.weights().mul(t(c, "gradWeights")).sum());
            } else {
                assertNull(r.weights(), what);
            }
            loss.backward();
            Golden.assertClose(t(c, "gradQ"), q.grad(), what + " grad q");
            if (c.has("gradK")) Golden.assertClose(t(c, "gradK"), k.grad(), what + " grad k");
            if (c.has("gradV")) Golden.assertClose(t(c, "gradV"), v.grad(), what + " grad v");
            assertParamGrads(c.getAsJsonObject("paramGrads"), m, what);
        }
    }

    @Test
    void initAndNamesMatchPyTorchAfterManualSeed() {
        for (JsonObject c : cases("mha_init")) {
            manualSeed(c.get("seed").getAsLong());
            var args = c.getAsJsonArray("args");
            var m = new MultiheadAttention(args.get(0).getAsLong(), args.get(1).getAsLong(), mhaOptions(c.getAsJsonObject("kw")));
            String what = "mha_init " + c.getAsJsonObject("kw");
            assertState(c.getAsJsonObject("state"), m, what);
            List<String> names = new ArrayList<>();
            c.getAsJsonArray("paramNames").forEach(e -> names.add(e.getAsString()));
            assertEquals(names, new ArrayList<>(m.namedParameters().keySet()), what);
            assertEquals(c.get("repr").getAsString(), m.toString());
        }
        assertEquals("""
                MultiheadAttention(
                  (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)
                )""", new MultiheadAttention(4, 2).toString());
    }

    @Test
    void layoutsUnbatchedAndCallAgree() {
        manualSeed(6);
        var seqFirst = new MultiheadAttention(6, 3);
        var batchFirst = new MultiheadAttention(6, 3, MultiheadAttention.options().batchFirst(true));
        batchFirst.loadStateDict(seqFirst.stateDict());
        Tensor q = randn(4, 2, 6), kv = randn(5, 2, 6);
        Tensor kpm = tensor(new boolean[] {false, true, false, false, false, false, false, false, true, false}).view(2, 5);
        var a = seqFirst.forward(q, kv, kv, kpm, true, null);
        var b = batchFirst.forward(q.transpose(0, 1), kv.transpose(0, 1), kv.transpose(0, 1), kpm, true, null);
        Golden.assertClose(a.output(), b.output().transpose(0, 1), "batch_first");
        Golden.assertClose(a.weights(), b.weights(), "batch_first weights");
        assertArrayEquals(new long[] {2, 4, 5}, a.weights().shapeArray());
        // one sequence, unbatched, is batch element 1
        var one = seqFirst.forward(q.select(1, 1), kv.select(1, 1), kv.select(1, 1), kpm.select(0, 1), true, null);
        Golden.assertClose(a.output().select(1, 1), one.output(), "unbatched");
        Golden.assertClose(a.weights().select(0, 1), one.weights(), "unbatched weights");
        // call(q, k, v) gives the output; the need_weights=False (SDPA) path gives the same values
        Golden.assertClose(seqFirst.forward(q, kv, kv).output(), seqFirst.call(q, kv, kv), "call");
        Golden.assertClose(a.output(), seqFirst.forward(q, kv, kv, kpm, false, null).output(), "need_weights=False");
        var perHead = seqFirst.forward(q, kv, kv, kpm, true, null, false, false).weights();
        assertArrayEquals(new long[] {2, 3, 4, 5}, perHead.shapeArray());
        Golden.assertClose(a.weights(), perHead.mean(1), "average of the heads");
    }

    @Test
    void isCausalIsAHintForTheMask() {
        manualSeed(7);
        var m = new MultiheadAttention(4, 2);
        Tensor x = randn(5, 2, 4), mask = Transformer.generateSquareSubsequentMask(5);
        Tensor expected = m.forward(x, x, x, null, false, mask, true, false).output();
        Golden.assertClose(expected, m.forward(x, x, x, null, false, mask, true, true).output(), "causal via SDPA");
        Golden.assertClose(expected, m.forward(x, x, x, null, true, mask, true, true).output(), "causal with weights");
        Tensor boolMask = mask.isinf();
        Golden.assertClose(expected, m.forward(x, x, x, null, false, boolMask, true, false).output(), "bool mask");
        assertMessage("Need attn_mask if specifying the is_causal hint. You may use the Transformer module method "
                + "`generate_square_subsequent_mask` to create this mask.", () -> m.forward(x, x, x, null, false, null, true, true));
    }

    @Test
    void fullyMaskedQueryRowsAsPyTorch2() {
        manualSeed(8);
        var m = new MultiheadAttention(4, 2);
        Tensor x = randn(3, 1, 4);
        Tensor mask = tensor(new boolean[] {false, false, true, true, true, true, false, true, false}).view(3, 3);   // row 1 sees nothing
        // need_weights=False runs SDPA: the row attends to nothing, so its output is out_proj's bias (zeros after init)
        Tensor y = m.forward(x, x, x, null, false, mask).output();
        assertArrayEquals(new double[4], y.select(0, 1).detach().contiguous().toDoubleArray(), 0.0);
        assertFalse(y.isnan().any().itemBool());
        // need_weights=True keeps the plain softmax: NaN, as PyTorch's weights path
        assertTrue(m.forward(x, x, x, null, true, mask).weights().select(1, 1).isnan().all().itemBool());
    }

    @Test
    void gradcheckOfATinyMultiheadAttention() {
        manualSeed(10);
        MultiheadAttention m = new MultiheadAttention(4, 2, MultiheadAttention.options().addBiasKv(true).kdim(3).vdim(2)).toDouble();
        Tensor q = randn(3, 2, 4).to(DType.FLOAT64).requiresGrad_(true);
        Tensor k = randn(2, 2, 3).to(DType.FLOAT64).requiresGrad_(true);
        Tensor v = randn(2, 2, 2).to(DType.FLOAT64).requiresGrad_(true);
        Tensor mask = randn(3, 2).to(DType.FLOAT64);
        List<Tensor> inputs = new ArrayList<>(List.of(q, k, v));
        inputs.addAll(m.parameters());
        assertTrue(GradCheck.gradcheck(a -> m.forward(a[0], a[1], a[2], null, false, mask).output(), inputs.toArray(Tensor[]::new)));
        manualSeed(11);
        MultiheadAttention self = new MultiheadAttention(4, 2, MultiheadAttention.options().addZeroAttn(true)).toDouble();
        Tensor x = randn(3, 4).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(a -> self.forward(a[0], a[0], a[0]).weights(), x));
        assertTrue(GradCheck.gradgradcheck(a -> self.forward(a[0], a[0], a[0], null, false, null).output(), x));
    }

    @Test
    void multiheadAttentionErrors() {
        assertMessage("embed_dim must be divisible by num_heads", () -> new MultiheadAttention(6, 4));
        assertMessage("embed_dim and num_heads must be greater than 0, got embed_dim=4 and num_heads=0 instead",
                () -> new MultiheadAttention(4, 0));
        var m = new MultiheadAttention(4, 2);
        Tensor x = randn(3, 2, 4);
        assertMessage("was expecting embedding dimension of 4, but got 3", () -> m.call(randn(3, 2, 3), x, x));
        assertMessage("query should be unbatched 2D or batched 3D tensor but received 4-D query tensor",
                () -> m.call(randn(1, 3, 2, 4), x, x));
        assertMessage("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D tensors respectively",
                () -> m.call(x, randn(3, 4), x));
        assertMessage("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found 1-D tensor instead",
                () -> m.forward(x, x, x, zeros(3).to(DType.BOOL), true, null));
        assertMessage("The shape of the 2D attn_mask is [3, 4], but should be [3, 3].",
                () -> m.forward(x, x, x, null, true, zeros(3, 4).to(DType.BOOL)));
        assertMessage("The shape of the 3D attn_mask is [2, 3, 3], but should be [4, 3, 3].",
                () -> m.forward(x, x, x, null, true, zeros(2, 3, 3)));
        assertMessage("expecting key_padding_mask shape of [2, 3], but got [2, 4]",
                () -> m.forward(x, x, x, zeros(2, 4).to(DType.BOOL), true, null));
        assertMessage("only bool and floating types of attn_mask are supported",
                () -> m.forward(x, x, x, null, true, zeros(3, 3).to(DType.INT64)));
        assertMessage("key shape torch.Size([3, 2, 4]) does not match value shape torch.Size([4, 2, 4])", () -> m.call(x, x, randn(4, 2, 4)));
        assertMessage("MultiheadAttention: query has batch size 2 but key has 1 (query [3, 2, 4], key [3, 1, 4], batch_first=False)",
                () -> m.call(x, randn(3, 1, 4), randn(3, 1, 4)));
    }
}
