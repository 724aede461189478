/**
 * {@code torch.ao.nn.qat}: the float modules of quantization-aware training, which fake-quantize their weight with a
 * {@code weight_fake_quant} child on every forward; {@link dev.torch4j.ao.quantization.QuantizeStatic#prepareQat} swaps
 * them in and {@code convert} turns them into the quantized modules.
 */
package dev.torch4j.ao.nn.qat;
