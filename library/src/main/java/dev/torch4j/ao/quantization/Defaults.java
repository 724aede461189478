package dev.torch4j.ao.quantization;

import dev.torch4j.DType;
import dev.torch4j.QScheme;

/**
 * The presets of {@code torch.ao.quantization} ({@code default_observer}, {@code default_fake_quant},
 * {@code default_qconfig}, {@code default_qat_qconfig}, ...): each method makes a fresh module with PyTorch's
 * arguments, as calling the {@code with_args} partial does.
 */
public final class Defaults {
    private Defaults() {}

    private static ObserverOptions opts() { return ObserverOptions.defaults(); }

    /** {@code default_observer}: MinMaxObserver with quant_min 0, quant_max 127. */
    public static MinMaxObserver defaultObserver() { return new MinMaxObserver(opts().quantRange(0L, 127L)); }

    /** {@code default_weight_observer}: MinMaxObserver, qint8, per_tensor_symmetric. */
    public static MinMaxObserver defaultWeightObserver() {
        return new MinMaxObserver(opts().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_TENSOR_SYMMETRIC));
    }

    /** {@code default_histogram_observer}: HistogramObserver with quant_min 0, quant_max 127. */
    public static HistogramObserver defaultHistogramObserver() { return new HistogramObserver(2048, opts().quantRange(0L, 127L)); }

    /** {@code default_per_channel_weight_observer}: PerChannelMinMaxObserver, qint8, per_channel_symmetric. */
    public static PerChannelMinMaxObserver defaultPerChannelWeightObserver() {
        return new PerChannelMinMaxObserver(opts().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_CHANNEL_SYMMETRIC));
    }

    /** {@code default_fake_quant}: activations, MovingAverageMinMaxObserver, quint8 [0, 255] with reduce_range. */
    public static FakeQuantize defaultFakeQuant() {
        return new FakeQuantize(MovingAverageMinMaxObserver::new, 0L, 255L,
                opts().qscheme(QScheme.PER_TENSOR_AFFINE).reduceRange(true));
    }

    /** {@code default_weight_fake_quant}: MovingAverageMinMaxObserver, qint8 [-128, 127], per_tensor_symmetric. */
    public static FakeQuantize defaultWeightFakeQuant() {
        return new FakeQuantize(MovingAverageMinMaxObserver::new, -128L, 127L,
                opts().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_TENSOR_SYMMETRIC));
    }

    /** {@code default_per_channel_weight_fake_quant}: per-channel symmetric qint8 along ch_axis 0. */
    public static FakeQuantize defaultPerChannelWeightFakeQuant() {
        return new FakeQuantize(MovingAveragePerChannelMinMaxObserver::new, -128L, 127L,
                opts().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_CHANNEL_SYMMETRIC).chAxis(0));
    }

    /** {@code default_histogram_fake_quant}: HistogramObserver, quint8 [0, 255] with reduce_range. */
    public static FakeQuantize defaultHistogramFakeQuant() {
        return new FakeQuantize(o -> new HistogramObserver(2048, o), 0L, 255L,
                opts().qscheme(QScheme.PER_TENSOR_AFFINE).reduceRange(true));
    }

    /** {@code default_qconfig}: default_observer for activations, default_weight_observer for weights. */
    public static QConfig defaultQconfig() { return new QConfig(Defaults::defaultObserver, Defaults::defaultWeightObserver); }

    /** {@code default_qat_qconfig}: default_fake_quant for activations, default_weight_fake_quant for weights. */
    public static QConfig defaultQatQconfig() { return new QConfig(Defaults::defaultFakeQuant, Defaults::defaultWeightFakeQuant); }

    /**
     * {@code get_default_qconfig(backend)} (PyTorch 1.13's presets): "qnnpack": HistogramObserver with
     * {@code reduce_range=False} for activations, {@code default_weight_observer} (per-tensor symmetric qint8) for
     * weights; "onednn": the same activations, {@code default_per_channel_weight_observer}; "fbgemm" and "x86": activations
     * with {@code reduce_range=True} (the range [0, 127]), per-channel weights. Whatever the preset, torch4j's quantized
     * modules compute as PyTorch's QNNPACK engine does.
     */
    public static QConfig getDefaultQconfig(String backend) {
        return switch (backend) {
            case "qnnpack" -> new QConfig(() -> histogram(false), Defaults::defaultWeightObserver);
            case "onednn" -> new QConfig(() -> histogram(false), Defaults::defaultPerChannelWeightObserver);
            case "fbgemm", "x86" -> new QConfig(() -> histogram(true), Defaults::defaultPerChannelWeightObserver);
            // PyTorch 2.x's error (1.13 silently returned default_qconfig)
            default -> throw new IllegalArgumentException("backend: " + backend + " not supported. backend must be one of "
                    + "['fbgemm', 'x86', 'qnnpack', 'onednn']");
        };
    }

    /**
     * {@code get_default_qat_qconfig(backend)} (PyTorch 1.13's presets): {@link FusedMovingAvgObsFakeQuantize} for both,
     * activations quint8 [0, 255] with {@code reduce_range} for "fbgemm" and "x86" only; weights per-tensor symmetric qint8
     * for "qnnpack", per-channel symmetric for the others.
     */
    public static QConfig getDefaultQatQconfig(String backend) {
        boolean reduce = switch (backend) {
            case "qnnpack", "onednn" -> false;
            case "fbgemm", "x86" -> true;
            default -> throw new IllegalArgumentException("backend: " + backend + " not supported. backend must be one of "
                    + "['fbgemm', 'x86', 'qnnpack', 'onednn']");
        };
        boolean perChannel = !backend.equals("qnnpack");
        return new QConfig(() -> new FusedMovingAvgObsFakeQuantize(MovingAverageMinMaxObserver::new, 0L, 255L, opts().reduceRange(reduce)),
                () -> perChannel
                        ? new FusedMovingAvgObsFakeQuantize(MovingAveragePerChannelMinMaxObserver::new, -128L, 127L,
                                opts().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_CHANNEL_SYMMETRIC).chAxis(0))
                        : new FusedMovingAvgObsFakeQuantize(MovingAverageMinMaxObserver::new, -128L, 127L,
                                opts().dtype(QuantizedDType.QINT8).qscheme(QScheme.PER_TENSOR_SYMMETRIC)));
    }

    /** {@code default_float_qparams_observer}: PerChannelMinMaxObserver, quint8, per_channel_affine_float_qparams, ch_axis 0. */
    public static PerChannelMinMaxObserver defaultFloatQparamsObserver() {
        return new PerChannelMinMaxObserver(opts().dtype(QuantizedDType.QUINT8).qscheme(QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS).chAxis(0));
    }

    /**
     * {@code float16_dynamic_qconfig}: float16 {@link PlaceholderObserver}s for activations and weights, which make
     * {@code quantize_dynamic}'s Linear keep float16 weights.
     */
    public static QConfig float16DynamicQconfig() {
        return new QConfig(() -> new PlaceholderObserver(DType.FLOAT16), () -> new PlaceholderObserver(DType.FLOAT16));
    }

    /**
     * {@code float_qparams_weight_only_qconfig}: a {@link PlaceholderObserver} for activations (outputs stay float) and
     * {@link #defaultFloatQparamsObserver()} for weights, the qconfig of quantized Embedding and EmbeddingBag.
     */
    public static QConfig floatQparamsWeightOnlyQconfig() {
        return new QConfig(PlaceholderObserver::new, Defaults::defaultFloatQparamsObserver);
    }

    /** {@code default_float_qparams_observer_4bit}: PerChannelMinMaxObserver, quint4x2, per_channel_affine_float_qparams, ch_axis 0. */
    public static PerChannelMinMaxObserver defaultFloatQparamsObserver4bit() {
        return new PerChannelMinMaxObserver(opts().dtype(QuantizedDType.QUINT4X2).qscheme(QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS).chAxis(0));
    }

    /**
     * {@code float_qparams_weight_only_qconfig_4bit}: a {@link PlaceholderObserver} for activations and
     * {@link #defaultFloatQparamsObserver4bit()} for weights: 4-bit (quint4x2) quantized Embedding and EmbeddingBag.
     */
    public static QConfig floatQparamsWeightOnlyQconfig4bit() {
        return new QConfig(PlaceholderObserver::new, Defaults::defaultFloatQparamsObserver4bit);
    }

    /**
     * {@code default_embedding_fake_quant}: FakeQuantize over a MovingAveragePerChannelMinMaxObserver, quint8 [0, 255],
     * per_channel_affine_float_qparams, ch_axis 0, averaging_constant 1 (each forward's row ranges replace the last).
     */
    public static FakeQuantize defaultEmbeddingFakeQuant() {
        return new FakeQuantize(MovingAveragePerChannelMinMaxObserver::new, 0L, 255L, embeddingOpts(QuantizedDType.QUINT8));
    }

    /** {@code default_embedding_fake_quant_4bit}: as {@link #defaultEmbeddingFakeQuant()} with quint4x2, [0, 15]. */
    public static FakeQuantize defaultEmbeddingFakeQuant4bit() {
        return new FakeQuantize(MovingAveragePerChannelMinMaxObserver::new, null, null, embeddingOpts(QuantizedDType.QUINT4X2));
    }

    private static ObserverOptions embeddingOpts(QuantizedDType dtype) {
        return opts().dtype(dtype).qscheme(QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS).chAxis(0).averagingConstant(1);
    }

    /**
     * {@code default_embedding_qat_qconfig}: a float32 {@link NoopObserver} for activations and
     * {@link #defaultEmbeddingFakeQuant()} for weights, the qconfig of QAT {@code Embedding} / {@code EmbeddingBag}.
     */
    public static QConfig defaultEmbeddingQatQconfig() {
        return new QConfig(() -> new NoopObserver(dev.torch4j.DType.FLOAT32), Defaults::defaultEmbeddingFakeQuant);
    }

    /** {@code default_embedding_qat_qconfig_4bit}: as {@link #defaultEmbeddingQatQconfig()} with 4-bit weights. */
    public static QConfig defaultEmbeddingQatQconfig4bit() {
        return new QConfig(() -> new NoopObserver(dev.torch4j.DType.FLOAT32), Defaults::defaultEmbeddingFakeQuant4bit);
    }

    private static HistogramObserver histogram(boolean reduceRange) { return new HistogramObserver(2048, opts().reduceRange(reduceRange)); }
}
