/**
 * {@code torch.ao.nn.intrinsic}: fused float modules, made by {@link dev.torch4j.ao.quantization.FuseModules}, which
 * {@code prepare} observes and {@code convert} swaps as one unit ({@code quantized} holds their quantized forms).
 */
package dev.torch4j.ao.nn.intrinsic;
