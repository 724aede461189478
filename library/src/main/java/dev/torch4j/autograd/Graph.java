package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;

/**
 * How ops record themselves (define-by-run). An op checks {@link #isRecording}, and if so creates a node over its
 * inputs, saves what its derivative needs, sets the formula and marks its outputs:
 * <pre>{@code
 * if (Graph.isRecording(a, b)) {
 *     FnNode n = Graph.node("MulBackward0", a, b);
 *     SavedTensor sa = n.save(a), sb = n.save(b);
 *     n.backward(g -> new Tensor[] {g[0].mul(sb.get()), g[0].mul(sa.get())}).output(out);
 * }
 * }</pre>
 * Gradients returned for an input are cast to its dtype and summed down to its shape by the engine, so formulas
 * need not undo broadcasting or type promotion.
 */
public final class Graph {
    private Graph() {}

    /** True when grad mode is on and any input requires grad. */
    public static boolean isRecording(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /** A single-output node over {@code inputs} (null inputs and inputs that need no grad get no edge). */
    public static FnNode node(String name, Tensor... inputs) { return node(name, 1, inputs); }

    /** A node with {@code numOutputs} outputs over {@code inputs}. */
    public static FnNode node(String name, int numOutputs, Tensor... inputs) {
        Edge[] next = new Edge[inputs.length];
        long[][] shapes = new long[inputs.length][];
        DType[] dtypes = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null) continue;
            next[i] = edgeOf(t);
            shapes[i] = t.shapeArray();
            dtypes[i] = t.dtype();
        }
        return new FnNode(name, next, shapes, dtypes, numOutputs);
    }

    /** The edge a gradient for {@code t} flows along, or null when t needs no gradient. */
    public static Edge edgeOf(Tensor t) {
        AutogradMeta m = t.autogradMetaOrNull();
        if (m == null) return null;
        Node fn = gradFn(t);
        if (fn != null) return new Edge(fn, m.outputNr);
        if (m.requiresGrad) return new Edge(m.accumulator(t), 0);
        return null;
    }

    static void setGradFn(Tensor out, Node n, int outputNr) {
        AutogradMeta m = out.autogradMeta();
        m.gradFn = n;
        m.outputNr = outputNr;
        m.requiresGrad = false;
        m.viewVersion = out.version();
    }

    /**
     * {@code t.grad_fn}: for a view whose base (or another view of it) was written in place since the view's history
     * was set, PyTorch's regenerated history first: an {@code AsStridedBackward0} from the base's current history,
     * or its refusal for a view made in no_grad mode or by a function returning several views.
     */
    public static Node gradFn(Tensor t) {
        AutogradMeta m = t.autogradMetaOrNull();
        if (m == null) return null;
        Tensor base = m.base;
        if (base == null || (m.gradFn == null && !base.requiresGrad()) || t.version() == m.viewVersion) return m.gradFn;
        refuseRebase(m, true);
        ViewBackward.record("AsStridedBackward0", base, t, null);
        m.outputNr = 0;
        return m.gradFn;
    }

    /** PyTorch's handle_view_on_rebase: the views whose history cannot be rewritten after an in-place write. */
    private static void refuseRebase(AutogradMeta m, boolean indirect) {
        if (m.creation == AutogradMeta.ViewCreation.DEFAULT) return;
        String who = m.gradFn != null ? "Output " + m.outputNr + " of " + m.gradFn.name() + " is a view and " : "A view was created in no_grad mode and ";
        String what = indirect ? "its base or another view of its base has been modified inplace" : "is being modified inplace";
        String why = m.creation == AutogradMeta.ViewCreation.MULTI_OUTPUT_NODE
                ? ". This view is the output of a function that returns multiple views. Such functions do not allow the output "
                + "views to be modified inplace. You should replace the inplace operation by an out-of-place one."
                : " with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can "
                + "clarify your code by moving both the view and the inplace either both inside the no_grad block (if you "
                + "don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";
        throw new IllegalStateException(who + what + why);
    }

    // ------------------------------------------------------------------------------------------- in-place ops

    /**
     * PyTorch's checks before an in-place op on {@code self} while recording: a leaf that requires grad, or a view
     * of one, may not be modified.
     */
    public static void checkInplace(String op, Tensor self) {
        if (!GradMode.isEnabled()) return;
        AutogradMeta m = self.autogradMetaOrNull();
        if (m == null) return;
        if (m.base != null) refuseRebase(m, false);
        if (m.gradFn == null && m.requiresGrad) {
            throw new IllegalStateException(op + ": a leaf Variable that requires grad is being used in an in-place operation.");
        }
        Tensor base = m.base;
        if (base != null && base.isLeaf() && base.requiresGrad()) {
            throw new IllegalStateException(op + ": a view of a leaf Variable that requires grad is being used in an in-place operation.");
        }
    }

    /**
     * Finishes an in-place op that was computed out of place as {@code result} (with its graph): writes the values
     * into {@code self} and makes self's history that of result. result's grad_fn must take the pre-op self as its
     * input 0 (as every in-place op's out-of-place form does). When self is a view, its base's history is
     * rewritten through {@link CopySlices}, as PyTorch does.
     */
    public static Tensor commitInplace(Tensor self, Tensor result) { return commitInplace(self, result, false); }

    /**
     * {@link #commitInplace(Tensor, Tensor)} for the fill-like ops ({@code fill_}, {@code zero_}, {@code masked_fill_},
     * {@code index_fill_}, {@code index_put_}) when {@code overlapOk}: PyTorch lets them write into a tensor whose
     * elements share memory (an expanded view) and refuses only the backward through it; the others refuse here.
     */
    public static Tensor commitInplace(Tensor self, Tensor result, boolean overlapOk) {
        if (!overlapOk && ViewBackward.repeats(self.shapeArray(), self.stride())) throw internalOverlap();
        Node fn = result.gradFn();
        // self saved once more, as another operand (x.mul_(x)), keeps its version: backward refuses it, as PyTorch's does
        boolean kept = false;
        if (fn != null) for (SavedTensor s : fn.saved) if (!kept) kept = s.keepOriginal(self);
        try (var g = GradMode.noGrad()) {
            writeInto(self, result);
        }
        if (result.gradFn() == null) return self;
        AutogradMeta m = self.autogradMeta();
        Tensor base = m.base;
        if (base == null) {
            setGradFn(self, result.gradFn(), result.autogradMeta().outputNr);
            return self;
        }
        CopySlices.rebase(base, self, result);
        return self;
    }

    /** PyTorch's refusal to write into a tensor some of whose elements share one memory place. */
    static IllegalArgumentException internalOverlap() {
        return new IllegalArgumentException("unsupported operation: more than one element of the written-to tensor refers to a "
                + "single memory location. Please clone() the tensor before performing the operation.");
    }

    /**
     * {@code self.copy_(result)}, where self may repeat places along stride-0 dims (the fill-like ops PyTorch lets
     * write into an expanded tensor; the others refuse before): a place takes a value written to any of its elements
     * (PyTorch's kernel writes only those), and the backward through such a view is refused (CopySlices), as
     * PyTorch's is.
     */
    private static void writeInto(Tensor self, Tensor result) {
        long[] sh = self.shapeArray(), st = self.stride();
        Tensor dst = self, src = result;
        for (int d = 0; d < sh.length; d++) {
            if (st[d] == 0 && sh[d] > 1) {
                Tensor written = src.ne(dst).int64().argmax(d, true); // the first element written (0: none was)
                src = src.gather(d, written);
                dst = dst.narrow(d, 0, 1);
            }
        }
        dst.copy_(src);
    }

    /**
     * Finishes an in-place layout op ({@code t_}, {@code unsqueeze_}, ...) computed as the view {@code view} of
     * {@code self}: self, now laid out as the view, takes the view's history (its node takes the pre-op self), and
     * stays a view of its base if it was one, as in PyTorch.
     */
    public static void adoptViewHistory(Tensor self, Tensor view) {
        AutogradMeta vm = view.autogradMetaOrNull();
        if (vm != null && vm.gradFn != null) setGradFn(self, vm.gradFn, vm.outputNr);
    }

    /**
     * After {@code set_} on a tensor that is being recorded: PyTorch's {@code NotImplemented} node, whose backward
     * says that set_ has no derivative.
     */
    public static void recordNotImplemented(String op, Tensor self) {
        if (!isRecording(self)) return;
        FnNode n = node("NotImplemented", self);
        n.backward(g -> {
            throw new UnsupportedOperationException("the derivative for '" + op + "' is not implemented.");
        });
        setGradFn(self, n, 0);
    }

    /** Forgets that {@code t} is a view: it no longer shares its base's memory ({@code set_}, {@code .data =}). */
    public static void unlinkBase(Tensor t) {
        AutogradMeta m = t.autogradMetaOrNull();
        if (m != null) m.base = null;
    }

    // ------------------------------------------------------------------------------------------- views

    /**
     * Records that {@code view} is a view of {@code input} made by the op named {@code name} ({@code SliceBackward0},
     * {@code PermuteBackward0}, ...): the gradient flows back by writing it into the view's place in a zero
     * tensor shaped like the input. Also links the view to its base for in-place ops. Returns the view.
     */
    public static Tensor view(String name, Tensor input, Tensor view) { return view(name, input, view, null); }

    /**
     * A view that takes indices {@code start, start + step, ...} of one dim of its input (select: one index, the dim
     * dropped): its derivative by index, for inputs whose elements overlap in memory, where places cannot serve. Or,
     * with {@code replay}, a view the same op takes of a fresh tensor shaped like the input (diagonal): its
     * derivative writes the gradient through that view of zeros, as PyTorch's formula does.
     */
    public record Along(int dim, long start, long step, boolean dropsDim, java.util.function.UnaryOperator<Tensor> replay) {
        public Along(int dim, long start, long step, boolean dropsDim) { this(dim, start, step, dropsDim, null); }

        /** A view whose derivative over an overlapping input replays {@code view} on zeros shaped like the input. */
        public static Along replay(java.util.function.UnaryOperator<Tensor> view) { return new Along(-1, 0, 0, false, view); }
    }

    /**
     * {@link #view} of a view that takes indices of one dim ({@code along}: select, narrow, slice), so its derivative
     * can be taken by index where the input's elements overlap in memory.
     */
    public static Tensor view(String name, Tensor input, Tensor view, Along along) {
        linkBase(input, view);
        if (isRecording(input)) ViewBackward.record(name, input, view, along);
        return view;
    }

    /** Marks {@code view} as a view of {@code input}'s base (for in-place ops on views), without recording. */
    public static void linkBase(Tensor input, Tensor view) {
        AutogradMeta im = input.autogradMetaOrNull();
        AutogradMeta vm = view.autogradMeta();
        vm.base = im != null && im.base != null ? im.base : input;
        vm.inference = im != null && im.inference;
        vm.viewVersion = view.version();
        vm.creation = GradMode.isEnabled() ? AutogradMeta.ViewCreation.DEFAULT : AutogradMeta.ViewCreation.NO_GRAD_MODE;
        // a view of a view keeps the stricter of the two, as PyTorch's propagate_creation_meta
        if (vm.creation == AutogradMeta.ViewCreation.DEFAULT && im != null && im.base != null) vm.creation = im.creation;
    }

    /** Marks views returned together by one function (split, unbind): PyTorch refuses in-place writes to them. */
    public static void markMultiOutput(Tensor[] views) {
        if (!GradMode.isEnabled()) return;
        for (Tensor v : views) v.autogradMeta().creation = AutogradMeta.ViewCreation.MULTI_OUTPUT_NODE;
    }

    /** PyTorch's rule: an inference tensor may be modified in place only inside inference mode. */
    public static void checkInferenceInplace(String op, Tensor self) {
        AutogradMeta m = self.autogradMetaOrNull();
        if (m != null && m.inference && !GradMode.isInference()) {
            throw new IllegalStateException(op + ": Inplace update to inference tensor outside InferenceMode is not allowed. "
                    + "You can make a clone to get a normal tensor before doing inplace update.");
        }
    }
}
