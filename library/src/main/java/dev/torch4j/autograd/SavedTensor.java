package dev.torch4j.autograd;

import dev.torch4j.Tensor;

/** A tensor saved for backward, with the version it had when saved (PyTorch's SavedVariable). */
public final class SavedTensor {
    private Tensor tensor;
    private int version;
    private final Node owner;
    /** What the error message describes, taken at save time; the text is built only when a check fails. */
    private final boolean cuda;
    private final dev.torch4j.DType dtype;
    private final long[] shape;

    SavedTensor(Tensor t, Node owner) {
        this.tensor = t;
        this.version = t.version();
        this.owner = owner;
        this.cuda = t.isCuda();
        this.dtype = t.dtype();
        this.shape = t.shapeArray();
    }

    /** PyTorch's legacy type name and the sizes: {@code [torch.DoubleTensor [2, 3]]}. */
    private String describe() {
        String type = (cuda ? "torch.cuda." : "torch.") + dtype.scalarTypeName() + "Tensor";
        return "[" + type + " " + java.util.Arrays.toString(shape) + "]";
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
            // PyTorch names the node that now produces the tensor (the in-place op's), not the one that saved it
            Node fn = tensor.gradFn();
            String producer = fn == null ? "" : ", which is output " + tensor.autogradMeta().outputNr + " of " + fn.name() + ",";
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an "
                    + "inplace operation: " + describe() + producer + " is at version " + tensor.version()
                    + "; expected version " + version + " instead. " + (AnomalyMode.isEnabled()
                    ? "Hint: the backtrace further above shows the operation that failed to compute its gradient. The "
                    + "variable in question was changed in there or anywhere later. Good luck!"
                    : "Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
                    + "torch.autograd.set_detect_anomaly(True).") + " (It was saved by " + owner.name() + ".)");
        }
        if (!sameShape(tensor, shape)) {
            // resize_, set_ or .data = re-pointed it without a version bump (as in PyTorch); refuse rather than
            // differentiate with a tensor of another shape
            throw new IllegalStateException("one of the variables needed for gradient computation has been resized or re-pointed "
                    + "in place (resize_, set_ or .data =): " + describe() + " now has shape "
                    + dev.torch4j.core.Shapes.str(tensor.shapeArray()) + " (it was saved by " + owner.name() + ").");
        }
        return tensor;
    }

    private static boolean sameShape(Tensor t, long[] shape) {
        if (t.dim() != shape.length) return false;
        for (int i = 0; i < shape.length; i++) if (t.size(i) != shape[i]) return false;
        return true;
    }

    void release() { tensor = null; }

    /**
     * Called by an in-place op on {@code self} before it overwrites self with the result of its own (out-of-place)
     * node, which saved self: that node needs self's values from before the op, so it keeps a copy of them
     * (PyTorch's derivative code saves {@code original_self} the same way). The copy is recorded when grad is on,
     * so double backward still reaches self's earlier history. Tensors saved by other nodes are left alone: for
     * them the in-place op is a modification that the version check reports, as in PyTorch.
     */
    void keepOriginal(Tensor self) {
        if (tensor != self || tensor.version() != version) return;
        tensor = tensor.clone();
        version = tensor.version();
    }
}
