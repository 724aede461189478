/**
 * {@code torch.ao.nn.quantized}: the quantized modules' shared pieces ({@link dev.torch4j.ao.nn.quantized.LinearPackedParams});
 * the dynamic quantized modules are in {@code dev.torch4j.ao.nn.quantized.dynamic}.
 */
package dev.torch4j.ao.nn.quantized;
