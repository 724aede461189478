package dev.torch4j.distributed;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.TensorScope;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Engine;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The gradient all-reduce of {@link DistributedDataParallel} (PyTorch's {@code Reducer}): the parameters are cut
 * into buckets, each a flat tensor; a hook on each parameter copies its gradient, divided by the world size, into
 * its bucket as soon as autograd has it, and a bucket whose gradients are all there starts an asynchronous SUM
 * all-reduce while backward goes on computing the others. A callback at the end of backward
 * ({@link Engine#queueCallback}) waits for the buckets and writes the averages into the parameters' {@code .grad}.
 *
 * <p>Note [buckets]: a bucket holds one dtype on one device; the first closes at 1 MiB so that communication starts
 * early, the others at the cap (25 MiB by default). Buckets start in index order on every rank, since MPI matches
 * collectives by order: a bucket that fills early waits for the ones before it. The first layout takes the
 * parameters in reverse registration order (the last layer's gradients usually come first). As in PyTorch, the
 * buckets are rebuilt once, at the second forward, in the order the gradients actually arrived in the first
 * backward (rank 0's order, broadcast, so that all ranks agree): torch4j's engine runs a leaf's accumulation when
 * its turn comes in a depth-first walk, not at once as PyTorch's does, so the arrival order can be far from the
 * reverse registration order, and only the rebuilt buckets let communication overlap backward.
 *
 * <p>Note [hook]: the hook runs just before the gradient is added to {@code .grad} (a leaf's tensor hook), so the
 * bucket gets {@code grad + .grad}, the value {@code .grad} will hold: with {@code noSync}, gradients accumulated
 * locally over several backwards are averaged in the synchronised one, as in PyTorch.
 */
final class Reducer {
    private static final long FIRST_BUCKET_BYTES = 1L << 20; // dist._DEFAULT_FIRST_BUCKET_BYTES

    private final ProcessGroup group;
    private final List<String> names;
    private final List<Tensor> params;
    private final boolean findUnusedParameters;
    private final long firstCap, cap;
    private final List<Bucket> buckets = new ArrayList<>();
    /** Per parameter: its bucket and its slot (a view of the bucket's flat tensor). */
    private final Bucket[] bucketOf;
    private final Tensor[] slot;

    // state of the current iteration
    private boolean expectHooks, callbackQueued;
    private final boolean[] ready, locallyUsed;
    private int nextToLaunch;
    /** Per parameter, how many buckets had started when its gradient arrived this iteration (for tests). */
    private final int[] launchedWhenReady;
    /** The order the gradients arrived in during the first synchronised backward, until the buckets are rebuilt. */
    private List<Integer> readyOrder = new ArrayList<>();
    private boolean rebuildPending;

    /** One flat tensor of gradients, reduced by one collective. */
    private static final class Bucket {
        final List<Integer> params = new ArrayList<>();
        Tensor flat;
        int pending;
        Work work;
    }

    Reducer(ProcessGroup group, Map<String, Tensor> namedParams, long bucketCapBytes, boolean findUnusedParameters) {
        this.group = group;
        this.names = new ArrayList<>(namedParams.keySet());
        this.params = new ArrayList<>(namedParams.values());
        this.findUnusedParameters = findUnusedParameters;
        this.cap = bucketCapBytes;
        this.firstCap = Math.min(FIRST_BUCKET_BYTES, bucketCapBytes);
        int n = params.size();
        bucketOf = new Bucket[n];
        slot = new Tensor[n];
        ready = new boolean[n];
        locallyUsed = new boolean[n];
        launchedWhenReady = new int[n];
        int[] reversed = new int[n];
        for (int i = 0; i < n; i++) reversed[i] = n - 1 - i;
        layout(assignBuckets(params, reversed, firstCap, cap));
        for (int i = 0; i < n; i++) {
            int index = i;
            params.get(i).registerHook(g -> {
                onGradient(index, g);
                return null;
            });
        }
    }

    /** Allocates the buckets' flat tensors and points each parameter at its slot. */
    private void layout(List<int[]> assignment) {
        buckets.clear();
        for (int[] indices : assignment) {
            Bucket b = new Bucket();
            long numel = 0;
            for (int i : indices) numel += params.get(i).numel();
            Tensor first = params.get(indices[0]);
            b.flat = Torch.zeros(Size.of(numel), TensorOptions.DEFAULT.dtype(first.dtype()).device(first.device()));
            TensorScope.escape(b.flat); // lives as long as the model, whatever scope built it
            long offset = 0;
            for (int i : indices) {
                Tensor p = params.get(i);
                b.params.add(i);
                bucketOf[i] = b;
                slot[i] = b.flat.narrow(0, offset, p.numel()).view(p.shapeArray());
                offset += p.numel();
            }
            buckets.add(b);
        }
    }

    /**
     * The parameter indices of each bucket (Note [buckets]): the parameters taken in {@code order}, a bucket per
     * dtype and device in progress, closed once it holds at least {@code firstCap} bytes (the first one of its kind)
     * or {@code cap} bytes; buckets ordered by when their first parameter was taken.
     */
    static List<int[]> assignBuckets(List<Tensor> params, int[] order, long firstCap, long cap) {
        record Kind(DType dtype, Device device) {}
        Map<Kind, List<Integer>> open = new LinkedHashMap<>();
        Map<Kind, Long> openBytes = new LinkedHashMap<>();
        Map<Kind, Long> limit = new LinkedHashMap<>();
        List<List<Integer>> done = new ArrayList<>();
        int[] position = new int[params.size()];
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            position[i] = k;
            Tensor p = params.get(i);
            Kind kind = new Kind(p.dtype(), p.device());
            List<Integer> b = open.computeIfAbsent(kind, key -> new ArrayList<>());
            b.add(i);
            long bytes = openBytes.merge(kind, p.numel() * p.dtype().itemSize(), Long::sum);
            if (bytes >= limit.getOrDefault(kind, firstCap)) {
                done.add(b);
                open.remove(kind);
                openBytes.remove(kind);
                limit.put(kind, cap);
            }
        }
        done.addAll(open.values());
        done.sort((a, b) -> Integer.compare(position[a.get(0)], position[b.get(0)]));
        return done.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** The parameter indices of each bucket, in launch order (for tests). */
    List<int[]> bucketIndices() {
        return buckets.stream().map(b -> b.params.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /**
     * Per parameter, the number of buckets whose all-reduce had started when its gradient arrived in the last
     * backward: nonzero entries show communication overlapping the rest of backward (for tests).
     */
    int[] launchedWhenReady() { return launchedWhenReady.clone(); }

    /** Called by forward when a synchronised backward will follow ({@code prepare_for_backward}). */
    void prepareForBackward() {
        if (callbackQueued) abandonIteration(); // the last backward failed before its end
        if (rebuildPending) rebuildBuckets();
        for (Bucket b : buckets) {
            b.pending = b.params.size();
            b.work = null;
        }
        Arrays.fill(ready, false);
        Arrays.fill(locallyUsed, false);
        nextToLaunch = 0;
        expectHooks = true;
    }

    /** Called by forward when no synchronised backward follows ({@code noSync}, or grad mode off). */
    void expectNoBackward() {
        if (callbackQueued) abandonIteration();
        expectHooks = false;
    }

    /** Waits for what a failed backward left in flight (the buffers must not be reused before) and forgets it. */
    private void abandonIteration() {
        callbackQueued = false;
        expectHooks = false;
        for (int b = 0; b < nextToLaunch; b++) buckets.get(b).work.waitFor();
        if (readyOrder != null) readyOrder.clear();
    }

    /**
     * PyTorch's {@code _rebuild_buckets}: the same caps, over the parameters in the order their gradients arrived
     * in the first synchronised backward (Note [buckets]), rank 0's order on every rank. Called by the second
     * synchronised forward, which every rank reaches together.
     */
    private void rebuildBuckets() {
        int[] order = readyOrder.stream().mapToInt(Integer::intValue).toArray();
        group.broadcast(Torch.fromArray(order), 0, false); // writes through to order
        layout(assignBuckets(params, order, firstCap, cap));
        readyOrder = null;
        rebuildPending = false;
    }

    private void onGradient(int i, Tensor grad) {
        if (!expectHooks) return;
        if (ready[i]) {
            throw new IllegalStateException("Expected to mark a variable ready only once. This error is caused by one of "
                    + "the following reasons: 1) Use of a module parameter outside the `forward` function. Please make "
                    + "sure model parameters are not shared across multiple concurrent forward-backward passes. 2) "
                    + "Reused parameters in multiple reentrant backward passes. Parameter at index " + i + " with name "
                    + names.get(i) + " has been marked as ready twice.");
        }
        if (!callbackQueued) {
            Engine.queueCallback(this::finalizeBackward);
            callbackQueued = true;
        }
        fillSlot(i, grad);
        locallyUsed[i] = true;
        launchedWhenReady[i] = nextToLaunch;
        if (readyOrder != null) readyOrder.add(i);
        markReady(i);
        // non-blocking collectives advance only while the process calls into MPI: asking is what moves them on
        if (nextToLaunch > 0) buckets.get(nextToLaunch - 1).work.isCompleted();
    }

    /** slot = (grad + .grad) / world size (Note [hook]); grad null: the parameter got none here. */
    private void fillSlot(int i, Tensor grad) {
        Tensor accumulated = params.get(i).grad();
        try (var g = GradMode.noGrad()) {
            Tensor s = slot[i];
            if (grad != null) {
                s.copy_(grad);
                if (accumulated != null) s.add_(accumulated);
            } else if (accumulated != null) {
                s.copy_(accumulated);
            } else {
                s.zero_();
            }
            if (group.size() > 1) s.div_(group.size());
        }
    }

    private void markReady(int i) {
        ready[i] = true;
        bucketOf[i].pending--;
        while (nextToLaunch < buckets.size() && buckets.get(nextToLaunch).pending == 0) {
            Bucket b = buckets.get(nextToLaunch++);
            b.work = group.allReduce(b.flat, ReduceOp.SUM, true);
        }
    }

    /** The end of backward: the unused parameters, the wait, and the averaged gradients into {@code .grad}. */
    private void finalizeBackward() {
        callbackQueued = false;
        expectHooks = false;
        if (findUnusedParameters) {
            // a parameter that got no gradient here counts with the one it has (or zero), as PyTorch's does
            for (int i = 0; i < params.size(); i++) {
                if (!ready[i]) {
                    fillSlot(i, null);
                    markReady(i);
                }
            }
        }
        for (int b = 0; b < nextToLaunch; b++) buckets.get(b).work.waitFor();
        if (nextToLaunch < buckets.size()) {
            if (readyOrder != null) readyOrder.clear();
            throw unusedParametersError();
        }
        boolean[] globallyUsed = null;
        if (findUnusedParameters) {
            int[] u = new int[params.size()];
            for (int i = 0; i < u.length; i++) u[i] = locallyUsed[i] ? 1 : 0;
            group.allReduce(Torch.fromArray(u), ReduceOp.MAX, false); // writes through to u
            globallyUsed = new boolean[u.length];
            for (int i = 0; i < u.length; i++) globallyUsed[i] = u[i] != 0;
        }
        try (var g = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                if (globallyUsed != null && !globallyUsed[i]) continue; // no rank used it: its .grad stays as it is
                Tensor p = params.get(i), grad = p.grad();
                if (grad == null) p.setGrad(slot[i].clone());
                else grad.copy_(slot[i]);
            }
        }
        // rebuilt once, when every gradient came in a backward; not with unused parameters (their order is unknown)
        if (readyOrder != null && !findUnusedParameters) rebuildPending = readyOrder.size() == params.size();
        else readyOrder = null;
    }

    private IllegalStateException unusedParametersError() {
        StringJoiner indices = new StringJoiner(" "), which = new StringJoiner(", ");
        for (int i = 0; i < params.size(); i++) {
            if (!ready[i]) {
                indices.add(Integer.toString(i));
                which.add(names.get(i));
            }
        }
        return new IllegalStateException("DistributedDataParallel could not finish the gradient reduction of this "
                + "backward pass: some buckets never got all their gradients. This error indicates that your module has "
                + "parameters that were not used in producing loss. You can enable unused parameter detection by passing "
                + "findUnusedParameters(true) to DistributedDataParallel's options, and by making sure all `forward` "
                + "function outputs participate in calculating loss.\nParameter indices which did not receive grad for "
                + "rank " + group.rank() + ": " + indices + "\nParameters which did not receive grad for rank "
                + group.rank() + ": " + which);
    }
}
