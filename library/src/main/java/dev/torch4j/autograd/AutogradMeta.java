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
    /** How a view was made, for PyTorch's checks of in-place writes to it or to its base (its CreationMeta). */
    public ViewCreation creation = ViewCreation.DEFAULT;
    /** A view's storage version when its grad_fn was last set: a later write to the base makes it stale. */
    public int viewVersion;
    /** True for tensors made inside inference mode. */
    public boolean inference;
    AccumulateGrad accumulator;

    /** PyTorch's CreationMeta of a view: the cases where writing to it (or to its base) in place is refused. */
    public enum ViewCreation { DEFAULT, NO_GRAD_MODE, MULTI_OUTPUT_NODE }

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
