package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.nn.Functional;
import dev.torch4j.testing.Golden;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The top-level {@code torch.*} names of nn functions do what their {@code F.*} functions do, with torch.*'s own
 * argument orders (batch_norm and instance_norm: weight and bias before the running statistics; embedding: the
 * weight first).
 */
class NnFunctionFormsTest {
    private static Tensor r(long... shape) { return Torch.randn(shape).to(DType.FLOAT64); }

    @Test
    void eachFormMatchesItsFunctional() {
        Torch.manualSeed(3);
        Tensor x1 = r(2, 3, 8), x2 = r(2, 3, 6, 6), x3 = r(1, 2, 4, 4, 4), w1 = r(4, 3, 3), w2 = r(4, 3, 3, 3), w3 = r(2, 2, 2, 2, 2);
        Tensor b4 = r(4), wt = r(3, 2, 3), g = r(3), bb = r(3), mean = r(3), var = r(3).abs().add(0.5), emb = r(10, 4);
        Tensor idx = Torch.fromArray(new long[] {1, 0, 9, 1}), rows = r(5, 3), a = r(4, 3), c = r(4, 3);
        long[] one = {1}, two = {2}, zero = {0};
        Map<String, Tensor[]> pairs = new LinkedHashMap<>();
        pairs.put("conv1d", new Tensor[] {Torch.conv1d(x1, w1, b4, two, one, one, 1), Functional.conv1d(x1, w1, b4, two, one, one, 1)});
        pairs.put("conv2d", new Tensor[] {Torch.conv2d(x2, w2, null), Functional.conv2d(x2, w2, null)});
        pairs.put("conv3d", new Tensor[] {Torch.conv3d(x3, w3, null), Functional.conv3d(x3, w3, null)});
        pairs.put("conv_transpose1d", new Tensor[] {Torch.convTranspose1d(x1, wt, null, two, one, one, 1, one),
                Functional.convTranspose1d(x1, wt, null, two, one, one, 1, one)});
        pairs.put("layer_norm", new Tensor[] {Torch.layerNorm(x1, new long[] {8}, null, null, 1e-5), Functional.layerNorm(x1, new long[] {8}, null, null, 1e-5)});
        pairs.put("group_norm", new Tensor[] {Torch.groupNorm(x2, 3, g, bb, 1e-5), Functional.groupNorm(x2, 3, g, bb, 1e-5)});
        pairs.put("batch_norm", new Tensor[] {Torch.batchNorm(x2, g, bb, mean, var, false, 0.1, 1e-5),
                Functional.batchNorm(x2, mean, var, g, bb, false, 0.1, 1e-5)});
        pairs.put("instance_norm", new Tensor[] {Torch.instanceNorm(x2, g, bb, null, null, true, 0.1, 1e-5),
                Functional.instanceNorm(x2, null, null, g, bb, true, 0.1, 1e-5)});
        pairs.put("embedding", new Tensor[] {Torch.embedding(emb, idx), Functional.embedding(idx, emb)});
        pairs.put("embedding padding", new Tensor[] {Torch.embedding(emb, idx, 1), Functional.embedding(idx, emb, 1L)});
        Tensor ps = r(1, 8, 2, 2), bw = r(2, 3, 3);
        pairs.put("pixel_shuffle", new Tensor[] {Torch.pixelShuffle(ps, 2), Functional.pixelShuffle(ps, 2)});
        pairs.put("native_channel_shuffle", new Tensor[] {Torch.nativeChannelShuffle(ps, 4), Functional.nativeChannelShuffle(ps, 4)});
        pairs.put("conv_tbc", new Tensor[] {Torch.convTbc(x1.permute(2, 0, 1), w1, g, 1), Functional.convTbc(x1.permute(2, 0, 1), w1, g, 1)});
        pairs.put("constant_pad_nd", new Tensor[] {Torch.constantPadNd(x1, new long[] {1, 2}, 0.5), Functional.pad(x1, new long[] {1, 2}, "constant", 0.5)});
        pairs.put("cosine_similarity", new Tensor[] {Torch.cosineSimilarity(a, c, 0, 1e-8), Functional.cosineSimilarity(a, c, 0, 1e-8)});
        pairs.put("pairwise_distance", new Tensor[] {Torch.pairwiseDistance(a, c), Functional.pairwiseDistance(a, c)});
        pairs.put("pdist", new Tensor[] {Torch.pdist(rows, 1.5), Functional.pdist(rows, 1.5)});
        pairs.put("selu", new Tensor[] {Torch.selu(a), Functional.selu(a)});
        pairs.put("celu", new Tensor[] {Torch.celu(a, 0.7), Functional.celu(a, 0.7)});
        pairs.put("threshold", new Tensor[] {Torch.threshold(a, 0.1, -2), Functional.threshold(a, 0.1, -2)});
        pairs.put("rrelu eval", new Tensor[] {Torch.rrelu(a), Functional.rrelu(a)});
        pairs.put("max_pool2d", new Tensor[] {Torch.maxPool2d(x2, two, two, zero, one, false), Functional.maxPool2d(x2, two, two, zero, one, false)});
        pairs.put("avg_pool1d", new Tensor[] {Torch.avgPool1d(x1, 3, 2, 1, true, false), Functional.avgPool1d(x1, 3, 2, 1, true, false)});
        pairs.put("adaptive_avg_pool1d", new Tensor[] {Torch.adaptiveAvgPool1d(x1, 3), Functional.adaptiveAvgPool1d(x1, 3)});
        pairs.put("dropout eval", new Tensor[] {Torch.dropout(a, 0.5, false), a});
        pairs.put("bilinear", new Tensor[] {Torch.bilinear(a, c, bw, null), Functional.bilinear(a, c, bw, null)});
        for (var e : pairs.entrySet()) Golden.assertExact(e.getValue()[1], e.getValue()[0], e.getKey());
        Supplier<Tensor> drop = () -> Torch.dropout(r(50), 0.5, true);
        Torch.manualSeed(9);
        Tensor d1 = drop.get();
        Torch.manualSeed(9);
        Tensor x = r(50), d2 = Functional.dropout(x, 0.5, true);
        Golden.assertExact(d2, d1, "dropout train");
        assertTrue(d1.eq(0.0).any().itemBool(), "training dropout zeroes some elements");
    }
}
