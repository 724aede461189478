package dev.torch4j.distributed;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.SyncBatchNorm;
import dev.torch4j.optim.SGD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * One rank of {@link DistributedMpiTest}: run as {@code mpirun -np 2 java ... MpiWorker <scratch-dir>}. Each rank
 * runs the collectives and DDP steps and prints {@code @<rank> <key> <value>} lines, which the test checks (values
 * that must agree across ranks are compared there). A failure prints {@code @<rank> FAILED} with the stack trace
 * and halts the JVM without {@code MPI_Finalize}, which makes {@code mpirun} end the job at once instead of leaving
 * the other rank waiting in a collective.
 */
public final class MpiWorker {
    private static final TensorOptions F64 = TensorOptions.DEFAULT.dtype(DType.FLOAT64);
    private static int rank;

    private MpiWorker() {}

    public static void main(String[] args) {
        try {
            run(Path.of(args[0]));
        } catch (Throwable e) {
            System.out.println("@" + rank + " FAILED " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void out(String key, Object value) {
        System.out.println("@" + rank + " " + key + " " + value);
    }

    private static String values(Tensor t) {
        return t.dtype() == DType.BOOL ? Arrays.toString(t.toBooleanArray())
                : t.dtype().isFloatingPoint() ? Arrays.toString(t.toDoubleArray()) : Arrays.toString(t.toLongArray());
    }

    private static String error(Runnable r) {
        try {
            r.run();
            return "no error";
        } catch (RuntimeException e) {
            return e.getMessage().lines().findFirst().orElse("");
        }
    }

    private static void run(Path scratch) throws Exception {
        boolean before = Dist.isInitialized();
        Dist.initProcessGroup("mpi");
        rank = Dist.getRank();
        out("initializedBefore", before);
        int ws = Dist.getWorldSize();
        out("size", ws);
        out("backend", Dist.getBackend());
        out("initTwice", error(() -> Dist.initProcessGroup("mpi")));
        // rank and replicas from the default group: 5 samples padded to 6, unshuffled, every second one from rank
        var sampler = new dev.torch4j.data.DistributedSampler(new dev.torch4j.data.TensorDataset(Torch.zeros(5)), false);
        java.util.List<Long> drawn = new java.util.ArrayList<>();
        sampler.iterator().forEachRemaining(drawn::add);
        out("sampler.default", drawn);

        collectives(ws, scratch);
        ddp(ws);
        syncBatchNorm(ws);

        Dist.destroyProcessGroup();
        out("initializedAfter", Dist.isInitialized());
        // a second default group after destroying the first (MPI stays initialised until the JVM exits)
        Dist.initProcessGroup("mpi");
        Tensor t = Torch.fromArray(new double[] {rank + 1});
        Dist.allReduce(t);
        out("reinit.sum", values(t));
        Dist.destroyProcessGroup();
        out("done", true);
    }

    private static void collectives(int ws, Path scratch) throws Exception {
        Tensor f = Torch.tensor(new float[] {rank + 1, 2 * (rank + 1), 3 * (rank + 1)});
        Dist.allReduce(f);
        out("allreduce.sum.f32", values(f));
        Tensor d = Torch.fromArray(new double[] {rank + 2, -rank - 0.5});
        Dist.allReduce(d, ReduceOp.PRODUCT);
        out("allreduce.prod.f64", values(d));
        Tensor lmin = Torch.tensor(new long[] {10L * rank - 5, 1L << 40 + rank});
        Tensor lmax = lmin.clone();
        Dist.allReduce(lmin, ReduceOp.MIN);
        Dist.allReduce(lmax, ReduceOp.MAX);
        out("allreduce.min.i64", values(lmin));
        out("allreduce.max.i64", values(lmax));
        Tensor avg = Torch.tensor(new float[] {rank, 10});
        Dist.allReduce(avg, ReduceOp.AVG);
        out("allreduce.avg.f32", values(avg));
        Tensor iavg = Torch.fromArray(new int[] {3 * rank + 1, -3 * rank - 1});
        Dist.allReduce(iavg, ReduceOp.AVG);
        out("allreduce.avg.i32", values(iavg));
        Tensor b = Torch.tensor(new boolean[] {rank == 0, false, true});
        Tensor band = b.clone();
        Dist.allReduce(b, ReduceOp.SUM);
        Dist.allReduce(band, ReduceOp.PRODUCT);
        out("allreduce.sum.bool", values(b));
        out("allreduce.prod.bool", values(band));
        Tensor bits = Torch.tensor(new int[] {1 << rank, 7}).to(DType.INT8);
        Tensor xor = bits.clone();
        Dist.allReduce(bits, ReduceOp.BOR);
        Dist.allReduce(xor, ReduceOp.BXOR);
        out("allreduce.bor.i8", values(bits));
        out("allreduce.bxor.i8", values(xor));
        // bfloat16 is reduced in float32 and rounded once: 1.5 + 3.0 is exact in bfloat16
        Tensor bf = Torch.tensor(new double[] {1.5 * (rank + 1)}).to(DType.BFLOAT16);
        Dist.allReduce(bf);
        out("allreduce.sum.bf16", bf.dtype() + " " + values(bf));
        // a view into a bigger storage: only its elements change
        Tensor base = Torch.fromArray(new double[] {100, rank, rank, 100});
        Dist.allReduce(base.narrow(0, 1, 2));
        out("allreduce.view", values(base));

        Tensor a = Torch.fromArray(new double[] {rank, rank * rank});
        Work w = Dist.allReduce(a, ReduceOp.SUM, true);
        out("async.waitFor", w.waitFor());
        out("async.completed", w.isCompleted());
        out("allreduce.async", values(a));

        Tensor bc = Torch.tensor(new long[] {rank, rank + 7, -rank});
        Dist.broadcast(bc, 1);
        out("broadcast.src1", values(bc));
        Tensor bh = Torch.fromArray(new double[] {rank + 0.25}).to(DType.FLOAT16);
        Dist.broadcast(bh, 0, true).waitFor();
        out("broadcast.f16", values(bh));

        List<Tensor> gathered = new ArrayList<>();
        for (int r = 0; r < ws; r++) gathered.add(Torch.zeros(Size.of(2), TensorOptions.DEFAULT.dtype(DType.INT64)));
        Dist.allGather(gathered, Torch.tensor(new long[] {rank, 10L * rank}));
        StringJoiner g = new StringJoiner(" ");
        for (Tensor t : gathered) g.add(values(t));
        out("allgather.list", g);
        Tensor into = Torch.zeros(Size.of(ws, 2));
        Dist.allGatherIntoTensor(into, Torch.tensor(new float[] {rank, -rank}), true).waitFor();
        out("allgather.into", values(into));
        List<Tensor> gatheredAsync = new ArrayList<>();
        for (int r = 0; r < ws; r++) gatheredAsync.add(Torch.zeros(1));
        Dist.allGather(gatheredAsync, Torch.tensor(new float[] {rank + 0.5f}), true).waitFor();
        out("allgather.async", gatheredAsync.stream().map(MpiWorker::values).toList());

        Tensor rsIn = Torch.arange(0.0, 2.0 * ws, 1.0, F64).add(10.0 * rank);
        Tensor rsOut = Torch.zeros(Size.of(2), F64);
        Dist.reduceScatterTensor(rsOut, rsIn);
        out("reducescatter.tensor", values(rsOut));
        Tensor rsAvg = Torch.zeros(Size.of(2), F64);
        Dist.reduceScatterTensor(rsAvg, rsIn, ReduceOp.AVG, true).waitFor();
        out("reducescatter.avg", values(rsAvg));
        List<Tensor> rsList = new ArrayList<>();
        for (int r = 0; r < ws; r++) rsList.add(Torch.fromArray(new int[] {(r + 1) * (rank + 1)}));
        Tensor rsListOut = Torch.zeros(Size.of(1), TensorOptions.DEFAULT.dtype(DType.INT32));
        Dist.reduceScatter(rsListOut, rsList);
        out("reducescatter.list", values(rsListOut));

        // barrier: what rank 0 wrote before it is there for rank 1 after it
        for (int round = 0; round < 3; round++) {
            Path marker = scratch.resolve("barrier-" + round);
            if (rank == 0) Files.writeString(marker, "x");
            if (round == 2) Dist.barrier(true).waitFor();
            else Dist.barrier();
            out("barrier." + round, Files.exists(marker));
            Dist.barrier(); // nobody starts the next round before everyone has looked
        }

        if (ws >= 2) {
            if (rank == 0) {
                Dist.send(Torch.fromArray(new double[] {42, 43}), 1);
                Tensor back = Torch.zeros(Size.of(3), TensorOptions.DEFAULT.dtype(DType.INT32));
                Work received = Dist.irecv(back, 1);
                received.waitFor();
                out("p2p.irecv", received.sourceRank() + " " + values(back));
            } else if (rank == 1) {
                Tensor in = Torch.zeros(Size.of(2), F64);
                int source = Dist.recv(in, -1);
                out("p2p.recv", source + " " + values(in));
                Dist.isend(Torch.fromArray(new int[] {7, 8, 9}), 0).waitFor();
            }
        }

        // argument checks (local: no rank reaches MPI with them)
        out("err.gatherSize", error(() -> Dist.allGatherIntoTensor(Torch.zeros(3), Torch.zeros(2))));
        out("err.contiguous", error(() -> Dist.allReduce(Torch.zeros(2, 3).t())));
        out("err.bitwiseFloat", error(() -> Dist.allReduce(Torch.zeros(2), ReduceOp.BAND)));
        out("err.root", error(() -> Dist.broadcast(Torch.zeros(2), ws)));
        out("err.listSize", error(() -> Dist.allGather(List.of(Torch.zeros(1)), Torch.zeros(1))));
    }

    // ---------------------------------------------------------------- DistributedDataParallel

    /** Linear(3, 4) -> tanh -> Linear(4, 2), and optionally a third layer used only when {@link #useExtra} is set. */
    static final class Net extends Module {
        final Linear fc1, fc2, extra;
        boolean useExtra;

        Net(long seed, boolean withExtra) {
            Torch.manualSeed(seed);
            fc1 = new Linear(3, 4, true, F64);
            fc2 = new Linear(4, 2, true, F64);
            extra = withExtra ? new Linear(2, 2, true, F64) : null;
            registerBuffer("scale", Torch.fromArray(new double[] {1.0}));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = fc2.forward(fc1.forward(x).tanh()).mul(buffer("scale"));
            return useExtra ? extra.forward(h) : h;
        }
    }

    private static Tensor loss(Module m, Tensor x, Tensor y) { return m.call(x).sub(y).pow(2).mean(); }

    /** This rank's rows of a global batch of {@code 4 * ws} rows. */
    private static Tensor shard(Tensor global, int ws) {
        long per = global.size(0) / ws;
        return global.narrow(0, rank * per, per);
    }

    /** Largest |a - b| over the gradients (or the values, with {@code grads} false) of two parameter lists. */
    private static double maxDiff(List<Tensor> a, List<Tensor> b, boolean grads) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            Tensor x = grads ? a.get(i).grad() : a.get(i), y = grads ? b.get(i).grad() : b.get(i);
            if (x == null || y == null) {
                if (x != y) return Double.POSITIVE_INFINITY;
                continue;
            }
            m = Math.max(m, x.sub(y).abs().max().item());
        }
        return m;
    }

    /** The exact bits of every parameter value, to compare ranks. */
    private static String bits(List<Tensor> params) {
        StringJoiner j = new StringJoiner(",");
        for (Tensor p : params) for (double v : p.toDoubleArray()) j.add(Long.toHexString(Double.doubleToLongBits(v)));
        return j.toString();
    }

    private static void ddp(int ws) {
        // every rank starts from other weights: the constructor must hand rank 0's to all
        Net local = new Net(100 + rank, false);
        local.registerBuffer("scale", Torch.fromArray(new double[] {1.0 + rank}));
        var ddp = new DistributedDataParallel(local, DistributedDataParallel.options().bucketCapMb(1e-5));
        Net ref = new Net(100, false);
        out("ddp.initDiff", maxDiff(ddp.module().parameters(), ref.parameters(), false));
        out("ddp.buffer", values(local.buffers().get(0)));
        out("ddp.stateKey", ddp.stateDict().keySet().iterator().next());
        StringJoiner buckets = new StringJoiner(" ");
        for (int[] bucket : ddp.bucketIndices()) buckets.add(Arrays.toString(bucket));
        out("ddp.buckets", buckets);

        // three SGD steps; the reference trains one model on the whole batch
        SGD opt = new SGD(ddp.parameters(), SGD.options(0.1));
        SGD refOpt = new SGD(ref.parameters(), SGD.options(0.1));
        Torch.manualSeed(7);
        for (int step = 0; step < 3; step++) {
            Tensor x = Torch.randn(Size.of(4L * ws, 3), F64), y = Torch.randn(Size.of(4L * ws, 2), F64);
            opt.zeroGrad();
            refOpt.zeroGrad();
            local.buffers().get(0).fill_(1.0 + rank); // broadcastBuffers: rank 0's value again before each forward
            loss(ddp, shard(x, ws), shard(y, ws)).backward();
            loss(ref, x, y).backward();
            out("ddp.step" + step + ".gradDiff", maxDiff(ddp.parameters(), ref.parameters(), true));
            out("ddp.step" + step + ".launchedWhenReady", Arrays.toString(ddp.launchedWhenReady()));
            opt.step();
            refOpt.step();
        }
        StringJoiner rebuilt = new StringJoiner(" ");
        for (int[] bucket : ddp.bucketIndices()) rebuilt.add(Arrays.toString(bucket));
        out("ddp.rebuiltBuckets", rebuilt);
        out("ddp.paramDiff", maxDiff(ddp.parameters(), ref.parameters(), false));
        out("ddp.paramBits", bits(ddp.parameters()));

        // one bucket (the default cap), and gradient accumulation with noSync
        Net local2 = new Net(200 + rank, false);
        var ddp2 = new DistributedDataParallel(local2);
        Net ref2 = new Net(200, false);
        out("ddp.defaultBuckets", ddp2.bucketIndices().size());
        Torch.manualSeed(8);
        Tensor xa = Torch.randn(Size.of(4L * ws, 3), F64), ya = Torch.randn(Size.of(4L * ws, 2), F64);
        Tensor xb = Torch.randn(Size.of(4L * ws, 3), F64), yb = Torch.randn(Size.of(4L * ws, 2), F64);
        try (var s = ddp2.noSync()) {
            loss(ddp2, shard(xa, ws), shard(ya, ws)).backward();
        }
        Net localRef = new Net(200, false); // this rank's own gradient: noSync must not have averaged it
        loss(localRef, shard(xa, ws), shard(ya, ws)).backward();
        out("ddp.noSyncLocalDiff", maxDiff(ddp2.parameters(), localRef.parameters(), true));
        loss(ddp2, shard(xb, ws), shard(yb, ws)).backward();
        loss(ref2, xa, ya).backward();
        loss(ref2, xb, yb).backward();
        out("ddp.accumulatedDiff", maxDiff(ddp2.parameters(), ref2.parameters(), true));

        // a parameter no forward uses: PyTorch's error, or with findUnusedParameters its .grad left alone
        Net local3 = new Net(300, true);
        var strict = new DistributedDataParallel(local3);
        Tensor x3 = Torch.randn(Size.of(4, 3), F64), y3 = Torch.randn(Size.of(4, 2), F64);
        String unusedError;
        try {
            loss(strict, x3, y3).backward();
            unusedError = "no error";
        } catch (IllegalStateException e) {
            unusedError = e.getMessage().lines().filter(l -> l.startsWith("Parameters which")).findFirst().orElse(e.getMessage());
        }
        out("ddp.unusedError", unusedError);

        // used by rank 1 only: averaged with rank 0's zero; used by nobody: .grad stays null
        Net local4 = new Net(400, true);
        var lenient = new DistributedDataParallel(local4, DistributedDataParallel.options().findUnusedParameters(true));
        Torch.manualSeed(9);
        Tensor x4 = Torch.randn(Size.of(4L * ws, 3), F64), y4 = Torch.randn(Size.of(4L * ws, 2), F64);
        local4.useExtra = false;
        loss(lenient, shard(x4, ws), shard(y4, ws)).backward();
        out("ddp.globallyUnusedGrad", local4.extra.weight.grad() == null);
        lenient.zeroGrad();
        local4.useExtra = rank == 1;
        loss(lenient, shard(x4, ws), shard(y4, ws)).backward();
        // expected: the mean over ranks of each rank's own gradient (rank 1's includes the extra layer)
        List<Tensor> expected = new ArrayList<>();
        for (Tensor p : new Net(400, true).parameters()) expected.add(Torch.zerosLike(p));
        for (int r = 0; r < ws; r++) {
            Net one = new Net(400, true);
            one.useExtra = r == 1;
            long per = 4;
            loss(one, x4.narrow(0, r * per, per), y4.narrow(0, r * per, per)).backward();
            List<Tensor> ps = one.parameters();
            for (int i = 0; i < ps.size(); i++) if (ps.get(i).grad() != null) expected.get(i).add_(ps.get(i).grad().div(ws));
        }
        double diff = 0;
        List<Tensor> got = lenient.parameters();
        for (int i = 0; i < got.size(); i++) diff = Math.max(diff, got.get(i).grad().sub(expected.get(i)).abs().max().item());
        out("ddp.partlyUsedDiff", diff);
    }

    /** Rows {@code [start, start + n)} of a global batch: unequal shards, so the merge must weigh by count. */
    private static void syncBatchNorm(int ws) {
        Torch.manualSeed(11);
        long[] rows = {3, 5};
        long total = 8, start = rank == 0 ? 0 : rows[0], n = rows[rank];
        Tensor x = Torch.randn(Size.of(total, 3, 4), F64), g = Torch.randn(Size.of(total, 3, 4), F64);
        Tensor w = Torch.randn(Size.of(3), F64), b = Torch.randn(Size.of(3), F64);
        SyncBatchNorm sync = new SyncBatchNorm(3, 1e-5, 0.1, true, true, null, F64);
        BatchNorm1d ref = new BatchNorm1d(3, 1e-5, 0.1, true, true, F64);
        try (var off = dev.torch4j.autograd.GradMode.noGrad()) {
            sync.weight.copy_(w);
            sync.bias.copy_(b);
            ref.weight.copy_(w);
            ref.bias.copy_(b);
        }
        Tensor xl = x.narrow(0, start, n).clone().requiresGrad_(true), xr = x.clone().requiresGrad_(true);
        Tensor yl = sync.call(xl), yr = ref.call(xr);
        out("syncbn.gradFn", yl.gradFn().name());
        out("syncbn.outDiff", yl.sub(yr.narrow(0, start, n)).abs().max().item());
        yl.mul(g.narrow(0, start, n)).sum().backward();
        yr.mul(g).sum().backward();
        out("syncbn.inputGradDiff", xl.grad().sub(xr.grad().narrow(0, start, n)).abs().max().item());
        // weight and bias gradients stay per rank (DDP averages them): their sum is the whole batch's
        Tensor wg = sync.weight.grad().clone(), bg = sync.bias.grad().clone();
        Dist.allReduce(wg);
        Dist.allReduce(bg);
        out("syncbn.paramGradDiff", Math.max(wg.sub(ref.weight.grad()).abs().max().item(), bg.sub(ref.bias.grad()).abs().max().item()));
        out("syncbn.runningDiff", Math.max(sync.runningMean().sub(ref.runningMean()).abs().max().item(),
                sync.runningVar().sub(ref.runningVar()).abs().max().item()));
        out("syncbn.batches", values(sync.numBatchesTracked()));
        // eval: each rank alone with the running statistics
        sync.eval();
        ref.eval();
        try (var off = dev.torch4j.autograd.GradMode.noGrad()) {
            out("syncbn.evalDiff", sync.call(xl).sub(ref.call(xl)).abs().max().item());
        }

        // rank 1 with an empty batch: rank 0 normalises with its own statistics, and both finish backward
        SyncBatchNorm lone = new SyncBatchNorm(3, 1e-5, 0.1, true, true, null, F64);
        BatchNorm1d loneRef = new BatchNorm1d(3, 1e-5, 0.1, true, true, F64);
        Tensor part = (rank == 0 ? x.narrow(0, 0, 4) : x.narrow(0, 0, 0)).clone().requiresGrad_(true);
        Tensor yp = lone.call(part);
        yp.sum().backward();
        if (rank == 0) {
            Tensor pr = part.detach().clone().requiresGrad_(true);
            Tensor ypr = loneRef.call(pr);
            ypr.sum().backward();
            out("syncbn.emptyPeerDiff", Math.max(yp.sub(ypr).abs().max().item(), part.grad().sub(pr.grad()).abs().max().item()));
            out("syncbn.emptyPeerRunningDiff", lone.runningVar().sub(loneRef.runningVar()).abs().max().item());
        } else {
            out("syncbn.emptyShape", Arrays.toString(yp.shapeArray()) + " " + (part.grad() == null ? "null" : values(part.grad())));
        }
    }
}
