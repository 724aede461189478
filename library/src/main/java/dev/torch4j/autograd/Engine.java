package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.backend.Storage;
import dev.torch4j.core.Profiling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs backward over the recorded graph. Iterative throughout (no recursion), so graphs millions of nodes deep
 * work: a first pass counts each node's dependencies, then nodes run once all their gradients have arrived,
 * gradients meeting at one input are summed, and saved tensors are freed afterwards unless the graph is retained.
 */
public final class Engine {
    private Engine() {}

    private static final ThreadLocal<Boolean> GRAD_CALL = ThreadLocal.withInitial(() -> false);

    /**
     * {@link #run} for a call from the user ({@code backward()}, or {@code autograd.grad} when {@code gradCall}),
     * remembering which one for nodes that depend on it: the reentrant checkpoint accumulates into {@code .grad},
     * which {@code autograd.grad} must not do.
     */
    static Tensor[] runFromUser(boolean gradCall, Tensor[] roots, Tensor[] grads, boolean retainGraph, boolean createGraph, Edge[] captures) {
        Boolean previous = GRAD_CALL.get();
        List<Runnable> outerCallbacks = FINAL_CALLBACKS.get();
        List<Runnable> callbacks = new ArrayList<>();
        GRAD_CALL.set(gradCall);
        FINAL_CALLBACKS.set(callbacks);
        try {
            // backward runs in the types forward left (autocast casts nothing in it), as in PyTorch
            Tensor[] result = dev.torch4j.ops.AutocastMode.suspended(() -> run(roots, grads, retainGraph, createGraph, captures));
            // by index: a callback may queue another, which then runs too (PyTorch's exec_post_processing)
            for (int i = 0; i < callbacks.size(); i++) callbacks.get(i).run();
            return result;
        } finally {
            GRAD_CALL.set(previous);
            if (outerCallbacks == null) FINAL_CALLBACKS.remove();
            else FINAL_CALLBACKS.set(outerCallbacks);
        }
    }

    /**
     * The final callbacks of the backward pass running on this thread; null outside one. A pass that the engine
     * starts from inside another (the reentrant checkpoint's) shares the outer pass's list, so a callback waits
     * for the whole backward the user started.
     */
    private static final ThreadLocal<List<Runnable>> FINAL_CALLBACKS = new ThreadLocal<>();

    /**
     * {@code Variable._execution_engine.queue_callback(callback)}: runs {@code callback} once the backward pass now
     * running on this thread has finished, after every gradient has been accumulated into the leaves' {@code .grad}
     * (callbacks run in the order queued; none run when the pass fails). Only callable during a backward pass, from
     * a hook: {@code DistributedDataParallel} queues the wait for its last gradient all-reduces this way.
     *
     * @throws IllegalStateException outside a backward pass
     */
    public static void queueCallback(Runnable callback) {
        List<Runnable> callbacks = FINAL_CALLBACKS.get();
        if (callbacks == null) throw new IllegalStateException("Final callbacks can only be installed during backward pass.");
        callbacks.add(java.util.Objects.requireNonNull(callback, "callback"));
    }

    /** True inside a backward pass started by {@code autograd.grad}. */
    static boolean insideAutogradGrad() { return GRAD_CALL.get(); }

    /** One backward pass as hooks see it: its id, the nodes it reaches, and (for grad calls) the ones it runs. */
    private record GraphTask(long id, Map<Node, int[]> deps, java.util.Set<Node> needed, java.util.Set<Node> targets) {
        boolean willExecute(Node n) {
            return deps.containsKey(n) && (needed == null || needed.contains(n) || targets.contains(n));
        }
    }

    private static final ThreadLocal<GraphTask> TASK = new ThreadLocal<>();
    private static final java.util.concurrent.atomic.AtomicLong TASK_IDS = new java.util.concurrent.atomic.AtomicLong();

    /** {@code torch._C._current_graph_task_id()}: the running backward pass's id on this thread, or -1. */
    static long currentGraphTaskId() {
        GraphTask t = TASK.get();
        return t == null ? -1 : t.id();
    }

    /** {@code torch._C._will_engine_execute_node(node)}: whether the running pass reaches (and runs or captures) node. */
    static boolean willExecuteNode(Node n) {
        GraphTask t = TASK.get();
        if (t == null) throw new IllegalStateException("_will_engine_execute_node should only be called during the backward pass");
        return t.willExecute(n);
    }

