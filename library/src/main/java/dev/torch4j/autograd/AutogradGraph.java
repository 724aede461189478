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
}
