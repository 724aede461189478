/**
 * {@code torch.ao.nn.quantized.dynamic}: modules whose weights are quantized ahead of time and whose activations are
 * quantized on each call ({@link dev.torch4j.ao.nn.quantized.dynamic.Linear}); made from float modules by
 * {@link dev.torch4j.ao.quantization.QuantizeDynamic#quantizeDynamic}.
 */
package dev.torch4j.ao.nn.quantized.dynamic;
