package dev.torch4j.autograd;

import dev.torch4j.Tensor;

/**
 * A tensor saved for backward, with the version it had when saved (PyTorch's SavedVariable). Under
 * {@link SavedTensorHooks} it keeps only what the pack hook returned, and {@link #get} unpacks it.
 */
public final class SavedTensor {
    private Tensor tensor;
    private int version;
    private final Node owner;
    /** With hooks: the hooks (null without, or once freed), what pack returned, and what unpack gave during the owner's run. */
    private SavedTensorHooks.Hooks hooks;
    private Object packed;
    private Tensor unpacked;
    /** With hooks: the history the unpacked tensor gets back (PyTorch's grad_fn_/grad_accumulator_/output_nr_). */
    private Node gradFn;
    private int outputNr;
    private AccumulateGrad accumulator;
    /** With hooks: the saved tensor, weakly, so an in-place op can recognise it ({@link #keepOriginal}). */
    private java.lang.ref.WeakReference<Tensor> origin;
    /** What the error message describes, taken at save time; the text is built only when a check fails. */
    private final boolean cuda;
    private final dev.torch4j.DType dtype;
    private final long[] shape;

    SavedTensor(Tensor t, Node owner, SavedTensorHooks.Hooks hooks) {
        this.version = t.version();
        this.owner = owner;
        this.cuda = t.isCuda();
        this.dtype = t.dtype();
        this.shape = t.shapeArray();
        // PyTorch 2 keeps wrapped numbers (Java scalars made 0-d tensors) away from the hooks
        if (hooks == null || t.isWrappedNumber()) {
            this.tensor = t;
        } else {
            pack(t, hooks);
        }
    }

    /** PyTorch's save_metadata + set_hooks_and_pack_data. */
    private void pack(Tensor t, SavedTensorHooks.Hooks hooks) {
        gradFn = null;
        accumulator = null;
        AutogradMeta m = t.autogradMetaOrNull();
        if (m != null && m.gradFn != null) {
            gradFn = m.gradFn;
            outputNr = m.outputNr;
        } else if (m != null && m.requiresGrad) {
            accumulator = m.accumulator(t);
        } else {
            owner.packedWithoutHistory = true; // maybe the owner's output, which gets its grad_fn after it is saved
        }
        origin = new java.lang.ref.WeakReference<>(t);
        this.hooks = hooks;
        Object p;
        try (var g = GradMode.noGrad()) {
            p = hooks.pack.apply(t);
        }
        if (t.version() != version) {
            throw new IllegalStateException("A saved tensor pack hook is modifying its input in place. Tensors provided as input "
                    + "to pack hook can not be modified by in-place operations as this can lead to unexpected side-effects. "
                    + "Please open an issue if you need to perform in-place operations on the input to a pack hook.");
        }
        packed = p;
    }

    /** The unpack hook's tensor, with the saved tensor's history put back (so double backward reaches it). */
    private Tensor unpack() {
        Tensor data = hooks.unpack.apply(packed);
        if (data == null) {
            throw new IllegalStateException("Output of saved tensor unpack_hook expected to be a Tensor but got result of type null");
        }
        if (gradFn == null && accumulator == null) return data.requiresGrad() ? data.detach() : data;
        Tensor var = data.detach();
        AutogradMeta vm = var.autogradMeta();
        if (gradFn != null) {
            Graph.setGradFn(var, gradFn, outputNr);
        } else {
            vm.requiresGrad = true;
            vm.accumulator = accumulator;
        }
        return var;
    }

    /** PyTorch's legacy type name and the sizes: {@code [torch.DoubleTensor [2, 3]]}. */
    private String describe() { return describe(shape); }

    private String describe(long[] sizes) {
        String type = (cuda ? "torch.cuda." : "torch.") + dtype.scalarTypeName() + "Tensor";
        return "[" + type + " " + java.util.Arrays.toString(sizes) + "]";
    }

    /** The saved tensor; fails like PyTorch when it was freed by an earlier backward or modified in place since. */
    public Tensor get() {
        if (hooks != null) {
            if (unpacked != null) return unpacked;
            Tensor u = unpack();
            if (owner.running) unpacked = u;
            return u;
        }
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
                    + "inplace operation: " + describe(tensor.shapeArray()) + producer + " is at version " + tensor.version()
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

    void release() {
        tensor = null;
        hooks = null; // also marks the packed value as freed (what pack returned may itself be null)
        packed = null;
        unpacked = null;
    }

    /**
     * Called when {@code out} becomes output {@code nr} of the owner: if it is the tensor packed here, the unpacked
     * tensor will take that history (PyTorch's is_output SavedVariable, whose grad_fn is the node saving it).
     */
    void markOutput(Tensor out, int nr) {
        if (hooks != null && gradFn == null && accumulator == null && origin.get() == out) {
            gradFn = owner;
            outputNr = nr;
        }
    }

    /** Unpacks now, for the owner's run that is starting (no-op without hooks). */
    void unpackForRun() {
        if (hooks != null && unpacked == null) unpacked = unpack();
    }

    /** Drops the tensor unpacked for the owner's run (it lives only as long as that run). */
    void forgetUnpacked() { unpacked = null; }

    /**
     * Called by an in-place op on {@code self} before it overwrites self with the result of its own (out-of-place)
     * node, which saved self: that node needs self's values from before the op, so it keeps a copy of them
     * (PyTorch's derivative code saves {@code original_self} the same way). The copy is recorded when grad is on,
     * so double backward still reaches self's earlier history. Tensors saved by other nodes are left alone: for
     * them the in-place op is a modification that the version check reports, as in PyTorch. Returns whether this
     * was self.
     */
    boolean keepOriginal(Tensor self) {
        if (hooks != null) {
            // what pack kept may alias self: pack the pre-op values again, from a copy
            if (origin.get() != self || self.version() != version) return false;
            Tensor copy = self.clone();
            version = copy.version();
            pack(copy, hooks);
            return true;
        }
        if (tensor != self || tensor.version() != version) return false;
        tensor = tensor.clone();
        version = tensor.version();
        return true;
    }
}
