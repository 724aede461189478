package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A backward function in the graph ({@code grad_fn}): takes the gradients of its forward outputs and returns the
 * gradients of its forward inputs, which flow along {@link #nextEdges()}. Prints as PyTorch names it, e.g.
 * {@code <MulBackward0 object>}; {@link #name()} gives {@code MulBackward0}.
 */
public abstract class Node {
    private final String name;
    final Edge[] next;
    /** Shape and dtype of each forward input, to check and reduce the gradients that flow to it. */
    final long[][] inputShapes;
    final DType[] inputDtypes;
    private final int numOutputs;
    private List<List<UnaryOperator<Tensor>>> preHooks;
    final List<SavedTensor> saved = new ArrayList<>();
    boolean released;
    /** Creation order (PyTorch's sequence_nr): nodes made after a mark are the ones a checkpointed call recorded. */
    final long sequenceNr = SEQUENCE.getAndIncrement();
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();
    /** Where forward created this node, recorded only in anomaly mode (null otherwise). */
    final AnomalyMode.Metadata anomaly = AnomalyMode.record();
    /** True once a tensor was saved while saved-tensor hooks were on (only then does a run unpack and forget). */
    private boolean hooked;
    /** True while the engine runs this node's backward: saved tensors unpacked by hooks are reused until it returns. */
    boolean running;
    /** True when hooks packed a tensor that had no history yet (maybe an output of this node: see FnNode.output). */
    boolean packedWithoutHistory;

    /** The sequence number the next node will get. */
    static long nextSequenceNr() { return SEQUENCE.get(); }

    protected Node(String name, Edge[] next, long[][] inputShapes, DType[] inputDtypes, int numOutputs) {
        this.name = name;
        this.next = next;
        this.inputShapes = inputShapes;
        this.inputDtypes = inputDtypes;
        this.numOutputs = numOutputs;
    }

    /** PyTorch's name of this backward function, e.g. {@code MulBackward0}. */
    public String name() { return name; }

    /** The edges to the nodes that receive this node's input gradients (null where an input needs no gradient). */
    public Edge[] nextEdges() { return next.clone(); }

    /** PyTorch's {@code next_functions}: the same edges as {@link #nextEdges()} ({@code (node, input_nr)} pairs). */
    public Edge[] nextFunctions() { return nextEdges(); }

    /** Number of forward outputs (gradients this node takes). */
    public int numOutputs() { return numOutputs; }

    /** True when forward input {@code i} needs a gradient. */
    public boolean needsInputGrad(int i) { return i < next.length && next[i] != null; }

    /**
     * Computes input gradients from output gradients. Entries of {@code gradOutputs} are null where an output got
     * no gradient (it counts as zero); return null for inputs that need none.
     */
    protected abstract Tensor[] apply(Tensor[] gradOutputs);

    /** Saves a tensor for backward, with its version, so in-place changes before backward are detected. */
    public SavedTensor save(Tensor t) {
        AutogradMeta m = t.autogradMetaOrNull();
        if (m != null && m.inference) {
            throw new IllegalStateException(name + ": Inference tensors cannot be saved for backward. To work around you can "
                    + "make a clone to get a normal tensor and use it in autograd.");
        }
        var hooks = SavedTensorHooks.current();
        hooked |= hooks != null;
        SavedTensor s = new SavedTensor(t, this, hooks);
        saved.add(s);
        return s;
    }

    /** Frees saved tensors (after a backward without retain_graph). */
    void release() {
        released = true;
        for (SavedTensor s : saved) s.release();
    }

    /** Registers a hook run on the gradient of output {@code outputNr} before this node runs. */
    void addPreHook(int outputNr, UnaryOperator<Tensor> hook) {
        if (preHooks == null) {
            preHooks = new ArrayList<>();
            for (int i = 0; i < numOutputs; i++) preHooks.add(new ArrayList<>());
        }
        preHooks.get(outputNr).add(hook);
    }

    void removePreHook(int outputNr, UnaryOperator<Tensor> hook) {
        if (preHooks != null) preHooks.get(outputNr).remove(hook);
    }

    boolean hasPreHooks(int outputNr) {
        return preHooks != null && !preHooks.get(outputNr).isEmpty();
    }

    /**
     * {@link #apply} with, per gradient, whether the engine owns it alone ({@code owned[i]}: allocated by a
     * derivative formula of this backward pass and passed to no one else), which lets a leaf keep it without a copy.
     */
    Tensor[] apply(Tensor[] gradOutputs, boolean[] owned) { return apply(gradOutputs); }

    /**
     * {@link #apply(Tensor[], boolean[])} as the engine runs it: a saved tensor that hooks packed is unpacked once
     * per run (eagerly for built-in formulas, which PyTorch generates to unpack each saved variable at the start of
     * apply; on first use for other nodes) and the unpacked tensor is dropped when the run ends.
     */
    final Tensor[] runBackward(Tensor[] gradOutputs, boolean[] owned) {
        if (!hooked) return linked(apply(gradOutputs, owned)); // nothing packed: no per-run unpacking to do
        running = true;
        try {
            // built-in formulas unpack everything they saved first, in the order saved, as PyTorch's generated code does
            if (this instanceof FnNode) for (SavedTensor s : saved) s.unpackForRun();
            return linked(apply(gradOutputs, owned));
        } finally {
            running = false;
            for (SavedTensor s : saved) s.forgetUnpacked();
        }
    }

    /** Under create_graph (grad enabled in the engine), a built-in formula's gradients linked to its saved tensors. */
    private Tensor[] linked(Tensor[] out) {
        return this instanceof FnNode && GradMode.isEnabled() ? Engine.linkToSaved(this, out) : out;
    }

    /** Tells saved tensors packed without history that {@code out} is this node's output {@code nr}. */
    void markOutput(Tensor out, int nr) {
        if (packedWithoutHistory) for (SavedTensor s : saved) s.markOutput(out, nr);
    }

    // ------------------------------------------------------------------------------------------- node hooks

    private List<UnaryOperator<Tensor[]>> nodePreHooks;
    private List<java.util.function.BinaryOperator<Tensor[]>> postHooks;
    private java.util.Map<String, Object> metadata;

    /**
     * {@code grad_fn.register_prehook(hook)}: {@code hook(grad_outputs)} runs before this node's backward (after the
     * tensor hooks of its outputs) with the gradients of its forward outputs (null where none); a non-null return
     * replaces them. Close the handle to remove it.
     */
    public TensorAutograd.HookHandle registerPrehook(UnaryOperator<Tensor[]> hook) {
        if (nodePreHooks == null) nodePreHooks = new ArrayList<>();
        nodePreHooks.add(hook);
        return new TensorAutograd.HookHandle(() -> nodePreHooks.remove(hook));
    }

    /**
     * {@code grad_fn.register_hook(hook)}: {@code hook(grad_inputs, grad_outputs)} runs after this node's backward
     * with the gradients it computed for its forward inputs and those it received; a non-null return replaces the
     * computed ones. Close the handle to remove it.
     */
    public TensorAutograd.HookHandle registerHook(java.util.function.BinaryOperator<Tensor[]> hook) {
        if (postHooks == null) postHooks = new ArrayList<>();
        postHooks.add(hook);
        return new TensorAutograd.HookHandle(() -> postHooks.remove(hook));
    }

    /** {@code grad_fn.metadata}: a map for the user's own notes about this node (empty at first). */
    public java.util.Map<String, Object> metadata() {
        if (metadata == null) metadata = new java.util.LinkedHashMap<>();
        return metadata;
    }

    /** True when node-level hooks may keep the gradients they see. */
    boolean hasNodeHooks() {
        return nodePreHooks != null && !nodePreHooks.isEmpty() || postHooks != null && !postHooks.isEmpty();
    }

    Tensor[] runNodePreHooks(Tensor[] gradOutputs) {
        if (nodePreHooks == null) return gradOutputs;
        for (UnaryOperator<Tensor[]> h : List.copyOf(nodePreHooks)) {
            Tensor[] r = h.apply(gradOutputs.clone());
            if (r != null) gradOutputs = checkHookResult(r, gradOutputs.length);
        }
        return gradOutputs;
    }

    Tensor[] runPostHooks(Tensor[] gradInputs, Tensor[] gradOutputs) {
        if (postHooks == null) return gradInputs;
        Tensor[] ins = gradInputs == null ? new Tensor[next.length] : gradInputs;
        for (var h : List.copyOf(postHooks)) {
            Tensor[] r = h.apply(ins.clone(), gradOutputs.clone());
            if (r != null) ins = checkHookResult(r, ins.length);
        }
        return ins;
    }

    private Tensor[] checkHookResult(Tensor[] r, int expected) {
        if (r.length != expected) {
            throw new IllegalStateException("hook of " + name + " has returned an incorrect number of values (got " + r.length
                    + ", but expected " + expected + ")");
        }
        return r.clone();
    }

    Tensor runPreHooks(int outputNr, Tensor grad) {
        if (preHooks == null || grad == null) return grad;
        for (UnaryOperator<Tensor> h : List.copyOf(preHooks.get(outputNr))) {
            Tensor r = h.apply(grad);
            if (r != null) grad = r;
        }
        return grad;
    }

    @Override
    public String toString() { return "<" + name + " object>"; }
}
