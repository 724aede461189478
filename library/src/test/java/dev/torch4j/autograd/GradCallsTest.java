package dev.torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

/**
 * The general torch.autograd calls: backward(inputs=), several roots, grad toward gradient edges,
 * is_grads_batched, materialize_grads, increment_version. Values are small closed forms (checked against PyTorch
 * 1.13 by hand where it has the feature; materialize_grads and gradient edges are 2.x).
 */
class GradCallsTest {

    @Test
    void firstDerivativeOfReluIsDifferentiableAndItsHessianIsZero() {
        // PyTorch: grad(relu(x).sum(), x, create_graph=True) requires grad (ThresholdBackwardBackward0) and its own
        // gradient is zeros; before, torch4j's mask-times-gradient had no graph and the second call raised
        Tensor x = Torch.tensor(new double[] {1.5, -2, 0.5}).to(dev.torch4j.DType.FLOAT64).requiresGrad_(true);
        Tensor[] g = Torch.autograd().grad(new Tensor[] {x.relu().sum()}, new Tensor[] {x}, null, true, true, false);
        assertTrue(g[0].requiresGrad(), "first derivative requires grad");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 0, 1}, g[0].toDoubleArray(), 0.0);
        Tensor[] h = Torch.autograd().grad(new Tensor[] {g[0].sum()}, new Tensor[] {x}, null, false, false, false);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0, 0}, h[0].toDoubleArray(), 0.0);
        // without create_graph nothing is recorded
        Tensor y = Torch.tensor(new double[] {1.5, -2}).to(dev.torch4j.DType.FLOAT64).requiresGrad_(true);
        Tensor[] plain = Torch.autograd().grad(new Tensor[] {y.relu().sum()}, new Tensor[] {y}, null, false, false, false);
        assertTrue(!plain[0].requiresGrad(), "no graph without create_graph");
    }

    @Test
    void backwardWithInputsWritesOnlyTheirGrads() {
        Tensor a = Torch.tensor(new double[] {1, 2, 3}).requiresGrad_(true), b = Torch.tensor(new double[] {4, 5, 6}).requiresGrad_(true);
        Tensor h = a.mul(b);
        Tensor y = h.mul(h).sum();
        y.backward(null, false, false, a, h);
        assertTrue(a.grad().equal(h.detach().mul(2).mul(b.detach())), "dy/da = 2 h b");
        assertTrue(h.grad().equal(h.detach().mul(2)), "a non-leaf input gets its .grad");
        assertNull(b.grad(), "not asked for");
        assertEquals("'inputs' argument to backward() cannot be empty.",
                assertThrows(IllegalArgumentException.class, () -> a.mul(2).sum().backward(null, false, false, new Tensor[0])).getMessage());
    }

    @Test
    void backwardFromSeveralRootsAccumulates() {
        Tensor x = Torch.tensor(new double[] {1, 2}).requiresGrad_(true);
        Torch.autograd().backward(new Tensor[] {x.mul(3).sum(), x.mul(x)}, new Tensor[] {null, Torch.ones(2).to(dev.torch4j.DType.FLOAT64)},
                false, false, null);
        assertTrue(x.grad().equal(Torch.tensor(new double[] {5, 7})), "3 + 2x");
    }

    @Test
    void gradOptionsMaterializeBatchAndEdges() {
        Tensor x = Torch.ones(2).requiresGrad_(true), z = Torch.ones(2).requiresGrad_(true);
        Tensor[] g = Torch.autograd().grad(new Tensor[] {x.mul(2).sum()}, new Tensor[] {x, z},
                Autograd.GradOptions.defaults().materializeGrads(true));
        assertTrue(g[1].equal(Torch.zeros(2)), "an unused input gets zeros");
        assertEquals("Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.",
                assertThrows(IllegalArgumentException.class, () -> Torch.autograd().grad(new Tensor[] {x.sum()}, new Tensor[] {x},
                        Autograd.GradOptions.defaults().materializeGrads(true).allowUnused(false))).getMessage());

        Tensor v = Torch.tensor(new float[] {1, 2, 3}).requiresGrad_(true);
        Tensor[] jac = Torch.autograd().grad(new Tensor[] {v.pow(2)}, new Tensor[] {v},
                Autograd.GradOptions.defaults().gradOutputs(Torch.eye(3)).isGradsBatched(true));
        assertTrue(jac[0].equal(Torch.tensor(new float[][] {{2, 0, 0}, {0, 4, 0}, {0, 0, 6}})), "the Jacobian, row by row");

        Tensor w = Torch.tensor(new double[] {1, 2}).requiresGrad_(true);
        Tensor t = w.mul(3);
        Edge edge = Torch.autograd().graph().getGradientEdge(t);
        Tensor loss = t.mul(t).sum();
        Tensor[] gt = Torch.autograd().grad(new Tensor[] {loss}, new Edge[] {edge}, Autograd.GradOptions.defaults());
        assertTrue(gt[0].equal(t.detach().mul(2)), "dloss/dt through the edge");
        assertEquals("It is not possible to get the gradient edge for a Tensor that does not require gradients",
                assertThrows(IllegalArgumentException.class, () -> Torch.autograd().graph().getGradientEdge(Torch.ones(1))).getMessage());
    }

    @Test
    void incrementVersionIsSeenByTheSavedTensorCheck() {
        Tensor x = Torch.ones(2).requiresGrad_(true);
        Tensor y = x.mul(1.0);
        Tensor out = y.exp(); // saves its output
        int before = out.version();
        Torch.autograd().graph().incrementVersion(out);
        assertEquals(before + 1, out.version());
        var e = assertThrows(IllegalStateException.class, () -> out.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }
}
