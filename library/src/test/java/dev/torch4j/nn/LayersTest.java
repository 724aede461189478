package dev.torch4j.nn;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Layer and activation forwards and gradients against PyTorch (float64 cases of goldens/nn.json). */
class LayersTest {
    private static final Map<String, Function<Tensor[], Tensor>> FNS = new LinkedHashMap<>();

    static {
        FNS.put("relu", a -> Functional.relu(a[0]));
        FNS.put("leaky_relu", a -> Functional.leakyRelu(a[0], 0.2));
        FNS.put("elu", a -> Functional.elu(a[0], 0.7));
        FNS.put("gelu", a -> Functional.gelu(a[0]));
        FNS.put("gelu_tanh", a -> Functional.gelu(a[0], "tanh"));
        FNS.put("silu", a -> Functional.silu(a[0]));
        FNS.put("sigmoid", a -> Functional.sigmoid(a[0]));
        FNS.put("tanh", a -> Functional.tanh(a[0]));
        FNS.put("softmax", a -> Functional.softmax(a[0], 1));
        FNS.put("log_softmax", a -> Functional.logSoftmax(a[0], 0));
        FNS.put("linear", a -> Functional.linear(a[0], a[1], a[2]));
        FNS.put("linear_3d_nobias", a -> Functional.linear(a[0], a[1], null));
        FNS.put("bilinear", a -> Functional.bilinear(a[0], a[1], a[2], a[3]));
        FNS.put("layer_norm", a -> Functional.layerNorm(a[0], new long[] {5}, a[1], a[2], 1e-5));
        FNS.put("layer_norm_2d", a -> Functional.layerNorm(a[0], new long[] {3, 4}, null, null, 1e-5));
    }

    private static void check(JsonObject c, Function<Tensor[], Tensor> fn) {
        String name = c.get("name").getAsString();
        List<Tensor> ins = NnGoldens.tensors(c.getAsJsonArray("inputs"));
        Tensor[] leaves = new Tensor[ins.size()];
        for (int i = 0; i < leaves.length; i++) leaves[i] = ins.get(i).clone().requiresGrad_(true);
        Tensor out = fn.apply(leaves);
        Golden.assertClose(NnGoldens.tensor(c, "out"), out.detach(), name + ": output");
        out.backward(NnGoldens.tensor(c, "gout"));
        List<Tensor> grads = NnGoldens.tensors(c.getAsJsonArray("grads"));
        for (int i = 0; i < leaves.length; i++) {
            assertNotNull(leaves[i].grad(), name + ": no gradient for input " + i);
            Golden.assertClose(grads.get(i), leaves[i].grad(), name + ": grad of input " + i);
        }
    }

    @Test
    void activationsAndLinearLayersMatchPyTorch() {
        int n = 0;
        for (JsonObject c : NnGoldens.cases("fwd")) {
            var fn = FNS.get(c.get("name").getAsString());
            if (fn == null) continue;
            check(c, fn);
            n++;
        }
        assertEquals(FNS.size(), n);
    }

    @Test
    void embeddingWithPaddingGetsNoGradientInThePaddingRow() {
        JsonObject c = NnGoldens.get("fwd", "embedding_pad");
        Tensor idx = NnGoldens.tensor(c, "indices");
        check(c, a -> Functional.embedding(idx, a[0], 1L));
        Tensor w = Parameter.of(randn(5, 3, 7).reshape(5, 21).narrow(1, 0, 3).contiguous());
        assertEquals("EmbeddingBackward0", Functional.embedding(idx, w).gradFn().name());
        var e = assertThrows(IllegalArgumentException.class, () -> Functional.embedding(idx.to(DType.FLOAT32), w));
        assertTrue(e.getMessage().contains("'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor"),
                e.getMessage());
    }

    @Test
    void activationNodesCarryPyTorchNames() {
        Tensor x = randn(3).requiresGrad_(true);
        assertEquals("LeakyReluBackward0", Functional.leakyRelu(x).gradFn().name());
        assertEquals("EluBackward0", Functional.elu(x).gradFn().name());
        assertEquals("ReluBackward0", new ReLU().call(x).gradFn().name());
    }

