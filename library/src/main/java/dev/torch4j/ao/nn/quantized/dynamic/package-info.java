/**
 * {@code torch.ao.nn.quantized.dynamic}: modules whose weights are quantized ahead of time and whose activations are
 * quantized on each call ({@link dev.torch4j.ao.nn.quantized.dynamic.Linear}, the recurrent
 * {@link dev.torch4j.ao.nn.quantized.dynamic.LSTM}, {@link dev.torch4j.ao.nn.quantized.dynamic.GRU},
 * {@link dev.torch4j.ao.nn.quantized.dynamic.LSTMCell}, {@link dev.torch4j.ao.nn.quantized.dynamic.GRUCell} and
 * {@link dev.torch4j.ao.nn.quantized.dynamic.RNNCell}); made from float modules by
 * {@link dev.torch4j.ao.quantization.QuantizeDynamic#quantizeDynamic}. Each also comes with float16 weights (float32
 * products, nothing quantized per call), as PyTorch's {@code dtype=torch.float16}.
 */
package dev.torch4j.ao.nn.quantized.dynamic;
