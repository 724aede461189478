package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.backend.QuantizedStorage;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * {@code torch.ops.quantized.embedding_byte} / {@code embedding_bag_byte} on a quint8 and {@code embedding_4bit} /
 * {@code embedding_bag_4bit} on a quint4x2 {@code per_channel_affine_float_qparams} weight, with the arithmetic of
 * PyTorch 1.13's CPU kernels without FBGEMM (checked bit for bit): each row packed with a scale and bias
 * {@code zero_point * scale * -1} (float32 for 8 bits, rounded to float16 for 4, as {@code embedding_bag_prepack}
 * stores them); a bag sums its rows as {@code out = fma(w * scale, q, out + w * bias)} in float32 ({@code w} the
 * per-sample weight, or 1). The kernels always sum: the quantized EmbeddingBag passes mode 0 whatever its
 * {@code mode}, as PyTorch's does.
 */
public final class QuantizedEmbedding {
    private QuantizedEmbedding() {}

    /** {@code embedding_byte(weight, indices)}: the rows of 1-d or 2-d {@code indices}, shape {@code indices.shape + [D]}. */
    public static Tensor embeddingByte(Tensor weight, Tensor indices) { return embedding(weight, indices, false); }

    /** {@code embedding_4bit(weight, indices)}: as {@link #embeddingByte} on a quint4x2 weight. */
    public static Tensor embedding4bit(Tensor weight, Tensor indices) { return embedding(weight, indices, true); }

    private static Tensor embedding(Tensor weight, Tensor indices, boolean fourBit) {
        long[] ix = indexArray(indices);
        long[] offsets = new long[ix.length];
        for (int i = 0; i < offsets.length; i++) offsets[i] = i;
        Tensor out = bag(weight, ix, offsets, null, false, fourBit);
        long[] shape = Arrays.copyOf(indices.shapeArray(), indices.dim() + 1);
        shape[indices.dim()] = weight.size(1);
        return out.reshape(shape);
    }

    /**
     * {@code embedding_bag_byte(weight, indices, offsets, ..., per_sample_weights, include_last_offset)}: 1-D indices
     * with {@code offsets} (bag {@code m} has {@code lengths[m]} indices, the differences of the offsets, taken in
     * order from the first index as PyTorch's kernel does), or 2-D indices, one bag a row (offsets ignored).
     */
    public static Tensor embeddingBagByte(Tensor weight, Tensor indices, Tensor offsets, Tensor perSampleWeights,
                                          boolean includeLastOffset) {
        return embeddingBag(weight, indices, offsets, perSampleWeights, includeLastOffset, false);
    }

    /**
     * {@code embedding_bag_4bit(weight, indices, offsets, ..., per_sample_weights, include_last_offset)}: as
     * {@link #embeddingBagByte} on a quint4x2 weight; per-sample weights may be float16 too.
     */
    public static Tensor embeddingBag4bit(Tensor weight, Tensor indices, Tensor offsets, Tensor perSampleWeights,
                                          boolean includeLastOffset) {
        return embeddingBag(weight, indices, offsets, perSampleWeights, includeLastOffset, true);
    }

    private static Tensor embeddingBag(Tensor weight, Tensor indices, Tensor offsets, Tensor perSampleWeights,
                                       boolean includeLastOffset, boolean fourBit) {
        String op = fourBit ? "embedding_bag_4bit/embedding_bag_2bit" : "embedding_bag_byte";
        long[] ix = indexArray(indices);
        long[] offs;
        if (indices.dim() == 2) {
            if (offsets != null) {
                throw new IllegalArgumentException(op + " operator: input is 2D, then offsets has to be None, as input is "
                        + "treated is a mini-batch of fixed length sequences.");
            }
            long cols = indices.size(1);
            offs = new long[cols == 0 ? 0 : (int) Math.ceilDiv(ix.length, cols)];
            for (int i = 0; i < offs.length; i++) offs[i] = i * cols;
        } else {
            if (offsets == null) {
                throw new IllegalArgumentException(op + (fourBit ? " operator" : "") + " expects offsets to be set for 1D indices.");
            }
            if (offsets.dim() != 1) {
                throw new IllegalArgumentException("Expected offsets.dim() == 1 to be true, but got false.  (Could this error message be "
                        + "improved?  If so, please report an enhancement request to PyTorch.)");
            }
            offs = offsets.toLongArray();
        }
        if (perSampleWeights != null && fourBit && perSampleWeights.dtype() != DType.FLOAT32 && perSampleWeights.dtype() != DType.FLOAT16) {
            throw new IllegalArgumentException("Expect fp32 or fp16 weights, but found" + perSampleWeights.dtype().scalarTypeName() + " instead");
        }
        if (perSampleWeights != null && !fourBit && perSampleWeights.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("expected scalar type Float but found " + perSampleWeights.dtype().scalarTypeName());
        }
        // float16 weights widen exactly
        float[] w = perSampleWeights == null ? null : Quantized.floats(perSampleWeights.to(DType.FLOAT32));
        return bag(weight, ix, offs, w, includeLastOffset, fourBit);
    }

