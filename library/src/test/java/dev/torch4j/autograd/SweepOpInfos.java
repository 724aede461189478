package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;
import java.util.List;

import static dev.torch4j.autograd.OpInfo.constant;
import static dev.torch4j.autograd.OpInfo.idx;
import static dev.torch4j.autograd.OpInfo.pos;
import static dev.torch4j.autograd.OpInfo.r;
import static dev.torch4j.autograd.OpInfos.op;
import static dev.torch4j.autograd.OpInfos.opMulti;

/**
 * Op-table entries and list places of the sweep's additions: torch.fill; the native_* norms, norm_except_dim,
 * segment_reduce, torch.convolution, SyncBatchNorm's building blocks and the recurrences over flat parameters (their
 * own compositions, so gradchecked here); the torch.* names that only forward to an F function (ALIAS: NnFormsTest
 * checks them against PyTorch); frombuffer and friends (NOT_DIFFERENTIABLE).
 */
final class SweepOpInfos {
    private SweepOpInfos() {}

    static void all(List<OpInfo> t) {
        lists();
        op(t, "fill", "", x -> Torch.fill(x[0], 0.5)).sample(r(3, 4)).sample(r());
        op(t, "fill", "tensor", x -> Torch.fill(x[0], x[1])).sample(r(3, 4), r()).sample(r(2), r());
        norms(t);
        batchNormBlocks(t);
        recurrences(t);
        Tensor lengths = idx(new long[] {2, 0, 3}, 3); // an empty segment: initial 0.25 (a NaN mean would defeat gradcheck)
        for (String red : List.of("sum", "mean", "max", "min", "prod")) {
            op(t, "segmentReduce", red, x -> Torch.segmentReduce(x[0], red, x[1], null, null, 0, false, 0.25))
                    .sample(r(5, 2), lengths).sample(r(5), lengths);
        }
        op(t, "segmentReduce", "axis1", x -> Torch.segmentReduce(x[0], "sum", x[1], null, null, 1, false, null))
                .sample(r(2, 4, 2), idx(new long[] {1, 3, 4, 0}, 2, 2));
        op(t, "convolution", "1d", x -> Torch.convolution(x[0], x[1], x[2], new long[] {2}, new long[] {1}, new long[] {1}, false,
                new long[] {0}, 1)).sample(r(2, 2, 5), r(3, 2, 2), r(3));
        op(t, "convolution", "transposed", x -> Torch.convolution(x[0], x[1], null, new long[] {2, 1}, new long[] {0, 1},
                new long[] {1, 1}, true, new long[] {1, 0}, 1)).sample(r(1, 2, 2, 3), r(2, 1, 2, 2));
    }

    private static void lists() {
        for (String n : List.of("frombuffer", "fromFile", "newEmptyStrided")) {
            OpInfos.NOT_DIFFERENTIABLE.put(n, "creation: no tensor inputs to differentiate");
        }
        OpInfos.NOT_DIFFERENTIABLE.put("map2_", "a Java callback per element, which PyTorch does not differentiate either");
        OpInfos.ALIAS.put("unsafeSplitWithSizes", "split with a list of sizes");
        for (String n : List.of("klDiv", "ctcLoss", "cosineEmbeddingLoss", "hingeEmbeddingLoss", "marginRankingLoss", "poissonNllLoss",
                "tripletMarginLoss", "binaryCrossEntropyWithLogits", "adaptiveMaxPool1d", "maxPool1dWithIndices", "gridSampler",
                "gridSampler2d", "affineGridGenerator", "frobeniusNorm", "nativeNorm")) {
            OpInfos.ALIAS.put(n, "the torch.* name of an F function or norm (NnFormsTest checks values and gradients against PyTorch)");
        }
        for (String n : List.of("dropout_", "alphaDropout_", "featureAlphaDropout_", "featureDropout_", "celu_", "selu_", "rrelu_",
                "threshold_")) {
            OpInfos.ALIAS.put(n, "the in-place form (InplaceForms) of the F function (NnFormsTest)");
        }
        OpInfos.ALIAS.put("featureDropout", "dropout's noise over (N, C, 1, ...) times the input (NnFormsTest)");
        OpInfos.ALIAS.put("nativeDropout", "dropout's noise times the input, and its mask (NnFormsTest)");
    }

