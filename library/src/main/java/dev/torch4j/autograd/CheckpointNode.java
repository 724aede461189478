package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The non-reentrant checkpoint ({@code use_reentrant=False}). The call runs once with its graph recorded, only to
 * learn where that graph ends: the edges into tensors from outside the call (its inputs, the parameters it used,
 * anything it captured). One node then stands for the whole call with exactly those edges, and the recorded graph
 * with its saved activations becomes garbage. Backward recomputes the call and differentiates the new graph up to
 * the same edges ({@link Engine#run} with captures), so the gradients flow on through the ordinary engine.
 */
final class CheckpointNode extends Node {
    private Function<Tensor[], Tensor[]> function;
    private RngStash rng;
    /** The autocast settings of the first run, which the recomputation runs under again. */
    private dev.torch4j.ops.AutocastMode.Snapshot autocast;
    /** Per next edge: the input it belongs to, or -1 for a tensor the call reached otherwise (a parameter...). */
    private final int[] inputOf;
    /** Per next edge: the edge the first run's graph ended at (used for the -1 entries). */
    private final Edge[] reached;
    private final SavedTensor[] inputs;
    private final Meta[] outputs;

    /** What the determinism check compares. */
    private record Meta(long[] shape, DType dtype, Device device) {
        static Meta of(Tensor t) { return t == null ? null : new Meta(t.shapeArray(), t.dtype(), t.device()); }

        boolean same(Meta o) { return o != null && java.util.Arrays.equals(shape, o.shape) && dtype == o.dtype && device.equals(o.device); }

        @Override
        public String toString() {
            return "{'shape': torch.Size(" + java.util.Arrays.toString(shape) + "), 'dtype': torch." + dtype.pyName() + ", 'device': " + device + "}";
        }
    }

    private CheckpointNode(String name, Edge[] next, long[][] shapes, DType[] dtypes, int numOutputs, int[] inputOf, Edge[] reached,
                           Tensor[] in, Meta[] outputs) {
        super(name, next, shapes, dtypes, numOutputs);
        this.inputOf = inputOf;
        this.reached = reached;
        this.outputs = outputs;
        this.inputs = new SavedTensor[in.length];
        for (int i = 0; i < in.length; i++) if (in[i] != null) inputs[i] = save(in[i]);
    }

    static Tensor[] run(Checkpoint.Options options, Function<Tensor[], Tensor[]> function, Tensor[] in) {
        RngStash rng = options.preserveRngState() ? RngStash.capture(in) : null;
        dev.torch4j.ops.AutocastMode.Snapshot autocast = dev.torch4j.ops.AutocastMode.snapshot();
        Tensor[] leaves = detachAll(in);
        long mark = Node.nextSequenceNr();
        Tensor[] outs = function.apply(leaves.clone());
        if (outs == null) throw new IllegalStateException("checkpoint: the function returned null instead of its outputs");
        Set<Edge> boundary = boundary(outs, mark);
        if (boundary.isEmpty()) return outs; // nothing the call touched requires grad
        Map<Tensor, Integer> leafIndex = new IdentityHashMap<>();
        for (int i = 0; i < leaves.length; i++) if (leaves[i] != null) leafIndex.put(leaves[i], i);
        int m = boundary.size();
        Edge[] next = new Edge[m];
        Edge[] reached = new Edge[m];
        int[] inputOf = new int[m];
        long[][] shapes = new long[m][];
        DType[] dtypes = new DType[m];
        int j = 0;
        for (Edge e : boundary) {
            Integer i = e.node() instanceof AccumulateGrad a ? leafIndex.get(a.leaf) : null;
            inputOf[j] = i == null ? -1 : i;
            reached[j] = e;
            next[j] = i == null ? e : Graph.edgeOf(in[i]);
            if (i != null) {
                shapes[j] = in[i].shapeArray();
                dtypes[j] = in[i].dtype();
            } else if (e.node() instanceof AccumulateGrad a) {
                shapes[j] = a.leaf.shapeArray();
                dtypes[j] = a.leaf.dtype();
            } // an edge into another node's history: its shape is the captured gradient's (filled in by apply)
            j++;
        }
        Meta[] metas = new Meta[outs.length];
        String name = "CheckpointBackward";
        for (int k = outs.length - 1; k >= 0; k--) {
            metas[k] = Meta.of(outs[k]);
            if (outs[k] != null && outs[k].gradFn() != null) name = outs[k].gradFn().name();
        }
        CheckpointNode node = new CheckpointNode(name, next, shapes, dtypes, outs.length, inputOf, reached, in, metas);
        node.function = function;
        node.rng = rng;
        node.autocast = autocast;
        Tensor[] res = new Tensor[outs.length];
        for (int k = 0; k < outs.length; k++) {
            if (outs[k] == null || Graph.edgeOf(outs[k]) == null) {
                res[k] = outs[k];
                continue;
            }
            res[k] = outs[k].detach();
            Graph.setGradFn(res[k], node, k);
        }
        return res;
    }

    /** The edges from the call's graph to tensors made outside it, in the order they are first met. */
    private static Set<Edge> boundary(Tensor[] outs, long mark) {
        Set<Edge> found = new LinkedHashSet<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> stack = new ArrayDeque<>();
        List<Edge> pending = new ArrayList<>();
        for (Tensor o : outs) {
            Edge e = o == null ? null : Graph.edgeOf(o);
            if (e != null) pending.add(e);
        }
        while (true) {
            for (Edge e : pending) {
                if (e.node() instanceof AccumulateGrad || e.node().sequenceNr < mark) found.add(e);
                else if (seen.add(e.node())) stack.push(e.node());
            }
            pending.clear();
            if (stack.isEmpty()) return found;
            for (Edge e : stack.pop().next) if (e != null) pending.add(e);
        }
    }

    static Tensor[] detachAll(Tensor[] inputs) {
        Tensor[] d = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) continue;
            d[i] = inputs[i].detach();
            if (inputs[i].requiresGrad()) d[i].requiresGrad_(true);
        }
        return d;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        Tensor[] in = new Tensor[inputs.length];
        for (int i = 0; i < in.length; i++) in[i] = inputs[i] == null ? null : inputs[i].get();
        // under create_graph the recomputation hangs off the inputs themselves, so the gradients it returns are
        // differentiable with respect to them; otherwise from detached leaves, so the engine stops at the call
        boolean create = GradMode.isEnabled();
        Tensor[] start = create ? in : detachAll(in);
        Tensor[] outs;
        try (var g = GradMode.enableGrad()) {
            java.util.function.Supplier<Tensor[]> call = () -> function.apply(start.clone());
            outs = dev.torch4j.ops.AutocastMode.replay(autocast, () -> rng == null ? call.get() : rng.replay(call));
        }
        checkSameMetadata(outs);
        List<Tensor> roots = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (int k = 0; k < outs.length; k++) {
            if (gradOutputs[k] == null || outs[k] == null || Graph.edgeOf(outs[k]) == null) continue;
            roots.add(outs[k]);
            grads.add(gradOutputs[k]);
        }
        Tensor[] result = new Tensor[next.length];
        if (roots.isEmpty()) return result;
        Edge[] captures = new Edge[next.length];
        for (int j = 0; j < captures.length; j++) captures[j] = inputOf[j] >= 0 ? Graph.edgeOf(start[inputOf[j]]) : reached[j];
        // under create_graph the gradients reach back into the recomputed graph: it must survive this pass
        Tensor[] got = Engine.run(roots.toArray(Tensor[]::new), grads.toArray(Tensor[]::new), create, create, captures);
        for (int j = 0; j < got.length; j++) {
            if (got[j] != null && inputShapes[j] == null) {
                inputShapes[j] = got[j].shapeArray();
                inputDtypes[j] = got[j].dtype();
            }
            result[j] = got[j];
        }
        return result;
    }

    private void checkSameMetadata(Tensor[] outs) {
        if (outs == null || outs.length != outputs.length) {
            throw new IllegalStateException("torch.utils.checkpoint: the recomputed call returned " + (outs == null ? "null" : outs.length
                    + " outputs") + " where the original forward pass returned " + outputs.length);
        }
        StringBuilder diff = new StringBuilder();
        for (int k = 0; k < outs.length; k++) {
            Meta now = Meta.of(outs[k]);
            if (outputs[k] == null ? now == null : outputs[k].same(now)) continue;
            diff.append("\noutput ").append(k).append(":\nsaved metadata: ").append(outputs[k])
                    .append("\nrecomputed metadata: ").append(now);
        }
        if (!diff.isEmpty()) {
            throw new IllegalStateException("torch.utils.checkpoint: Recomputed values for the following tensors have different "
                    + "metadata than during the forward pass." + diff);
        }
    }

    @Override
    void release() {
        super.release();
        function = null;
        rng = null;
    }
}
