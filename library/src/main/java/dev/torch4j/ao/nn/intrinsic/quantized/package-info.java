/**
 * {@code torch.ao.nn.intrinsic.quantized}: quantized modules with a fused ReLU ({@code QuantizedConvReLU1d/2d/3d},
 * {@code QuantizedLinearReLU}, {@code QuantizedBNReLU2d}).
 */
package dev.torch4j.ao.nn.intrinsic.quantized;