    /**
     * Back-propagates {@code grads} from {@code roots}. With {@code captures} (autograd.grad), the gradients
     * reaching those edges are returned instead of accumulated into leaves; otherwise leaves accumulate and the
     * result is null.
     */
    static Tensor[] run(Tensor[] roots, Tensor[] grads, boolean retainGraph, boolean createGraph, Edge[] captures) {
        Edge[] rootEdges = new Edge[roots.length];
        for (int i = 0; i < roots.length; i++) {
            rootEdges[i] = Graph.edgeOf(roots[i]);
            if (rootEdges[i] == null) {
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
            }
        }
        Map<Node, int[]> deps = countDependencies(rootEdges);
        Map<Node, Pending> buffers = new IdentityHashMap<>();
        Map<Node, List<Integer>> captureSlots = new IdentityHashMap<>();
        Tensor[] captured = captures == null ? null : new Tensor[captures.length];
        java.util.Set<Node> needed = null;
        if (captures != null) {
            for (int i = 0; i < captures.length; i++) {
                if (captures[i] == null) continue;
                captureSlots.computeIfAbsent(captures[i].node(), k -> new ArrayList<>()).add(i);
            }
            needed = neededNodes(rootEdges, captureSlots.keySet());
        }
        GraphTask outerTask = TASK.get();
        TASK.set(new GraphTask(TASK_IDS.incrementAndGet(), deps, needed, captureSlots.keySet()));
        try {
            return runTask(roots, grads, retainGraph, createGraph, captures, rootEdges, deps, buffers, captureSlots, captured, needed);
        } finally {
            if (outerTask == null) TASK.remove();
            else TASK.set(outerTask);
        }
    }

    private static long priority(Node n) { return n instanceof AccumulateGrad ? Long.MAX_VALUE : n.sequenceNr; }

    private static Tensor[] runTask(Tensor[] roots, Tensor[] grads, boolean retainGraph, boolean createGraph, Edge[] captures,
                                    Edge[] rootEdges, Map<Node, int[]> deps, Map<Node, Pending> buffers,
                                    Map<Node, List<Integer>> captureSlots, Tensor[] captured, java.util.Set<Node> needed) {
        for (int i = 0; i < roots.length; i++) {
            Node n = rootEdges[i].node();
            accumulate(buffers, n, rootEdges[i].inputNr(), grads[i], false); // the caller holds it
        }
        // PyTorch's ready queue: gradient accumulators first, then the most recently created node (highest
        // sequence_nr), so nodes run (and fail) in PyTorch's order
        java.util.PriorityQueue<Node> ready = new java.util.PriorityQueue<>((a, b) -> Long.compare(priority(b), priority(a)));
        for (Edge e : rootEdges) {
            if (deps.get(e.node())[0] == 0 && !ready.contains(e.node())) ready.add(e.node());
        }
        List<Node> executed = new ArrayList<>();
        // anomaly mode: NaN checks of returned gradients, forward traces on errors, parents of create_graph nodes
        boolean anomaly = AnomalyMode.isEnabled(), checkNan = anomaly && AnomalyMode.shouldCheckNan();
        Node outerNode = anomaly ? AnomalyMode.currentNode() : null, node = null;
        try (var mode = GradMode.setGradEnabled(createGraph)) {
            while (!ready.isEmpty()) {
                node = ready.poll();
                if (anomaly) AnomalyMode.setCurrentNode(node);
                Pending pending = buffers.remove(node);
                if (pending == null) pending = new Pending(node.numOutputs());
                Tensor[] in = pending.grads;
                boolean[] owned = pending.owned;
                for (int k = 0; k < in.length; k++) {
                    if (node.hasPreHooks(k)) owned[k] = false; // a hook may keep the gradient it sees
                    in[k] = node.runPreHooks(k, in[k]);
                }
                boolean nodeHooks = node.hasNodeHooks();
                if (nodeHooks) java.util.Arrays.fill(owned, false); // node hooks may keep what they see
                List<Integer> slots = captureSlots.get(node);
                if (slots != null) {
                    for (int slot : slots) {
                        captured[slot] = in[captures[slot].inputNr()];
                        owned[captures[slot].inputNr()] = false;
                    }
                }
                boolean run = needed == null || needed.contains(node);
                Tensor[] out = null;
                long mark = 0;
                if (run && anyNonNull(in)) {
                    if (node.released) {
                        throw new IllegalStateException("Trying to backward through the graph a second time (or directly access "
                                + "saved tensors after they have already been freed). Saved intermediate values of the graph are "
                                + "freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
                                + "backward through the graph a second time or if you need to access saved tensors after calling "
                                + "backward. (in " + node.name() + ")");
                    }
                    mark = Storage.lastSerial();
                    try (var evaluate = Profiling.range(Profiling.active() ? "autograd::engine::evaluate_function: " + profiledName(node) : null)) {
                        if (nodeHooks) in = node.runNodePreHooks(in); // after captures, as PyTorch's call_function
                        try (var backward = Profiling.range(Profiling.active() ? profiledName(node) : null)) {
                            out = node.runBackward(in, owned);
                        }
                        if (nodeHooks) out = node.runPostHooks(out, in);
                    }
                    executed.add(node);
                }
                for (int i = 0; i < node.next.length; i++) {
                    Edge e = node.next[i];
                    if (e == null) continue;
                    Tensor g = out != null && i < out.length ? out[i] : null;
                    if (g != null) {
                        Tensor v = validate(node, i, g, node.inputShapes[i], node.inputDtypes[i]);
                        if (checkNan) AnomalyMode.checkNan(node, i, v);
                        accumulate(buffers, e.node(), e.inputNr(), v, ownedOutput(node, in, owned, out, i, v, mark));
                    }
                    int[] d = deps.get(e.node());
                    if (--d[0] == 0) ready.add(e.node());
                }
                if (out != null && node instanceof FnNode && !GradMode.isEnabled()) recycleConsumed(in, owned, out);
            }
        } catch (RuntimeException | Error e) {
            // PyTorch's GraphTask::set_exception: the failing node's forward trace goes with the error
            if (anomaly && node != null) AnomalyMode.attach(e, node);
            throw e;
        } finally {
            if (anomaly) AnomalyMode.setCurrentNode(outerNode);
        }
        if (!retainGraph) for (Node n : executed) n.release();
        return captured;
    }

