/**
 * Printing tensors exactly as PyTorch does: {@link dev.torch4j.format.TensorFormatter} is a port of
 * {@code torch/_tensor_str.py} (PyTorch 2.x behaviour), {@link dev.torch4j.format.PrintOptions} mirrors
 * {@code torch.set_printoptions}, and {@link dev.torch4j.format.ElementSource} is the narrow read-only view of a
 * tensor's elements the formatter needs.
 */
package dev.torch4j.format;
