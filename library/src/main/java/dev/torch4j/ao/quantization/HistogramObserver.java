package dev.torch4j.ao.quantization;

import dev.torch4j.QScheme;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Warnings;

import java.util.Map;

/**
 * {@code torch.ao.quantization.HistogramObserver} as PyTorch 2.x runs it: a running histogram of the inputs
 * (buffer {@code histogram}, {@code bins} bins over [{@code min_val}, {@code max_val}]); when the range grows, the
 * old histogram's bins are split 16 ways and their midpoints re-binned into the new range. {@code calculateQparams}
 * searches for the min/max that minimise the L2 quantization error over the histogram (PyTorch's
 * {@code _non_linear_param_search}, from caffe2's norm minimization) and derives the parameters from those as
 * {@link MinMaxObserver} does. Infinite input values are skipped. The arithmetic follows PyTorch's float32 tensor ops
 * and Python float steps one for one.
 */
public class HistogramObserver extends UniformQuantizationObserverBase {
    private static final String LOGGER = "dev.torch4j.ao.quantization";
    /** PyTorch 2.x's fixed upsampling of the old histogram when the range grows. */
    private static final int UPSAMPLE_RATE = 16;
    /** {@code bins}. */
    public final long bins;
    /** {@code dst_nbins}: 2 to the dtype's bit width. */
    private final long dstNbins;

    /** PyTorch's defaults: 2048 bins, quint8, per_tensor_affine. */
    public HistogramObserver() { this(2048, ObserverOptions.defaults()); }

    /** With {@code bins} bins and the given options (a per-tensor qscheme). */
    public HistogramObserver(long bins, ObserverOptions o) {
        super(o, QScheme.PER_TENSOR_AFFINE, "HistogramObserver's qscheme only support torch.per_tensor_symmetric"
                + "                     and torch.per_tensor_affine.");
        this.bins = bins;
        this.dstNbins = dtype == QuantizedDType.QINT32 ? 1L << 32 : 256;
        registerBuffer("histogram", Torch.zeros(Size.of(bins), Torch.dtype(DType.FLOAT32)));
        registerBuffer("min_val", Torch.full(new long[0], Double.POSITIVE_INFINITY, Torch.dtype(DType.FLOAT32)));
        registerBuffer("max_val", Torch.full(new long[0], Double.NEGATIVE_INFINITY, Torch.dtype(DType.FLOAT32)));
    }

    /** The {@code histogram} buffer. */
    public Tensor histogram() { return buffer("histogram"); }

    /** Adds x's finite values to the histogram (re-binning it if x widens the range); returns x. */
    @Override
    public Tensor forward(Tensor xOrig) {
        if (xOrig.numel() == 0) return xOrig;
        try (var g = Torch.noGrad()) {
            Tensor x = xOrig.detach();
            Tensor[] mm = x.aminmax();
            if (mm[0].item() == Double.NEGATIVE_INFINITY || mm[1].item() == Double.POSITIVE_INFINITY) {
                Warnings.warnOnce(LOGGER, "histogram.inf", "torch.inf detected in input tensor, ignoring input");
                x = x.maskedSelect(x.abs().ne(Double.POSITIVE_INFINITY));
                if (x.numel() == 0) return xOrig;
                mm = x.aminmax();
            }
            Tensor curMin = minVal(), curMax = maxVal();
            if (curMin.item() == Double.POSITIVE_INFINITY || curMax.item() == Double.NEGATIVE_INFINITY) {
                curMin.copy_(mm[0]);
                curMax.copy_(mm[1]);
                histogram().copy_(x.histc(bins, mm[0].item(), mm[1].item()));
                return xOrig;
            }
            Tensor newMin = curMin.minimum(mm[0]), newMax = curMax.maximum(mm[1]);
            Tensor update = x.histc(bins, newMin.item(), newMax.item()).to(DType.FLOAT32);
            if (newMin.item() == curMin.item() && newMax.item() == curMax.item()) {
                histogram().copy_(histogram().add(update));
                return xOrig;
            }
            Tensor combined = curMin.item() == curMax.item()
                    // the old histogram is one value: all its mass goes to that value's new bin
                    ? curMin.reshape(1).histc(bins, newMin.item(), newMax.item()).mul(histogram().sum()).add(update)
                    : update.add(upscale(histogram(), curMin, curMax, newMin, newMax));
            histogram().copy_(combined);
            curMin.copy_(newMin);
            curMax.copy_(newMax);
        }
        return xOrig;
    }

    /** The old histogram in the new range: each bin split in 16, the pieces' midpoints re-binned. */
    private Tensor upscale(Tensor hist, Tensor origMin, Tensor origMax, Tensor newMin, Tensor newMax) {
        Tensor h = hist.repeatInterleave(UPSAMPLE_RATE).div(UPSAMPLE_RATE);
        Tensor binSize = origMax.sub(origMin).div(bins * UPSAMPLE_RATE);
        long n = bins * UPSAMPLE_RATE;
        Tensor mids = Torch.linspace(origMin.item(), origMax.item(), n + 1).narrow(0, 0, n).add(binSize.mul(0.5));
        Tensor bounds = Torch.linspace(newMin.item(), newMax.item(), bins + 1);
        Tensor idx = Torch.bucketize(mids, bounds, true).sub(1).clamp(Torch.tensor(0L), Torch.tensor(bins - 1));
        return idx.bincount(h, bins);
    }

