package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code torch.nn.Parameter}: a tensor that a {@link Module} registers as one of its parameters. {@code Tensor} is a
 * final class, so a parameter is a plain {@code Tensor} flagged as one ({@link Tensor#isParameter()}): it works
 * everywhere a tensor does (ops, optimizers, {@code .grad}) and prints as PyTorch prints a parameter.
 *
 * <pre>{@code
 * class Affine extends Module {
 *     Tensor scale = Parameter.of(ones(3));      // registered as "scale" because it is a parameter
 *     public Tensor forward(Tensor x) { return x.mul(scale); }
 * }
 * System.out.println(Parameter.of(zeros(2)));    // Parameter containing:
 *                                                // tensor([0., 0.], requires_grad=True)
 * }</pre>
 */
public final class Parameter {
    private Parameter() {}

    /**
     * {@code nn.Parameter(data)}: a new leaf tensor that shares {@code data}'s storage, requires grad and is flagged
     * as a parameter (the data is detached from any graph, as in PyTorch).
     */
    public static Tensor of(Tensor data) { return of(data, true); }

    /** {@code nn.Parameter(data, requires_grad=requiresGrad)}; only floating tensors can require grad. */
    public static Tensor of(Tensor data, boolean requiresGrad) {
        if (data == null) throw new IllegalArgumentException("Parameter: data must be a Tensor, got null");
        return data.asParameter(requiresGrad);
    }

    /** {@code isinstance(t, nn.Parameter)}. */
    public static boolean isParameter(Tensor t) { return t != null && t.isParameter(); }
}
