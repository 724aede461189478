package dev.torch4j.ao.quantization;

import dev.torch4j.QScheme;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Warnings;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

import java.util.Map;

/**
 * PyTorch's {@code UniformQuantizationObserverBase}: the settings every min/max observer shares ({@code dtype},
 * {@code qscheme}, {@code reduce_range}, {@code quant_min}/{@code quant_max}, the {@code eps} buffer) and the
 * arithmetic that turns a min and max into a scale and zero point ({@code _calculate_qparams}), done with the same
 * float32 tensor ops in the same order as PyTorch's so the parameters agree to the bit.
 */
public abstract class UniformQuantizationObserverBase extends Module {
    /** {@code dtype}. */
    public final QuantizedDType dtype;
    /** {@code qscheme}. */
    public final QScheme qscheme;
    /** {@code reduce_range}. */
    public final boolean reduceRange;
    /** {@code has_customized_qrange}: both quant_min and quant_max were given. */
    public final boolean hasCustomizedQrange;
    /** The effective {@code quant_min}, {@code quant_max}. */
    public final long quantMin, quantMax;

    /**
     * The shared settings; {@code o.qscheme()} (null: {@code defaultScheme}) must be of the default's kind, per tensor
     * or per channel, else {@code qschemeMessage} is the error.
     */
    protected UniformQuantizationObserverBase(ObserverOptions o, QScheme defaultScheme, String qschemeMessage) {
        QScheme q = o.qscheme() == null ? defaultScheme : o.qscheme();
        if (q.isPerTensor() != defaultScheme.isPerTensor()) throw new UnsupportedOperationException(qschemeMessage);
        this.dtype = o.dtype();
        this.qscheme = q;
        if (o.reduceRange()) {
            Warnings.warnOnce("dev.torch4j.ao.quantization", "observer.reduce_range",
                    "Please use quant_min and quant_max to specify the range for observers.                     "
                            + "reduce_range will be deprecated in a future release of PyTorch.");
        }
        this.reduceRange = o.reduceRange();
        registerBuffer("eps", Torch.tensor(new float[] {(float) o.eps()}));
        this.hasCustomizedQrange = o.quantMin() != null && o.quantMax() != null;
        if (hasCustomizedQrange) validateQminQmax(o.quantMin(), o.quantMax());
        long[] range = calculateQminQmax(o.quantMin(), o.quantMax(), hasCustomizedQrange, dtype, reduceRange);
        this.quantMin = range[0];
        this.quantMax = range[1];
    }

    /** {@code forward(x)}: records x's statistics and returns x unchanged. */
    @Override
    public abstract Tensor forward(Tensor x);

    /** {@code calculate_qparams()}: {@code {scale, zero_point}} from the recorded statistics. */
    public abstract Tensor[] calculateQparams();

    /** {@code reset_min_max_vals()}: forgets the recorded statistics. */
    public abstract void resetMinMaxVals();

    /** The {@code eps} buffer (float32, one element). */
    public Tensor eps() { return buffer("eps"); }

    private static void validateQminQmax(long quantMin, long quantMax) {
        if (!(quantMin <= 0 && 0 <= quantMax)) throw new IllegalArgumentException("Used-specified quantization range must include 0.");
        if (quantMin >= quantMax) {
            throw new IllegalArgumentException("qmin must be strictly less than qmax for user-specified quantization range.");
        }
    }

    /** {@code calculate_qmin_qmax} (PyTorch 2.x's, whose qint32 bound is 2**32). */
    static long[] calculateQminQmax(Long quantMin, Long quantMax, boolean customized, QuantizedDType dtype, boolean reduceRange) {
        if (customized) {
            long len = quantMax - quantMin + 1;
            if (dtype == QuantizedDType.QINT8 && !(0 < len && len <= 256)) {
                throw new IllegalArgumentException("quantization range should be positive and not exceed the maximum bit range (=256).");
            }
            if (dtype == QuantizedDType.QINT32 && !(0 < len && len <= (1L << 32))) {
                throw new IllegalArgumentException("quantization range should be positive and not exceed the maximum bit range (=4294967296).");
            }
            return reduceRange ? new long[] {Math.floorDiv(quantMin, 2), Math.floorDiv(quantMax, 2)} : new long[] {quantMin, quantMax};
        }
        return switch (dtype) {
            case QINT8 -> reduceRange ? new long[] {-64, 63} : new long[] {-128, 127};
            case QUINT8 -> reduceRange ? new long[] {0, 127} : new long[] {0, 255};
            case QINT32 -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            case QUINT4X2 -> new long[] {0, 15};
        };
    }

