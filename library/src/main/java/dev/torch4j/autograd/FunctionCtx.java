package dev.torch4j.autograd;

import dev.torch4j.Tensor;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The context of one call of a custom {@link Function} (PyTorch's {@code ctx}): {@code forward} stores in it what
 * {@code backward} needs, and marks outputs that are not differentiable or inputs it modified in place.
 * <ul>
 *   <li>Tensors go through {@link #saveForBackward} and come back from {@link #savedTensors()}, which checks that
 *       none was modified in place since and that the graph was not freed by an earlier backward.</li>
 *   <li>Other per-call values (shapes, dims, flags) go in {@link #put} / {@link #get}; values fixed for every call
 *       are better kept as fields of the {@code Function} subclass, set in its constructor.</li>
 * </ul>
 * One context belongs to one call; the {@code Function} instance itself may be reused.
 */
public final class FunctionCtx {
    private final String name;
    private final boolean[] needsInputGrad;
    private boolean inForward = true;
    private Tensor[] toSave;
    private SavedTensor[] saved;
    private final Set<Tensor> nonDifferentiable = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Tensor> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean materializeGrads = true;
    private Map<String, Object> state;

    FunctionCtx(String name, boolean[] needsInputGrad) {
        this.name = name;
        this.needsInputGrad = needsInputGrad;
    }

    // ------------------------------------------------------------------------------------------- tensors

    /**
     * Saves tensors for {@code backward} ({@code ctx.save_for_backward}); call it from {@code forward}, at most once
     * per call (a later call replaces the earlier list). Entries may be null. Their versions are recorded when
     * forward returns, so {@code backward} fails with PyTorch's error if one is modified in place afterwards.
     */
    public void saveForBackward(Tensor... tensors) {
        if (!inForward) throw new IllegalStateException(name + ": saveForBackward can only be called from forward");
        toSave = tensors.clone();
    }

    /**
     * The tensors given to {@link #saveForBackward}, in order ({@code ctx.saved_tensors}). Fails like PyTorch when
     * one was modified in place after forward, or when the graph was freed by an earlier backward without
     * {@code retainGraph}.
     */
    public Tensor[] savedTensors() {
        if (inForward) throw new IllegalStateException(name + ": savedTensors is only available after forward returns");
        if (saved == null) return toSave == null ? new Tensor[0] : toSave.clone(); // not recorded: nothing to check
        Tensor[] out = new Tensor[saved.length];
        for (int i = 0; i < out.length; i++) out[i] = saved[i] == null ? null : saved[i].get();
        return out;
    }

    /**
     * True when input {@code i} of this call needs a gradient ({@code ctx.needs_input_grad[i]}): backward may
     * return null for the others and skip computing them.
     */
    public boolean needsInputGrad(int i) {
        if (i < 0 || i >= needsInputGrad.length) {
            throw new IndexOutOfBoundsException(name + ": needsInputGrad index " + i + " is out of range for "
                    + needsInputGrad.length + " inputs");
        }
        return needsInputGrad[i];
    }

    /** Number of inputs of this call (the number of gradients backward returns). */
    public int numInputs() { return needsInputGrad.length; }

    /**
     * Marks outputs as not differentiable ({@code ctx.mark_non_differentiable}): they do not require grad and get
     * no gradient; backward still receives a gradient for each of them (zeros, unless
     * {@link #setMaterializeGrads} is off). Integer and bool outputs are never differentiable anyway.
     */
    public void markNonDifferentiable(Tensor... outputs) {
        if (!inForward) throw new IllegalStateException(name + ": markNonDifferentiable can only be called from forward");
        for (Tensor t : outputs) if (t != null) nonDifferentiable.add(t);
    }

    /**
     * Marks inputs that forward modified in place ({@code ctx.mark_dirty}); each must also be returned as an
     * output. Their version is bumped and their history becomes this function, as for a built-in in-place op.
     */
    public void markDirty(Tensor... inputs) {
        if (!inForward) throw new IllegalStateException(name + ": markDirty can only be called from forward");
        for (Tensor t : inputs) if (t != null) dirty.add(t);
    }

    /**
     * Whether gradients that did not arrive for an output are passed to backward as zeros (the default, as in
     * PyTorch) or as null ({@code ctx.set_materialize_grads(False)}), which saves allocating zeros.
     */
    public void setMaterializeGrads(boolean materialize) { this.materializeGrads = materialize; }

    // ------------------------------------------------------------------------------------------- other state

    /** Stores a non-tensor value for backward under {@code key} (tensors belong in {@link #saveForBackward}). */
    public FunctionCtx put(String key, Object value) {
        if (state == null) state = new HashMap<>();
        state.put(key, value);
        return this;
    }

    /**
     * The value stored under {@code key}, typed by the caller: {@code int dim = ctx.get("dim");}. Fails when
     * nothing was stored under that key.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        if (state == null || !state.containsKey(key)) {
            throw new NoSuchElementException(name + ": no value named '" + key + "' was put on the context");
        }
        return (T) state.get(key);
    }

    /** True when a value is stored under {@code key}. */
    public boolean contains(String key) { return state != null && state.containsKey(key); }

    // ------------------------------------------------------------------------------------------- Function's side

    void endForward() { inForward = false; }

    boolean isNonDifferentiable(Tensor t) { return nonDifferentiable.contains(t); }

    boolean isDirty(Tensor t) { return dirty.contains(t); }

    Set<Tensor> dirtyTensors() { return dirty; }

    boolean materializeGrads() { return materializeGrads; }

    /** Saves the tensors through {@code node} now that forward's outputs are final (versions as PyTorch records them). */
    void saveThrough(Node node) {
        if (toSave == null) return;
        saved = new SavedTensor[toSave.length];
        for (int i = 0; i < toSave.length; i++) if (toSave[i] != null) saved[i] = node.save(toSave[i]);
        toSave = null; // the SavedTensors hold them now, and free them after backward
    }

    /** Frees per-call state with the graph (saved tensors are freed by the node). */
    void release() { state = null; }
}
