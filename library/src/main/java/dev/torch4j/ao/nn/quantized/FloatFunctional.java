package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Identity;
import dev.torch4j.nn.Module;

import java.util.List;

/**
 * {@code torch.ao.nn.quantized.FloatFunctional}: the float model's adds, multiplies and concatenations of activations,
 * as a module so that {@code prepare} can observe their outputs (its {@code activation_post_process} child, an Identity
 * until then) and {@code convert} can turn it into a {@link QFunctional}. Call the methods, not {@code forward}.
 *
 * <pre>{@code
 * var skip = new FloatFunctional();
 * Tensor y = skip.add(x, block.call(x));
 * }</pre>
 */
public class FloatFunctional extends Module {
    /** With an Identity {@code activation_post_process}. */
    public FloatFunctional() { registerModule("activation_post_process", new Identity()); }

    /** The {@code activation_post_process} child. */
    protected final Tensor post(Tensor r) { return getSubmodule("activation_post_process").call(r); }

    /** Refused, as PyTorch does: call {@link #add} and the like. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("Functional is not intended to use the 'forward'. Please use the underlying operation");
    }

    /** {@code add(x, y)}. */
    public Tensor add(Tensor x, Tensor y) { return post(x.add(y)); }

    /** {@code add_scalar(x, y)}: not observed, as in PyTorch. */
    public Tensor addScalar(Tensor x, double y) { return x.add(y); }

    /** {@code mul(x, y)}. */
    public Tensor mul(Tensor x, Tensor y) { return post(x.mul(y)); }

    /** {@code mul_scalar(x, y)}: not observed, as in PyTorch. */
    public Tensor mulScalar(Tensor x, double y) { return x.mul(y); }

    /** {@code cat(xs, dim)}. */
    public Tensor cat(List<Tensor> xs, long dim) { return post(Torch.cat(xs, dim)); }

    /** {@code add_relu(x, y)}. */
    public Tensor addRelu(Tensor x, Tensor y) { return post(x.add(y).relu()); }
}
