package dev.torch4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What needs no MPI job: the errors before {@code initProcessGroup}, backend names, the library search, DDP's
 * bucket layout, and the engine's final callbacks that DDP waits in. MPI is never initialised in this JVM (that
 * happens in {@link DistributedMpiTest}'s child processes).
 */
class DistTest {
    private static final String NOT_INITIALIZED =
            "Default process group has not been initialized, please make sure to call init_process_group.";

    @Test
    void everythingNeedsTheDefaultGroupFirst() {
        assertFalse(Dist.isInitialized());
        assertEquals(NOT_INITIALIZED, assertThrows(IllegalStateException.class, Dist::getRank).getMessage());
        assertEquals(NOT_INITIALIZED, assertThrows(IllegalStateException.class, Dist::getWorldSize).getMessage());
        assertEquals(NOT_INITIALIZED, assertThrows(IllegalStateException.class, () -> Dist.allReduce(Torch.ones(2))).getMessage());
        assertEquals(NOT_INITIALIZED, assertThrows(IllegalStateException.class, Dist::barrier).getMessage());
        // a sampler without an explicit rank asks the default group, as PyTorch's does
        assertEquals(NOT_INITIALIZED, assertThrows(IllegalStateException.class,
                () -> new dev.torch4j.data.DistributedSampler(new dev.torch4j.data.TensorDataset(Torch.zeros(4)))).getMessage());
        assertEquals(NOT_INITIALIZED, assertThrows(IllegalStateException.class, Dist::destroyProcessGroup).getMessage());
        assertEquals(NOT_INITIALIZED, assertThrows(IllegalStateException.class,
                () -> new DistributedDataParallel(new dev.torch4j.nn.Linear(2, 2))).getMessage());
    }

    @Test
    void onlyMpiIsABackend() {
        assertEquals("Invalid backend: 'mpich'",
                assertThrows(IllegalArgumentException.class, () -> Dist.initProcessGroup("mpich")).getMessage());
        assertTrue(assertThrows(UnsupportedOperationException.class, () -> Dist.initProcessGroup("NCCL")).getMessage()
                .startsWith("the NCCL backend is not implemented in torch4j yet"));
        assertTrue(assertThrows(UnsupportedOperationException.class, () -> Dist.initProcessGroup("gloo")).getMessage()
                .startsWith("torch4j has no gloo backend"));
        assertFalse(Dist.isNcclAvailable());
        assertFalse(Dist.isInitialized());
    }

    @Test
    void aMissingLibraryListsEveryPathTried() {
        // libc loads but is no MPI; the other path does not exist
        MpiLibrary.Loaded none = MpiLibrary.load(List.of("/nonexistent/libmpi.so.40", "libc.so.6"));
        assertNull(none.lookup());
        assertTrue(none.error().startsWith("no Open MPI library (libmpi.so.40) found; tried /nonexistent/libmpi.so.40 ("),
                none.error());
        assertTrue(none.error().contains("libc.so.6 (no MPI_Init_thread: not an MPI library)"), none.error());
        assertTrue(MpiLibrary.candidates().contains("libmpi.so.40"));
        assertEquals(Dist.isMpiAvailable(), MpiLibrary.loadError() == null);
    }

    @Test
    void bucketsFillFromTheLastParameterWithASmallFirstBucket() {
        // float32 parameters of 400 KB, 400 KB, 800 KB and 200 KB, and a float64 one of 80 bytes.
        // Walking back from the last: the float64 one is alone of its kind; 200 + 800 KB < 1 MiB keeps the first
        // float32 bucket open, 1.4 MB closes it; the first parameter starts a bucket capped at 25 MiB.
        List<Tensor> params = List.of(f32(100_000), f32(100_000), f32(200_000), f32(50_000),
                Torch.zeros(Size.of(10), TensorOptions.DEFAULT.dtype(DType.FLOAT64)));
        int[] reversed = {4, 3, 2, 1, 0};
        assertEquals("[[4], [3, 2, 1], [0]]", layout(Reducer.assignBuckets(params, reversed, 1L << 20, 25L << 20)));
        // a cap below every size: one bucket per parameter, in walk order
        assertEquals("[[4], [3], [2], [1], [0]]", layout(Reducer.assignBuckets(params, reversed, 10, 10)));
        // no cap reached: one bucket per dtype
        assertEquals("[[4], [3, 2, 1, 0]]", layout(Reducer.assignBuckets(params, reversed, 1L << 40, 1L << 40)));
        // rebuilt in the order gradients arrived: 1.2 MB (p2 + p0) closes the first float32 bucket
        assertEquals("[[2, 0], [4], [3, 1]]", layout(Reducer.assignBuckets(params, new int[] {2, 4, 0, 3, 1}, 1L << 20, 25L << 20)));
    }

    private static Tensor f32(int n) { return Torch.zeros(n); }

    private static String layout(List<int[]> buckets) {
        List<String> s = new ArrayList<>();
        for (int[] b : buckets) s.add(Arrays.toString(b));
        return s.toString();
    }

    @Test
    void queuedCallbacksRunAfterTheLeavesHaveTheirGradients() {
        assertEquals("Final callbacks can only be installed during backward pass.",
                assertThrows(IllegalStateException.class, () -> Engine.queueCallback(() -> {})).getMessage());
        Tensor a = Torch.tensor(new double[] {1, 2}).requiresGrad_(true);
        Tensor b = Torch.tensor(new double[] {3}).requiresGrad_(true);
        List<String> events = new ArrayList<>();
        // the hook of a, which backward reaches first (d/da of sum(a*b) needs only b), queues the callback
        a.registerHook(g -> {
            events.add("hook a, b.grad=" + b.grad());
            Engine.queueCallback(() -> {
                events.add("callback, a.grad=" + Arrays.toString(a.grad().toDoubleArray()) + " b.grad="
                        + Arrays.toString(b.grad().toDoubleArray()));
                Engine.queueCallback(() -> events.add("queued by the callback"));
            });
            return null;
        });
        a.mul(b).sum().backward();
        assertEquals(3, events.size(), events.toString());
        assertEquals("callback, a.grad=[3.0, 3.0] b.grad=[3.0]", events.get(1));
        assertEquals("queued by the callback", events.get(2));
        // the next backward starts with an empty queue
        events.clear();
        a.mul(b).sum().backward();
        assertEquals(3, events.size(), events.toString());
        assertEquals("callback, a.grad=[6.0, 6.0] b.grad=[6.0]", events.get(1));
    }
}
