package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Device memory (DESIGN.md §9) on a real GPU: a training loop written as in PyTorch, with no close() anywhere, does
 * not leak; the caching, peak and release APIs; and moving an nn.Module to the GPU. Skips without a device.
 */
class CudaMemoryTest {
    private static final Device GPU = Device.cuda(0);
    private static final long KIB = 1024, MIB = 1024 * KIB;

    private static void requireGpu() {
        assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason());
    }

    static class Mlp extends Module {
        final Linear fc1 = new Linear(64, 128), fc2 = new Linear(128, 10);

        @Override
        public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
    }

    /** Collects until memoryAllocated() (which frees what the collector found dead) is the same three times; returns it. */
    static long settle() {
        var cuda = Torch.cuda();
        long prev = -1;
        int same = 0;
        for (int i = 0; i < 50 && same < 2; i++) {
            collectAndAwaitReferences();
            long a = cuda.memoryAllocated();
            same = a == prev ? same + 1 : 0;
            prev = a;
        }
        return prev;
    }

    /**
     * A full collection, then waits until the reference handler thread has enqueued a sentinel phantom reference
     * found dead by it: the storages that collection found dead are then (nearly always) enqueued too, where a
     * yield gave that thread no such chance (emptyCacheReturnsCachedMemory failed once in CI that way).
     */
    private static void collectAndAwaitReferences() {
        java.lang.ref.ReferenceQueue<Object> q = new java.lang.ref.ReferenceQueue<>();
        java.lang.ref.PhantomReference<Object> sentinel = new java.lang.ref.PhantomReference<>(new Object(), q);
        System.gc();
        try {
            q.remove(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        java.lang.ref.Reference.reachabilityFence(sentinel);
    }

    /** Allocates a zero-filled float32 tensor of {@code bytes} on the GPU and drops it; returns memoryAllocated() while it lived. */
    private static long allocateAndDrop(long bytes) {
        Tensor t = Torch.zeros(Torch.shape(bytes / 4), Torch.dtype(DType.FLOAT32).device(GPU));
        Torch.cuda().synchronize();
        assertEquals(GPU, t.device());
        return Torch.cuda().memoryAllocated();
    }

    /** 16 fixed batches of 32 samples with 10 classes given by a fixed random linear map (learnable). */
    private static Tensor[][] batches() {
        Torch.manualSeed(1234);
        Tensor w = Torch.randn(64, 10);
        Tensor[] xs = new Tensor[16], ys = new Tensor[16];
        for (int i = 0; i < 16; i++) {
            xs[i] = Torch.randn(32, 64);
            ys[i] = xs[i].matmul(w).argmax(1);
        }
        return new Tensor[][] {xs, ys};
    }

    private static String window(long[] alloc, int from, int to) {
        long min = Long.MAX_VALUE, max = 0;
        for (int i = from; i <= to; i++) { min = Math.min(min, alloc[i]); max = Math.max(max, alloc[i]); }
        return String.format("steps %d-%d: %.2f..%.2f MiB", from, to, min / (double) MIB, max / (double) MIB);
    }

    /**
     * 3000 SGD-with-momentum steps of a 64-128-10 MLP, batch 32, cross-entropy, as in PyTorch (no close(), each
     * batch moved to the GPU every step). The allocator frees dead tensors after collections it asks for itself
     * (CudaAllocator's Note [collection budget]), so memoryAllocated() saws between the live bytes and live + budget,
     * and the budget adapts to what a collection costs: the peaks of two windows are not comparable. What must not
     * grow is the live memory: collected at steps 1000 and 3000 (same program point) it must be equal up to a few
     * allocations; and every step must stay under live + the largest budget.
     */
    @Test
    void trainingLoopWithoutCloseDoesNotLeakDeviceMemory() {
        requireGpu();
        var cuda = Torch.cuda();
        long base = settle();
        Tensor[][] data = batches();
        Torch.manualSeed(0);
        Mlp net = new Mlp().to(GPU);
        for (Tensor p : net.parameters()) assertEquals(GPU, p.device());
        SGD opt = new SGD(net.parameters(), SGD.options(0.05).momentum(0.9));
        final int steps = 3000;
        long[] alloc = new long[steps + 1];
        double firstLoss = Double.NaN, lastLoss = Double.NaN;
        long live1000 = 0, live3000 = 0;
        long start = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            Tensor x = data[0][step % 16].to(GPU), y = data[1][step % 16].to(GPU);
            opt.zeroGrad();
            Tensor loss = Functional.crossEntropy(net.call(x), y);
            loss.backward();
            opt.step();
            if (step == 1) firstLoss = loss.item();
            if (step == steps) lastLoss = loss.item();
            alloc[step] = cuda.memoryAllocated();
            if (step == 1000) live1000 = settle();
            if (step == steps) live3000 = settle();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String stats = String.format("base %.2f MiB, live at 1000 %.3f MiB, live at 3000 %.3f MiB; %s; %s; %s; %.1f s, loss %.4f -> %.4f",
                base / (double) MIB, live1000 / (double) MIB, live3000 / (double) MIB, window(alloc, 500, 1000),
                window(alloc, 1001, 2000), window(alloc, 2001, 3000), seconds, firstLoss, lastLoss);
        System.out.println("CUDA training memory: " + stats);

        assertTrue(lastLoss < 0.8 * firstLoss, "training on the GPU does not learn: " + stats);
        assertTrue(live3000 <= live1000 + 512 * KIB, "live device memory grew between steps 1000 and 3000: " + stats);
        assertTrue(live3000 - base < 16 * MIB, "live device memory after training is too large: " + stats);
        long maxBudget = Math.max(64 * MIB, CudaRuntime.device(0).totalMemory() / 4);
        long maxLate = 0;
        for (int i = 2000; i <= steps; i++) maxLate = Math.max(maxLate, alloc[i]);
        assertTrue(maxLate <= live3000 + maxBudget + 16 * MIB, "memoryAllocated() exceeded live + the largest collection budget ("
                + maxBudget / MIB + " MiB): " + stats);
    }

    /**
     * The same loop with a {@code Torch.scope()} per step: everything a step allocates is freed when its scope
     * closes, so memoryAllocated() is flat without any collection; parameters, their gradients and Adam's state
     * (created inside the first scope) survive; a kept tensor stays usable and one that was not kept fails clearly.
     */
    @Test
    void backwardFreesEachConsumedGradientAtOnce() {
        requireGpu();
        var cuda = Torch.cuda();
        settle();
        Tensor x = Torch.randn(1 << 18).cuda().requiresGrad_(true); // 1 MiB per tensor
        java.util.List<Tensor> outputs = new java.util.ArrayList<>(); // held, so a collection frees only gradients
        Tensor y = x;
        for (int i = 0; i < 40; i++) outputs.add(y = y.mul(1.01)); // saves nothing: each gradient is g * 1.01
        Tensor loss = y.sum();
        cuda.resetPeakMemoryStats();
        long before = cuda.memoryAllocated();
        loss.backward();
        long rise = cuda.maxMemoryAllocated() - before;
        // each gradient is recycled once the next step has consumed it: about two in flight plus x.grad. Left to
        // the collector, all 40 would be held until the allocator's next collection (at most one per 64 MiB)
        assertTrue(rise <= 8 * MIB, "peak rose by " + rise / MIB + " MiB during backward");
        assertEquals(Math.pow(1.01, 40), x.grad().cpu().toDoubleArray()[5], 1e-4);
        assertEquals(40, outputs.size());
    }

    @Test
    void scopePerStepFreesEverythingTheStepAllocated() {
        requireGpu();
        var cuda = Torch.cuda();
        Tensor[][] data = batches();
        Torch.manualSeed(0);
        Mlp net = new Mlp().to(GPU);
        var opt = new dev.torch4j.optim.Adam(net.parameters(), dev.torch4j.optim.Adam.options(1e-3));
        long afterStep2 = 0, maxLater = 0;
        Tensor notKept = null, kept = null;
        double first = 0, last = 0;
        for (int step = 1; step <= 300; step++) {
            try (var s = Torch.scope()) {
                Tensor x = data[0][step % 16].to(GPU), y = data[1][step % 16].to(GPU);
                opt.zeroGrad(false); // zeroed in place: the gradients' memory is reused, not left to the collector
                Tensor loss = Functional.crossEntropy(net.call(x), y);
                loss.backward();
                opt.step();
                if (step == 1) {
                    first = loss.item();
                    notKept = loss.detach();
                    kept = s.keep(loss.detach().mul(2));
                    assertTrue(s.owns(x) && !s.owns(net.fc1.weight) && !s.owns(net.fc1.weight.grad()));
                }
                last = loss.item();
            }
            long a = cuda.memoryAllocated();
            if (step == 2) afterStep2 = a;
            if (step > 2) maxLater = Math.max(maxLater, a);
        }
        String stats = String.format("after step 2: %d B, max over steps 3-300: %d B; loss %.4f -> %.4f", afterStep2, maxLater, first, last);
        assertTrue(maxLater <= afterStep2, "device memory grew with a scope per step: " + stats);
        assertTrue(last < first, "no learning: " + stats);
        assertEquals(2 * first, kept.item(), 1e-6, "a kept tensor outlives its scope");
        Tensor dropped = notKept;
        var e = assertThrows(IllegalStateException.class, dropped::item);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        for (Tensor p : net.parameters()) {
            assertTrue(Double.isFinite(p.grad().abs().sum().item()), "gradients survive the scopes");
            assertTrue(Double.isFinite(((Tensor) opt.state(p).get("exp_avg_sq")).sum().item()), "Adam's state survives");
        }
    }

    @Test
    void cudaTrainingMatchesCpuTraining() {
        requireGpu();
        Tensor[][] data = batches();
        Torch.manualSeed(0);
        Mlp cpuNet = new Mlp();
        Torch.manualSeed(0);
        Mlp gpuNet = new Mlp().to(GPU);
        SGD cpuOpt = new SGD(cpuNet.parameters(), SGD.options(0.05).momentum(0.9));
        SGD gpuOpt = new SGD(gpuNet.parameters(), SGD.options(0.05).momentum(0.9));
        for (int step = 0; step < 20; step++) {
            Tensor x = data[0][step % 16], y = data[1][step % 16];
            cpuOpt.zeroGrad();
            gpuOpt.zeroGrad();
            Tensor cpuLoss = Functional.crossEntropy(cpuNet.call(x), y);
            Tensor gpuLoss = Functional.crossEntropy(gpuNet.call(x.to(GPU)), y.to(GPU));
            assertEquals(GPU, gpuLoss.device());
            cpuLoss.backward();
            gpuLoss.backward();
            cpuOpt.step();
            gpuOpt.step();
            assertEquals(cpuLoss.item(), gpuLoss.item(), 1e-4, "loss at step " + step);
        }
        List<Tensor> cp = cpuNet.parameters(), gp = gpuNet.parameters();
        for (int i = 0; i < cp.size(); i++) {
            assertEquals(GPU, gp.get(i).device());
            float[] a = cp.get(i).detach().toFloatArray(), b = gp.get(i).detach().cpu().toFloatArray();
            double maxDiff = 0;
            for (int j = 0; j < a.length; j++) maxDiff = Math.max(maxDiff, Math.abs(a[j] - b[j]));
            assertTrue(maxDiff < 1e-4, "parameter " + i + " after 20 steps: max abs diff " + maxDiff + " between CPU and CUDA");
        }
    }

    @Test
    void moduleMovesToTheGpuAndBack() {
        requireGpu();
        Torch.manualSeed(0);
        Mlp net = new Mlp();
        Map<String, Tensor> before = net.stateDict();
        Tensor x = Torch.randn(5, 64);
        Tensor cpuOut = net.call(x).detach();
        Mlp moved = net.cuda();
        assertSame(net, moved, "Module.to returns the module itself");
        for (var e : net.namedParameters().entrySet()) {
            assertEquals(GPU, e.getValue().device(), e.getKey());
            assertTrue(e.getValue().requiresGrad(), e.getKey() + " requires grad");
            assertArrayEquals(before.get(e.getKey()).toFloatArray(), e.getValue().detach().cpu().toFloatArray(), e.getKey());
        }
        Tensor gpuOut = net.call(x.to(GPU));
        assertEquals(GPU, gpuOut.device());
        List<String> failures = new ArrayList<>();
        CudaOpTableParityTest.compare("forward", cpuOut, gpuOut, GPU, false, false, failures);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        gpuOut.sum().backward();
        for (var e : net.namedParameters().entrySet()) assertEquals(GPU, e.getValue().grad().device(), e.getKey() + ".grad");
        net.cpu();
        for (var e : net.namedParameters().entrySet()) {
            assertEquals(Device.CPU, e.getValue().device(), e.getKey());
            assertEquals(Device.CPU, e.getValue().grad().device(), e.getKey() + ".grad moves with its parameter");
            assertArrayEquals(before.get(e.getKey()).toFloatArray(), e.getValue().detach().toFloatArray(), e.getKey());
        }
    }

    @Test
    void emptyCacheReturnsCachedMemory() {
        requireGpu();
        var cuda = Torch.cuda();
        settle();
        long big = 256 * MIB;
        long during = allocateAndDrop(big);
        assertTrue(during >= big, "memoryAllocated() " + during + " while a 256 MiB tensor lives");
        assertTrue(cuda.memoryReserved() >= cuda.memoryAllocated(), "reserved < allocated");
        long after = settle();
        assertTrue(after <= during - big, "the dropped 256 MiB tensor was not reclaimed: " + during + " -> " + after);
        long cached = cuda.memoryReserved();
        cuda.emptyCache();
        long reserved = cuda.memoryReserved(), allocated = cuda.memoryAllocated();
        String s = String.format("reserved %.2f MiB before emptyCache, %.2f MiB after; allocated %.2f MiB", cached / (double) MIB,
                reserved / (double) MIB, allocated / (double) MIB);
        assertTrue(reserved <= cached, s);
        assertTrue(reserved >= allocated, s);
        assertTrue(reserved <= allocated + 64 * MIB, "emptyCache() kept cached memory: " + s);
    }

    @Test
    void peakStatsRememberAndReset() {
        requireGpu();
        var cuda = Torch.cuda();
        settle();
        cuda.resetPeakMemoryStats();
        long now = cuda.memoryAllocated(), peak = cuda.maxMemoryAllocated();
        assertTrue(peak >= now && peak - now < MIB, "after reset the peak is the current allocation: peak " + peak + ", now " + now);
        long big = 128 * MIB;
        long during = allocateAndDrop(big);
        assertTrue(cuda.maxMemoryAllocated() >= during, "peak " + cuda.maxMemoryAllocated() + " < allocated " + during);
        settle();
        assertTrue(cuda.maxMemoryAllocated() >= big, "the peak forgot the freed 128 MiB tensor");
        cuda.resetPeakMemoryStats();
        long now2 = cuda.memoryAllocated(), peak2 = cuda.maxMemoryAllocated();
        assertTrue(peak2 >= now2 && peak2 < big, "after reset: peak " + peak2 + ", allocated " + now2);
    }

    @Test
    void releasedTensorIsAClearError() {
        requireGpu();
        var cuda = Torch.cuda();
        Tensor t = Torch.ones(4).cuda();
        cuda.synchronize();
        long before = cuda.memoryAllocated();
        // no public Tensor API releases memory; the backend's explicit release is what scratch buffers use
        ((CudaStorage) t.storage()).release();
        assertTrue(((CudaStorage) t.storage()).isReleased());
        assertTrue(cuda.memoryAllocated() <= before - 512, "release() did not lower memoryAllocated()");
        for (Runnable use : List.<Runnable>of(t::cpu, () -> t.add(1.0), () -> t.narrow(0, 1, 2).sum())) {
            RuntimeException e = assertThrows(RuntimeException.class, use::run);
            String chain = "";
            for (Throwable c = e; c != null; c = c.getCause()) chain += c + "\n";
            assertTrue(chain.contains("released"), "the error should say the memory was released: " + chain);
        }
        ((CudaStorage) t.storage()).release(); // idempotent
    }
}
