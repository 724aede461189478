package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;

/**
 * A node whose backward is a function written with Tensor ops — the form every op's derivative takes (so double
 * backward works: the formula's ops are recorded when create_graph is set).
 */
public final class FnNode extends Node {
    /**
     * A derivative formula: output gradients in, one gradient per forward input out (null where none is needed).
     * A formula must not keep references to the gradients it receives or returns: a gradient it allocated (or a
     * view of one it received) may become a leaf's {@code .grad} without a copy, as PyTorch's AccumulateGrad does
     * with a gradient no one else references, and the memory of a gradient it received and did not return may be
     * reused by later allocations once it has returned ({@link dev.torch4j.backend.Storage#recycle}).
     */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor[] gradOutputs);
    }

    private Backward fn;

    FnNode(String name, Edge[] next, long[][] shapes, DType[] dtypes, int numOutputs) {
        super(name, next, shapes, dtypes, numOutputs);
    }

    /** Sets the derivative formula. */
    public FnNode backward(Backward f) {
        this.fn = f;
        return this;
    }

    /** Makes {@code out} this node's output 0 and returns it. */
    public Tensor output(Tensor out) {
        Graph.setGradFn(out, this, 0);
        markOutput(out, 0);
        return out;
    }

    /** Makes {@code outs[i]} this node's output i (null entries are skipped) and returns them. */
    public Tensor[] outputs(Tensor... outs) {
        for (int i = 0; i < outs.length; i++) {
            if (outs[i] == null) continue;
            Graph.setGradFn(outs[i], this, i);
            markOutput(outs[i], i);
        }
        return outs;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        if (fn == null) throw new IllegalStateException(name() + ": no derivative formula was set");
        return fn.apply(gradOutputs);
    }
}
