package dev.torch4j.io;

import java.util.Objects;

/**
 * An object of a TorchScript custom C++ class (a {@code torch.ScriptObject}, "torchbind") as {@code torch.save}
 * pickles it: {@code torch.ScriptObject.__new__()}, then {@code BUILD} with {@code (state, qualified class name)}, the
 * state being what the class's {@code __getstate__} returns; PyTorch's loader finds the class by that name and calls
 * its {@code __setstate__}. PyTorch's dynamic quantized RNNs keep their weights in such objects
 * ({@code __torch__.torch.classes.rnn.CellParamsBase}, {@code __torch__.torch.classes.quantized.LinearPackedParamsBase}).
 *
 * <p>torch4j reads and writes the name and the state as plain data (tuples, lists, tensors, numbers, nested
 * objects of this kind) and never runs anything: the module whose state dict holds the entry interprets the state.
 * Only classes under {@code __torch__.torch.classes.} are read.
 */
public final class TorchBindObject {
    /** Where PyTorch's custom classes are named. */
    public static final String CLASSES = "__torch__.torch.classes.";

    private String qualifiedName;
    private Object state;

    /** An object of class {@code qualifiedName} ({@code __torch__.torch.classes...}) with its {@code __getstate__} value. */
    public TorchBindObject(String qualifiedName, Object state) {
        if (!qualifiedName.startsWith(CLASSES)) {
            throw new IllegalArgumentException("a torchbind class is named " + CLASSES + "<namespace>.<name>, got " + qualifiedName);
        }
        this.qualifiedName = qualifiedName;
        this.state = state;
    }

    /** The object NEWOBJ creates, before its BUILD. */
    TorchBindObject() {}

    /** The class, {@code __torch__.torch.classes.<namespace>.<name>}. */
    public String qualifiedName() { return qualifiedName; }

    /** What the class's {@code __getstate__} returned (null before the unpickler's BUILD). */
    public Object state() { return state; }

    boolean built() { return qualifiedName != null; }

    /** BUILD: {@code (state, qualified name)}. */
    void build(Unpickler u, Object buildState) throws java.io.IOException {
        if (built() || !(buildState instanceof Tuple t) || t.size() != 2 || !(t.get(1) instanceof String name) || !name.startsWith(CLASSES)) {
            throw u.error("BUILD of a torch.ScriptObject " + (built() ? "twice" : "with " + PickleGlobals.describe(buildState)
                    + " instead of (state, '" + CLASSES + "...' class name)"));
        }
        qualifiedName = name;
        state = t.get(0);
    }

    @Override
    public String toString() { return "<torch.ScriptObject " + qualifiedName + ">"; }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchBindObject b && Objects.equals(qualifiedName, b.qualifiedName) && Objects.equals(state, b.state);
    }

    @Override
    public int hashCode() { return Objects.hash(qualifiedName, state); }
}
