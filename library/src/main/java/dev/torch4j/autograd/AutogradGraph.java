package dev.torch4j.autograd;

import dev.torch4j.Tensor;

import java.util.function.Function;

/**
 * The {@code torch.autograd.graph} namespace: {@code Torch.autograd().graph().saveOnCpu()}. The scopes are
 * {@link SavedTensorHooks}'s, per thread.
 */
public final class AutogradGraph {
    static final AutogradGraph INSTANCE = new AutogradGraph();

    private AutogradGraph() {}

    /** {@code saved_tensors_hooks(pack_hook, unpack_hook)}; see {@link SavedTensorHooks#savedTensorsHooks}. */
    public <P> SavedTensorHooks.Scope savedTensorsHooks(Function<? super Tensor, ? extends P> pack,
                                                        Function<? super P, ? extends Tensor> unpack) {
        return SavedTensorHooks.savedTensorsHooks(pack, unpack);
    }

    /** {@code save_on_cpu()}; see {@link SavedTensorHooks#saveOnCpu}. */
    public SavedTensorHooks.Scope saveOnCpu() { return SavedTensorHooks.saveOnCpu(false); }

    /** {@code save_on_cpu(pin_memory)}; see {@link SavedTensorHooks#saveOnCpu}. */
    public SavedTensorHooks.Scope saveOnCpu(boolean pinMemory) { return SavedTensorHooks.saveOnCpu(pinMemory); }

    /** {@code disable_saved_tensors_hooks(error_message)}; see {@link SavedTensorHooks#disableSavedTensorsHooks}. */
    public SavedTensorHooks.Scope disableSavedTensorsHooks(String errorMessage) {
        return SavedTensorHooks.disableSavedTensorsHooks(errorMessage);
    }

    /**
     * {@code get_gradient_edge(tensor)}: where the tensor's gradient flows in the graph (its grad_fn and output
     * number, or its gradient accumulator for a leaf), usable as an input of
     * {@link Autograd#grad(Tensor[], Edge[], Autograd.GradOptions)} even after the tensor is modified in place.
     */
    public Edge getGradientEdge(Tensor tensor) {
        if (!tensor.requiresGrad()) {
            throw new IllegalArgumentException("It is not possible to get the gradient edge for a Tensor that does not require gradients");
        }
        return Graph.edgeOf(tensor);
    }

    /** {@code increment_version(tensor)}: bumps the version counter, as an in-place write the engine did not see would. */
    public void incrementVersion(Tensor tensor) { tensor.storage().bumpVersion(); }
}
