package dev.torch4j.ao.quantization;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Py;
import dev.torch4j.ops.FakeQuantization;
import dev.torch4j.ops.Quantized;

import java.util.function.Function;

/**
 * {@code torch.ao.quantization.FusedMovingAvgObsFakeQuantize}: {@link FakeQuantize} with a moving-average observer
 * whose update, parameter choice and fake quantization run as one op ({@code torch.fused_moving_avg_obs_fake_quant}).
 * That op chooses scale and zero point with the C++ {@code ChooseQuantizationParams} (double arithmetic, a nudged
 * zero point, scales below 6.1e-5 raised to it), not the observer's {@code calculate_qparams}, so the parameters can
 * differ from {@link FakeQuantize}'s in the last bits; both are PyTorch's. The flags are int64 buffers here.
 * Per-channel observation is supported along axis 0 only, as in PyTorch.
 */
public class FusedMovingAvgObsFakeQuantize extends FakeQuantize {

    /** PyTorch's default: a {@link MovingAverageMinMaxObserver}, quint8 [0, 255]. */
    public FusedMovingAvgObsFakeQuantize() { this(MovingAverageMinMaxObserver::new, 0L, 255L, ObserverOptions.defaults()); }

    /** With a moving-average observer (per tensor or per channel) made from the options. */
    public FusedMovingAvgObsFakeQuantize(Function<ObserverOptions, ? extends UniformQuantizationObserverBase> observer,
                                         Long quantMin, Long quantMax, ObserverOptions observerOptions) {
        super(observer, quantMin, quantMax, observerOptions, DType.INT64);
        UniformQuantizationObserverBase o = activationPostProcess();
        if (!(o instanceof MovingAverageMinMaxObserver || o instanceof MovingAveragePerChannelMinMaxObserver)) {
            throw new IllegalArgumentException("Fused observer+fake_quant module only works with MovingAverageMinMaxObserver");
        }
    }

    /**
     * Updates the running min/max (when observing); then, when fake quantization is on, chooses scale and zero point
     * from them and fake-quantizes (PyTorch's fused op leaves the qparams alone while fake quantization is off).
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.numel() == 0) return x.clone();
        boolean observe = buffer("observer_enabled").item() == 1, quantize = buffer("fake_quant_enabled").item() == 1;
        if (observe && isPerChannel && chAxis != 0) {
            throw new IllegalArgumentException("Per-channel FakeQuant in fused_moving_avg_obs_fake_quant is only supported on axis == 0");
        }
        try (var g = Torch.noGrad()) {
            UniformQuantizationObserverBase obs = activationPostProcess();
            if (isPerChannel && obs.minVal().numel() == 0) {
                long c = x.size(0);
                obs.minVal().resize_(c).fill_(Double.POSITIVE_INFINITY);
                obs.maxVal().resize_(c).fill_(Double.NEGATIVE_INFINITY);
                scale().resize_(c);
                zeroPoint().resize_(c);
            }
            if (observe) updateMinMax(obs, x.detach().to(DType.FLOAT32));
            if (quantize) chooseQparams(obs);
        }
        return FakeQuantization.fusedObserverTail(x, scale(), zeroPoint(), isPerChannel ? 0 : -1, quantMin, quantMax, quantize);
    }

    private void updateMinMax(UniformQuantizationObserverBase obs, Tensor x) {
        Tensor[] cur = isPerChannel ? x.flatten(1).aminmax(1, false) : x.aminmax();
        float c = (float) (obs instanceof MovingAverageMinMaxObserver m ? m.averagingConstant
                : ((MovingAveragePerChannelMinMaxObserver) obs).averagingConstant);
        float[] lo = obs.minVal().toFloatArray(), hi = obs.maxVal().toFloatArray();
        float[] curLo = cur[0].toFloatArray(), curHi = cur[1].toFloatArray();
        for (int i = 0; i < lo.length; i++) {
            // float arithmetic, step by step: this kernel is built without the FMA the per-capability kernels get
            lo[i] = Float.isInfinite(lo[i]) ? curLo[i] : lo[i] + c * (curLo[i] - lo[i]);
            hi[i] = Float.isInfinite(hi[i]) ? curHi[i] : hi[i] + c * (curHi[i] - hi[i]);
        }
        obs.minVal().copy_(Torch.tensor(lo).reshape(obs.minVal().shapeArray()));
        obs.maxVal().copy_(Torch.tensor(hi).reshape(obs.maxVal().shapeArray()));
    }

    private void chooseQparams(UniformQuantizationObserverBase obs) {
        float[] lo = obs.minVal().toFloatArray(), hi = obs.maxVal().toFloatArray();
        float[] scales = new float[lo.length];
        int[] zeros = new int[lo.length];
        for (int i = 0; i < lo.length; i++) {
            chooseQuantizationParams(lo[i], hi[i], (int) quantMin, (int) quantMax, qscheme.isSymmetric(), scales, zeros, i);
        }
        scale().copy_(Torch.tensor(scales));
        zeroPoint().copy_(Torch.tensor(zeros));
    }

    /** PyTorch's C++ {@code ChooseQuantizationParams} ({@link Quantized#chooseQuantizationParams}), scale kept as float32. */
    static void chooseQuantizationParams(float min, float max, int qmin, int qmax, boolean preserveSparsity,
                                         float[] scales, int[] zeros, int i) {
        Quantized.Params p = Quantized.chooseQuantizationParams(min, max, qmin, qmax, preserveSparsity, false);
        zeros[i] = p.zeroPoint();
        scales[i] = (float) p.scale();
    }

    @Override
    public String extraRepr() {
        return "fake_quant_enabled=" + buffer("fake_quant_enabled") + ", observer_enabled=" + buffer("observer_enabled")
                + ", scale=" + scale() + ", zero_point=" + zeroPoint() + ", dtype=" + dtype + ", quant_min=" + quantMin
                + ", quant_max=" + quantMax + ", qscheme=" + qscheme + ", reduce_range="
                + Py.repr(activationPostProcess().reduceRange);
    }
}
