/** {@code torch.ao.nn.intrinsic.qat}: the fused QAT modules ({@code LinearReLU}, {@code ConvReLU2d}). */
package dev.torch4j.ao.nn.intrinsic.qat;
