package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;

/**
 * A custom differentiable operation: the analogue of {@code torch.autograd.Function}. Subclass it, write
 * {@link #forward} (run with grad disabled) and {@link #backward} (one gradient per input), and call
 * {@link #apply} / {@link #applyAll}. Outputs get a {@code grad_fn} named after the class, as PyTorch names
 * custom functions: {@code MyExp} gives {@code MyExpBackward}.
 * <pre>{@code
 * import dev.torch4j.Tensor;
 * import dev.torch4j.autograd.Function;
 * import dev.torch4j.autograd.FunctionCtx;
 * import static dev.torch4j.Torch.*;
 *
 * // y = exp(x); dy/dx = exp(x), so backward reuses the saved output
 * class MyExp extends Function.Unary {
 *     protected Tensor forward(FunctionCtx ctx, Tensor x) {
 *         Tensor y = x.exp();
 *         ctx.saveForBackward(y);
 *         return y;
 *     }
 *     protected Tensor backward(FunctionCtx ctx, Tensor grad) {
 *         return grad.mul(ctx.savedTensors()[0]);
 *     }
 * }
 *
 * // y = x W^T + b, with any number of inputs and null gradients where none is needed
 * class LinearFunction extends Function {
 *     protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0], in[1]);
 *         Tensor out = in[0].mm(in[1].t());
 *         return new Tensor[] {in[2] == null ? out : out.add(in[2])};
 *     }
 *     protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
 *         Tensor[] s = ctx.savedTensors();
 *         Tensor g = grads[0];
 *         return new Tensor[] {
 *             ctx.needsInputGrad(0) ? g.mm(s[1]) : null,
 *             ctx.needsInputGrad(1) ? g.t().mm(s[0]) : null,
 *             ctx.needsInputGrad(2) ? g.sum(0) : null};
 *     }
 * }
 *
 * Tensor x = tensor(new double[] {0, 1, 2}).requiresGrad_(true);
 * Tensor y = new MyExp().apply(x);
 * System.out.println(y);        // tensor([1.0000, 2.7183, 7.3891], grad_fn=<MyExpBackward>)
 * y.sum().backward();
 * System.out.println(x.grad()); // tensor([1.0000, 2.7183, 7.3891])
 *
 * Tensor out = new LinearFunction().apply(randn(4, 3), randn(2, 3).requiresGrad_(true), null);
 * System.out.println(out.gradFn()); // <LinearFunctionBackward object>
 * }</pre>
 * <p>Semantics follow PyTorch: {@link FunctionCtx#saveForBackward} tensors are checked against in-place changes;
 * {@link FunctionCtx#markNonDifferentiable} outputs (and integer or bool outputs) do not require grad;
 * {@link FunctionCtx#markDirty} lets forward modify an input in place; backward receives zeros for outputs that got
 * no gradient (unless {@link FunctionCtx#setMaterializeGrads} is off) and must return exactly one gradient per
 * input (trailing extra nulls are allowed), each shaped like its input or broadcastable to it (it is summed down).
 * When backward is written with Tensor ops, double backward ({@code createGraph}) works through it.
 * <p>The instance holds no per-call state (that lives in the context), so one instance can be shared, e.g. in a
 * {@code static final} field; constant parameters belong in its constructor ({@code new Scale(2.5).apply(x)}).
 */
public abstract class Function {
    /**
     * Computes the outputs from the inputs, with grad disabled. Inputs may contain null (an absent optional
     * tensor, which then gets no gradient); outputs may contain null (no tensor).
     */
    protected abstract Tensor[] forward(FunctionCtx ctx, Tensor... inputs);

    /**
     * Computes one gradient per forward input from one gradient per forward output; null for inputs that need no
     * gradient ({@link FunctionCtx#needsInputGrad}). Runs with grad enabled only under {@code createGraph}.
     */
    protected abstract Tensor[] backward(FunctionCtx ctx, Tensor... gradOutputs);

    /** The name of this function's backward node: PyTorch's {@code <class name>Backward}. */
    protected String backwardName() {
        String simple = getClass().getSimpleName();
        if (simple.isEmpty()) simple = getClass().getName().substring(getClass().getName().lastIndexOf('.') + 1);
        return simple + "Backward";
    }

    /** Runs the function on {@code inputs} and returns its only output ({@code MyFn.apply(x, y)}). */
    public final Tensor apply(Tensor... inputs) {
        Tensor[] outs = applyAll(inputs);
        if (outs.length != 1) {
            throw new IllegalStateException(getClass().getName() + ".forward returned " + outs.length
                    + " outputs; use applyAll to get all of them");
        }
        return outs[0];
    }

