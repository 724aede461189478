package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;
import dev.torch4j.distributed.Dist;
import dev.torch4j.distributed.ProcessGroup;
import dev.torch4j.distributed.ReduceOp;

/**
 * {@code nn.SyncBatchNorm(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True,
 * process_group=None)}: batch norm over {@code (N, C, *)} whose training statistics are those of every rank's batch
 * together. Each rank sends its per-channel mean, inverse standard deviation and count to all the others (one
 * all-gather), normalises with the merged statistics and updates its running buffers with them; backward all-reduces
 * the two per-channel gradient sums, so each rank's input gradient is the one of the whole batch. The weight and bias
 * gradients stay per rank: {@link dev.torch4j.distributed.DistributedDataParallel} averages them.
 * <p>Without an initialised process group, in eval mode, or on a group of one rank, it is plain batch norm. PyTorch
 * 2.x refuses CPU tensors when it would synchronise (its CPU backend, gloo, lacks what it uses); torch4j's MPI backend
 * carries CPU tensors, so here they synchronise.
 * <p>It extends {@link BatchNorm1d}, which plays PyTorch's {@code _BatchNorm} here (BatchNorm2d/3d extend it), so a
 * field of that type can hold one; {@link #convertSyncBatchnorm} cannot put one into a field declared
 * {@code BatchNorm2d} and says so.
 */
public class SyncBatchNorm extends BatchNorm1d {
    /** The {@code process_group} argument: null means the default (whole-world) group. */
    public ProcessGroup processGroup;

    /** {@code nn.SyncBatchNorm(num_features)}; other arguments take PyTorch's defaults. */
    public SyncBatchNorm(long numFeatures) { this(numFeatures, 1e-5, 0.1, true, true, null); }

    /** {@code nn.SyncBatchNorm(num_features, eps, momentum, affine, track_running_stats, process_group)}. */
    public SyncBatchNorm(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats,
                         ProcessGroup processGroup) {
        this(numFeatures, eps, momentum, affine, trackRunningStats, processGroup, TensorOptions.DEFAULT);
    }

