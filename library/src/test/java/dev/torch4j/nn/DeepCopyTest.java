package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Module.deepCopy as copy.deepcopy: independent copies, ties and sharing kept, hooks and modes kept. */
class DeepCopyTest {

    static final class Tied extends Module {
        final Embedding emb = new Embedding(10, 4);
        final Linear head = new Linear(4, 10, false);
        final ModuleList blocks = new ModuleList(List.of(new Linear(4, 4), new BatchNorm1d(4)));
        final Linear shared = new Linear(4, 4);
        final Sequential twice = new Sequential(shared, new ReLU(), shared);
        final int[] sizes = {1, 2, 3};
        final String label = "tied";

        Tied() { head.weight = emb.weight; }

        @Override public Tensor forward(Tensor idx) {
            Tensor h = emb.forward(idx);
            for (Module b : blocks) h = b.call(h);
            return head.forward(twice.call(h));
        }
    }

    @Test
    void copiesAreIndependentAndKeepTiesAndSharing() {
        Torch.manualSeed(0);
        Tied m = new Tied();
        Tensor idx = Torch.tensor(new long[] {1, 2, 3, 4});
        m.forward(idx).sum().backward();
        List<String> seen = new ArrayList<>();
        m.registerForwardHook((mod, in, out) -> { seen.add("hook"); return null; });
        m.eval();

        Tied c = m.deepCopy();
        assertNotSame(m, c);
        assertNotSame(m.emb, c.emb);
        assertNotSame(m.emb.weight, c.emb.weight);
        assertSame(c.emb.weight, c.head.weight, "tied weights stay tied");
        assertSame(c.shared, c.twice.get(0));
        assertSame(c.shared, c.twice.get(2), "a submodule used twice stays one module");
        assertNotSame(m.sizes, c.sizes);
        assertEquals("tied", c.label);
        assertFalse(c.isTraining() || c.blocks.get(1).isTraining(), "modes copied");
        assertTrue(c.emb.weight.isParameter() && c.emb.weight.requiresGrad());
        assertTrue(c.emb.weight.grad().equal(m.emb.weight.grad()));
        assertNotSame(m.emb.weight.grad(), c.emb.weight.grad());
        assertEquals(List.copyOf(m.stateDict().keySet()), List.copyOf(c.stateDict().keySet()));
        for (var e : m.stateDict().entrySet()) assertTrue(e.getValue().equal(c.stateDict().get(e.getKey())), e.getKey());
        assertEquals(m.parameters().size(), c.parameters().size());

        Tensor before = m.call(idx);
        assertTrue(c.call(idx).equal(before));
        assertEquals(List.of("hook", "hook"), seen, "hooks come along");
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            c.emb.weight.add_(1);
            ((BatchNorm1d) c.blocks.get(1)).runningMean().add_(5);
        }
        assertTrue(m.call(idx).equal(before), "the original is untouched");
        c.registerForwardPreHook((mod, in) -> { seen.add("copy only"); return null; });
        m.call(idx);
        assertFalse(seen.contains("copy only"), "a hook added to the copy is the copy's");
    }

    @Test
    void reparametrizedAndNonLeafState() {
        Torch.manualSeed(1);
        Linear l = Parametrizations.weightNorm(new Linear(3, 2));
        Tensor x = Torch.randn(4, 3);
        Linear c = l.deepCopy();
        assertTrue(c.call(x).allclose(l.call(x)));
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            for (Tensor p : c.parameters()) p.mul_(2);
        }
        assertFalse(c.call(x).allclose(l.call(x)), "the copy's parametrization tensors are its own");

        // the old hook-based weight_norm keeps a computed (non-leaf) weight attribute: PyTorch 2.x refuses it too
        var e = assertThrows(IllegalStateException.class, () -> Utils.weightNorm(new Linear(3, 2)).deepCopy());
        assertTrue(e.getMessage().startsWith("Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol"));
    }
}