    /** Runs the function on {@code inputs} and returns all its outputs, recording the graph when needed. */
    public final Tensor[] applyAll(Tensor... inputs) {
        Tensor[] in = inputs.clone();
        String name = backwardName();
        boolean recording = Graph.isRecording(in);
        boolean[] needs = new boolean[in.length];
        Edge[] edges = new Edge[in.length];
        long[][] shapes = new long[in.length][];
        DType[] dtypes = new DType[in.length];
        // the edges are taken before forward, as PyTorch does: forward (or markDirty) may change inputs' history
        for (int i = 0; recording && i < in.length; i++) {
            if (in[i] == null) continue;
            needs[i] = in[i].requiresGrad();
            edges[i] = Graph.edgeOf(in[i]);
            shapes[i] = in[i].shapeArray();
            dtypes[i] = in[i].dtype();
        }
        FunctionCtx ctx = new FunctionCtx(name, needs);
        Tensor[] outs;
        try (var g = GradMode.noGrad()) {
            outs = forward(ctx, in.clone());
        } finally {
            ctx.endForward();
        }
        if (outs == null) throw new IllegalStateException(getClass().getName() + ".forward returned null instead of an array of outputs");
        outs = outs.clone();
        for (Tensor d : ctx.dirtyTensors()) {
            if (indexOf(outs, d) < 0) {
                throw new IllegalStateException("Some elements marked as dirty during the forward method were not returned as output. "
                        + "The inputs that are modified inplace must all be outputs of the Function.");
            }
            d.storage().bumpVersion(); // as PyTorch's mark_dirty: saved copies of the old values must fail their check
        }
        if (!recording) {
            for (int j = 0; j < outs.length; j++) if (outs[j] != null) outs[j] = notDifferentiable(outs[j], in, ctx);
            return outs;
        }
        int[] order = dirtyViewFirst(in, outs, ctx);
        boolean[] inputIsNull = new boolean[in.length];
        for (int i = 0; i < in.length; i++) inputIsNull[i] = in[i] == null;
        BackwardNode node = new BackwardNode(this, ctx, name, permute(edges, order), permute(shapes, order),
                permute(dtypes, order), order, inputIsNull, outs);
        for (int j = 0; j < outs.length; j++) {
            Tensor o = outs[j];
            if (o == null) continue;
            boolean isInput = indexOf(in, o) >= 0;
            if (ctx.isNonDifferentiable(o) || !o.dtype().isFloatingPoint()) {
                outs[j] = notDifferentiable(o, in, ctx);
            } else if (ctx.isDirty(o) && isInput) {
                rebaseDirty(name, o, node, j);
            } else if (isInput) {
                // returned as-is: a fresh alias takes the new history, so the input's own history is untouched
                outs[j] = viewAsSelf(o);
                Graph.setGradFn(outs[j], node, j);
            } else {
                Graph.setGradFn(o, node, j);
            }
        }
        ctx.saveThrough(node);
        return outs;
    }

    /** PyTorch's handling of an output that gets no history (set_history with is_differentiable false). */
    private static Tensor notDifferentiable(Tensor o, Tensor[] in, FunctionCtx ctx) {
        boolean isInput = indexOf(in, o) >= 0;
        if (!o.requiresGrad()) return isInput && !ctx.isDirty(o) ? viewAsSelf(o) : o;
        if (isInput) return o.detach(); // a detached alias rather than changing the input's requires_grad
        AutogradMeta m = o.autogradMetaOrNull();
        if (m == null || m.base == null) o.detach_();
        return o;
    }

    /** An input modified in place by forward takes this function as its history, as an in-place op would. */
    private static void rebaseDirty(String name, Tensor o, BackwardNode node, int outputNr) {
        if (o.isLeaf() && o.requiresGrad()) {
            throw new IllegalStateException("a leaf Variable that requires grad has been used in an in-place operation.");
        }
        Graph.checkInplace(name, o); // a view of such a leaf
        Graph.setGradFn(o, node, outputNr);
        AutogradMeta m = o.autogradMeta();
        // on a view, the base's history is rewritten through CopySlices, which reads node input 0 as the view
        if (m.base != null) CopySlices.rebase(m.base, o, o);
    }

    /**
     * The node's input order: identity (null), except that a dirty input that is a view goes first, because
     * CopySlices treats the in-place op's input 0 as the modified view.
     */
    private static int[] dirtyViewFirst(Tensor[] in, Tensor[] outs, FunctionCtx ctx) {
        for (int i = 0; i < in.length; i++) {
            Tensor t = in[i];
            if (t == null || !ctx.isDirty(t) || indexOf(outs, t) < 0) continue;
            AutogradMeta m = t.autogradMetaOrNull();
            if (m == null || m.base == null || !t.dtype().isFloatingPoint() || ctx.isNonDifferentiable(t)) continue;
            if (outs.length > 1) {
                throw new IllegalStateException("If your Function modifies inplace an input that is a view of another Tensor, your "
                        + "Function cannot return more than one Tensor. This is not supported by the current autograd engine. You "
                        + "should either make sure the input is not a view (using .clone() for example) or make your Function only "
                        + "return one Tensor (potentially splitting it into two Functions: one doing the inplace that returns a "
                        + "single Tensor and a second one that does the other operations).");
            }
            if (i == 0) return null;
            int[] order = new int[in.length];
            order[0] = i;
            for (int k = 0, j = 1; k < in.length; k++) if (k != i) order[j++] = k;
            return order;
        }
        return null;
    }

