package dev.torch4j.backend;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.TensorScope;
import dev.torch4j.Torch;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Parameter;
import dev.torch4j.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scope mechanism with a stand-in for device memory (a storage that records its release), so that it is
 * tested without a GPU; CudaMemoryTest runs the same rules on real device memory.
 */
class StorageScopeTest {
    /** A releasable storage, registered like CudaStorage registers itself. */
    static final class FakeDeviceStorage extends Storage {
        int releases;

        FakeDeviceStorage() {
            super(DType.FLOAT32, 4);
            StorageScope.register(this);
        }

        @Override public Device device() { return Device.cuda(0); }

        @Override public Backend backend() { throw new UnsupportedOperationException(); }

        @Override public void release() { releases++; }
    }

    @Test
    void closingReleasesWhatWasAllocatedInside() {
        FakeDeviceStorage before = new FakeDeviceStorage();
        FakeDeviceStorage a, b;
        try (StorageScope s = StorageScope.open()) {
            a = new FakeDeviceStorage();
            b = new FakeDeviceStorage();
            assertTrue(s.owns(a) && s.owns(b));
            assertFalse(s.owns(before), "allocated before the scope opened");
        }
        assertEquals(1, a.releases);
        assertEquals(1, b.releases);
        assertEquals(0, before.releases);
    }

    @Test
    void keepHandsToTheEnclosingScopeAndEscapeToNone() {
        FakeDeviceStorage kept, escaped, inner;
        try (StorageScope outer = StorageScope.open()) {
            try (StorageScope s = StorageScope.open()) {
                kept = new FakeDeviceStorage();
                escaped = new FakeDeviceStorage();
                inner = new FakeDeviceStorage();
                s.keep(kept);
                StorageScope.escape(escaped);
                assertFalse(s.owns(kept));
                assertTrue(outer.owns(kept), "keep moves it one scope out");
                assertFalse(s.owns(escaped) || outer.owns(escaped));
                assertFalse(outer.owns(inner), "an inner scope's storage is not the outer's");
            }
            assertEquals(1, inner.releases);
            assertEquals(0, kept.releases);
        }
        assertEquals(1, kept.releases, "released when the enclosing scope closes");
        assertEquals(0, escaped.releases);
    }

    @Test
    void scopesCloseInnermostFirstOnTheirOwnThread() throws Exception {
        StorageScope outer = StorageScope.open();
        StorageScope inner = StorageScope.open();
        var e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("innermost first"), e.getMessage());
        var other = CompletableFuture.supplyAsync(() -> assertThrows(IllegalStateException.class, inner::close)).get();
        assertTrue(other.getMessage().contains("thread"), other.getMessage());
        inner.close();
        inner.close(); // twice: nothing
        outer.close();
        FakeDeviceStorage after = new FakeDeviceStorage();
        assertEquals(0, after.releases);
    }

    @Test
    void cpuTensorsAreLeftToTheGarbageCollector() {
        Tensor x;
        try (TensorScope s = Torch.scope()) {
            x = Torch.ones(3).mul(2);
            assertFalse(s.owns(x), "Java arrays are not released by scopes");
        }
        assertEquals(6.0, x.sum().item());
    }

    /** A CPU tensor registered by hand, so that the ownership hooks are observable without device memory. */
    private static Tensor tracked(Tensor t) {
        StorageScope.register(t.storage());
        return t;
    }

    @Test
    void parametersBuffersGradsAndOptimizerStateLeaveTheScope() {
        try (TensorScope s = Torch.scope()) {
            Tensor data = tracked(Torch.ones(2, 3));
            Tensor w = Parameter.of(data);
            assertFalse(s.owns(w), "a parameter belongs to its module");

            Linear net = new Linear(3, 2);
            Tensor buf = tracked(Torch.zeros(2));
            net.registerBuffer("stat", buf);
            assertFalse(s.owns(buf), "a buffer belongs to its module");

            Tensor g = tracked(Torch.ones(2, 3));
            w.setGrad(g);
            assertFalse(s.owns(g), "an assigned gradient belongs to its leaf");

            net.forward(Torch.ones(4, 3)).sum().backward();
            Tensor grad = tracked(net.weight.grad());
            assertTrue(s.owns(grad));
            net.forward(Torch.ones(4, 3)).sum().backward(); // accumulates into the same gradient
            assertFalse(s.owns(grad), "backward hands the accumulated gradient to its leaf");

            SGD opt = new SGD(net.parameters(), SGD.options(0.1).momentum(0.9));
            Tensor state = tracked(Torch.zeros(2, 3));
            opt.state(net.weight).put("momentum_buffer", state);
            assertFalse(s.owns(state), "optimizer state belongs to the optimizer");

            Tensor temp = tracked(Torch.ones(2));
            assertTrue(s.owns(temp), "anything else stays in the scope");
        }
    }
}
