package dev.torch4j.ao.quantization;

import dev.torch4j.ao.nn.intrinsic.BNReLU2d;
import dev.torch4j.ao.nn.intrinsic.BNReLU3d;
import dev.torch4j.ao.nn.intrinsic.ConvReLU1d;
import dev.torch4j.ao.nn.intrinsic.ConvReLU2d;
import dev.torch4j.ao.nn.intrinsic.ConvReLU3d;
import dev.torch4j.ao.nn.intrinsic.LinearReLU;
import dev.torch4j.ao.nn.quantized.FloatFunctional;
import dev.torch4j.ao.nn.quantized.QFunctional;
import dev.torch4j.nn.Module;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * PyTorch's {@code quantization_mappings}: which module type {@code convert} swaps for which quantized one
 * ({@code get_default_static_quant_module_mappings}), and which float type {@code prepare_qat} swaps for which QAT one
 * ({@code get_default_qat_module_mappings}); keyed by exact class, as PyTorch looks types up. The embedding mappings
 * ({@link #getEmbeddingQatModuleMappings()}, {@link #getEmbeddingStaticQuantModuleMappings()}) add QAT Embedding and
 * EmbeddingBag, which the defaults leave out, as PyTorch's do (1.13 and 2.x).
 */
public final class QuantizationMappings {
    private QuantizationMappings() {}

    private static final Map<Class<?>, Function<Module, Module>> STATIC = new LinkedHashMap<>();
    private static final Map<Class<?>, BiFunction<Module, QConfig, Module>> QAT = new LinkedHashMap<>();

    /** {@code get_default_static_quant_module_mappings()}: a copy, from float (or QAT) class to its {@code from_float}. */
    public static Map<Class<?>, Function<Module, Module>> getDefaultStaticQuantModuleMappings() { return new LinkedHashMap<>(STATIC); }

    /** {@code get_embedding_static_quant_module_mappings()}: the defaults, and QAT Embedding/EmbeddingBag to quantized ones. */
    public static Map<Class<?>, Function<Module, Module>> getEmbeddingStaticQuantModuleMappings() {
        Map<Class<?>, Function<Module, Module>> m = getDefaultStaticQuantModuleMappings();
        m.put(dev.torch4j.ao.nn.qat.EmbeddingBag.class, dev.torch4j.ao.nn.quantized.EmbeddingBag::fromFloat);
        m.put(dev.torch4j.ao.nn.qat.Embedding.class, dev.torch4j.ao.nn.quantized.Embedding::fromFloat);
        return m;
    }

    /** {@code get_default_qat_module_mappings()}: a copy, from float class to its QAT {@code from_float} (given the qconfig). */
    public static Map<Class<?>, BiFunction<Module, QConfig, Module>> getDefaultQatModuleMappings() { return new LinkedHashMap<>(QAT); }

    /** {@code get_embedding_qat_module_mappings()}: the defaults, and Embedding/EmbeddingBag to their QAT forms. */
    public static Map<Class<?>, BiFunction<Module, QConfig, Module>> getEmbeddingQatModuleMappings() {
        Map<Class<?>, BiFunction<Module, QConfig, Module>> m = getDefaultQatModuleMappings();
        m.put(dev.torch4j.nn.EmbeddingBag.class, (mod, q) -> dev.torch4j.ao.nn.qat.EmbeddingBag.fromFloat(mod));
        m.put(dev.torch4j.nn.Embedding.class, (mod, q) -> dev.torch4j.ao.nn.qat.Embedding.fromFloat(mod));
        return m;
    }

    private static <F extends Module> void put(Class<F> from, Function<F, Module> to) { STATIC.put(from, m -> to.apply(from.cast(m))); }

    private static <F extends Module> void qat(Class<F> from, BiFunction<F, QConfig, Module> to) {
        QAT.put(from, (m, q) -> to.apply(from.cast(m), q));
    }

    static {
        put(QuantStub.class, dev.torch4j.ao.nn.quantized.Quantize::fromFloat);
        put(DeQuantStub.class, s -> new dev.torch4j.ao.nn.quantized.DeQuantize());
        put(dev.torch4j.nn.Linear.class, dev.torch4j.ao.nn.quantized.Linear::fromFloat);
        put(dev.torch4j.nn.Conv1d.class, dev.torch4j.ao.nn.quantized.Conv1d::fromFloat);
        put(dev.torch4j.nn.Conv2d.class, dev.torch4j.ao.nn.quantized.Conv2d::fromFloat);
        put(dev.torch4j.nn.Conv3d.class, dev.torch4j.ao.nn.quantized.Conv3d::fromFloat);
        put(dev.torch4j.nn.ConvTranspose1d.class, dev.torch4j.ao.nn.quantized.ConvTranspose1d::fromFloat);
        put(dev.torch4j.nn.ConvTranspose2d.class, dev.torch4j.ao.nn.quantized.ConvTranspose2d::fromFloat);
        put(dev.torch4j.nn.ConvTranspose3d.class, dev.torch4j.ao.nn.quantized.ConvTranspose3d::fromFloat);
        put(dev.torch4j.nn.BatchNorm2d.class, dev.torch4j.ao.nn.quantized.BatchNorm2d::fromFloat);
        put(dev.torch4j.nn.BatchNorm3d.class, dev.torch4j.ao.nn.quantized.BatchNorm3d::fromFloat);
        put(dev.torch4j.nn.LayerNorm.class, dev.torch4j.ao.nn.quantized.LayerNorm::fromFloat);
        put(dev.torch4j.nn.GroupNorm.class, dev.torch4j.ao.nn.quantized.GroupNorm::fromFloat);
        put(dev.torch4j.nn.InstanceNorm1d.class, dev.torch4j.ao.nn.quantized.InstanceNorm1d::fromFloat);
        put(dev.torch4j.nn.InstanceNorm2d.class, dev.torch4j.ao.nn.quantized.InstanceNorm2d::fromFloat);
        put(dev.torch4j.nn.InstanceNorm3d.class, dev.torch4j.ao.nn.quantized.InstanceNorm3d::fromFloat);
        put(dev.torch4j.nn.ReLU6.class, dev.torch4j.ao.nn.quantized.ReLU6::fromFloat);
        put(dev.torch4j.nn.Hardswish.class, dev.torch4j.ao.nn.quantized.Hardswish::fromFloat);
        put(dev.torch4j.nn.LeakyReLU.class, dev.torch4j.ao.nn.quantized.LeakyReLU::fromFloat);
        put(dev.torch4j.nn.ELU.class, dev.torch4j.ao.nn.quantized.ELU::fromFloat);
        put(dev.torch4j.nn.PReLU.class, dev.torch4j.ao.nn.quantized.PReLU::fromFloat);
        put(dev.torch4j.nn.Dropout.class, dev.torch4j.ao.nn.quantized.Dropout::fromFloat);
        put(dev.torch4j.nn.Embedding.class, dev.torch4j.ao.nn.quantized.Embedding::fromFloat);
        put(dev.torch4j.nn.EmbeddingBag.class, dev.torch4j.ao.nn.quantized.EmbeddingBag::fromFloat);
        put(FloatFunctional.class, QFunctional::fromFloat);
        put(ConvReLU1d.class, dev.torch4j.ao.nn.intrinsic.quantized.ConvReLU1d::fromFloat);
        put(ConvReLU2d.class, dev.torch4j.ao.nn.intrinsic.quantized.ConvReLU2d::fromFloat);
        put(ConvReLU3d.class, dev.torch4j.ao.nn.intrinsic.quantized.ConvReLU3d::fromFloat);
        put(LinearReLU.class, dev.torch4j.ao.nn.intrinsic.quantized.LinearReLU::fromFloat);
        put(BNReLU2d.class, dev.torch4j.ao.nn.intrinsic.quantized.BNReLU2d::fromFloat);
        put(BNReLU3d.class, dev.torch4j.ao.nn.intrinsic.quantized.BNReLU3d::fromFloat);
        put(dev.torch4j.ao.nn.qat.Linear.class, dev.torch4j.ao.nn.quantized.Linear::fromFloat);
        put(dev.torch4j.ao.nn.qat.Conv2d.class, dev.torch4j.ao.nn.quantized.Conv2d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.LinearReLU.class, dev.torch4j.ao.nn.intrinsic.quantized.LinearReLU::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.ConvReLU2d.class, dev.torch4j.ao.nn.intrinsic.quantized.ConvReLU2d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.ConvBn2d.class, dev.torch4j.ao.nn.quantized.Conv2d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.ConvBnReLU2d.class, dev.torch4j.ao.nn.intrinsic.quantized.ConvReLU2d::fromFloat);
        put(dev.torch4j.ao.nn.qat.Conv3d.class, dev.torch4j.ao.nn.quantized.Conv3d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.ConvReLU3d.class, dev.torch4j.ao.nn.intrinsic.quantized.ConvReLU3d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.ConvBn1d.class, dev.torch4j.ao.nn.quantized.Conv1d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.ConvBn3d.class, dev.torch4j.ao.nn.quantized.Conv3d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.ConvBnReLU1d.class, dev.torch4j.ao.nn.intrinsic.quantized.ConvReLU1d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.ConvBnReLU3d.class, dev.torch4j.ao.nn.intrinsic.quantized.ConvReLU3d::fromFloat);
        put(dev.torch4j.ao.nn.intrinsic.qat.LinearBn1d.class, dev.torch4j.ao.nn.quantized.Linear::fromFloat);

        qat(dev.torch4j.nn.Linear.class, dev.torch4j.ao.nn.qat.Linear::fromFloat);
        qat(dev.torch4j.nn.Conv2d.class, dev.torch4j.ao.nn.qat.Conv2d::fromFloat);
        qat(LinearReLU.class, dev.torch4j.ao.nn.intrinsic.qat.LinearReLU::fromFloat);
        qat(ConvReLU2d.class, dev.torch4j.ao.nn.intrinsic.qat.ConvReLU2d::fromFloat);
        qat(dev.torch4j.ao.nn.intrinsic.ConvBn2d.class, dev.torch4j.ao.nn.intrinsic.qat.ConvBn2d::fromFloat);
        qat(dev.torch4j.ao.nn.intrinsic.ConvBnReLU2d.class, dev.torch4j.ao.nn.intrinsic.qat.ConvBnReLU2d::fromFloat);
        // 1.13's other QAT mappings (a plain Conv1d or ConvReLU1d has none: observed as in static quantization)
        qat(dev.torch4j.nn.Conv3d.class, dev.torch4j.ao.nn.qat.Conv3d::fromFloat);
        qat(ConvReLU3d.class, dev.torch4j.ao.nn.intrinsic.qat.ConvReLU3d::fromFloat);
        qat(dev.torch4j.ao.nn.intrinsic.ConvBn1d.class, dev.torch4j.ao.nn.intrinsic.qat.ConvBn1d::fromFloat);
        qat(dev.torch4j.ao.nn.intrinsic.ConvBn3d.class, dev.torch4j.ao.nn.intrinsic.qat.ConvBn3d::fromFloat);
        qat(dev.torch4j.ao.nn.intrinsic.ConvBnReLU1d.class, dev.torch4j.ao.nn.intrinsic.qat.ConvBnReLU1d::fromFloat);
        qat(dev.torch4j.ao.nn.intrinsic.ConvBnReLU3d.class, dev.torch4j.ao.nn.intrinsic.qat.ConvBnReLU3d::fromFloat);
        qat(dev.torch4j.ao.nn.intrinsic.LinearBn1d.class, dev.torch4j.ao.nn.intrinsic.qat.LinearBn1d::fromFloat);
    }

    /** Swapped but never observed (PyTorch's {@code _add_observer_} skips Dropout; stubs and functionals are handled apart). */
    private static final Set<Class<?>> UNOBSERVED = Set.of(DeQuantStub.class, dev.torch4j.nn.Dropout.class, FloatFunctional.class);

    /**
     * PyTorch's default custom-module config ({@code get_default_custom_config_dict}): the observed module {@code prepare}
     * swaps a float one for (already prepared inside, and given no observer of its own), or null.
     */
    static Module observedCustom(Module m) {
        return m.getClass() == dev.torch4j.nn.LSTM.class ? dev.torch4j.ao.nn.quantizable.LSTM.fromFloat((dev.torch4j.nn.LSTM) m) : null;
    }

    /** Whether {@code m} is an observed custom module, which {@code convert} swaps whole. */
    static boolean isObservedCustom(Module m) { return m.getClass() == dev.torch4j.ao.nn.quantizable.LSTM.class; }

    /** The quantized module for {@code m} in {@code mapping} (observed custom modules whatever the mapping), or null. */
    static Module quantized(Module m, Map<Class<?>, Function<Module, Module>> mapping) {
        if (isObservedCustom(m)) return dev.torch4j.ao.nn.quantized.LSTM.fromObserved((dev.torch4j.ao.nn.quantizable.LSTM) m);
        Function<Module, Module> f = mapping.get(m.getClass());
        return f == null ? null : f.apply(m);
    }

    /** The QAT module for a float one with qconfig {@code q} in {@code mapping}, or null. */
    static Module qat(Module m, QConfig q, Map<Class<?>, BiFunction<Module, QConfig, Module>> mapping) {
        BiFunction<Module, QConfig, Module> f = mapping.get(m.getClass());
        return f == null ? null : f.apply(m, q);
    }

    /** Whether {@code prepare} gives a leaf of this type an observer: a mapped type, but those PyTorch skips. */
    static boolean observed(Module m) { return STATIC.containsKey(m.getClass()) && !UNOBSERVED.contains(m.getClass()); }

    /** Whether {@code m} is a QAT module, which {@code prepare} observes whole. */
    static boolean isQat(Module m) {
        return m instanceof dev.torch4j.ao.nn.qat.Linear || m instanceof dev.torch4j.ao.nn.qat.Conv2d
                || m instanceof dev.torch4j.ao.nn.qat.Conv3d || m instanceof dev.torch4j.ao.nn.intrinsic.qat.QatConvBn
                || m instanceof dev.torch4j.ao.nn.qat.Embedding || m instanceof dev.torch4j.ao.nn.qat.EmbeddingBag;
    }
}