    /** The per-tensor and per-channel observers' check that quint8 symmetric quantization keeps its full range. */
    void checkSymmetricReduceRange(QScheme symmetric, String message) {
        if (qscheme == symmetric && reduceRange && dtype == QuantizedDType.QUINT8) throw new UnsupportedOperationException(message);
    }

    /** {@code _calculate_qparams(min_val, max_val)}: scale (float32) and zero point, one element per channel. */
    protected final Tensor[] calculateQparams(Tensor minVal, Tensor maxVal) {
        try (var g = Torch.noGrad()) {
            if (!checkMinMaxValid(minVal, maxVal)) {
                return new Tensor[] {Torch.tensor(new float[] {1f}).to(minVal.device()), Torch.tensor(new long[] {0}).to(minVal.device())};
            }
            Tensor zeros = Torch.zerosLike(minVal);
            Tensor minNeg = minVal.minimum(zeros), maxPos = maxVal.maximum(zeros);
            Tensor eps = eps();
            Tensor scale, zeroPoint;
            if (qscheme.isSymmetric()) {
                maxPos = minNeg.neg().maximum(maxPos);
                scale = maxPos.div((double) (quantMax - quantMin) / 2).maximum(eps);
                zeroPoint = Torch.zeros(minNeg.shape(), Torch.dtype(DType.INT64).device(minNeg.device()));
                // the range's rounded-down middle (128 for the default quint8 range)
                if (dtype == QuantizedDType.QUINT8) zeroPoint.fill_(hasCustomizedQrange ? Math.floorDiv(quantMin + quantMax, 2) : 128);
            } else if (qscheme == QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS) {
                scale = maxVal.sub(minVal).div((double) (quantMax - quantMin));
                scale = Torch.where(scale.gt(eps), scale, Torch.onesLike(scale));
                zeroPoint = minVal.mul(-1).div(scale);
            } else {
                scale = maxPos.sub(minNeg).div((double) (quantMax - quantMin)).maximum(eps);
                zeroPoint = minNeg.div(scale).round().to(DType.INT32).neg().add(quantMin);
                var int32 = Torch.dtype(DType.INT32).device(zeroPoint.device());
                zeroPoint = zeroPoint.maximum(Torch.full(new long[0], quantMin, int32)).minimum(Torch.full(new long[0], quantMax, int32));
            }
            if (scale.dim() == 0) scale = scale.reshape(1);
            if (zeroPoint.dim() == 0) zeroPoint = zeroPoint.reshape(1);
            return new Tensor[] {scale, zeroPoint};
        }
    }

    /** {@code check_min_max_valid}: false (with PyTorch's warning) before any input, an error when min > max. */
    private static boolean checkMinMaxValid(Tensor minVal, Tensor maxVal) {
        String notRun = "must run observer before calling calculate_qparams. Returning default values.";
        if (minVal.numel() == 0 || maxVal.numel() == 0) {
            Warnings.warnOnce("dev.torch4j.ao.quantization", "observer.not_run", notRun);
            return false;
        }
        if (minVal.dim() == 0 || maxVal.dim() == 0) {
            double lo = minVal.item(), hi = maxVal.item();
            if (lo == Double.POSITIVE_INFINITY && hi == Double.NEGATIVE_INFINITY) {
                Warnings.warnOnce("dev.torch4j.ao.quantization", "observer.not_run", notRun);
                return false;
            }
            if (!(lo <= hi)) throw new IllegalStateException("min " + Py.repr(lo) + " should be less than max " + Py.repr(hi));
        } else if (minVal.le(maxVal).all().item() == 0) {
            throw new IllegalStateException("min " + minVal + " should be less than max " + maxVal);
        }
        return true;
    }

    /** {@code "{}".format(t)} as the observers' reprs print min_val/max_val: a 0-dim tensor as its Python float. */
    static String format(Tensor t) { return t.dim() == 0 ? Py.repr(t.item()) : t.toString(); }

    /** {@code "min_val={}, max_val={}"}. */
    String minMaxRepr() { return "min_val=" + format(buffer("min_val")) + ", max_val=" + format(buffer("max_val")); }

    /** Resizes each buffer to its checkpoint entry's shape before loading (the entries' shapes may have changed). */
    static void resizeLike(Map<String, Tensor> stateDict, String prefix, Map<String, Tensor> buffers) {
        buffers.forEach((name, b) -> {
            Tensor v = stateDict.get(prefix + name);
            if (v != null) b.resize_(v.shapeArray());
        });
    }

    /** The buffer {@code min_val}. */
    public Tensor minVal() { return buffer("min_val"); }

    /** The buffer {@code max_val}. */
    public Tensor maxVal() { return buffer("max_val"); }

    /** {@inheritDoc} PyTorch's observers: version 3 has 0-d min_val/max_val before calibration and per-channel min_val/max_val names. */
    @Override
    protected int stateDictVersion() { return 3; }
}
