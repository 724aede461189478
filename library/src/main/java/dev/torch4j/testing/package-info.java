/**
 * {@code torch.testing}: {@link dev.torch4j.testing.Testing#assertClose} compares tensors, numbers and nested lists
 * and maps of them with PyTorch's per-dtype tolerances and messages, and {@link dev.torch4j.testing.Testing#makeTensor}
 * draws test tensors as PyTorch 2.x's {@code make_tensor} does. Both throw {@link java.lang.AssertionError} on a
 * mismatch, so they work inside JUnit, TestNG or plain {@code assert}-free code alike.
 */
package dev.torch4j.testing;
