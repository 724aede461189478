package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.torch4j.nn.Functional;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.WeightedGoldens;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The torch.* forms of nn functions added beside NnFunctions (losses with reduction codes, convolution, pooling with
 * indices, in-place activations, grid_sampler, native_* norms, recurrences, segment_reduce) against PyTorch
 * (scripts/goldens/nn_forms_goldens.py), and SyncBatchNorm's building blocks rebuilding F.batch_norm.
 */
class NnFormsTest {
    private static Tensor[] one(Tensor t) { return new Tensor[] {t}; }

    private static Tensor[] vi(ValuesIndices v) { return new Tensor[] {v.values(), v.indices()}; }

    private static Tensor[] tail(Tensor[] x, int from) { return Arrays.copyOfRange(x, from, x.length); }

    private static final long[] ONE = {1}, TWO = {2}, ZERO = {0};

    @Test
    void matchPyTorch() {
        Map<String, Function<Tensor[], Tensor[]>> c = new HashMap<>();
        c.put("kl_div_0", x -> one(Torch.klDiv(x[0], x[1], 0, false)));
        c.put("kl_div_2_log", x -> one(Torch.klDiv(x[0], x[1], 2, true)));
        c.put("kl_div_default", x -> one(Torch.klDiv(x[0], x[1])));
        c.put("ctc_loss", x -> one(Torch.ctcLoss(x[0], x[1], new long[] {6, 5}, new long[] {3, 2}, 0, 1, false)));
        c.put("ctc_loss_sum", x -> one(Torch.ctcLoss(x[0], x[1], x[2], x[3], 0, 2, true)));
        c.put("cosine_embedding_loss", x -> one(Torch.cosineEmbeddingLoss(x[0], x[1], x[2], 0.2, 0)));
        c.put("hinge_embedding_loss", x -> one(Torch.hingeEmbeddingLoss(x[0], x[1], 1.5, 2)));
        c.put("margin_ranking_loss", x -> one(Torch.marginRankingLoss(x[0], x[1], x[2], 0.1, 1)));
        c.put("poisson_nll_loss", x -> one(Torch.poissonNllLoss(x[0], x[1], true, true, 1e-8, 0)));
        c.put("triplet_margin_loss", x -> one(Torch.tripletMarginLoss(x[0], x[1], x[2], 1.0, 1.5, 1e-6, true, 1)));
        c.put("bce_with_logits", x -> one(Torch.binaryCrossEntropyWithLogits(x[0], x[1], x[2].detach(), x[3].detach(), 0)));
        c.put("convolution_1d", x -> one(Torch.convolution(x[0], x[1], x[2], TWO, ONE, ONE, false, ZERO, 1)));
        c.put("convolution_2d_t", x -> one(Torch.convolution(x[0], x[1], null, new long[] {2, 1}, new long[] {1, 0}, new long[] {1, 2},
                true, new long[] {1, 0}, 2)));
        c.put("convolution_3d", x -> one(Torch.convolution(x[0], x[1], x[2], new long[] {1, 1, 1}, new long[] {0, 1, 0},
                new long[] {1, 1, 1}, false, new long[] {0, 0, 0}, 1)));
        c.put("adaptive_max_pool1d", x -> vi(Torch.adaptiveMaxPool1d(x[0], 3)));
        c.put("max_pool1d_with_indices", x -> vi(Torch.maxPool1dWithIndices(x[0], 3, 2, 1, 1, true)));
        c.put("celu_", x -> one(Torch.celu_(x[0].mul(1.0), 0.7)));
        c.put("selu_", x -> one(Torch.selu_(x[0].mul(1.0))));
        c.put("rrelu_eval", x -> one(Torch.rrelu_(x[0].mul(1.0), 0.1, 0.3, false)));
        c.put("threshold_", x -> one(Torch.threshold_(x[0].mul(1.0), 0.1, -2.0)));
        c.put("grid_sampler_bilinear_zeros", x -> one(Torch.gridSampler(x[0], x[1], 0, 0, false)));
        c.put("grid_sampler_2d_nearest_border", x -> one(Torch.gridSampler2d(x[0], x[1], 1, 1, true)));
        c.put("grid_sampler_reflection_aligned", x -> one(Torch.gridSampler(x[0], x[1], 0, 2, true)));
        c.put("affine_grid_generator", x -> one(Torch.affineGridGenerator(x[0], new long[] {2, 3, 4, 5}, false)));
        c.put("native_layer_norm", x -> Torch.nativeLayerNorm(x[0], new long[] {3, 4}, x[1], x[2], 1e-5));
        c.put("native_batch_norm_train", x -> Torch.nativeBatchNorm(x[0], x[1], x[2], null, null, true, 0.1, 1e-5));
        c.put("native_batch_norm_eval", x -> Torch.nativeBatchNorm(x[0], x[1], x[2], x[3].detach(), x[4].detach(), false, 0.1, 1e-5));
        c.put("native_group_norm", x -> Torch.nativeGroupNorm(x[0], x[1], x[2], 2, 6, 4, 3, 1e-5));
        c.put("native_dropout_eval", x -> Torch.nativeDropout(x[0], 0.3, false));
        c.put("batch_norm_update_stats", x -> {
            Tensor rm = Torch.zeros(Size.of(3), Torch.dtype(DType.FLOAT64)), rv = Torch.ones(Size.of(3), Torch.dtype(DType.FLOAT64));
            Tensor[] s = Torch.batchNormUpdateStats(x[0], rm, rv, 0.2);
            return new Tensor[] {s[0], s[1], rm, rv};
        });
        c.put("sync_bn", x -> one(Functional.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5)));
        c.put("frobenius_norm", x -> one(Torch.frobeniusNorm(x[0], new long[] {1, 2}, false)));
        c.put("frobenius_norm_keepdim", x -> one(Torch.frobeniusNorm(x[0], new long[] {0}, true)));
        c.put("norm_except_dim_0", x -> one(Torch.normExceptDim(x[0], 2, 0)));
        c.put("norm_except_dim_1_p3", x -> one(Torch.normExceptDim(x[0], 3, 1)));
        c.put("norm_except_dim_last", x -> one(Torch.normExceptDim(x[0], 2, 2)));
        c.put("norm_except_dim_all", x -> one(Torch.normExceptDim(x[0], 2, -1)));
        c.put("lstm_2l_bi", x -> Torch.lstm(x[0], new Tensor[] {x[1], x[2]}, tail(x, 3), true, 2, 0.0, true, true, false));
        c.put("lstm_proj_batch_first", x -> Torch.lstm(x[0], new Tensor[] {x[1], x[2]}, tail(x, 3), false, 1, 0.0, false, false, true));
        c.put("gru_2l", x -> Torch.gru(x[0], x[1], tail(x, 2), true, 2, 0.0, true, false, false));
        c.put("rnn_tanh_bi", x -> Torch.rnnTanh(x[0], x[1], tail(x, 2), true, 1, 0.0, false, true, true));
        c.put("rnn_relu", x -> Torch.rnnRelu(x[0], x[1], tail(x, 2), false, 1, 0.0, false, false, false));
        c.put("lstm_cell", x -> Torch.lstmCell(x[0], new Tensor[] {x[1], x[2]}, x[3], x[4], x[5], x[6]));
        c.put("gru_cell", x -> one(Torch.gruCell(x[0], x[1], x[2], x[3], x[4], x[5])));
        c.put("rnn_tanh_cell", x -> one(Torch.rnnTanhCell(x[0], x[1], x[2], x[3], null, null)));
        c.put("rnn_relu_cell", x -> one(Torch.rnnReluCell(x[0], x[1], x[2], x[3], x[4], x[5])));
        for (String red : new String[] {"sum", "mean", "max", "min", "prod"}) c.put("segment_" + red, x -> one(Torch.segmentReduce(x[0], red, x[1])));
        c.put("segment_max_initial", x -> one(Torch.segmentReduce(x[0], "max", x[1], null, null, 0, false, 0.5)));
        c.put("segment_mean_initial", x -> one(Torch.segmentReduce(x[0], "mean", x[1], null, null, 0, false, 2.0)));
        c.put("segment_offsets", x -> one(Torch.segmentReduce(x[0], "sum", null, null, x[1], 0, false, null)));
        c.put("segment_axis1", x -> one(Torch.segmentReduce(x[0], "sum", x[1], null, null, 1, false, null)));
        // 1e-7: PyTorch's CeluBackward0/EluBackward0 are ~1e-8 off the exact derivative (w * exp(x / alpha)) that torch4j computes
        WeightedGoldens.check("nn_forms", c, 1e-7, 1e-9);
    }

    /**
     * SyncBatchNorm on one process: batch_norm_stats, gather (one process), elemt give F.batch_norm's training output,
     * and backward_reduce plus backward_elemt its gradients (grad_out = the golden's weights).
     */
    @Test
    void syncBatchNormBuildingBlocksRebuildBatchNorm() {
        JsonObject c = Golden.cases("nn_forms").stream().filter(j -> j.get("fn").getAsString().equals("sync_bn")).findFirst().orElseThrow();
        Tensor[] in = Golden.inputs(c);
        Tensor x = in[0].detach(), w = in[1].detach(), b = in[2].detach();
        double eps = 1e-5;
        Tensor[] local = Torch.batchNormStats(x, eps);
        long count = x.numel() / x.size(1);
        Tensor rm = Torch.zeros(Size.of(3), Torch.dtype(DType.FLOAT64)), rv = Torch.ones(Size.of(3), Torch.dtype(DType.FLOAT64));
        Tensor[] global = Torch.batchNormGatherStats(x, local[0].unsqueeze(0), local[1].unsqueeze(0), rm, rv, 0.1, eps, count);
        Tensor y = Torch.batchNormElemt(x, w, b, global[0], global[1], eps);
        Golden.assertClose(Golden.tensor(c.getAsJsonArray("outputs").get(0).getAsJsonObject()), y, 1e-10, 1e-10, "forward");
        Golden.assertClose(x.mean(new long[] {0, 2}, false).mul(0.1), rm, 1e-12, 1e-12, "running mean");
        Golden.assertClose(x.var(new long[] {0, 2}, true, false).mul(0.1).add(0.9), rv, 1e-12, 1e-12, "running var (unbiased)");

        Tensor dy = Golden.tensor(c.getAsJsonArray("w").get(0).getAsJsonObject());
        Tensor[] red = Torch.batchNormBackwardReduce(dy, x, global[0], global[1], w, true, true, true);
        Tensor counts = Torch.fromArray(new long[] {count}).to(DType.INT32);
        Tensor dx = Torch.batchNormBackwardElemt(dy, x, global[0], global[1], w, red[0], red[1], counts);
        var grads = c.getAsJsonArray("grads");
        Golden.assertClose(Golden.tensor(grads.get(0).getAsJsonObject()), dx, 1e-10, 1e-10, "grad input");
        Golden.assertClose(Golden.tensor(grads.get(1).getAsJsonObject()), red[2], 1e-10, 1e-10, "grad weight");
        Golden.assertClose(Golden.tensor(grads.get(2).getAsJsonObject()), red[3], 1e-10, 1e-10, "grad bias");
        Tensor[] none = Torch.batchNormBackwardReduce(dy, x, global[0], global[1], w, false, false, true);
        assertNull(none[0]);
        assertNull(none[2]);

        // two "processes" holding halves of the batch gather to the whole batch's statistics
        Tensor[] a = Torch.batchNormStats(x.narrow(0, 0, 1), eps), z = Torch.batchNormStats(x.narrow(0, 1, 3), eps);
        Tensor[] merged = Torch.batchNormGatherStatsWithCounts(x, Torch.stack(new Tensor[] {a[0], z[0]}, 0),
                Torch.stack(new Tensor[] {a[1], z[1]}, 0), null, null, 0.1, eps, Torch.fromArray(new double[] {5, 15}));
        Golden.assertClose(global[0], merged[0], 1e-12, 1e-12, "merged mean");
        Golden.assertClose(global[1], merged[1], 1e-10, 1e-10, "merged invstd");
    }

    @Test
    void featureAndNativeDropout() {
        Torch.manualSeed(5);
        Tensor x = Torch.ones(Size.of(4, 6, 5), Torch.dtype(DType.FLOAT64));
        Tensor y = Torch.featureDropout(x, 0.5, true);
        Tensor perChannel = y.amax(new long[] {2}, false), perChannelMin = y.amin(new long[] {2}, false);
        Golden.assertExact(perChannel, perChannelMin, "whole channels kept or dropped");
        assertTrue(y.eq(0.0).any().itemBool() && y.eq(2.0).any().itemBool(), "kept channels scaled by 1 / (1 - p)");
        Golden.assertExact(x, Torch.featureDropout(x, 0.5, false), "eval: identity");
        assertEquals("Feature dropout requires at least 2 dimensions in the input",
                assertThrows(IllegalArgumentException.class, () -> Torch.featureDropout(Torch.ones(3), 0.5, true)).getMessage());
        Tensor z = x.clone();
        assertTrue(Torch.featureDropout_(z, 1.0, true) == z && z.eq(0.0).all().itemBool());
        Tensor d = x.clone();
        assertTrue(Torch.dropout_(d, 1.0, true) == d && d.eq(0.0).all().itemBool());
        assertTrue(Torch.alphaDropout_(d, 0.5, false) == d && Torch.featureAlphaDropout_(d, 0.5, false) == d);

        Tensor[] nd = Torch.nativeDropout(x, 0.25, true);
        assertEquals(DType.BOOL, nd[1].dtype());
        Golden.assertClose(Torch.where(nd[1], Torch.full(new long[0], 1 / 0.75, Torch.dtype(DType.FLOAT64)), Torch.zeros(Size.of(), Torch.dtype(DType.FLOAT64))), nd[0],
                1e-15, 0, "kept elements scaled, the rest 0");
        Golden.assertExact(Torch.nativeNorm(x), x.norm(), "native_norm");
        Golden.assertExact(Torch.nativeNorm(x, 3, new long[] {1}, true, null), x.norm(3, new long[] {1}, true), "native_norm dims");
    }

    @Test
    void pyTorchsErrors() {
        Tensor d = Torch.arange(12).to(DType.FLOAT64).reshape(6, 2);
        Map<String, Runnable> calls = new HashMap<>();
        String[][] expected = {
            {"lengths contains negative value!", "neg"},
            {"segment_reduce(): Expected all rows of lengths along axis to sum to data.size(lengths.dim()-1) when !unsafe.", "sum"},
            {"segment_reduce(): Expected axis to be the last dimension of lengths but got 1.", "axis"},
            {"unsupported reduction given! foo", "foo"},
            {"segment_reduce(): indices based reduction is not supported yet.", "indices"},
            {"segment_reduce(): Either lengths or offsets must be defined.", "none"},
            {"grid_sampler(): expected 4D input and grid with same number of dimensions, but got input with sizes [2, 3, 4, 5, 6] and "
                    + "grid with sizes [2, 3, 3, 2, 3]", "grid"},
            {"grid_sampler(): expected grid to have size 3 in last dimension, but got grid with sizes [2, 3, 3, 2]", "grid_last"},
        };
        calls.put("neg", () -> Torch.segmentReduce(d, "sum", Torch.fromArray(new long[] {2, -1, 5})));
        calls.put("sum", () -> Torch.segmentReduce(d, "sum", Torch.fromArray(new long[] {2, 3})));
        calls.put("axis", () -> Torch.segmentReduce(d, "sum", Torch.fromArray(new long[] {2, 4}), null, null, 1, false, null));
        calls.put("foo", () -> Torch.segmentReduce(d, "foo", Torch.fromArray(new long[] {2, 4})));
        calls.put("indices", () -> Torch.segmentReduce(d, "sum", null, Torch.fromArray(new long[] {2, 4}), null, 0, false, null));
        calls.put("none", () -> Torch.segmentReduce(d, "sum", null, null, null, 0, false, null));
        calls.put("grid", () -> Torch.gridSampler2d(Torch.randn(2, 3, 4, 5, 6), Torch.randn(2, 3, 3, 2, 3), 0, 0, false));
        calls.put("grid_last", () -> Torch.gridSampler2d(Torch.randn(2, 3, 4, 5, 6), Torch.randn(2, 3, 3, 2), 0, 0, false));
        for (String[] e : expected) {
            assertEquals(e[0], assertThrows(IllegalArgumentException.class, calls.get(e[1])::run, e[1]).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Torch.gridSampler(Torch.randn(1, 1, 2, 2), Torch.randn(1, 2, 2, 2), 5, 0, false));
        assertEquals("3 is not a valid value for reduction",
                assertThrows(IllegalArgumentException.class, () -> Torch.klDiv(d, d, 3, false)).getMessage());
        assertArrayEquals(new long[] {3}, Torch.segmentReduce(d, "sum", Torch.fromArray(new long[] {2, 0, 4})).select(1, 0).shapeArray());
    }
}
