package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.TensorScope;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/** The autograd methods of {@code Tensor}, with PyTorch's checks and messages. */
public final class TensorAutograd {
    private TensorAutograd() {}

    /** Removes a hook when closed ({@code RemovableHandle}). */
    public static final class HookHandle implements AutoCloseable {
        private final Runnable remover;
        private boolean removed;

        HookHandle(Runnable remover) { this.remover = remover; }

        /** Removes the hook; later calls do nothing. */
        public void remove() {
            if (!removed) {
                removed = true;
                remover.run();
            }
        }

        @Override public void close() { remove(); }
    }

    public static void requiresGrad_(Tensor t, boolean r) {
        AutogradMeta m = t.autogradMeta();
        if (m.gradFn != null) {
            if (!r) {
                throw new IllegalStateException("requires_grad_: you can only change requires_grad flags of leaf variables. If you "
                        + "want to use a computed variable in a subgraph that doesn't require differentiation use "
                        + "var_no_grad = var.detach().");
            }
            return;
        }
        if (r && m.inference && !GradMode.isInference()) {
            throw new IllegalStateException("requires_grad_: Setting requires_grad=True on inference tensor outside InferenceMode "
                    + "is not allowed.");
        }
        if (r && !t.dtype().isDifferentiable()) {
            throw new IllegalArgumentException("requires_grad_: only Tensors of floating point and complex dtype can require gradients (got "
                    + t.dtype() + ")");
        }
        m.requiresGrad = r;
    }

    public static void setGrad(Tensor t, Tensor g) {
        if (g != null) {
            if (!Arrays.equals(g.shapeArray(), t.shapeArray())) {
                throw new IllegalArgumentException("assigned grad has data of a different size: expected "
                        + Arrays.toString(t.shapeArray()) + ", got " + Arrays.toString(g.shapeArray()));
            }
            if (g.dtype() != t.dtype()) {
                throw new IllegalArgumentException("assigned grad has data of a different type: expected " + t.dtype()
                        + ", got " + g.dtype());
            }
            if (!g.device().equals(t.device())) {
                throw new IllegalArgumentException("assigned grad has data located on a different device: expected "
                        + t.device() + ", got " + g.device());
            }
        }
        t.autogradMeta().grad = g;
        TensorScope.escape(g);
    }

    public static void retainGrad(Tensor t) {
        if (!t.requiresGrad()) throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        AutogradMeta m = t.autogradMeta();
        Node fn = Graph.gradFn(t);
        if (fn == null || m.retainsGrad) return;
        m.retainsGrad = true;
        fn.addPreHook(m.outputNr, g -> {
            if (m.grad == null) m.grad = g.detach().clone();
            else m.grad = m.grad.add(g.detach());
            TensorScope.escape(m.grad);
            return null;
        });
    }

    public static void backward(Tensor t, Tensor gradient, boolean retainGraph, boolean createGraph) {
        GradCalls.backward(new Tensor[] {t}, new Tensor[] {gradient}, retainGraph, createGraph, null);
    }

    public static void detach_(Tensor t) {
        AutogradMeta m = t.autogradMetaOrNull();
        if (m == null) return;
        if (m.base != null && m.base.requiresGrad()) {
            throw new IllegalStateException("detach_: Can't detach views in-place. Use detach() instead.");
        }
        m.gradFn = null;
        m.requiresGrad = false;
    }

    public static HookHandle registerPostAccumulateGradHook(Tensor t, java.util.function.Consumer<Tensor> hook) {
        if (!t.requiresGrad()) throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        if (!t.isLeaf()) throw new IllegalStateException("post accumulate grad hooks cannot be registered on non-leaf tensors");
        AutogradMeta m = t.autogradMeta();
        if (m.postAccumulateHooks == null) m.postAccumulateHooks = new java.util.ArrayList<>();
        m.postAccumulateHooks.add(hook);
        return new HookHandle(() -> m.postAccumulateHooks.remove(hook));
    }

    public static HookHandle registerHook(Tensor t, UnaryOperator<Tensor> hook) {
        if (!t.requiresGrad()) {
            throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        }
        AutogradMeta m = t.autogradMeta();
        Node n = Graph.gradFn(t);
        if (n == null) {
            m.addLeafHook(hook);
            return new HookHandle(() -> m.leafHooks.remove(hook));
        }
        int nr = m.outputNr;
        n.addPreHook(nr, hook);
        return new HookHandle(() -> n.removePreHook(nr, hook));
    }
}
