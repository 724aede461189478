package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The less common layers against PyTorch (scripts/goldens/extra_layers_goldens.py): values, gradients, reprs. */
class ExtraLayersTest {
    private static final Map<String, Function<Tensor[], Tensor>> CALLS = new HashMap<>();

    static {
        CALLS.put("local_response_norm", x -> Functional.localResponseNorm(x[0], 3));
        CALLS.put("local_response_norm_3d", x -> Functional.localResponseNorm(x[0], 2, 0.01, 0.5, 2.0));
        CALLS.put("lp_pool2d", x -> new LPPool2d(2, 2).call(x[0]));
        CALLS.put("lp_pool2d_stride_ceil", x -> Functional.lpPool2d(x[0], 1.5, new long[] {2, 3}, new long[] {1}, true));
        CALLS.put("lp_pool1d", x -> new LPPool1d(3, 2).call(x[0]));
        CALLS.put("max_unpool2d", x -> new MaxUnpool2d(2).call(x[0], x[1]));
        CALLS.put("max_unpool2d_output_size", x -> new MaxUnpool2d(2).forward(x[0], x[1], new long[] {5, 5}));
        CALLS.put("alpha_dropout", x -> Functional.alphaDropout(x[0], 0.3, true));
        CALLS.put("feature_alpha_dropout", x -> new FeatureAlphaDropout(0.4).call(x[0]));
        CALLS.put("alpha_dropout_eval", x -> new AlphaDropout(0.3).eval().call(x[0]));
        CALLS.put("channel_shuffle", x -> new ChannelShuffle(2).call(x[0]));
        CALLS.put("adaptive_max_pool1d", x -> new AdaptiveMaxPool1d(3).call(x[0]));
        CALLS.put("triplet_with_distance", x -> new TripletMarginWithDistanceLoss().call(x[0], x[1], x[2]));
        CALLS.put("max_unpool1d", x -> new MaxUnpool1d(2).call(x[0], x[1]));
        CALLS.put("max_unpool3d", x -> Functional.maxUnpool3d(x[0], x[1], new long[] {2}, null, new long[] {0}, null));
        CALLS.put("gumbel_softmax", x -> Functional.gumbelSoftmax(x[0], 0.5, false, -1));
        CALLS.put("gumbel_softmax_hard", x -> Functional.gumbelSoftmax(x[0], 1.0, true, 0));
        CALLS.put("rrelu_train", x -> Functional.rrelu(x[0], 0.1, 0.3, true));
        CALLS.put("rrelu_train_f32", x -> new RReLU().call(x[0]));
        CALLS.put("rrelu_eval", x -> Functional.rrelu(x[0]));
        CALLS.put("rrelu_module_inplace_train", x -> {
            Tensor y = x[0].mul(1);
            Tensor out = new RReLU(0.1, 0.3, true).call(y);
            assertSame(y, out, "inplace RReLU returns its input");
            return out;
        });
        CALLS.put("pdist", x -> Functional.pdist(x[0]));
        CALLS.put("pdist_p1", x -> Functional.pdist(x[0], 1));
        CALLS.put("pdist_repeated_rows", x -> Functional.pdist(x[0]));
        CALLS.put("triplet_with_cosine_swap", x -> Functional.tripletMarginWithDistanceLoss(x[0], x[1], x[2],
                (u, v) -> Functional.cosineSimilarity(u, v).neg().add(1), 0.5, true, Reduction.SUM));
    }