    /** {@code nn.SyncBatchNorm(..., process_group, device=, dtype=)}. */
    public SyncBatchNorm(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats,
                         ProcessGroup processGroup, TensorOptions options) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, options);
        this.processGroup = processGroup;
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() < 2) throw new IllegalArgumentException("expected at least 2D input (got " + input.dim() + "D input)");
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        if (input.size(1) == 0) throw new IllegalArgumentException("SyncBatchNorm number of input channels should be non-zero");
        double factor = exponentialAverageFactor();
        boolean bnTraining = isTraining() || (runningMean() == null && runningVar() == null);
        Tensor rm = !isTraining() || trackRunningStats ? runningMean() : null;
        Tensor rv = !isTraining() || trackRunningStats ? runningVar() : null;
        ProcessGroup group = null;
        if (bnTraining && isTraining() && Dist.isInitialized()) {
            group = processGroup != null ? processGroup : Dist.defaultGroup();
            if (group.size() < 2) group = null;
        }
        if (group == null) return Functional.batchNorm(input, rm, rv, weight, bias, bnTraining, factor, eps);
        return new Synchronized(rm, rv, eps, factor, group).apply(input, weight, bias);
    }

    /**
     * {@code SyncBatchNorm.convert_sync_batchnorm(module, process_group)}: every batch norm in the tree (the module
     * itself included) replaced by a SyncBatchNorm with the same settings that shares its parameters, running buffers
     * and training mode (PyTorch also copies a {@code qconfig} attribute; no quantization mapping takes a SyncBatchNorm,
     * so it is not carried here). Children are replaced in place; the result is the module, or its replacement when
     * the module is itself a batch norm.
     */
    public static Module convertSyncBatchnorm(Module module, ProcessGroup processGroup) {
        Module out = module;
        if (module instanceof BatchNorm1d bn) {
            SyncBatchNorm s = new SyncBatchNorm(bn.numFeatures, bn.eps, bn.momentum, bn.affine, bn.trackRunningStats, processGroup);
            if (bn.affine) {
                s.weight = bn.weight;
                s.bias = bn.bias;
            }
            if (bn.trackRunningStats) {
                for (String b : new String[] {"running_mean", "running_var", "num_batches_tracked"}) s.registerBuffer(b, bn.buffer(b));
            }
            s.train(bn.isTraining());
            out = s;
        }
        for (var child : module.namedChildren().entrySet()) {
            out.setSubmodule(child.getKey(), convertSyncBatchnorm(child.getValue(), processGroup));
        }
        return out;
    }

    /** {@link #convertSyncBatchnorm(Module, ProcessGroup)} over the default group. */
    public static Module convertSyncBatchnorm(Module module) { return convertSyncBatchnorm(module, null); }

    /** PyTorch's {@code torch.nn.modules._functions.SyncBatchNorm}: its backward node is {@code SyncBatchNormBackward}. */
    private static final class Synchronized extends Function {
        private final Tensor runningMean, runningVar;
        private final double eps, momentum;
        private final ProcessGroup group;

        Synchronized(Tensor runningMean, Tensor runningVar, double eps, double momentum, ProcessGroup group) {
            this.runningMean = runningMean;
            this.runningVar = runningVar;
            this.eps = eps;
            this.momentum = momentum;
            this.group = group;
        }

        @Override
        protected String backwardName() { return "SyncBatchNormBackward"; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            Tensor input = in[0].contiguous(), weight = in[1] == null ? null : in[1].contiguous(), bias = in[2];
            long channels = input.size(1);
            TensorOptions like = TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device());
            Tensor combined;
            if (input.numel() > 0) {
                Tensor[] stats = Torch.batchNormStats(input, eps);
                Tensor count = Torch.full(new long[] {1}, (double) (input.numel() / channels), like.dtype(stats[0].dtype()));
                combined = Torch.cat(new Tensor[] {stats[0], stats[1], count}, 0);
            } else {
                // an empty batch still takes part in the collective, with a count of zero that drops it below
                combined = Torch.zeros(Torch.shape(2 * channels + 1), like);
            }
            Tensor all = Torch.empty(Torch.shape(group.size(), combined.numel()), like.dtype(combined.dtype()));
            group.allGatherIntoTensor(all, combined, false);
            Tensor[] parts = all.split(channels, 1);
            Tensor keep = parts[2].squeeze(-1).ge(1);
            Tensor meanAll = parts[0].index(keep), invstdAll = parts[1].index(keep), countAll = parts[2].index(keep);
            Tensor counts = countAll.view(-1);
            if (runningMean != null && counts.dtype() != runningMean.dtype()) counts = counts.to(runningMean.dtype());
            Tensor[] global = Torch.batchNormGatherStatsWithCounts(input, meanAll, invstdAll, runningMean, runningVar,
                    momentum, eps, counts);
            ctx.saveForBackward(input, weight, global[0], global[1], countAll.to(dev.torch4j.DType.INT32));
            Tensor out = input.numel() > 0 ? Torch.batchNormElemt(input, weight, bias, global[0], global[1], eps)
                    : Torch.emptyLike(input);
            return new Tensor[] {out};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            Tensor gradOut = grads[0].contiguous();
            Tensor[] saved = ctx.savedTensors();
            Tensor input = saved[0], weight = saved[1], mean = saved[2], invstd = saved[3], count = saved[4];
            long channels = input.size(1);
            if (input.numel() == 0) {
                // no gradient here, but the peers' all-reduce needs this rank's zeros
                if (ctx.needsInputGrad(0)) {
                    group.allReduce(Torch.zeros(Torch.shape(2 * channels),
                            TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device())), ReduceOp.SUM, false);
                }
                return new Tensor[] {null, null, null};
            }
            Tensor[] r = Torch.batchNormBackwardReduce(gradOut, input, mean, invstd, weight, ctx.needsInputGrad(0),
                    ctx.needsInputGrad(1), ctx.needsInputGrad(2));
            Tensor gradInput = null;
            if (ctx.needsInputGrad(0)) {
                Tensor sums = Torch.cat(new Tensor[] {r[0], r[1]}, 0);
                group.allReduce(sums, ReduceOp.SUM, false);
                Tensor w = weight != null && weight.dtype() != mean.dtype() ? weight.to(mean.dtype()) : weight;
                gradInput = Torch.batchNormBackwardElemt(gradOut, input, mean, invstd, w, sums.narrow(0, 0, channels),
                        sums.narrow(0, channels, channels), count);
            }
            Tensor gradWeight = weight == null || !ctx.needsInputGrad(1) ? null : r[2];
            Tensor gradBias = weight == null || !ctx.needsInputGrad(2) ? null : r[3];
            return new Tensor[] {gradInput, gradWeight, gradBias};
        }
    }
}
