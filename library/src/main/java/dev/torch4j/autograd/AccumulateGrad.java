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
    protected Tensor[] apply(Tensor[] gradOutputs) {
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
            // a fresh tensor: the incoming gradient may be shared with other leaves or be an expanded view
            m.grad = GradMode.isEnabled() ? g.clone() : g.detach().clone();
        } else if (GradMode.isEnabled()) {
            m.grad = m.grad.add(g); // create_graph: keep the graph of the sum
        } else {
            m.grad.add_(g);
        }
        TensorScope.escape(m.grad); // a leaf's gradient outlives the scope of the step that made it
        return new Tensor[0];
    }
}
