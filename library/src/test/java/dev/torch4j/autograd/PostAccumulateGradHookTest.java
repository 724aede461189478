package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Linear;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tensor.register_post_accumulate_grad_hook: runs after .grad is updated; PyTorch's optimizer-in-backward pattern works. */
class PostAccumulateGradHookTest {
    @Test
    void anOptimizerStepInsideBackwardEqualsTheStepAfterIt() {
        manualSeed(1);
        Linear a = new Linear(3, 2), b = new Linear(3, 2);
        b.loadStateDict(a.stateDict());
        Tensor x = randn(4, 3);
        a.call(x).pow(2L).sum().backward();
        try (var g = noGrad()) {
            for (Tensor p : a.parameters()) p.sub_(p.grad().mul(0.1));
        }
        List<String> order = new ArrayList<>();
        for (var e : b.namedParameters().entrySet()) {
            e.getValue().registerPostAccumulateGradHook(p -> {
                order.add(e.getKey());
                try (var g = noGrad()) {
                    p.sub_(p.grad().mul(0.1));
                }
                p.setGrad(null); // the gradient is spent: its memory can go at once
            });
        }
        b.call(x).pow(2L).sum().backward();
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.parameters().get(i).toFloatArray(), b.parameters().get(i).toFloatArray(), 0f);
            assertNull(b.parameters().get(i).grad());
        }
        assertEquals(2, order.size(), "each parameter's hook ran once");
    }

    @Test
    void onlyLeavesThatRequireGrad() {
        Tensor leaf = ones(2).requiresGrad_(true);
        var nonLeaf = assertThrows(IllegalStateException.class, () -> leaf.mul(2.0).registerPostAccumulateGradHook(t -> {}));
        assertEquals("post accumulate grad hooks cannot be registered on non-leaf tensors", nonLeaf.getMessage());
        var noGrad = assertThrows(IllegalStateException.class, () -> ones(2).registerPostAccumulateGradHook(t -> {}));
        assertEquals("cannot register a hook on a tensor that doesn't require gradient", noGrad.getMessage());
        int[] calls = {0};
        var handle = leaf.registerPostAccumulateGradHook(t -> calls[0]++);
        leaf.sum().backward();
        handle.close();
        leaf.sum().backward();
        assertEquals(1, calls[0]);
        assertArrayEquals(new float[] {2, 2}, leaf.grad().toFloatArray(), 0f);
    }
}
