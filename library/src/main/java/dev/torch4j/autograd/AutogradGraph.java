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

    /**
     * {@code register_multi_grad_hook(tensors, fn)} (mode "all"): in each backward pass, once the gradients of every
     * one of {@code tensors} that the pass computes are known, {@code fn} gets them in order, null for those the pass
     * does not reach. Close the handle to remove it.
     */
    public TensorAutograd.HookHandle registerMultiGradHook(Tensor[] tensors, java.util.function.Consumer<java.util.List<Tensor>> fn) {
        Node[] nodes = new Node[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Edge e = Graph.edgeOf(tensors[i]);
            if (e == null) throw new IllegalArgumentException("register_multi_grad_hook: tensor " + i + " does not require grad");
            nodes[i] = e.node();
        }
        java.util.Map<Long, Tensor[]> buffers = new java.util.HashMap<>();
        java.util.Map<Long, int[]> counts = new java.util.HashMap<>(); // {seen, expected}
        java.util.List<TensorAutograd.HookHandle> handles = new java.util.ArrayList<>();
        for (int i = 0; i < tensors.length; i++) {
            int idx = i;
            handles.add(tensors[i].registerHook(grad -> {
                long id = Engine.currentGraphTaskId();
                if (id == -1) throw new IllegalStateException("expected this hook to be called inside a backward call");
                Tensor[] buf;
                boolean last;
                synchronized (buffers) {
                    int[] c = counts.get(id);
                    if (c == null) {
                        int expected = 0;
                        for (Node n : nodes) if (Engine.willExecuteNode(n)) expected++;
                        counts.put(id, c = new int[] {0, expected});
                        buffers.put(id, new Tensor[nodes.length]);
                    }
                    buf = buffers.get(id);
                    buf[idx] = grad;
                    last = ++c[0] == c[1];
                    if (last) {
                        counts.remove(id);
                        buffers.remove(id);
                    }
                }
                if (last) fn.accept(java.util.Arrays.asList(buf));
                return null;
            }));
        }
        return new TensorAutograd.HookHandle(() -> handles.forEach(TensorAutograd.HookHandle::remove));
    }

    /**
     * {@code register_multi_grad_hook(tensors, fn, mode="any")}: in each backward pass, {@code fn} gets the first of the
     * tensors' gradients to be computed, once.
     */
    public TensorAutograd.HookHandle registerMultiGradHookAny(Tensor[] tensors, java.util.function.Consumer<Tensor> fn) {
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1); // ids only grow
        java.util.List<TensorAutograd.HookHandle> handles = new java.util.ArrayList<>();
        for (Tensor t : tensors) {
            if (!t.requiresGrad()) continue;
            handles.add(t.registerHook(grad -> {
                long id = Engine.currentGraphTaskId();
                if (id == -1) throw new IllegalStateException("expected this hook to be called inside a backward call");
                if (last.getAndSet(id) != id) fn.accept(grad);
                return null;
            }));
        }
        return new TensorAutograd.HookHandle(() -> handles.forEach(TensorAutograd.HookHandle::remove));
    }
}
