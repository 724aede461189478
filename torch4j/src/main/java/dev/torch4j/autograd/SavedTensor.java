package dev.torch4j.autograd;

import dev.torch4j.Tensor;

/** A tensor saved for backward, with the version it had when saved (PyTorch's SavedVariable). */
public final class SavedTensor {
    private Tensor tensor;
    private final int version;
    private final Node owner;
    private final String description;

    SavedTensor(Tensor t, Node owner) {
        this.tensor = t;
        this.version = t.version();
        this.owner = owner;
        this.description = describe(t);
    }

    private static String describe(Tensor t) {
        return "[" + t.dtype() + " " + java.util.Arrays.toString(t.shapeArray()) + "]";
    }

    /** The saved tensor; fails like PyTorch when it was freed by an earlier backward or modified in place since. */
    public Tensor get() {
        if (tensor == null) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved "
                    + "tensors after they have already been freed). Saved intermediate values of the graph are freed when "
                    + "you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through "
                    + "the graph a second time or if you need to access saved tensors after calling backward. (in "
                    + owner.name() + ")");
        }
        if (tensor.version() != version) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an "
                    + "inplace operation: " + description + ", which is saved by " + owner.name() + ", is at version "
                    + tensor.version() + "; expected version " + version + " instead. Hint: the backtrace further above "
                    + "can point to the operation that failed to compute its gradient.");
        }
        return tensor;
    }

    void release() { tensor = null; }
}
