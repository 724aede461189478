package dev.torch4j.distributed;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Module;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.parallel.DistributedDataParallel}: data-parallel training over a process group. Each rank runs
 * the same model on its own share of the batch; during backward the gradients are averaged over the ranks, bucket
 * by bucket while backward is still running (see {@link Reducer}), so after {@code loss.backward()} every rank holds
 * the same averaged {@code .grad} and the optimisers take the same step.
 *
 * <pre>{@code
 * Dist.initProcessGroup("mpi");
 * var model = new DistributedDataParallel(new Net());          // rank 0's weights on every rank
 * var opt = new SGD(model.parameters(), SGD.options(0.1));
 * for (Batch b : myShardOfTheData) {
 *     opt.zeroGrad();
 *     lossFn.call(model.call(b.x()), b.y()).backward();        // .grad = mean over the ranks
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>The constructor checks that every rank has the same parameters, then broadcasts rank 0's parameters and
 * buffers to all ranks ({@code _sync_module_states}); with {@code broadcastBuffers} (the default) buffers (batch
 * norm's running statistics) are broadcast from rank 0 again before each training forward. The wrapped module is
 * child {@code "module"}, so state-dict keys start with {@code module.}, as in PyTorch.
 *
 * <p>Every parameter that requires grad must get a gradient in each synchronised backward, or backward ends with
 * PyTorch's unused-parameter error; with {@link Options#findUnusedParameters(boolean)} such parameters count with the
 * gradient they have (zero when none), and one no rank used keeps its {@code .grad} unchanged. (PyTorch raises that
 * error at the next forward; here it comes at the end of the backward that left buckets incomplete.)
 *
 * <p>Not here yet: {@code device_ids} (one CPU process per rank; CUDA needs the NCCL backend), communication hooks,
 * {@code static_graph}, {@code gradient_as_bucket_view}.
 */
public class DistributedDataParallel extends Module {
    /**
     * DistributedDataParallel's keyword arguments: {@code process_group} (null: the default group),
     * {@code bucket_cap_mb} (25), {@code find_unused_parameters} (false), {@code broadcast_buffers} (true).
     */
    public record Options(ProcessGroup processGroup, double bucketCapMb, boolean findUnusedParameters,
                          boolean broadcastBuffers) {
        /** Sets {@code process_group}. */
        public Options processGroup(ProcessGroup v) { return new Options(v, bucketCapMb, findUnusedParameters, broadcastBuffers); }

        /** Sets {@code bucket_cap_mb}, the size (MiB) at which a gradient bucket is closed. */
        public Options bucketCapMb(double v) { return new Options(processGroup, v, findUnusedParameters, broadcastBuffers); }

        /** Sets {@code find_unused_parameters}. */
        public Options findUnusedParameters(boolean v) { return new Options(processGroup, bucketCapMb, v, broadcastBuffers); }

        /** Sets {@code broadcast_buffers}. */
        public Options broadcastBuffers(boolean v) { return new Options(processGroup, bucketCapMb, findUnusedParameters, v); }
    }

    /** PyTorch's defaults: the default group, 25 MiB buckets, no unused-parameter search, buffers broadcast. */
    public static Options options() { return new Options(null, 25, false, true); }

    private final Module module;
    private final ProcessGroup processGroup;
    private final boolean broadcastBuffers;
    private final Reducer reducer;
    private boolean requireBackwardGradSync = true;

    /** {@code DistributedDataParallel(module)} on the default process group. */
    public DistributedDataParallel(Module module) { this(module, options()); }

    /** {@code DistributedDataParallel(module, **options)}. */
    public DistributedDataParallel(Module module, Options options) {
        this.module = module;
        this.processGroup = options.processGroup() != null ? options.processGroup() : Dist.defaultGroup();
        this.broadcastBuffers = options.broadcastBuffers();
        if (!(options.bucketCapMb() > 0)) throw new IllegalArgumentException("bucket_cap_mb must be positive, got " + options.bucketCapMb());
        Map<String, Tensor> trained = new LinkedHashMap<>();
        module.namedParameters().forEach((name, p) -> {
            if (p.requiresGrad()) trained.put(name, p);
        });
        if (trained.isEmpty()) {
            throw new IllegalArgumentException("DistributedDataParallel is not needed when a module doesn't have any "
                    + "parameter that requires a gradient.");
        }
        verifyParamShapesAcrossProcesses(module.parameters());
        syncModuleStates(module);
        this.reducer = new Reducer(processGroup, trained, (long) (options.bucketCapMb() * 1024 * 1024),
                options.findUnusedParameters());
    }

    /** {@code ddp.module}: the wrapped module. */
    public Module module() { return module; }

    /** The process group the gradients are averaged over. */
    public ProcessGroup processGroup() { return processGroup; }

    /** The parameter indices (into the trained parameters, in registration order) of each bucket, in launch order. */
    List<int[]> bucketIndices() { return reducer.bucketIndices(); }

    /** Per parameter, how many buckets had started when its gradient arrived in the last backward (for tests). */
    int[] launchedWhenReady() { return reducer.launchedWhenReady(); }

    @Override
    public Tensor forward(Tensor input) { return forward(new Tensor[] {input}); }

    @Override
    public Tensor forward(Tensor input1, Tensor input2) { return forward(new Tensor[] {input1, input2}); }

    /** The wrapped module's {@code call}, after preparing the gradient reduction of the backward that follows. */
    @Override
    public Tensor forward(Tensor... inputs) {
        if (GradMode.isEnabled() && requireBackwardGradSync) {
            if (broadcastBuffers) syncBuffers();
            reducer.prepareForBackward();
        } else {
            reducer.expectNoBackward();
        }
        return module.call(inputs);
    }

    /**
     * {@code no_sync()}: inside it, backward only accumulates gradients locally; the first synchronised backward
     * after it averages the accumulated gradients.
     *
     * <pre>{@code
     * try (var s = ddp.noSync()) {
     *     for (int i = 0; i < 3; i++) loss(ddp.call(x[i])).backward();   // local accumulation
     * }
     * loss(ddp.call(x[3])).backward();                                    // all four averaged over the ranks
     * }</pre>
     */
    public NoSync noSync() { return new NoSync(this); }

    /** The scope of {@link #noSync()}: closing it restores gradient synchronisation as it was. */
    public static final class NoSync implements AutoCloseable {
        private final DistributedDataParallel ddp;
        private final boolean previous;
        private boolean closed;

        private NoSync(DistributedDataParallel ddp) {
            this.ddp = ddp;
            this.previous = ddp.requireBackwardGradSync;
            ddp.requireBackwardGradSync = false;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            ddp.requireBackwardGradSync = previous;
        }
    }

    /**
     * PyTorch's {@code _verify_param_shape_across_processes}: every rank must have as many parameters, of the same
     * shapes and dtypes, or the buckets would not line up.
     */
    private void verifyParamShapesAcrossProcesses(List<Tensor> params) {
        long signature = 17;
        for (Tensor p : params) {
            signature = 31 * signature + Arrays.hashCode(p.shapeArray());
            signature = 31 * signature + p.dtype().ordinal();
        }
        long[] mine = {params.size(), signature};
        long[] all = new long[2 * processGroup.size()];
        processGroup.allGatherIntoTensor(dev.torch4j.Torch.fromArray(all), dev.torch4j.Torch.fromArray(mine), false);
        for (int r = 0; r < processGroup.size(); r++) {
            if (all[2 * r] != params.size()) {
                throw new IllegalStateException("DDP expects same model across all ranks, but Rank " + processGroup.rank()
                        + " has " + params.size() + " params, while rank " + r + " has inconsistent " + all[2 * r] + " params.");
            }
            if (all[2 * r + 1] != signature) {
                throw new IllegalStateException("DDP expects same model across all ranks, but the parameter shapes or "
                        + "dtypes of rank " + processGroup.rank() + " differ from those of rank " + r + ".");
            }
        }
    }

    /** Rank 0's parameters and buffers, on every rank ({@code _sync_module_states}). */
    private void syncModuleStates(Module m) {
        for (Tensor p : m.parameters()) broadcastFromRank0(p);
        for (Tensor b : m.buffers()) broadcastFromRank0(b);
    }

    private void syncBuffers() {
        if (processGroup.size() == 1) return;
        for (Tensor b : module.buffers()) broadcastFromRank0(b);
    }

    private void broadcastFromRank0(Tensor t) {
        if (t == null || processGroup.size() == 1) return;
        if (t.isContiguous()) {
            processGroup.broadcast(t, 0, false);
            return;
        }
        Tensor c = t.detach().contiguous();
        processGroup.broadcast(c, 0, false);
        try (var g = GradMode.noGrad()) {
            t.copy_(c);
        }
    }
}
