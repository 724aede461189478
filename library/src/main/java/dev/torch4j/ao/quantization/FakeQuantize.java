package dev.torch4j.ao.quantization;

import dev.torch4j.QScheme;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;

import java.util.Map;
import java.util.function.Function;

/**
 * {@code torch.ao.quantization.FakeQuantize}: in training, observes its input (the {@code activation_post_process}
 * observer), refreshes the {@code scale}/{@code zero_point} buffers from it, and fake-quantizes the input with them
 * ({@code Torch.fakeQuantizePerTensorAffine} or {@code fakeQuantizePerChannelAffine}, whose straight-through
 * gradient lets the model train through the rounding). Either step can be switched off
 * ({@link #disableObserver()}, {@link #disableFakeQuant()}); the flags are the uint8 buffers
 * {@code fake_quant_enabled} and {@code observer_enabled}, as in PyTorch.
 *
 * <pre>{@code
 * var fq = new FakeQuantize();                       // MovingAverageMinMaxObserver, quint8 [0, 255]
 * Tensor y = fq.forward(x);
 * var w = new FakeQuantize(MovingAveragePerChannelMinMaxObserver::new, -128L, 127L,
 *         ObserverOptions.defaults().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_CHANNEL_SYMMETRIC));
 * }</pre>
 */
public class FakeQuantize extends Module {
    /** The observer's {@code dtype}. */
    public final QuantizedDType dtype;
    /** The observer's {@code qscheme}. */
    public final QScheme qscheme;
    /** The observer's {@code ch_axis}, or -1 for a per-tensor observer. */
    public final long chAxis;
    /** The observer's {@code quant_min}, {@code quant_max}. */
    public final long quantMin, quantMax;
    /** {@code is_per_channel}. */
    public final boolean isPerChannel;

    /** PyTorch's default: a {@link MovingAverageMinMaxObserver} with its defaults. */
    public FakeQuantize() { this(MovingAverageMinMaxObserver::new, null, null, ObserverOptions.defaults()); }

    /**
     * {@code FakeQuantize(observer, quant_min, quant_max, **observer_kwargs)}: the observer made from the options, with
     * quant_min/quant_max (when both are given) checked against the dtype and passed on to it.
     */
    public FakeQuantize(Function<ObserverOptions, ? extends UniformQuantizationObserverBase> observer, Long quantMin,
                        Long quantMax, ObserverOptions observerOptions) {
        this(observer, quantMin, quantMax, observerOptions, DType.UINT8);
    }

    /** With flags of the given dtype (uint8 here, int64 in the fused module). */
    FakeQuantize(Function<ObserverOptions, ? extends UniformQuantizationObserverBase> observer, Long quantMin,
                 Long quantMax, ObserverOptions observerOptions, DType flagType) {
        ObserverOptions o = observerOptions;
        if (quantMin != null && quantMax != null) {
            if (quantMin > quantMax) throw new IllegalArgumentException("quant_min must be less than or equal to quant_max");
            if (quantMin < o.dtype().min()) throw new IllegalArgumentException("quant_min out of bound");
            if (quantMax > o.dtype().max()) throw new IllegalArgumentException("quant_max out of bound");
            o = o.quantRange(quantMin, quantMax);
        }
        registerBuffer("fake_quant_enabled", Torch.ones(dev.torch4j.Size.of(1), Torch.dtype(flagType)));
        registerBuffer("observer_enabled", Torch.ones(dev.torch4j.Size.of(1), Torch.dtype(flagType)));
        UniformQuantizationObserverBase obs = observer.apply(o);
        registerModule("activation_post_process", obs);
        this.quantMin = obs.quantMin;
        this.quantMax = obs.quantMax;
        this.dtype = obs.dtype;
        this.qscheme = obs.qscheme;
        registerBuffer("scale", Torch.tensor(new float[] {1f}));
        registerBuffer("zero_point", Torch.tensor(new float[] {0f}).to(
                qscheme == QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS ? DType.FLOAT32 : DType.INT32));
        this.chAxis = obs instanceof PerChannelMinMaxObserver p ? p.chAxis : -1;
        this.isPerChannel = qscheme.isPerChannel();
    }

    /** {@code activation_post_process}: the observer. */
    public UniformQuantizationObserverBase activationPostProcess() {
        return (UniformQuantizationObserverBase) namedChildren().get("activation_post_process");
    }

    /** The {@code scale} buffer (float32). */
    public Tensor scale() { return buffer("scale"); }

    /** The {@code zero_point} buffer (int32, float32 for float qparams). */
    public Tensor zeroPoint() { return buffer("zero_point"); }

    /** {@code calculate_qparams()}: the observer's. */
    public Tensor[] calculateQparams() { return activationPostProcess().calculateQparams(); }

    /** {@code enable_fake_quant(enabled)}. */
    public void enableFakeQuant(boolean enabled) { buffer("fake_quant_enabled").fill_(enabled ? 1 : 0); }

    /** {@code enable_fake_quant()}. */
    public void enableFakeQuant() { enableFakeQuant(true); }

    /** {@code disable_fake_quant()}. */
    public void disableFakeQuant() { enableFakeQuant(false); }

    /** {@code enable_observer(enabled)}. */
    public void enableObserver(boolean enabled) { buffer("observer_enabled").fill_(enabled ? 1 : 0); }

    /** {@code enable_observer()}. */
    public void enableObserver() { enableObserver(true); }

    /** {@code disable_observer()}. */
    public void disableObserver() { enableObserver(false); }

    /** Observes x and refreshes scale/zero_point (when observing), then fake-quantizes x (when enabled). */
    @Override
    public Tensor forward(Tensor x) {
        if (buffer("observer_enabled").item() == 1) {
            activationPostProcess().forward(x.detach());
            Tensor[] qp = calculateQparams();
            try (var g = Torch.noGrad()) {
                Tensor s = scale(), z = zeroPoint();
                if (!java.util.Arrays.equals(s.shapeArray(), qp[0].shapeArray())) {
                    s.resize_(qp[0].shapeArray());
                    z.resize_(qp[1].shapeArray());
                }
                s.copy_(qp[0].to(s.device()));
                z.copy_(qp[1].to(z.device()));
            }
        }
        if (buffer("fake_quant_enabled").item() == 1) {
            if (isPerChannel) return Torch.fakeQuantizePerChannelAffine(x, scale(), zeroPoint(), chAxis, quantMin, quantMax);
            return Torch.fakeQuantizePerTensorAffine(x, scale(), zeroPoint(), quantMin, quantMax);
        }
        return x;
    }

    @Override
    public String extraRepr() {
        return "fake_quant_enabled=" + buffer("fake_quant_enabled") + ", observer_enabled=" + buffer("observer_enabled")
                + ", quant_min=" + quantMin + ", quant_max=" + quantMax + ", dtype=" + dtype + ", qscheme=" + qscheme
                + ", ch_axis=" + chAxis + ", scale=" + scale() + ", zero_point=" + zeroPoint();
    }

    /** Gives scale and zero_point the checkpoint's shapes first (per-channel ones grow with the first input). */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        UniformQuantizationObserverBase.resizeLike(stateDict, prefix, Map.of("scale", scale(), "zero_point", zeroPoint()));
    }
}