    private static long[] indexArray(Tensor indices) {
        if (indices.dim() != 1 && indices.dim() != 2) {
            throw new IllegalArgumentException("qembedding/qembedding_bag operator supports 1 or 2d indices, got " + indices.dim());
        }
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Expect 32 or 64 bit indices, but found " + indices.dtype().scalarTypeName() + " instead.");
        }
        return indices.toLongArray();
    }

    private static Tensor bag(Tensor weight, long[] ix, long[] offs, float[] psw, boolean includeLast, boolean fourBit) {
        QuantizedStorage q = Quantized.quantizer(weight, fourBit ? "embedding_bag_4bit" : "embedding_bag_byte");
        DType want = fourBit ? DType.QUINT4X2 : DType.QUINT8;
        if (weight.dtype() != want || q.qscheme() != QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS || weight.dim() != 2) {
            throw new IllegalArgumentException("Expect embedding_bag weights to be quantized using kPerChannelAffineFloatQParams "
                    + "(a 2-d " + want + " weight), got a " + weight.dim() + "-d " + weight.dtype() + " " + q.qscheme());
        }
        int n = (int) weight.size(0), d = (int) weight.size(1);
        double[] s = q.scales();
        float[] zp = q.floatZeroPoints();
        float[] scale = new float[n], bias = new float[n];
        for (int r = 0; r < n; r++) {
            scale[r] = (float) s[r];
            bias[r] = zp[r] * scale[r] * -1f;
            if (fourBit) { // the prepacked row keeps both as float16
                scale[r] = Float.float16ToFloat(Float.floatToFloat16(scale[r]));
                bias[r] = Float.float16ToFloat(Float.floatToFloat16(bias[r]));
            }
        }
        byte[] rows = (byte[]) ((CpuStorage) Quantized.intsView(weight).contiguous().storage()).array();
        int base = (int) Quantized.intsView(weight).contiguous().storageOffset();
        int m = offs.length;
        long[] lengths = new long[includeLast ? Math.max(0, m - 1) : m];
        for (int i = 1; i < m; i++) lengths[i - 1] = offs[i] - offs[i - 1];
        if (!includeLast && m > 0) lengths[m - 1] = ix.length - offs[m - 1];
        float[] out = new float[lengths.length * d];
        long current = 0;
        for (int b = 0; b < lengths.length; b++) {
            if (current + lengths[b] > ix.length) throw new IllegalArgumentException("Expect the lengths data to be less than indices size");
            for (long i = 0; i < lengths[b]; i++, current++) {
                long idx = ix[(int) current];
                if (idx < 0 || idx >= n) throw new IllegalArgumentException("Invalid indices data");
                int r = (int) idx;
                float wv = psw == null ? 1f : psw[(int) current];
                float sc = wv * scale[r], bi = wv * bias[r];
                int row = base + r * d, o = b * d;
                for (int j = 0; j < d; j++) out[o + j] = Math.fma(sc, (float) (rows[row + j] & 0xFF), out[o + j] + bi);
            }
        }
        long[] shape = {lengths.length, d};
        return Tensor.wrap(CpuStorage.wrap(DType.FLOAT32, out), shape, Shapes.contiguousStrides(shape), 0);
    }
}