    @Test
    void matchPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("extra_layers")) {
            String name = c.get("name").getAsString();
            if (name.equals("repr")) continue;
            boolean grad = c.has("grads");
            Tensor[] x = Golden.inputs(c);
            if (!c.get("seed").isJsonNull()) manualSeed(c.get("seed").getAsLong());
            Tensor out = CALLS.get(name).apply(x);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), out.detach(), 1e-12, 1e-12, name);
            if (grad) {
                out.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
                JsonArray grads = c.getAsJsonArray("grads");
                for (int i = 0; i < x.length; i++) {
                    if (grads.get(i).isJsonNull()) continue;
                    Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), x[i].grad(), 1e-12, 1e-12, name + " grad " + i);
                }
            }
            n++;
        }
        assertEquals(CALLS.size(), n);
    }

    @Test
    void reprsArePyTorchs() {
        JsonArray want = Golden.cases("extra_layers").getLast().getAsJsonArray("reprs");
        List<Module> modules = List.of(new LocalResponseNorm(2), new LPPool2d(2, 2), new LPPool2d(1.5, new long[] {2, 3}, new long[] {1}, true),
                new LPPool1d(3, 2), new MaxUnpool2d(2), new MaxUnpool2d(new long[] {2, 3}, new long[] {1}, new long[] {1}), new AlphaDropout(0.2),
                new FeatureAlphaDropout(), new ChannelShuffle(2), new AdaptiveMaxPool1d(3), new TripletMarginWithDistanceLoss(),
                new Unfold(2), new Unfold(new long[] {2, 3}, new long[] {2}, new long[] {1}, new long[] {1, 2}), new Fold(new long[] {4, 5}, 2),
                new MaxUnpool1d(2), new MaxUnpool3d(new long[] {2}, new long[] {1}, new long[] {0}), new RReLU(), new RReLU(0.1, 0.3),
                new RReLU(0.2, 0.4, true));
        for (int i = 0; i < modules.size(); i++) assertEquals(want.get(i).getAsString(), modules.get(i).toString());
    }

    @Test
    void gradcheckInFloat64() {
        manualSeed(12);
        Tensor x = rand(shape(1, 4, 4, 5), dtype(dev.torch4j.DType.FLOAT64)).add(0.2).requiresGrad_(true);
        assertTrue(dev.torch4j.autograd.GradCheck.gradcheck(a -> Functional.localResponseNorm(a[0], 3), x), "local_response_norm");
        assertTrue(dev.torch4j.autograd.GradCheck.gradgradcheck(a -> Functional.localResponseNorm(a[0], 3), x), "local_response_norm 2nd");
        assertTrue(dev.torch4j.autograd.GradCheck.gradcheck(a -> Functional.lpPool2d(a[0], 2, new long[] {2}, null, false), x), "lp_pool2d");
        assertTrue(dev.torch4j.autograd.GradCheck.gradcheck(a -> Functional.channelShuffle(a[0], 2), x), "channel_shuffle");
        assertTrue(dev.torch4j.autograd.GradCheck.gradcheck(a -> Functional.adaptiveMaxPool1d(a[0].reshape(1, 4, 20), 6), x), "adaptive_max_pool1d");
        var pooled = Functional.maxPool2dWithIndices(x.detach(), new long[] {2}, null, new long[] {0}, new long[] {1}, false);
        Tensor v = pooled.values().requiresGrad_(true);
        assertTrue(dev.torch4j.autograd.GradCheck.gradcheck(a -> Functional.maxUnpool2d(a[0], pooled.indices(), new long[] {2, 2}, null, null,
                new long[] {4, 5}), v), "max_unpool2d");
        Tensor rows = randn(shape(4, 3), dtype(dev.torch4j.DType.FLOAT64)).requiresGrad_(true);
        assertTrue(dev.torch4j.autograd.GradCheck.gradgradcheck(a -> Functional.pdist(a[0]), rows), "pdist");
        // the random ops reseed inside, so every evaluation draws the same noise
        assertTrue(dev.torch4j.autograd.GradCheck.gradgradcheck(a -> {
            manualSeed(3);
            return Functional.gumbelSoftmax(a[0], 0.7, false, -1);
        }, rows), "gumbel_softmax");
        assertTrue(dev.torch4j.autograd.GradCheck.gradcheck(a -> {
            manualSeed(4);
            return Functional.rrelu(a[0], 0.1, 0.3, true);
        }, rows), "rrelu");
        var p1 = Functional.maxPool1dWithIndices(rows.detach().reshape(1, 2, 6), 2, 2, 0, 1, false);
        Tensor v1 = p1.values().requiresGrad_(true);
        assertTrue(dev.torch4j.autograd.GradCheck.gradcheck(a -> Functional.maxUnpool1d(a[0], p1.indices(), new long[] {2}, null, new long[] {0},
                null), v1), "max_unpool1d");
        Tensor anchor = randn(shape(3, 4), dtype(dev.torch4j.DType.FLOAT64)).requiresGrad_(true);
        Tensor pos = randn(shape(3, 4), dtype(dev.torch4j.DType.FLOAT64)).requiresGrad_(true);
        Tensor neg = randn(shape(3, 4), dtype(dev.torch4j.DType.FLOAT64)).requiresGrad_(true);
        assertTrue(dev.torch4j.autograd.GradCheck.gradcheck(a -> new TripletMarginWithDistanceLoss().call(a[0], a[1], a[2]), anchor, pos, neg),
                "triplet_margin_with_distance_loss");
    }
}
