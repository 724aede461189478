package dev.torch4j;

import java.util.Objects;

/**
 * PyTorch's {@code out=} keyword argument: {@code torch.add(a, b, out=c)} is {@code add(a, b, out(c))} with
 * {@code import static dev.torch4j.Torch.*}. The function writes its result into the given tensor and returns that
 * tensor, so a loop can reuse one result tensor instead of allocating a new one per call.
 *
 * <p>The rules are PyTorch's: the call is not recorded for autograd, and is refused while grad mode is on and an
 * input or the out tensor requires grad; out must be on the inputs' device; pointwise functions cast into out's
 * dtype when the result type casts to it safely ({@code float32} into {@code float64}, not into {@code int64}),
 * products need out's dtype to be the result's; out may have any strides (it is written through them), must not
 * write one element twice (an expanded tensor) and must not partly overlap an input (the same tensor, or the same
 * elements in the same layout, is fine: then the call is in-place). One difference: PyTorch resizes an out tensor of
 * another shape (deprecated unless it is empty); torch4j tensors keep their shape, so a wrong shape is an error
 * that names the shape to pass.
 *
 * @param tensor the tensor to write into
 */
public record Out(Tensor tensor) {
    /** Checks that there is a tensor. */
    public Out {
        Objects.requireNonNull(tensor, "out");
    }
}
