package dev.torch4j.ao.quantization;

import dev.torch4j.nn.Module;

import java.util.function.Supplier;

/**
 * {@code torch.ao.quantization.QConfig}: how to observe (or fake-quantize) a layer's activations and its weight, as
 * factories that make a fresh observer or {@link FakeQuantize} for each layer. The presets are in {@link Defaults}.
 *
 * @param activation makes the activation observer / fake quantizer
 * @param weight     makes the weight observer / fake quantizer
 */
public record QConfig(Supplier<? extends Module> activation, Supplier<? extends Module> weight) {}