    private static void norms(List<OpInfo> t) {
        opMulti(t, "nativeLayerNorm", "", x -> Arrays.copyOf(Torch.nativeLayerNorm(x[0], new long[] {3}, x[1], x[2], 1e-5), 1))
                .sample(r(2, 3), r(3), r(3));
        opMulti(t, "nativeGroupNorm", "", x -> Torch.nativeGroupNorm(x[0], x[1], x[2], 2, 4, 3, 2, 1e-5)).sample(r(2, 4, 3), r(4), r(4));
        opMulti(t, "nativeBatchNorm", "train", x -> Arrays.copyOf(Torch.nativeBatchNorm(x[0], x[1], x[2], null, null, true, 0.1, 1e-5), 1))
                .sample(r(3, 2, 2), r(2), r(2));
        op(t, "normExceptDim", "", x -> Torch.normExceptDim(x[0], 2, 1)).sample(r(2, 3, 2));
        op(t, "normExceptDim", "all", x -> Torch.normExceptDim(x[0], 3, -1)).sample(r(2, 3));
        op(t, "normExceptDim", "default", x -> Torch.normExceptDim(x[0])).sample(r(3, 2));
    }

    private static void batchNormBlocks(List<OpInfo> t) {
        opMulti(t, "batchNormStats", "", x -> Torch.batchNormStats(x[0], 1e-5)).sample(r(3, 2, 2));
        op(t, "batchNormElemt", "", x -> Torch.batchNormElemt(x[0], x[1], x[2], x[3], x[4], 1e-5))
                .sample(r(2, 3, 2), r(3), r(3), r(3), pos(3));
        opMulti(t, "batchNormGatherStatsWithCounts", "", x -> Torch.batchNormGatherStatsWithCounts(x[0], x[1], x[2], null, null, 0.1,
                1e-5, constant(Torch.fromArray(new double[] {4, 6})))).sample(constant(Torch.zeros(4, 3, 2)), r(2, 3), pos(2, 3));
        opMulti(t, "batchNormGatherStats", "", x -> Torch.batchNormGatherStats(x[0], x[1], x[2], null, null, 0.1, 1e-5, 5))
                .sample(constant(Torch.zeros(4, 3, 2)), r(2, 3), pos(2, 3));
        opMulti(t, "batchNormBackwardReduce", "", x -> Torch.batchNormBackwardReduce(x[0], x[1], x[2], x[3], x[4], true, true, true))
                .sample(r(2, 3, 2), r(2, 3, 2), r(3), pos(3), r(3));
        op(t, "batchNormBackwardElemt", "", x -> Torch.batchNormBackwardElemt(x[0], x[1], x[2], x[3], x[4], x[5], x[6],
                constant(Torch.fromArray(new long[] {4})))).sample(r(2, 3, 2), r(2, 3, 2), r(3), pos(3), r(3), r(3), r(3));
        opMulti(t, "batchNormUpdateStats", "", x -> Torch.batchNormUpdateStats(x[0], null, null, 0.1)).sample(r(3, 2, 2));
    }

    private static void recurrences(List<OpInfo> t) {
        long h = 2, i = 2;
        opMulti(t, "lstm", "", x -> Torch.lstm(x[0], new Tensor[] {x[1], x[2]}, Arrays.copyOfRange(x, 3, 7), true, 1, 0, false, false,
                false)).sample(r(3, 1, i), r(1, 1, h), r(1, 1, h), r(4 * h, i), r(4 * h, h), r(4 * h), r(4 * h));
        opMulti(t, "gru", "", x -> Torch.gru(x[0], x[1], Arrays.copyOfRange(x, 2, 6), false, 1, 0, false, true, true))
                .sample(r(1, 2, i), r(2, 1, h), r(3 * h, i), r(3 * h, h), r(3 * h, i), r(3 * h, h));
        opMulti(t, "rnnTanh", "", x -> Torch.rnnTanh(x[0], x[1], Arrays.copyOfRange(x, 2, 6), true, 1, 0, false, false, false))
                .sample(r(2, 1, i), r(1, 1, h), r(h, i), r(h, h), r(h), r(h));
        opMulti(t, "rnnRelu", "", x -> Torch.rnnRelu(x[0], x[1], Arrays.copyOfRange(x, 2, 4), false, 1, 0, false, false, false))
                .sample(r(2, 1, i), r(1, 1, h), r(h, i), r(h, h));
        opMulti(t, "lstmCell", "", x -> Torch.lstmCell(x[0], new Tensor[] {x[1], x[2]}, x[3], x[4], x[5], x[6]))
                .sample(r(2, i), r(2, h), r(2, h), r(4 * h, i), r(4 * h, h), r(4 * h), r(4 * h));
        op(t, "gruCell", "", x -> Torch.gruCell(x[0], x[1], x[2], x[3], x[4], x[5])).sample(r(2, i), r(2, h), r(3 * h, i), r(3 * h, h), r(3 * h), r(3 * h));
        op(t, "rnnTanhCell", "", x -> Torch.rnnTanhCell(x[0], x[1], x[2], x[3], null, null)).sample(r(i), r(h), r(h, i), r(h, h));
        op(t, "rnnReluCell", "", x -> Torch.rnnReluCell(x[0], x[1], x[2], x[3], x[4], x[5])).sample(r(2, i), r(2, h), r(h, i), r(h, h), r(h), r(h));
    }
}
