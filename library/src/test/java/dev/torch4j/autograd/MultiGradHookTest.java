package dev.torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * torch.autograd.graph.register_multi_grad_hook (PyTorch 2.x, not in 1.13: expected values are the closed forms of
 * its documented rule: once per pass, after every tensor the pass reaches has its gradient, null for the others).
 */
class MultiGradHookTest {

    @Test
    void allModeFiresOncePerPassWithNullForTensorsThePassMisses() {
        Tensor a = Torch.tensor(new float[] {1, 2}).requiresGrad_(true), b = Torch.tensor(new float[] {3}).requiresGrad_(true);
        Tensor h = a.mul(2);
        List<List<Tensor>> seen = new ArrayList<>();
        var handle = Torch.autograd().graph().registerMultiGradHook(new Tensor[] {a, b, h}, seen::add);
        h.sum().mul(b).sum().backward(null, true, false);
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).get(0).equal(Torch.tensor(new float[] {6, 6})));
        assertTrue(seen.get(0).get(1).equal(Torch.tensor(new float[] {6})));
        assertTrue(seen.get(0).get(2).equal(Torch.tensor(new float[] {3, 3})));

        h.sum().mul(3).backward();
        assertEquals(2, seen.size(), "b is not reached: the hook fires once a and h have theirs");
        assertTrue(seen.get(1).get(0).equal(Torch.tensor(new float[] {6, 6})));
        assertNull(seen.get(1).get(1));
        assertTrue(seen.get(1).get(2).equal(Torch.tensor(new float[] {3, 3})));

        handle.remove();
        a.mul(1).sum().backward();
        assertEquals(2, seen.size(), "removed");
    }

    @Test
    void anyModeFiresWithTheFirstGradientOfEachPass() {
        Tensor a = Torch.ones(2).requiresGrad_(true), b = Torch.ones(2).requiresGrad_(true);
        List<Tensor> seen = new ArrayList<>();
        Torch.autograd().graph().registerMultiGradHookAny(new Tensor[] {a, b}, seen::add);
        a.mul(2).add(b.mul(3)).sum().backward();
        assertEquals(1, seen.size());
        a.mul(5).sum().backward();
        assertEquals(2, seen.size());
        assertTrue(seen.get(1).equal(Torch.full(new long[] {2}, 5.0)));
    }
}
