package dev.torch4j.ao.nn.qat;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.qat.EmbeddingBag} (printed {@code EmbeddingBag}): an EmbeddingBag whose weight passes through its
 * {@code weight_fake_quant} child on every forward, as {@link Embedding}'s; {@code convert} turns it into a quantized
 * EmbeddingBag (whose forward sums whatever the mode, as PyTorch's).
 */
public class EmbeddingBag extends dev.torch4j.nn.EmbeddingBag {
    /**
     * {@code EmbeddingBag(num, dim, max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset,
     * padding_idx, qconfig=qconfig)}.
     */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, Double maxNorm, double normType, boolean scaleGradByFreq, String mode,
                        boolean sparse, boolean includeLastOffset, Long paddingIdx, QConfig qconfig) {
        super(numEmbeddings, embeddingDim, maxNorm, normType, scaleGradByFreq, mode, sparse, includeLastOffset, paddingIdx, TensorOptions.DEFAULT);
        Embedding.checkQconfig(qconfig, "Embedding Bag");
        QuantizeStatic.setQconfig(this, qconfig);
        registerModule("weight_fake_quant", qconfig.weight().get());
    }

    /** {@code EmbeddingBag(num, dim, mode=mode, qconfig=qconfig)}. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode, QConfig qconfig) {
        this(numEmbeddings, embeddingDim, null, 2.0, false, mode, false, false, null, qconfig);
    }

    /** {@code EmbeddingBag.from_float(mod)}: for an {@code nn.EmbeddingBag} with a qconfig; shares its weight. */
    public static EmbeddingBag fromFloat(Module mod) {
        QConfig q = Embedding.floatQconfig(mod, dev.torch4j.nn.EmbeddingBag.class, "EmbeddingBag", "Embedding Bag");
        var e = (dev.torch4j.nn.EmbeddingBag) mod;
        var qat = new EmbeddingBag(e.numEmbeddings, e.embeddingDim, e.maxNorm, e.normType, e.scaleGradByFreq, e.mode, e.sparse,
                e.includeLastOffset, e.paddingIdx, q);
        qat.weight = e.weight;
        return qat;
    }

    /** {@code to_float()}: an {@code nn.EmbeddingBag} whose weight is this one's, detached (values shared), in this module's mode. */
    public dev.torch4j.nn.EmbeddingBag toFloat() {
        var e = new dev.torch4j.nn.EmbeddingBag(numEmbeddings, embeddingDim, maxNorm, normType, scaleGradByFreq, mode, sparse,
                includeLastOffset, paddingIdx, TensorOptions.DEFAULT);
        e.weight = dev.torch4j.nn.Parameter.of(weight.detach());
        e.train(isTraining());
        return e;
    }

    /** {@code weight_fake_quant(weight)}. */
    public Tensor fakeQuantWeight() { return getSubmodule("weight_fake_quant").call(weight); }

    @Override
    public Tensor forward(Tensor input) { return forward(input, null, null); }

    @Override
    public Tensor forward(Tensor input, Tensor offsets) { return forward(input, offsets, null); }

    /** {@code forward(input, offsets, per_sample_weights)}; offsets null for a 2-d input, weights null for none. */
    public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
        return Functional.embeddingBag(input, fakeQuantWeight(), offsets, maxNorm, normType, scaleGradByFreq, mode, sparse,
                perSampleWeights, includeLastOffset, paddingIdx);
    }

    @Override
    public Tensor forward(Tensor... in) {
        return switch (in.length) {
            case 1 -> forward(in[0]);
            case 2 -> forward(in[0], in[1]);
            case 3 -> forward(in[0], in[1], in[2]);
            default -> throw new IllegalArgumentException("EmbeddingBag.forward takes 1 to 3 tensors, got " + in.length);
        };
    }

    @Override
    public String className() { return "EmbeddingBag"; }
}
