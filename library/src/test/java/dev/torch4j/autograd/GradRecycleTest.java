package dev.torch4j.autograd;

import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.autograd.GradStealTest.tripled;
import static dev.torch4j.Torch.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.cpu.CpuRecycler;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gradient the engine alone held is dead once a built-in formula has consumed it, and its memory goes to the next
 * allocation of its size (PyTorch's allocator reuses a freed block the same way). Every gradient someone else may
 * still see is left alone: the caller's, one a hook or retain_grad saw, one autograd.grad returns, one a custom
 * Function received, one passed through to two inputs, and everything under create_graph.
 */
class GradRecycleTest {
    /** Elements of the test gradients: big enough for the pool (128 KiB of floats). */
    private static final int N = 1 << 15;

    @AfterEach
    void restore() { CpuRecycler.setEnabled(true); }

    // tripled(x, made): y = x * 3 through a hand-made node whose formula's results the test sees (GradStealTest)

    private static Object array(Tensor t) { return ((CpuStorage) t.storage()).array(); }

    /** Allocates and overwrites enough tensors of N floats to take every pooled array of that size. */
    private static List<Object> churn() {
        List<Object> arrays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Tensor t = Torch.zeros(N);
            t.fill_(99.0);
            arrays.add(array(t));
        }
        return arrays;
    }

    private static void assertValues(Tensor expected, Tensor actual) {
        assertTrue(expected.equal(actual), () -> "expected " + expected + " got " + actual);
    }

    @Test
    void aGradientConsumedByAFormulaIsTheNextAllocationOfItsSize() {
        Tensor x = randn(N).requiresGrad_(true), g = randn(N);
        List<Tensor> made = new ArrayList<>();
        tripled(tripled(x, made), made).backward(g);
        // made[0] (3g) went into the inner node, which returned made[1] (9g), which x keeps as its grad
        assertSame(array(made.get(1)), array(x.grad()));
        Object dead = array(made.get(0));
        Tensor next = Torch.zeros(N);
        assertSame(dead, array(next));
        assertValues(Torch.zeros(N), next);
        churn();
        assertValues(g.mul(3.0).mul(3.0), x.grad());
    }

    @Test
    void twoGradientsSummedForOneInputAreBothReused() {
        // x feeds two formulas; the engine adds their results into a new tensor, which x keeps
        Tensor x = randn(N).requiresGrad_(true), g = randn(N);
        List<Tensor> made = new ArrayList<>();
        tripled(x, made).add(tripled(x, made)).backward(g);
        assertEquals(2, made.size());
        Object a = array(made.get(0)), b = array(made.get(1));
        assertNotSame(a, array(x.grad()));
        List<Object> taken = churn();
        assertTrue(taken.contains(a) && taken.contains(b) && !taken.contains(array(x.grad())));
        Tensor part = g.mul(3.0);
        assertValues(part.add(part), x.grad());
    }

    @Test
    void theCallersGradientIsNotReused() {
        Tensor x = randn(N).requiresGrad_(true), g = randn(N), copy = g.clone();
        tripled(x, new ArrayList<>()).backward(g);
        assertTrue(!churn().contains(array(g)));
        assertValues(copy, g);
    }

    @Test
    void aGradientAHookOrRetainGradSawIsNotReused() {
        Tensor x = randn(N).requiresGrad_(true), g = randn(N);
        List<Tensor> made = new ArrayList<>(), seen = new ArrayList<>();
        Tensor y = tripled(x, made);
        y.retainGrad();
        y.registerHook(h -> {
            seen.add(h);
            return null;
        });
        tripled(y, made).backward(g);
        assertSame(made.get(0), seen.get(0));
        assertTrue(!churn().contains(array(seen.get(0))));
        assertValues(g.mul(3.0), seen.get(0));
        assertValues(g.mul(3.0), y.grad());
        assertValues(g.mul(3.0).mul(3.0), x.grad());
    }

    @Test
    void gradientsAutogradGradReturnsAreNotReused() {
        Tensor x = randn(N).requiresGrad_(true), g = randn(N);
        List<Tensor> made = new ArrayList<>();
        Tensor y = tripled(x, made);
        Tensor z = tripled(y, made);
        // y's gradient is captured and also flows on through y's node to x
        Tensor[] grads = Autograd.get().grad(new Tensor[] {z}, new Tensor[] {y, x}, new Tensor[] {g}, false, false, false);
        List<Object> taken = churn();
        assertTrue(!taken.contains(array(grads[0])) && !taken.contains(array(grads[1])));
        assertValues(g.mul(3.0), grads[0]);
        assertValues(g.mul(3.0).mul(3.0), grads[1]);
    }

    @Test
    void aGradientACustomFunctionReceivedIsNotReused() {
        List<Tensor> received = new ArrayList<>();
        Function.Unary keeper = new Function.Unary() {
            @Override
            protected Tensor forward(FunctionCtx ctx, Tensor x) { return x.mul(2.0); }

            @Override
            protected Tensor backward(FunctionCtx ctx, Tensor grad) {
                received.add(grad);
                return grad.mul(2.0);
            }
        };
        Tensor x = randn(N).requiresGrad_(true), g = randn(N);
        List<Tensor> made = new ArrayList<>();
        tripled(keeper.apply(x), made).backward(g);
        assertSame(made.get(0), received.get(0));
        assertTrue(!churn().contains(array(received.get(0))));
        assertValues(g.mul(3.0), received.get(0));
    }

    @Test
    void aGradientPassedThroughToTwoInputsIsNotReused() {
        // AddBackward hands the same tensor to both of its inputs
        Tensor x = randn(N).requiresGrad_(true), w = randn(N).requiresGrad_(true), g = randn(N);
        List<Tensor> made = new ArrayList<>();
        Tensor s = tripled(x, made).add(w);
        tripled(s, made).backward(g);
        assertTrue(!churn().contains(array(made.get(0))));
        assertValues(g.mul(3.0), made.get(0));
        assertValues(g.mul(3.0), w.grad());
        assertValues(g.mul(3.0).mul(3.0), x.grad());
    }

    @Test
    void nothingIsReusedUnderCreateGraph() {
        Tensor x = randn(N).requiresGrad_(true), g = randn(N);
        List<Tensor> made = new ArrayList<>();
        tripled(tripled(x, made), made).backward(g, false, true);
        List<Object> taken = churn();
        for (Tensor m : made) assertTrue(!taken.contains(array(m)));
        assertValues(g.mul(3.0), made.get(0));
        assertValues(g.mul(3.0).mul(3.0), x.grad().detach());
    }

    @Test
    void trainingGivesTheSameBitsWithAndWithoutReuse() {
        float[][] on = train(true), off = train(false);
        assertEquals(on.length, off.length);
        for (int i = 0; i < on.length; i++) assertArrayEquals(off[i], on[i]);
    }

    /** Five SGD steps of a 256-wide MLP at batch 128 (activations of 32768 floats, pooled); the final parameters. */
    private static float[][] train(boolean reuse) {
        CpuRecycler.setEnabled(reuse);
        manualSeed(7);
        Module net = new Sequential(new Linear(64, 256), new ReLU(), new Linear(256, 256), new ReLU(), new Linear(256, 10));
        SGD opt = new SGD(net.parameters(), SGD.options(0.05).momentum(0.9));
        Tensor x = randn(128, 64), y = Torch.randint(0, 10, Size.of(128));
        int pooledAfterBackward = 0;
        for (int step = 0; step < 5; step++) {
            opt.zeroGrad();
            Functional.crossEntropy(net.call(x), y).backward();
            pooledAfterBackward = Math.max(pooledAfterBackward, CpuRecycler.pooled());
            opt.step();
        }
        if (reuse) assertTrue(pooledAfterBackward > 0, "no gradient was recycled");
        List<Tensor> ps = net.parameters();
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < out.length; i++) out[i] = ps.get(i).detach().contiguous().toFloatArray();
        assertNotSame(out[0], out[1]);
        return out;
    }
}
