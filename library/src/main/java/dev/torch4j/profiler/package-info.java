/**
 * {@code torch.profiler}: {@link dev.torch4j.profiler.Profiler} records kernels, backward nodes and labelled ranges,
 * and prints PyTorch's {@code key_averages().table()}; schedules, {@code record_function}, Chrome traces.
 */
package dev.torch4j.profiler;
