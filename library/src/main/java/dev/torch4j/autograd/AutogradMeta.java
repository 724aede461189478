package dev.torch4j.autograd;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A tensor's autograd state (PyTorch's AutogradMeta): leaf flag, accumulated gradient, the node that produced it,
 * hooks, and the base tensor when it is a view. Internal: reached through {@code Tensor}'s public methods.
 */
public final class AutogradMeta {
    /** requires_grad of a leaf; a non-leaf requires grad because it has a grad_fn. */
    public boolean requiresGrad;
    public Tensor grad;
    public Node gradFn;
    public int outputNr;
    public boolean retainsGrad;
    /** The tensor this one is a view of (its root base), or null. */
    public Tensor base;
    /** True for tensors made inside inference mode. */
    public boolean inference;
    AccumulateGrad accumulator;
    List<UnaryOperator<Tensor>> leafHooks;
    /** register_post_accumulate_grad_hook: run with the leaf after its .grad was updated. */
    List<java.util.function.Consumer<Tensor>> postAccumulateHooks;

    /** The accumulator node of a leaf that requires grad (one per leaf, so gradients meeting there are summed once). */
    AccumulateGrad accumulator(Tensor self) {
        if (accumulator == null) accumulator = new AccumulateGrad(self);
        return accumulator;
    }

    void addLeafHook(UnaryOperator<Tensor> h) {
        if (leafHooks == null) leafHooks = new ArrayList<>();
        leafHooks.add(h);
    }
}
