package dev.torch4j.ao.nn.qat;

import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.FakeQuantize;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.ao.quantization.UniformQuantizationObserverBase;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.qat.Embedding} (printed {@code Embedding}): an Embedding whose weight passes through its
 * {@code weight_fake_quant} child (the qconfig's weight fake quantizer, which must be
 * {@code per_channel_affine_float_qparams}, e.g. {@code Defaults.defaultEmbeddingQatQconfig()}) on every forward;
 * {@code convert} turns it into a quantized Embedding of the fake quantizer's dtype.
 */
public class Embedding extends dev.torch4j.nn.Embedding {
    /**
     * {@code Embedding(num, dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, qconfig=qconfig)}: a
     * fresh {@code weight_fake_quant} from {@code qconfig.weight()}.
     */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, Double maxNorm, double normType,
                     boolean scaleGradByFreq, boolean sparse, QConfig qconfig) {
        super(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse);
        checkQconfig(qconfig, "Embedding");
        QuantizeStatic.setQconfig(this, qconfig);
        registerModule("weight_fake_quant", qconfig.weight().get());
    }

    /** {@code Embedding(num, dim, qconfig=qconfig)}. */
    public Embedding(long numEmbeddings, long embeddingDim, QConfig qconfig) {
        this(numEmbeddings, embeddingDim, null, null, 2.0, false, false, qconfig);
    }

    /** The constructor's checks: a qconfig whose weight quantizer is per_channel_affine_float_qparams. */
    static void checkQconfig(QConfig qconfig, String what) {
        if (qconfig == null) throw new IllegalArgumentException("qconfig must be provided for QAT module");
        checkQscheme(qconfig, what);
    }

    private static void checkQscheme(QConfig qconfig, String what) {
        Module w = qconfig.weight().get();
        QScheme s = w instanceof FakeQuantize f ? f.qscheme : w instanceof UniformQuantizationObserverBase o ? o.qscheme : null;
        if (s != QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS) {
            throw new IllegalArgumentException(what + " weights requires a qscheme of torch.per_channel_affine_float_qparams Got " + s);
        }
    }

    /** {@code from_float}'s checks of the float module's qconfig; returns it. */
    static QConfig floatQconfig(Module mod, Class<?> floatClass, String cls, String what) {
        if (mod.getClass() != floatClass) {
            throw new IllegalArgumentException(" qat." + cls + ".from_float only works for " + floatClass.getSimpleName());
        }
        if (!QuantizeStatic.hasQconfig(mod)) throw new IllegalArgumentException("Input float module must have qconfig defined");
        QConfig q = QuantizeStatic.qconfig(mod);
        if (q == null) throw new IllegalArgumentException("Input float module must have a valid qconfig");
        checkQscheme(q, what);
        return q;
    }

    /**
     * {@code Embedding.from_float(mod)}: for an {@code nn.Embedding} with a qconfig; shares its weight (as PyTorch
     * passes it as {@code _weight}) and copies its options.
     */
    public static Embedding fromFloat(Module mod) {
        QConfig q = floatQconfig(mod, dev.torch4j.nn.Embedding.class, "Embedding", "Embedding");
        var e = (dev.torch4j.nn.Embedding) mod;
        var qat = new Embedding(e.numEmbeddings, e.embeddingDim, e.paddingIdx, e.maxNorm, e.normType, e.scaleGradByFreq, e.sparse, q);
        qat.weight = e.weight;
        return qat;
    }

    /** {@code to_float()}: an {@code nn.Embedding} whose weight is this one's, detached (values shared), in this module's mode. */
    public dev.torch4j.nn.Embedding toFloat() {
        var e = new dev.torch4j.nn.Embedding(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse);
        e.weight = dev.torch4j.nn.Parameter.of(weight.detach());
        e.train(isTraining());
        return e;
    }

    /** {@code weight_fake_quant(weight)}. */
    public Tensor fakeQuantWeight() { return getSubmodule("weight_fake_quant").call(weight); }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.embedding(input, fakeQuantWeight(), paddingIdx, maxNorm, normType, scaleGradByFreq, sparse);
    }

    @Override
    public String className() { return "Embedding"; }
}
