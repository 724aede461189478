package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorScope;

import java.util.List;
import java.util.function.UnaryOperator;

/** The node at a leaf: adds the incoming gradient into the leaf's {@code .grad}. */
final class AccumulateGrad extends Node {
    final Tensor leaf;

    AccumulateGrad(Tensor leaf) {
        super("AccumulateGrad", new Edge[0], new long[][] {leaf.shapeArray()}, new DType[] {leaf.dtype()}, 1);
        this.leaf = leaf;
    }

    /** The accumulator lives as long as its leaf: one backward does not free it. */
    @Override
    void release() {}

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) { return apply(gradOutputs, new boolean[1]); }

    @Override
    Tensor[] apply(Tensor[] gradOutputs, boolean[] owned) {
        Tensor g = gradOutputs[0];
        if (g == null) return new Tensor[0];
        AutogradMeta m = leaf.autogradMeta();
        if (m.leafHooks != null) {
            for (UnaryOperator<Tensor> h : List.copyOf(m.leafHooks)) {
                Tensor r = h.apply(g);
                if (r != null) g = r;
            }
        }
        if (m.grad == null) {
            // PyTorch's AccumulateGrad steals a gradient no one else references; the engine knows that much only
            // for gradients its formulas allocated (owned[0]). Anything else may be shared with other leaves, the
            // caller or a hook, or be an expanded view: it is copied.
            boolean steal = owned[0] && (m.leafHooks == null || m.leafHooks.isEmpty()) && !GradMode.isEnabled() && g.isContiguous()
                    && leaf.isContiguous() && g.storage().numel() == g.numel() && g.dtype() == leaf.dtype()
                    && g.device().equals(leaf.device());
            m.grad = steal ? g.detach() : GradMode.isEnabled() ? g.clone() : g.detach().clone();
        } else if (GradMode.isEnabled()) {
            m.grad = m.grad.add(g); // create_graph: keep the graph of the sum
        } else {
            m.grad.add_(g);
        }
        TensorScope.escape(m.grad); // a leaf's gradient outlives the scope of the step that made it
        if (m.postAccumulateHooks != null) for (var h : List.copyOf(m.postAccumulateHooks)) h.accept(leaf);
        return new Tensor[0];
    }
}