    private static <T> T[] permute(T[] a, int[] order) {
        if (order == null) return a;
        T[] r = a.clone();
        for (int j = 0; j < order.length; j++) r[j] = a[order[j]];
        return r;
    }

    private static Tensor viewAsSelf(Tensor t) {
        try (var g = GradMode.noGrad()) {
            return t.view(t.shapeArray());
        }
    }

    private static int indexOf(Tensor[] ts, Tensor t) {
        for (int i = 0; i < ts.length; i++) if (ts[i] == t) return i;
        return -1;
    }

    /**
     * A custom function of one input and one output, written without arrays:
     * {@code Tensor forward(FunctionCtx ctx, Tensor x)} and {@code Tensor backward(FunctionCtx ctx, Tensor grad)}.
     */
    public abstract static class Unary extends Function {
        /** Computes the output from the input, with grad disabled. */
        protected abstract Tensor forward(FunctionCtx ctx, Tensor input);

        /** Computes the input's gradient from the output's gradient (null when none is needed). */
        protected abstract Tensor backward(FunctionCtx ctx, Tensor gradOutput);

        @Override
        protected final Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            if (inputs.length != 1) {
                throw new IllegalArgumentException(getClass().getName() + " takes 1 input but " + inputs.length + " were given");
            }
            return new Tensor[] {forward(ctx, inputs[0])};
        }

        @Override
        protected final Tensor[] backward(FunctionCtx ctx, Tensor... gradOutputs) {
            return new Tensor[] {backward(ctx, gradOutputs[0])};
        }
    }

    /**
     * The graph node of one call ({@code MyFnBackward}): materializes missing output gradients, runs the user's
     * backward and checks what it returns, with PyTorch's messages.
     */
    static final class BackwardNode extends Node {
        private final Function fn;
        private final FunctionCtx ctx;
        /** Node input j is user input order[j]; null when they are the same. */
        private final int[] order;
        private final boolean[] inputIsNull;
        private final long[][] outShapes;
        private final DType[] outDtypes;
        private final Device[] outDevices;

        BackwardNode(Function fn, FunctionCtx ctx, String name, Edge[] next, long[][] shapes, DType[] dtypes, int[] order,
                     boolean[] inputIsNull, Tensor[] outs) {
            super(name, next, shapes, dtypes, outs.length);
            this.fn = fn;
            this.ctx = ctx;
            this.order = order;
            this.inputIsNull = inputIsNull;
            outShapes = new long[outs.length][];
            outDtypes = new DType[outs.length];
            outDevices = new Device[outs.length];
            for (int j = 0; j < outs.length; j++) {
                if (outs[j] == null) continue;
                outShapes[j] = outs[j].shapeArray();
                outDtypes[j] = outs[j].dtype();
                outDevices[j] = outs[j].device();
            }
        }

        @Override
        protected Tensor[] apply(Tensor[] gradOutputs) {
            Tensor[] gs = gradOutputs.clone();
            if (ctx.materializeGrads()) {
                for (int j = 0; j < gs.length; j++) {
                    if (gs[j] == null && outShapes[j] != null) {
                        gs[j] = Torch.zeros(Torch.shape(outShapes[j]), Torch.dtype(outDtypes[j]).device(outDevices[j]));
                    }
                }
            }
            Tensor[] res = fn.backward(ctx, gs);
            int n = inputIsNull.length;
            if (res == null) {
                throw new IllegalStateException("function " + name() + " returned an incorrect number of gradients (expected " + n
                        + ", got null)");
            }
            if (res.length > n && allNull(res, n)) res = Arrays.copyOf(res, n);
            if (res.length != n) {
                throw new IllegalStateException("function " + name() + " returned an incorrect number of gradients (expected " + n
                        + ", got " + res.length + ")");
            }
            for (int i = 0; i < n; i++) {
                if (inputIsNull[i] && res[i] != null) {
                    throw new IllegalStateException("function " + name() + " returned a gradient different than None at position "
                            + (i + 1) + ", but the corresponding forward input was not a Variable");
                }
            }
            return permute(res, order);
        }

        private static boolean allNull(Tensor[] ts, int from) {
            for (int i = from; i < ts.length; i++) if (ts[i] != null) return false;
            return true;
        }

        @Override
        void release() {
            super.release();
            ctx.release();
        }
    }
}
