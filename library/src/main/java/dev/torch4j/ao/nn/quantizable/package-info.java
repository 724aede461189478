/**
 * {@code torch.ao.nn.quantizable}: modules rewritten as smaller modules so that static quantization can observe their
 * intermediates: the {@link dev.torch4j.ao.nn.quantizable.LSTM} (its {@link dev.torch4j.ao.nn.quantizable.LSTMLayer}s,
 * {@link dev.torch4j.ao.nn.quantizable.LSTMSingleLayer}s and {@link dev.torch4j.ao.nn.quantizable.LSTMCell}s), which
 * {@code QuantizeStatic.prepare} swaps in for {@code nn.LSTM} and {@code convert} turns into
 * {@link dev.torch4j.ao.nn.quantized.LSTM}.
 */
package dev.torch4j.ao.nn.quantizable;
