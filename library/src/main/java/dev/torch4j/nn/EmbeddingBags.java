package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ops.Nondeterministic;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code F.embedding_bag}: each bag's rows of {@code weight} reduced by sum, mean or max, composed from
 * {@code embedding}, {@code index_add} and (for max) per-bag maxima, so autograd comes with it. Bags are given by
 * offsets into a 1-d input, or are the rows of a 2-d input; rows at {@code padding_idx} are left out of their bag
 * (and of a mean's count); an empty bag gives zeros.
 */
final class EmbeddingBags {
    private EmbeddingBags() {}

    static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, String mode, Tensor perSampleWeights, boolean includeLastOffset,
                               Long paddingIdx) {
        return embeddingBag(input, weight, offsets, null, 2.0, false, mode, false, perSampleWeights, includeLastOffset, paddingIdx);
    }

    /** With {@code max_norm}, {@code norm_type}, {@code scale_grad_by_freq} and {@code sparse}, as {@link Embeddings}. */
    static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, Double maxNorm, double normType, boolean scaleGradByFreq,
                               String mode, boolean sparse, Tensor perSampleWeights, boolean includeLastOffset, Long paddingIdx) {
        if (!mode.equals("sum") && !mode.equals("mean") && !mode.equals("max")) {
            throw new IllegalArgumentException("embedding_bag: mode has to be one of sum, mean or max, got " + mode);
        }
        if (mode.equals("max")) Nondeterministic.backwardOnCuda("embedding_bag_backward_cuda_max", weight);
        if (perSampleWeights != null && !mode.equals("sum")) {
            throw new IllegalArgumentException("embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' "
                    + "(got mode='" + mode + "'). Please open a feature request on GitHub.");
        }
        if (offsets != null && offsets.dtype() != input.dtype()) {   // PyTorch's promoteIndicesAndOffsets
            DType common = Torch.resultType(input, offsets);
            input = input.to(common);
            offsets = offsets.to(common);
        }
        checkArgs(input, weight, offsets, perSampleWeights);
        if (paddingIdx != null) paddingIdx = paddingIndex(paddingIdx, weight.size(0));
        Tensor flat;
        Tensor starts;
        if (input.dim() == 2) {
            if (offsets != null) throw new IllegalArgumentException("embedding_bag: if input is 2D, then offsets has to be None, as input is treated "
                    + "is a mini-batch of fixed length sequences.");
            long b = input.size(0), n = input.size(1);
            flat = input.reshape(-1);
            starts = Torch.arange(0, b * n, Math.max(n, 1));
            if (n == 0) starts = Torch.zeros(Torch.shape(b), Torch.dtype(DType.INT64));
            starts = starts.to(input.device());   // the bag ids follow the offsets' device
            if (perSampleWeights != null) perSampleWeights = perSampleWeights.reshape(-1);
        } else if (input.dim() == 1) {
            if (offsets == null || offsets.dim() != 1) throw new IllegalArgumentException("embedding_bag: offsets has to be a 1D Tensor but got null");
            flat = input;
            starts = offsets.to(DType.INT64);
            if (includeLastOffset) starts = starts.narrow(0, 0, Math.max(starts.size(0) - 1, 0));
        } else {
            throw new IllegalArgumentException("embedding_bag: input has to be 1D or 2D Tensor, but got Tensor of dimension " + input.dim());
        }
        long bags = starts.size(0), total = flat.size(0);
        Tensor ids = bagIds(starts, total);
        if (flat.device().isCpu()) {   // PyTorch's own message, before embedding's (CUDA: index_select's, deferred)
            for (long v : flat.toLongArray()) {
                if (v < 0 || v >= weight.size(0)) {
                    throw new IndexOutOfBoundsException("embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be " + v);
                }
            }
        }
        if (maxNorm != null) Embeddings.renorm_(weight, flat, maxNorm, normType);
        Tensor rows = Embeddings.embedding(flat, weight, null, null, normType, scaleGradByFreq, sparse);
        Tensor keep = paddingIdx == null ? null : flat.ne(paddingIdx);
        if (perSampleWeights != null) rows = rows.mul(perSampleWeights.unsqueeze(1));
        if (keep != null) rows = Torch.where(keep.unsqueeze(1), rows, Torch.zerosLike(rows));
        long d = weight.size(1);
        if (mode.equals("max")) return maxBags(rows, keep, starts, total);
        Tensor sum = Torch.zeros(Torch.shape(bags, d), Torch.dtype(rows.dtype()).device(rows.device())).indexAdd(0, ids, rows);
        if (mode.equals("sum")) return sum;
        Tensor ones = keep == null ? Torch.ones(Torch.shape(total), Torch.dtype(rows.dtype()).device(rows.device())) : keep.to(rows.dtype());
        Tensor counts = Torch.zeros(Torch.shape(bags), Torch.dtype(rows.dtype()).device(rows.device())).indexAdd(0, ids, ones);
        return sum.div(counts.clampMin(1).unsqueeze(1));
    }

    /** PyTorch's argument checks: dtypes of indices, offsets, weight and per-sample weights, and the weights' shape. */
    private static void checkArgs(Tensor input, Tensor weight, Tensor offsets, Tensor perSampleWeights) {
        for (Tensor t : offsets == null ? List.of(input) : List.of(input, offsets)) {
            if (t.dtype() != DType.INT64 && t.dtype() != DType.INT32) {
                throw new IllegalArgumentException("Expected tensor for argument #1 '" + (t == input ? "indices" : "offsets")
                        + "' to have one of the following scalar types: Long, Int; but got " + t.dtype().pyName()
                        + " instead (while checking arguments for embedding_bag)");
            }
        }
        if (weight.dtype() != DType.FLOAT32 && weight.dtype() != DType.FLOAT64 && weight.dtype() != DType.FLOAT16) {
            throw new IllegalArgumentException("Expected tensor for argument #1 'weight' to have one of the following scalar types: "
                    + "Half, Float, Double; but got " + weight.dtype().pyName() + " instead (while checking arguments for embedding_bag)");
        }
        if (perSampleWeights == null) return;
        if (!java.util.Arrays.equals(perSampleWeights.shapeArray(), input.shapeArray())) {
            throw new IllegalArgumentException("embedding_bag: If per_sample_weights (" + Shapes.str(perSampleWeights.shapeArray())
                    + ") is not None, then it must have the same shape as the input (" + Shapes.str(input.shapeArray()) + ")");
        }
        if (perSampleWeights.dtype() != weight.dtype()) {
            throw new IllegalArgumentException("embedding_bag: expected per_sample_weights to have the same dtype as weight ("
                    + weight.dtype().pyName() + "), but got " + perSampleWeights.dtype().pyName());
        }
    }

    /** A padding index within [-num, num), negative ones counted from the end, as PyTorch wraps them. */
    private static long paddingIndex(long idx, long num) {
        if (idx < -num || idx >= num) {
            throw new IllegalArgumentException("padding_idx must be within the number of embeddings, -" + num + " through " + (num - 1)
                    + ", but got " + idx);
        }
        return idx < 0 ? idx + num : idx;
    }

    /** The bag of each input position: how many bag starts after the first lie at or before it. */
    private static Tensor bagIds(Tensor starts, long total) {
        try (var g = GradMode.noGrad()) {
            long bags = starts.size(0);
            long[] s = starts.cpu().toLongArray();
            for (int i = 0; i < s.length; i++) {
                if (s[i] < 0 || s[i] > total || (i > 0 && s[i] < s[i - 1])) {
                    throw new IllegalArgumentException("embedding_bag: offsets must be non-decreasing and within [0, " + total + "], got "
                            + java.util.Arrays.toString(s));
                }
            }
            if (bags > 0 && s[0] != 0) throw new IllegalArgumentException("embedding_bag: offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got " + s[0]);
            long[] ids = new long[(int) total];
            for (int b = 0, i = 0; i < total; i++) {
                while (b + 1 < bags && s[b + 1] <= i) b++;
                ids[i] = b;
            }
            return Torch.fromArray(ids).to(starts.device());
        }
    }

    private static Tensor maxBags(Tensor rows, Tensor keep, Tensor starts, long total) {
        long[] s = starts.cpu().toLongArray();
        boolean[] kept = keep == null ? null : keep.cpu().toBooleanArray();
        List<Tensor> out = new ArrayList<>();
        for (int b = 0; b < s.length; b++) {
            long from = s[b], to = b + 1 < s.length ? s[b + 1] : total;
            List<Long> idx = new ArrayList<>();
            for (long i = from; i < to; i++) if (kept == null || kept[(int) i]) idx.add(i);
            if (idx.isEmpty()) {
                out.add(rows.narrow(0, 0, 0).sum(0));   // zeros that stay in the graph, as PyTorch's output does
            } else {
                Tensor sel = rows.indexSelect(0, Torch.fromArray(idx.stream().mapToLong(Long::longValue).toArray()).to(rows.device()));
                // PyTorch's kernel keeps the first row, then takes a later one only where it is greater: NaN wins only first
                Tensor rest = sel.narrow(0, 1, sel.size(0) - 1);
                rest = rest.maskedFill(rest.isnan(), Double.NEGATIVE_INFINITY);
                out.add(Torch.cat(List.of(sel.narrow(0, 0, 1), rest), 0).max(0).values());
            }
        }
        if (out.isEmpty()) return rows.narrow(0, 0, 0);
        return Torch.stack(out, 0);
    }
}
