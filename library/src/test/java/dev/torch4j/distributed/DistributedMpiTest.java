package dev.torch4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two MPI ranks, two JVMs: {@code mpirun -np 2 java ... MpiWorker}, whose printed results are checked here. Skipped
 * when {@code mpirun} or Open MPI's library is missing (CI installs {@code openmpi-bin}). Expected values are worked
 * out by hand for two ranks; DDP's gradients are checked on each rank against one model trained on the whole batch,
 * and its parameters across ranks bit for bit.
 */
class DistributedMpiTest {
    private static final int RANKS = 2;
    /** A safety net against a hung job (a deadlock is a failure, not a wait); the run takes a few seconds. */
    private static final long TIMEOUT_SECONDS = 180;

    @Test
    void collectivesAndDdpOnTwoRanks(@TempDir Path scratch) throws Exception {
        Path mpirun = findOnPath("mpirun");
        Assumptions.assumeTrue(mpirun != null, "mpirun not found on PATH (install openmpi-bin)");
        Assumptions.assumeTrue(Dist.isMpiAvailable(), () -> "no Open MPI library: " + MpiLibrary.loadError());

        List<String> cmd = new ArrayList<>(List.of(mpirun.toString(), "--allow-run-as-root", "--oversubscribe",
                "-np", Integer.toString(RANKS),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                // small, quick JVMs: two of them share this machine's cores with mpirun
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), MpiWorker.class.getName(), scratch.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // shared memory between ranks without process_vm_readv, which containers often forbid
        pb.environment().put("OMPI_MCA_btl_vader_single_copy_mechanism", "none");
        Process p = pb.start();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(p.getInputStream(), captured));
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(5000);
            fail("mpirun did not finish within " + TIMEOUT_SECONDS + " s; output:\n" + captured.toString(StandardCharsets.UTF_8));
        }
        reader.join();
        String output = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "mpirun failed; output:\n" + output);

        Map<Integer, Map<String, String>> byRank = parse(output);
        assertEquals(RANKS, byRank.size(), () -> "expected output from both ranks:\n" + output);
        Map<String, String> r0 = byRank.get(0), r1 = byRank.get(1);
        for (int rank = 0; rank < RANKS; rank++) {
            Map<String, String> v = byRank.get(rank);
            String ctx = "rank " + rank + " output:\n" + output;
            assertEquals("true", v.get("done"), ctx);
            assertEquals("false", v.get("initializedBefore"), ctx);
            assertEquals("2", v.get("size"), ctx);
            assertEquals("mpi", v.get("backend"), ctx);
            assertEquals("trying to initialize the default process group twice!", v.get("initTwice"), ctx);
            assertEquals(rank == 0 ? "[0, 2, 4]" : "[1, 3, 0]", v.get("sampler.default"), ctx);

            // all-reduce: rank 0 and rank 1's inputs combined by hand
            assertEquals("[3.0, 6.0, 9.0]", v.get("allreduce.sum.f32"), ctx);
            assertEquals("[6.0, 0.75]", v.get("allreduce.prod.f64"), ctx);           // {2,-0.5} * {3,-1.5}
            assertEquals("[-5, 1099511627776]", v.get("allreduce.min.i64"), ctx);     // {-5, 2^40} vs {5, 2^41}
            assertEquals("[5, 2199023255552]", v.get("allreduce.max.i64"), ctx);
            assertEquals("[0.5, 10.0]", v.get("allreduce.avg.f32"), ctx);            // (0+1)/2, (10+10)/2
            assertEquals("[2, -2]", v.get("allreduce.avg.i32"), ctx);                 // (1+4)/2, (-1-4)/2 truncated
            assertEquals("[true, false, true]", v.get("allreduce.sum.bool"), ctx);     // logical or
            assertEquals("[false, false, true]", v.get("allreduce.prod.bool"), ctx);   // logical and
            assertEquals("[3, 7]", v.get("allreduce.bor.i8"), ctx);                    // 1|2, 7|7
            assertEquals("[3, 0]", v.get("allreduce.bxor.i8"), ctx);                   // 1^2, 7^7
            assertEquals("torch.bfloat16 [4.5]", v.get("allreduce.sum.bf16"), ctx);   // 1.5 + 3.0
            assertEquals("[100.0, 1.0, 1.0, 100.0]", v.get("allreduce.view"), ctx);   // only the view's elements
            assertEquals("true", v.get("async.waitFor"), ctx);
            assertEquals("true", v.get("async.completed"), ctx);
            assertEquals("[1.0, 1.0]", v.get("allreduce.async"), ctx);                 // {0,0} + {1,1}

            assertEquals("[1, 8, -1]", v.get("broadcast.src1"), ctx);                  // rank 1's {1, 1+7, -1}
            assertEquals("[0.25]", v.get("broadcast.f16"), ctx);                        // rank 0's 0 + 0.25

            assertEquals("[0, 0] [1, 10]", v.get("allgather.list"), ctx);              // rank order
            assertEquals("[0.0, 0.0, 1.0, -1.0]", v.get("allgather.into"), ctx);
            assertEquals("[[0.5], [1.5]]", v.get("allgather.async"), ctx);

            // reduce-scatter: {0,1,2,3} + {10,11,12,13} = {10,12,14,16}, rank r keeps chunk r
            assertEquals(rank == 0 ? "[10.0, 12.0]" : "[14.0, 16.0]", v.get("reducescatter.tensor"), ctx);
            assertEquals(rank == 0 ? "[5.0, 6.0]" : "[7.0, 8.0]", v.get("reducescatter.avg"), ctx);
            // input lists {1, 2} on rank 0 and {2, 4} on rank 1: rank 0 gets 1+2, rank 1 gets 2+4
            assertEquals(rank == 0 ? "[3]" : "[6]", v.get("reducescatter.list"), ctx);

            for (int round = 0; round < 3; round++) assertEquals("true", v.get("barrier." + round), ctx);

            assertEquals("output tensor size must be equal to world_size times input tensor size", v.get("err.gatherSize"), ctx);
            assertEquals("input tensor has to be contiguous", v.get("err.contiguous"), ctx);
            assertTrue(v.get("err.bitwiseFloat").startsWith("Cannot use ReduceOp.BAND with torch.float32 tensors"), ctx);
            assertEquals("Invalid rootRank 2 for a group of size 2", v.get("err.root"), ctx);
            assertTrue(v.get("err.listSize").startsWith("Tensor list input to scatter/gather must match number of "
                    + "collective participants"), ctx);

            // DDP: rank 0's weights and buffers everywhere, then gradients equal to the whole batch's
            assertEquals(0.0, Double.parseDouble(v.get("ddp.initDiff")), ctx);
            assertEquals("[1.0]", v.get("ddp.buffer"), ctx);
            assertTrue(v.get("ddp.stateKey").startsWith("module."), ctx);
            // a 10-byte cap puts each parameter in its own bucket, last registered first
            assertEquals("[3] [2] [1] [0]", v.get("ddp.buckets"), ctx);
            for (int step = 0; step < 3; step++) {
                assertTrue(Double.parseDouble(v.get("ddp.step" + step + ".gradDiff")) < 1e-12, ctx);
            }
            // rebuilt at the second forward in the order the gradients arrived: from then on the k-th gradient to
            // arrive finds k all-reduces started (communication overlapping the rest of backward)
            assertEquals("[0, 1, 2, 3]", sortedInts(v.get("ddp.rebuiltBuckets").replace("] [", ", ")), ctx);
            assertEquals(4, v.get("ddp.rebuiltBuckets").split(" ").length, ctx);
            for (int step = 1; step < 3; step++) {
                assertEquals("[0, 1, 2, 3]", sortedInts(v.get("ddp.step" + step + ".launchedWhenReady")), ctx);
            }
            assertTrue(Double.parseDouble(v.get("ddp.paramDiff")) < 1e-12, ctx);
            assertEquals("1", v.get("ddp.defaultBuckets"), ctx);
            assertEquals(0.0, Double.parseDouble(v.get("ddp.noSyncLocalDiff")), ctx);
            assertTrue(Double.parseDouble(v.get("ddp.accumulatedDiff")) < 1e-12, ctx);
            assertEquals("Parameters which did not receive grad for rank " + rank + ": extra.weight, extra.bias",
                    v.get("ddp.unusedError"), ctx);
            assertEquals("true", v.get("ddp.globallyUnusedGrad"), ctx);
            assertTrue(Double.parseDouble(v.get("ddp.partlyUsedDiff")) < 1e-12, ctx);
            // SyncBatchNorm over unequal shards (3 and 5 rows) equals BatchNorm1d over the whole batch
            assertEquals("SyncBatchNormBackward", v.get("syncbn.gradFn"), ctx);
            for (String k : List.of("syncbn.outDiff", "syncbn.inputGradDiff", "syncbn.paramGradDiff", "syncbn.runningDiff", "syncbn.evalDiff")) {
                assertTrue(Double.parseDouble(v.get(k)) < 1e-12, () -> k + ": " + ctx);
            }
            assertEquals("[1]", v.get("syncbn.batches"), ctx);
            if (rank == 0) {
                assertTrue(Double.parseDouble(v.get("syncbn.emptyPeerDiff")) < 1e-12, ctx);
                assertTrue(Double.parseDouble(v.get("syncbn.emptyPeerRunningDiff")) < 1e-12, ctx);
            } else {
                assertEquals("[0, 3, 4] null", v.get("syncbn.emptyShape"), ctx);
            }

            assertEquals("false", v.get("initializedAfter"), ctx);
            assertEquals("[3.0]", v.get("reinit.sum"), ctx);
        }
        assertEquals("0 [42.0, 43.0]", r1.get("p2p.recv"), output);   // any-source receive names the sender
        assertEquals("1 [7, 8, 9]", r0.get("p2p.irecv"), output);
        assertEquals(r0.get("ddp.rebuiltBuckets"), r1.get("ddp.rebuiltBuckets"), output); // rank 0's order on both
        // identical optimiser steps on identical averaged gradients: the same bits on both ranks
        assertEquals(r0.get("ddp.paramBits"), r1.get("ddp.paramBits"), output);
    }

    /** "[2, 0, 1]" as "[0, 1, 2]". */
    private static String sortedInts(String list) {
        String inner = list.substring(1, list.length() - 1);
        return java.util.Arrays.toString(java.util.Arrays.stream(inner.split(", ")).mapToInt(Integer::parseInt).sorted().toArray());
    }

    private static Map<Integer, Map<String, String>> parse(String output) {
        Map<Integer, Map<String, String>> byRank = new HashMap<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("@")) continue;
            int space = line.indexOf(' '), second = line.indexOf(' ', space + 1);
            int rank = Integer.parseInt(line.substring(1, space));
            String key = second < 0 ? line.substring(space + 1) : line.substring(space + 1, second);
            String value = second < 0 ? "" : line.substring(second + 1);
            byRank.computeIfAbsent(rank, r -> new HashMap<>()).put(key, value);
        }
        return byRank;
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n); // ByteArrayOutputStream is synchronized
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
