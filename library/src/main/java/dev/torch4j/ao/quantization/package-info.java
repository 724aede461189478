/**
 * {@code torch.ao.quantization}: dynamic quantization ({@link dev.torch4j.ao.quantization.QuantizeDynamic}) and the
 * pieces for quantization-aware training: the observers that track a
 * tensor's range and turn it into quantization parameters ({@link dev.torch4j.ao.quantization.MinMaxObserver},
 * {@link dev.torch4j.ao.quantization.MovingAverageMinMaxObserver},
 * {@link dev.torch4j.ao.quantization.PerChannelMinMaxObserver},
 * {@link dev.torch4j.ao.quantization.MovingAveragePerChannelMinMaxObserver},
 * {@link dev.torch4j.ao.quantization.HistogramObserver}; {@link dev.torch4j.ao.quantization.PlaceholderObserver} and
 * {@link dev.torch4j.ao.quantization.NoopObserver} pass their input through) and the
 * {@link dev.torch4j.ao.quantization.FakeQuantize} module (and {@link dev.torch4j.ao.quantization.FusedMovingAvgObsFakeQuantize}),
 * which observes and fake-quantizes
 * ({@code Torch.fakeQuantizePerTensorAffine} / {@code fakeQuantizePerChannelAffine}).
 * {@link dev.torch4j.ao.quantization.QuantizedDType} names an observer's target integer type (its quantized tensor
 * dtype is {@link dev.torch4j.ao.quantization.QuantizedDType#dtype()}) and {@link dev.torch4j.QScheme} the scheme, as
 * {@code torch.quint8} and {@code torch.per_tensor_affine} do.
 * {@link dev.torch4j.ao.quantization.Defaults} has the presets ({@code default_qat_qconfig}, ...) and
 * {@link dev.torch4j.ao.quantization.QuantizationMappings} the module mappings.
 */
package dev.torch4j.ao.quantization;
