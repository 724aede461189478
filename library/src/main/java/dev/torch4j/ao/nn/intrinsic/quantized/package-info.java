/** {@code torch.ao.nn.intrinsic.quantized}: quantized modules with a fused ReLU ({@code QuantizedConvReLU2d}, {@code QuantizedLinearReLU}). */
package dev.torch4j.ao.nn.intrinsic.quantized;