    /** {@code calculate_qparams()}: the L2-optimal min/max found in the histogram, then MinMaxObserver's arithmetic. */
    @Override
    public Tensor[] calculateQparams() {
        if (minVal().item() == Double.POSITIVE_INFINITY && maxVal().item() == Double.NEGATIVE_INFINITY) {
            Warnings.warnOnce(LOGGER, "histogram.not_run", "must run observer before calling calculate_qparams."
                    + "                                    Returning default scale and zero point ");
            return new Tensor[] {Torch.tensor(new float[] {1f}).to(minVal().device()), Torch.tensor(new long[] {0}).to(minVal().device())};
        }
        if (bins != histogram().size(0)) {
            throw new IllegalStateException("The number of bins in histogram should be equal to the number of bins "
                    + "supplied while making this observer");
        }
        try (var g = Torch.noGrad()) {
            Tensor[] mm = nonLinearParamSearch();
            return calculateQparams(mm[0], mm[1]);
        }
    }

    /** {@code _non_linear_param_search}: narrows [start_bin, end_bin] by quantiles while the error keeps falling. */
    private Tensor[] nonLinearParamSearch() {
        Tensor binWidth = maxVal().sub(minVal()).div(bins);
        double total = histogram().sum().item();
        double[] cSum = histogram().cumsum(0).toDoubleArray();
        double stepsize = 1e-5, alpha = 0.0, beta = 1.0, normMin = Double.POSITIVE_INFINITY;
        int startBin = 0, endBin = (int) bins - 1;
        while (alpha < beta) {
            double nextAlpha = alpha + stepsize, nextBeta = beta - stepsize;
            int l = startBin, r = endBin;
            // PyTorch compares a float32 element with a Python float: the float is rounded to float32 first
            while (l < endBin && cSum[l] < (float) (nextAlpha * total)) l++;
            while (r > startBin && cSum[r] > (float) (nextBeta * total)) r--;
            int nextStart = startBin, nextEnd = endBin;
            if (l - startBin > endBin - r) {
                nextStart = l;
                alpha = nextAlpha;
            } else {
                nextEnd = r;
                beta = nextBeta;
            }
            if (nextStart == startBin && nextEnd == endBin) continue;
            double norm = quantizationError(nextStart, nextEnd);
            if (norm > normMin) break;
            normMin = norm;
            startBin = nextStart;
            endBin = nextEnd;
        }
        return new Tensor[] {minVal().add(binWidth.mul(startBin)), minVal().add(binWidth.mul(endBin + 1))};
    }

    /** {@code _compute_quantization_error}: the L2 error of quantizing the histogram with bins [start, end] as range. */
    private double quantizationError(int nextStart, int nextEnd) {
        double binWidth = (maxVal().item() - minVal().item()) / bins;
        double dstBinWidth = binWidth * (nextEnd - nextStart + 1) / dstNbins;
        if (dstBinWidth == 0.0) return 0.0;
        Tensor dstWidth = f32(dstBinWidth);
        Tensor srcBegin = Torch.arange(bins).sub(nextStart).mul(binWidth);
        Tensor srcEnd = srcBegin.add(binWidth);
        Tensor dstOfBegin = srcBegin.div(dstWidth, "floor").clamp(0.0, (double) (dstNbins - 1));
        Tensor dstOfBeginCenter = dstOfBegin.add(0.5).mul(dstBinWidth);
        Tensor dstOfEnd = srcEnd.div(dstWidth, "floor").clamp(0.0, (double) (dstNbins - 1));
        Tensor density = histogram().div(binWidth);
        Tensor norm = Torch.zeros(Size.of(bins), Torch.dtype(DType.FLOAT32));
        norm = norm.add(l2(srcBegin.sub(dstOfBeginCenter), Torch.ones(Size.of(bins), Torch.dtype(DType.FLOAT32)).mul(dstBinWidth / 2), density));
        norm = norm.add(dstOfEnd.sub(dstOfBegin).sub(1).mul(l2(f32(-dstBinWidth / 2), f32(dstBinWidth / 2), density)));
        Tensor dstOfEndCenter = dstOfEnd.mul(dstBinWidth).add(dstBinWidth / 2);
        norm = norm.add(l2(f32(-dstBinWidth / 2), srcEnd.sub(dstOfEndCenter), density));
        return norm.sum().item();
    }

    /** {@code _get_norm}: density times the integral of x^2 from begin to end. */
    private static Tensor l2(Tensor begin, Tensor end, Tensor density) {
        return density.mul(end.mul(end).mul(end).sub(begin.mul(begin).mul(begin)).div(3));
    }

    private static Tensor f32(double v) { return Torch.full(new long[0], v, Torch.dtype(DType.FLOAT32)); }

    /** Not supported, as in PyTorch (the histogram observer inherits the base class's refusal). */
    @Override
    public void resetMinMaxVals() {
        throw new UnsupportedOperationException("Cannot reset min/max values in the given observer.");
    }

    @Override
    public String extraRepr() { return minMaxRepr(); }

    /** A checkpoint's min_val/max_val replace these whatever their shape, as PyTorch's setattr does. */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        resizeLike(stateDict, prefix, Map.of("min_val", minVal(), "max_val", maxVal()));
    }
}
