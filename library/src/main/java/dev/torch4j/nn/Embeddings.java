package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;
import dev.torch4j.core.Warnings;
import java.util.Arrays;

/** {@code F.embedding} with PyTorch's options: the lookup, {@code max_norm}'s in-place renorm, frequency scaling. */
final class Embeddings {
    private Embeddings() {}

    static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx, Double maxNorm, double normType,
                            boolean scaleGradByFreq, boolean sparse) {
        if (input.dtype() != DType.INT64 && input.dtype() != DType.INT32) {
            throw new IllegalArgumentException("embedding: Expected tensor for argument #1 'indices' to have one of the following "
                    + "scalar types: Long, Int; but got " + Py.typename(input) + " instead (while checking arguments for embedding)");
        }
        if (weight.dim() != 2) throw new IllegalArgumentException("embedding: 'weight' must be 2-D, got shape " + Shapes.str(weight.shapeArray()));
        long rows = weight.size(0), dim = weight.size(1);
        Long pad = paddingIdx;
        if (pad != null) {
            if (pad >= rows || pad < -rows) throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
            if (pad < 0) pad += rows;
        }
        if (sparse) {
            Warnings.warnOnce("dev.torch4j.nn", "embedding-sparse", "embedding: sparse=True gives a dense gradient in torch4j "
                    + "(no sparse gradients); its values are those of PyTorch's sparse gradient");
        }
        // PyTorch's IndexError on the CPU; on CUDA index_select's kernel refuses the value (negative ones too) and reports
        // it at the next synchronisation, as a host check here would synchronise every call
        if (input.device().isCpu()) {
            for (long v : input.toLongArray()) if (v < 0 || v >= rows) throw new IndexOutOfBoundsException("index out of range in self");
        }
        if (maxNorm != null) renorm_(weight, input, maxNorm, normType);
        Tensor idx = input.reshape(-1);
        long[] outShape = Arrays.copyOf(input.shapeArray(), input.dim() + 1);
        outShape[input.dim()] = dim;
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = weight.indexSelect(0, idx).view(outShape);
        }
        if (!Graph.isRecording(weight)) return out;
        final Long padIdx = pad;
        FnNode n = Graph.node("EmbeddingBackward0", weight);
        long[] wShape = weight.shapeArray();
        n.backward(gs -> {
            Tensor g = gs[0].reshape(-1, dim);
            if (padIdx != null) g = g.maskedFill(idx.eq(padIdx).unsqueeze(1), 0.0);
            if (scaleGradByFreq) g = g.mul(frequencyScale(idx, wShape[0], g).unsqueeze(1));
            Tensor zeros = Torch.zeros(Torch.shape(wShape), Torch.dtype(g.dtype()).device(g.device()));
            return new Tensor[] {zeros.indexAdd(0, idx, g)};
        });
        return n.output(out);
    }

    /** 1 / (occurrences of each position's index in {@code idx}), in the gradient's dtype (PyTorch's per-row scale). */
    private static Tensor frequencyScale(Tensor idx, long rows, Tensor like) {
        try (var g = GradMode.noGrad()) {
            Tensor l = idx.to(DType.INT64);
            Tensor counts = Torch.zeros(Torch.shape(rows), Torch.dtype(DType.FLOAT64).device(l.device()))
                    .indexAdd(0, l, Torch.ones(Torch.shape(l.numel()), Torch.dtype(DType.FLOAT64).device(l.device())));
            return counts.indexSelect(0, l).reciprocal().to(like.dtype());
        }
    }

    /**
     * {@code torch.embedding_renorm_(weight, indices, max_norm, norm_type)}: each distinct row named in
     * {@code indices} whose norm exceeds {@code maxNorm} is multiplied by {@code maxNorm / (norm + 1e-7)}, in place
     * and outside autograd, in ascending row order as PyTorch's kernel.
     */
    static Tensor renorm_(Tensor weight, Tensor indices, double maxNorm, double normType) {
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("embedding_renorm_: Expected tensor for argument #2 'indices' to have one of the "
                    + "following scalar types: Long, Int; but got " + Py.typename(indices) + " instead");
        }
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding_renorm_: Expected 2-dimensional tensor, but got " + weight.dim()
                    + "-dimensional tensor for argument #1 'self'");
        }
        try (var g = GradMode.noGrad()) {
            long[] sorted = indices.cpu().to(DType.INT64).contiguous().toLongArray();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                if (i > 0 && sorted[i] == sorted[i - 1]) continue;
                Tensor row = weight.select(0, sorted[i]);
                double norm = row.norm(normType).item();
                if (norm > maxNorm) row.mul_(maxNorm / (norm + 1e-7));
            }
        }
        return weight;
    }
}
