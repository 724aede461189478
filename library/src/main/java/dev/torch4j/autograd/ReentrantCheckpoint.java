package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The reentrant checkpoint ({@code use_reentrant=True}, PyTorch's {@code CheckpointFunction}): the call runs under
 * no_grad and its outputs hang off one node whose edges are the inputs'. Backward recomputes the call from detached
 * copies of the inputs and runs a nested backward through it, which accumulates into the parameters' {@code .grad}
 * directly; the node returns the copies' gradients to the inputs.
 */
final class ReentrantCheckpoint extends Node {
    private Function<Tensor[], Tensor[]> function;
    private RngStash rng;
    /** The autocast settings of the first run, which the recomputation runs under again. */
    private dev.torch4j.ops.AutocastMode.Snapshot autocast;
    private final SavedTensor[] inputs;

    private ReentrantCheckpoint(Edge[] next, long[][] shapes, DType[] dtypes, int numOutputs, Tensor[] in) {
        super("CheckpointFunctionBackward", next, shapes, dtypes, numOutputs);
        inputs = new SavedTensor[in.length];
        for (int i = 0; i < in.length; i++) if (in[i] != null) inputs[i] = save(in[i]);
    }

    static Tensor[] run(Checkpoint.Options options, Function<Tensor[], Tensor[]> function, Tensor[] in) {
        RngStash rng = options.preserveRngState() ? RngStash.capture(in) : null;
        dev.torch4j.ops.AutocastMode.Snapshot autocast = dev.torch4j.ops.AutocastMode.snapshot();
        Tensor[] outs;
        try (var g = GradMode.noGrad()) {
            outs = function.apply(in.clone());
        }
        if (outs == null) throw new IllegalStateException("checkpoint: the function returned null instead of its outputs");
        outs = outs.clone();
        // as PyTorch (which also warns): with no input requiring grad the outputs get no history at all
        if (!Graph.isRecording(in)) return outs;
        Edge[] next = new Edge[in.length];
        long[][] shapes = new long[in.length][];
        DType[] dtypes = new DType[in.length];
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) continue;
            next[i] = Graph.edgeOf(in[i]);
            shapes[i] = in[i].shapeArray();
            dtypes[i] = in[i].dtype();
        }
        ReentrantCheckpoint node = new ReentrantCheckpoint(next, shapes, dtypes, outs.length, in);
        node.function = function;
        node.rng = rng;
        node.autocast = autocast;
        for (int k = 0; k < outs.length; k++) {
            Tensor o = outs[k];
            if (o == null || !o.dtype().isFloatingPoint()) continue;
            if (o.gradFn() != null || o.requiresGrad()) o = o.detach(); // an input returned as it is: keep its own history
            Graph.setGradFn(o, node, k);
            outs[k] = o;
        }
        return outs;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        if (Engine.insideAutogradGrad()) {
            throw new IllegalStateException("When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or passing an "
                    + "`inputs` parameter to .backward(). To resolve this error, you can either set use_reentrant=False, or call "
                    + ".backward() without passing the `inputs` argument.");
        }
        Tensor[] in = new Tensor[inputs.length];
        for (int i = 0; i < in.length; i++) in[i] = inputs[i] == null ? null : inputs[i].get();
        Tensor[] leaves = CheckpointNode.detachAll(in);
        Tensor[] outs;
        try (var g = GradMode.enableGrad()) {
            java.util.function.Supplier<Tensor[]> call = () -> function.apply(leaves.clone());
            outs = dev.torch4j.ops.AutocastMode.replay(autocast, () -> rng == null ? call.get() : rng.replay(call));
        }
        List<Tensor> roots = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (int k = 0; k < Math.min(outs.length, gradOutputs.length); k++) {
            if (outs[k] == null || gradOutputs[k] == null || Graph.edgeOf(outs[k]) == null) continue;
            roots.add(outs[k]);
            grads.add(gradOutputs[k]);
        }
        if (roots.isEmpty()) {
            throw new IllegalStateException("none of output has requires_grad=True, this checkpoint() is not necessary");
        }
        Engine.run(roots.toArray(Tensor[]::new), grads.toArray(Tensor[]::new), false, false, null);
        Tensor[] result = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) if (leaves[i] != null && leaves[i].requiresGrad()) result[i] = leaves[i].grad();
        return result;
    }

    @Override
    void release() {
        super.release();
        function = null;
        rng = null;
    }
}