    /**
     * With create_graph, a gradient that does not require grad although its formula read saved tensors that do
     * (relu's mask of its input, remainder's quotient) becomes the output of a node over those tensors whose own
     * derivative is zero: PyTorch's derivative formulas are recorded ops of their saved inputs, so there the gradient
     * requires grad and a second derivative through it is zeros, not "does not require grad". Called by
     * {@link Node#runBackward} while the saved tensors are unpacked (unpack hooks run once).
     */
    static Tensor[] linkToSaved(Node node, Tensor[] out) {
        if (out == null || node.saved.isEmpty()) return out;
        List<Tensor> deps = null;
        for (int i = 0; i < out.length; i++) {
            Tensor g = out[i];
            if (g == null || g.requiresGrad() || !(g.dtype().isFloatingPoint() || g.isComplex())) continue;
            if (deps == null) {
                deps = new ArrayList<>();
                for (SavedTensor s : node.saved) {
                    Tensor t = s.get();
                    if (t != null && t.requiresGrad()) deps.add(t);
                }
            }
            if (deps.isEmpty()) return out;
            Tensor[] inputs = deps.toArray(new Tensor[0]);
            FnNode zero = Graph.node(node.name().replace("Backward", "BackwardBackward"), inputs);
            out[i] = zero.backward(gs -> {
                Tensor[] r = new Tensor[inputs.length];
                for (int k = 0; k < r.length; k++) r[k] = dev.torch4j.Torch.zerosLike(inputs[k]);
                return r;
            }).output(g.detach());
        }
        return out;
    }

    /** A node's name in profiles: PyTorch's C++ name for the gradient accumulator. */
    private static String profiledName(Node node) {
        return node instanceof AccumulateGrad ? "torch::autograd::AccumulateGrad" : node.name();
    }

    private static boolean anyNonNull(Tensor[] ts) {
        for (Tensor t : ts) if (t != null) return true;
        return false;
    }

    /** The gradients waiting for one node, and which of them the engine alone holds (see {@link Node#apply}). */
    private record Pending(Tensor[] grads, boolean[] owned) {
        Pending(int n) { this(new Tensor[n], new boolean[n]); }
    }

    private static void accumulate(Map<Node, Pending> buffers, Node n, int slot, Tensor g, boolean owned) {
        Pending p = buffers.computeIfAbsent(n, k -> new Pending(k.numOutputs()));
        if (g == null) return;
        if (p.grads[slot] == null) {
            p.grads[slot] = g;
            p.owned[slot] = owned;
        } else {
            long mark = Storage.lastSerial();
            Tensor prev = p.grads[slot];
            boolean prevOwned = p.owned[slot];
            p.grads[slot] = prev.add(g);
            p.owned[slot] = !GradMode.isEnabled() && p.grads[slot].storage().serial() > mark;
            if (!GradMode.isEnabled()) {
                // the two addends are dead once summed, if the engine alone held them
                Storage sum = p.grads[slot].storage().memory(), a = prev.storage().memory(), b = g.storage().memory();
                if (prevOwned && a != sum && a != b) a.recycle();
                if (owned && b != sum && b != a) b.recycle();
            }
        }
    }