    @Test
    void batchNormTrainsRunningStatsAndEvaluatesWithThem() {
        JsonObject c = NnGoldens.get("batchnorm", "bn3");
        BatchNorm1d bn = new BatchNorm1d(3);
        try (var g = noGrad()) {
            bn.weight.copy_(tensor(new float[] {1, 2, 0.5f}));
            bn.bias.copy_(tensor(new float[] {0, -1, 0.25f}));
        }
        Tensor x = NnGoldens.tensor(c, "x").requiresGrad_(true);
        Tensor y = bn.call(x);
        Golden.assertClose(NnGoldens.tensor(c, "y"), y.detach(), "train output");
        y.backward(NnGoldens.tensor(c, "gout"));
        Golden.assertClose(NnGoldens.tensor(c, "xgrad"), x.grad(), 1e-5, 1e-5, "input grad");
        Golden.assertClose(NnGoldens.tensor(c, "wgrad"), bn.weight.grad(), 1e-5, 1e-5, "weight grad");
        Golden.assertClose(NnGoldens.tensor(c, "bgrad"), bn.bias.grad(), "bias grad");
        Golden.assertClose(NnGoldens.tensor(c, "running_mean"), bn.runningMean(), "running_mean");
        Golden.assertClose(NnGoldens.tensor(c, "running_var"), bn.runningVar(), "running_var");
        assertEquals(1, bn.numBatchesTracked().itemLong());
        bn.eval();
        Golden.assertClose(NnGoldens.tensor(c, "ye"), bn.call(NnGoldens.tensor(c, "xe")).detach(), "eval output");

        JsonObject c3 = NnGoldens.get("batchnorm", "bn3d_cumulative");
        BatchNorm1d cum = new BatchNorm1d(2, 1e-5, null, true, true);
        Tensor x3 = NnGoldens.tensor(c3, "x");
        Golden.assertClose(NnGoldens.tensor(c3, "y"), cum.call(x3).detach(), "3-d output");
        Golden.assertClose(NnGoldens.tensor(c3, "y2"), cum.call(x3.mul(2).add(1)).detach(), "3-d second output");
        Golden.assertClose(NnGoldens.tensor(c3, "running_mean"), cum.runningMean(), "cumulative running_mean");
        Golden.assertClose(NnGoldens.tensor(c3, "running_var"), cum.runningVar(), "cumulative running_var");
        assertEquals(c3.get("num_batches").getAsLong(), cum.numBatchesTracked().itemLong());

        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).call(zeros(1, 4)));
        assertEquals("Expected more than 1 value per channel when training, got input size torch.Size([1, 4])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).call(zeros(2, 4, 1, 1)));
        assertEquals("expected 2D or 3D input (got 4D input)", e.getMessage());
    }

    @Test
    void dropoutDrawsPyTorchsMaskAndPassesThroughInEval() {
        manualSeed(11);
        Golden.assertClose(NnGoldens.tensor(NnGoldens.get("dropout", "dropout_03"), "out"), Functional.dropout(ones(3, 8), 0.3, true),
                "F.dropout");
        manualSeed(11);
        Dropout d = new Dropout(0.5);
        Golden.assertClose(NnGoldens.tensor(NnGoldens.get("dropout", "dropout_module"), "out"), d.call(arange(12.0)), "nn.Dropout");
        d.eval();
        Tensor x = randn(4);
        assertSame(x, d.call(x));
        assertEquals(0.0, Functional.dropout(ones(5), 1.0, true).sum().item());
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        Tensor p = ones(6).requiresGrad_(true);
        Tensor y = Functional.dropout(p, 0.5, true);
        y.sum().backward();
        assertTrue(p.grad().equal(y.detach()), "the gradient is the scaled mask");
    }

    @Test
    void shapesLayers() {
        Tensor x = arange(24.0).view(2, 3, 4);
        assertEquals(shape(2, 12), new Flatten().call(x).shape());
        assertEquals(shape(2, 3, 2, 2), new Unflatten(2, 2, -1).call(x).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> new Unflatten(1, 2, 2).call(x));
        assertTrue(e.getMessage().contains("don't multiply up to the size of dim 1 (3)"), e.getMessage());
        assertSame(x, new Identity().call(x));
        assertEquals(shape(2, 3, 4), new Softmax().call(x).shape());
        assertEquals(1.0, new Softmax(-1).call(x).sum(-1).index(0, 0).item(), 1e-6);
    }

    @Test
    void linearErrorsNameTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Linear(3, 2).call(zeros(4, 5)));
        assertEquals("linear: mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2) (input [4, 5], weight [2, 3])", e.getMessage());
        Linear l = new Linear(3, 2);
        assertEquals(shape(7, 2), l.call(zeros(7, 3)).shape());
        assertEquals(shape(2), l.call(zeros(3)).shape());
        assertEquals(shape(2, 5, 2), l.call(zeros(2, 5, 3)).shape());
    }

    @Test
    void layerNormErrorNamesShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(10).call(zeros(2, 3)));
        assertEquals("Given normalized_shape=[10], expected input with shape [*, 10], but got input of size[2, 3]", e.getMessage());
    }

    /**
     * A bias of another dtype: PyTorch 2.x's one addmm for a contiguous input refuses it, a strided input adds it in
     * place into the product (keeping float32); values from PyTorch 1.13, which does the same for 3-d inputs.
     */
    @Test
    void linearBiasOfAnotherDtypeAsPyTorch() {
        Tensor x = arange(24).to(DType.FLOAT32).reshape(2, 3, 4), w = ones(5, 4), b = arange(5).to(DType.FLOAT64);
        Tensor r = Functional.linear(x.transpose(0, 1), w, b);
        assertEquals(DType.FLOAT32, r.dtype());
        assertArrayEquals(new double[] {6, 7, 8, 9, 10, 54}, java.util.Arrays.copyOf(r.toDoubleArray(), 6));
        assertThrows(IllegalArgumentException.class, () -> Functional.linear(x, w, b));
    }
}