    /**
     * Gives back the memory of input gradients the engine alone held (see {@link #ownedOutput}) once a built-in
     * formula has consumed them: no output of the node shares their storage, and the formula kept no reference (the
     * contract of {@link FnNode.Backward}). The backend may hand that memory to the next allocation of its size, as
     * PyTorch's allocator does with a freed block ({@link Storage#recycle}).
     */
    private static void recycleConsumed(Tensor[] in, boolean[] owned, Tensor[] out) {
        for (int k = 0; k < in.length; k++) {
            if (!owned[k] || in[k] == null) continue;
            // by memory: a complex tensor and the real view of it share one (view_as_real's backward returns a view)
            Storage s = in[k].storage().memory();
            boolean shared = false;
            for (Tensor o : out) shared |= o != null && o.storage().memory() == s;
            for (int j = 0; j < in.length; j++) shared |= j != k && in[j] != null && in[j].storage().memory() == s;
            if (!shared) s.recycle();
        }
    }

    /**
     * Whether {@code v}, output {@code i} of a node after validation, was allocated by its derivative formula
     * (storage created after {@code mark}) or views an input gradient the engine owned, and shares its storage with
     * no other output of that node. Only formulas written with ops ({@link FnNode}) count: a custom Function's
     * backward may keep what it returns.
     */
    private static boolean ownedOutput(Node node, Tensor[] ins, boolean[] insOwned, Tensor[] outs, int i, Tensor v,
                                       long mark) {
        if (!(node instanceof FnNode) || GradMode.isEnabled() || node.hasNodeHooks()) return false;
        Storage s = v.storage().memory();
        boolean fresh = s.serial() > mark;
        // a view of a gradient the engine owned alone (a transpose's or reshape's backward) stays owned
        for (int k = 0; !fresh && k < ins.length; k++) fresh = insOwned[k] && ins[k] != null && ins[k].storage().memory() == s;
        if (!fresh) return false;
        for (int j = 0; j < outs.length; j++) {
            if (j != i && outs[j] != null && outs[j].storage().memory() == s) return false;
        }
        return true;
    }

    /** Number of edges into each node reachable from the roots (iterative DFS). */
    private static Map<Node, int[]> countDependencies(Edge[] roots) {
        Map<Node, int[]> deps = new IdentityHashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        for (Edge e : roots) {
            if (!deps.containsKey(e.node())) {
                deps.put(e.node(), new int[1]);
                stack.push(e.node());
            }
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Edge e : n.next) {
                if (e == null) continue;
                int[] d = deps.get(e.node());
                if (d == null) {
                    deps.put(e.node(), d = new int[1]);
                    stack.push(e.node());
                }
                d[0]++;
            }
        }
        return deps;
    }

    /** Nodes from which a capture target can be reached through at least one edge (only these run in autograd.grad). */
    private static java.util.Set<Node> neededNodes(Edge[] roots, java.util.Set<Node> targets) {
        java.util.Set<Node> needed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.Set<Node> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>(); // {node, nextChildIndex}
        for (Edge r : roots) {
            if (!visited.add(r.node())) continue;
            stack.push(new Object[] {r.node(), 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Node n = (Node) top[0];
                int i = (Integer) top[1];
                if (i < n.next.length) {
                    top[1] = i + 1;
                    Edge e = n.next[i];
                    if (e != null && visited.add(e.node())) stack.push(new Object[] {e.node(), 0});
                    continue;
                }
                stack.pop();
                // a target itself is only captured: running it would compute (and free) history beyond it
                boolean need = false;
                for (Edge e : n.next) {
                    if (e != null && (needed.contains(e.node()) || targets.contains(e.node()))) need = true;
                }
                if (need) needed.add(n);
            }
        }
        return needed;
    }

    /**
     * Checks a gradient against the input it is for: casts it to the input's dtype and sums it down to the input's
     * shape when it is broadcast (PyTorch's validate_outputs).
     */
    static Tensor validate(Node node, int i, Tensor g, long[] shape, DType dtype) {
        if (!Arrays.equals(g.shapeArray(), shape)) {
            g = sumToSize(node, i, g, shape);
        }
        if (dtype != null && g.dtype() != dtype) g = g.to(dtype);
        return g;
    }

    /** Sums {@code g} over the dims along which {@code shape} was broadcast to g's shape. */
    static Tensor sumToSize(Node node, int i, Tensor g, long[] shape) {
        long[] gs = g.shapeArray();
        int lead = gs.length - shape.length;
        boolean ok = lead >= 0;
        List<Long> dims = new ArrayList<>();
        for (int d = 0; ok && d < gs.length; d++) {
            if (d < lead) dims.add((long) d);
            else if (shape[d - lead] == 1 && gs[d] != 1) dims.add((long) d);
            else if (shape[d - lead] != gs[d]) ok = false;
        }
        if (!ok) {
            throw new IllegalStateException("Function " + node.name() + " returned an invalid gradient at index " + i
                    + " - got " + Arrays.toString(gs) + " but expected shape compatible with " + Arrays.toString(shape));
        }
        Tensor r = dims.isEmpty() ? g : g.sum(dims.stream().mapToLong(Long::longValue).toArray(), true);
        return r.view(shape);
    }
}
